package org.vcstoken.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vcstoken.token.Origin;
import org.vcstoken.token.Role;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import org.vcstoken.token.TokenOrigin;

/** Tokens whose secret is in a back end: the file names the back end, never the value (issue 10). */
class StoreCodecSecretBackendTest {
    static final Origin A = Origin.of("https", "a.example.com", -1);
    static final Origin B = Origin.of("https", "b.example.com", -1);

    private static Token token(String id, String server, Secret secret) {
        return new Token(id, server, "alice", Role.VCS, null, null, "", StoreFixtures.CREATED, TokenOrigin.MANUAL, null,
                null, secret);
    }

    private static StoreData sample() {
        return new StoreData(List.of(ServerProfile.withDefaults(A, "", "alice"), ServerProfile.withDefaults(B, "", "alice")),
                List.of(token("t1", "https://a.example.com", Secret.of("inline-secret-1")),
                        token("t2", "https://a.example.com", ExternalSecrets.FILE_ONLY.deferred("pass",
                                "https://a.example.com", "alice", "t2")),
                        token("t3", "https://b.example.com", ExternalSecrets.FILE_ONLY.deferred("secret-service",
                                "https://b.example.com", "alice", "t3"))));
    }

    private static byte[] written(StoreData data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StoreCodec.write(data, out);
        return out.toByteArray();
    }

    @Test
    void writesTheBackEndsNameInPlaceOfTheSecret() throws Exception {
        String text = new String(written(sample()), StandardCharsets.UTF_8);

        assertThat(text).contains("\"id\":\"t1\"").contains("\"secret\":\"inline-secret-1\"");
        assertThat(text.lines().filter(l -> l.contains("\"id\":\"t2\""))).singleElement().asString()
                .contains("\"secret_backend\":\"pass\"").doesNotContain("\"secret\":");
        assertThat(text.lines().filter(l -> l.contains("\"id\":\"t3\""))).singleElement().asString()
                .contains("\"secret_backend\":\"secret-service\"").doesNotContain("\"secret\":");
    }

    @Test
    void readsBackEndTokensAsDeferredSecretsThatWriteBackUnchanged() throws Exception {
        byte[] file = written(sample());

        StoreData read = StoreCodec.read(file, null, ExternalSecrets.FILE_ONLY);

        assertThat(read).isEqualTo(sample());
        assertThat(read.token("t2").orElseThrow().secret().backend()).isEqualTo("pass");
        assertThat(read.token("t2").orElseThrow().secret().isLoaded()).isFalse();
        assertThat(read.token("t1").orElseThrow().secret().reveal()).isEqualTo("inline-secret-1");
        assertThat(written(read)).isEqualTo(file);
    }

    @Test
    void theOneHostShortcutStillAppliesToStoresWithBackEndTokens() throws Exception {
        byte[] file = written(sample());

        byte[] selected = StoreLines.select(file, B.url());

        assertThat(selected).isNotNull();
        StoreData b = StoreCodec.readSelected(selected, B, ExternalSecrets.FILE_ONLY);
        assertThat(b.tokens()).extracting(Token::id).containsExactly("t3");
        assertThat(b.tokens().get(0).secret().backend()).isEqualTo("secret-service");
    }

    private static final String TOKEN = "{\"version\":1,\"servers\":[],\"tokens\":[{\"id\":\"t9\","
            + "\"server\":\"https://a.example.com\",\"user\":\"alice\",\"role\":\"vcs\",\"scope\":null,\"expires\":null,"
            + "\"description\":\"\",\"created\":\"2026-01-01T00:00:00Z\",\"origin\":\"manual\",\"confirmed\":null,"
            + "\"rejected\":null%s}]}";

    @Test
    void aTokenNeedsExactlyOneOfSecretAndBackEnd() throws Exception {
        assertThatThrownBy(() -> read(TOKEN.formatted(""))).isInstanceOf(StoreFormatException.class)
                .hasMessageContaining("no \"secret\" and no \"secret_backend\"");
        assertThatThrownBy(() -> read(TOKEN.formatted(",\"secret\":\"x\",\"secret_backend\":\"pass\"")))
                .hasMessageContaining("both \"secret\" and \"secret_backend\"");
        assertThat(read(TOKEN.formatted(",\"secret_backend\":\"pass\"")).tokens()).hasSize(1);
    }

    @Test
    void aBackEndOtherThanTheKeyringAndPassIsRefusedWithTheList() {
        for (String backEnd : new String[] {"file", "kwallet", "Pass", ""}) {
            assertThatThrownBy(() -> read(TOKEN.formatted(",\"secret_backend\":\"" + backEnd + "\"")))
                    .isInstanceOf(StoreFormatException.class)
                    .hasMessageContaining("\"secret_backend\" of a token entry must be one of secret-service, pass");
        }
    }

    private static StoreData read(String file) throws StoreFormatException {
        return StoreCodec.read(file.getBytes(StandardCharsets.UTF_8), null, ExternalSecrets.FILE_ONLY);
    }
}
