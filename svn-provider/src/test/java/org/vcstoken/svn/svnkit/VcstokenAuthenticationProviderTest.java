package org.vcstoken.svn.svnkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmatesoft.svn.core.SVNErrorCode;
import org.tmatesoft.svn.core.SVNErrorMessage;
import org.tmatesoft.svn.core.SVNURL;
import org.tmatesoft.svn.core.auth.ISVNAuthenticationManager;
import org.tmatesoft.svn.core.auth.ISVNAuthenticationProvider;
import org.tmatesoft.svn.core.auth.SVNAuthentication;
import org.tmatesoft.svn.core.auth.SVNPasswordAuthentication;
import org.vcstoken.env.Environment;
import org.vcstoken.env.StatePaths;
import org.vcstoken.request.ParsedUrl;
import org.vcstoken.store.TokenStore;
import org.vcstoken.service.SvnCredentials;
import org.vcstoken.token.Role;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import org.vcstoken.token.TokenOrigin;

/** The provider's contract with SVNKit, without a server: SVNKit's retry loop is simulated. */
class VcstokenAuthenticationProviderTest {
    static final String BASE = "https://code.example.com";
    static final String REALM = "<https://code.example.com:443> RhodeCode";

    @TempDir
    Path dir;
    TokenStore store;
    VcstokenAuthenticationProvider provider;
    SVNURL url;

    @BeforeEach
    void setUp() throws Exception {
        Environment env = new Environment(Map.of("VCSTOKEN_HOME", dir.resolve("state").toString(),
                "HOME", dir.resolve("home").toString(), "CI", "true"));
        store = new TokenStore(StatePaths.from(env, FileSystems.getDefault()), Duration.ofSeconds(10), l -> { });
        store.update(d -> d.withServer(ServerProfile.withDefaults(ParsedUrl.parse(BASE).origin(), "", "alice")));
        PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        provider = new VcstokenAuthenticationProvider(SvnCredentials.from(env, FileSystems.getDefault(),
                Clock.systemUTC(), err, false));
        url = SVNURL.parseURIEncoded(BASE + "/grp/app/trunk");
    }

    void addServerWide(String id, String secret) throws Exception {
        Token t = new Token(id, BASE, "alice", Role.VCS, null, null, "", Instant.now(), TokenOrigin.MANUAL, null, null,
                Secret.of(secret), null);
        store.update(d -> d.withToken(t));
    }

    SVNAuthentication ask(SVNAuthentication previous) {
        return provider.requestClientAuthentication(ISVNAuthenticationManager.PASSWORD, url, REALM,
                previous == null ? null : SVNErrorMessage.create(SVNErrorCode.RA_NOT_AUTHORIZED), previous, true);
    }

    static String password(SVNAuthentication a) {
        return ((SVNPasswordAuthentication) a).getPassword();
    }

    @Test
    void answersWithTheTokenAndStorageDisallowed() throws Exception {
        addServerWide("w", "wide-secret");

        SVNAuthentication a = ask(null);

        assertThat(a.getUserName()).isEqualTo("alice");
        assertThat(password(a)).isEqualTo("wide-secret");
        assertThat(a.isStorageAllowed()).isFalse();
    }

    @Test
    void aSecondRequestWithThePreviousAnswerRejectsItAndNeverRepeatsIt() throws Exception {
        addServerWide("only", "only-secret");

        SVNAuthentication first = ask(null);
        SVNAuthentication second = ask(first);
        SVNAuthentication third = ask(null);

        assertThat(first).isNotNull();
        assertThat(second).as("no other candidate: null ends SVNKit's loop").isNull();
        assertThat(third).as("a refused token is not handed out again").isNull();
        assertThat(store.read().token("only").orElseThrow().rejected()).isNotNull();
    }

    @Test
    void anAcknowledgedFailureRejectsTheTokenAndTheNextRequestGetsTheNextCandidate() throws Exception {
        addServerWide("a", "secret-a");
        addServerWide("b", "secret-b");

        SVNAuthentication first = ask(null);
        boolean ours = provider.acknowledge(false, REALM, first);
        SVNAuthentication next = ask(null);

        assertThat(ours).isTrue();
        assertThat(password(next)).isNotEqualTo(password(first));
        assertThat(store.read().tokens()).filteredOn(t -> t.rejected() != null).extracting(Token::secret)
                .extracting(Secret::reveal).containsExactly(password(first));
    }

    @Test
    void aSuccessRecordsTheTokenConfirmed() throws Exception {
        addServerWide("w", "wide-secret");
        java.time.Instant before = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        assertThat(store.read().token("w").orElseThrow().confirmed()).isNull();

        provider.acknowledge(true, REALM, ask(null));

        assertThat(store.read().token("w").orElseThrow().confirmed()).isBetween(before, java.time.Instant.now());
    }

    void addRepositoryToken(String id, String secret, String scope) throws Exception {
        Token t = new Token(id, BASE, "alice", Role.VCS, scope, null, "", Instant.now(), TokenOrigin.MANUAL, null, null,
                Secret.of(secret), null);
        store.update(d -> d.withToken(t));
    }

    SVNAuthentication askFor(SVNURL target) {
        return provider.requestClientAuthentication(ISVNAuthenticationManager.PASSWORD, target, REALM, null, null, true);
    }

    /**
     * Two repositories of one server share its realm; SVNKit reports back with the realm alone. A
     * token issued for one repository while the other's was still out must not hide the first.
     */
    @Test
    void twoRepositoriesOfOneServerEachKeepTheirConfirmationWhenTheirRequestsInterleave() throws Exception {
        addRepositoryToken("app", "app-secret", "grp/app");
        addRepositoryToken("lib", "lib-secret", "grp/lib");
        SVNURL lib = SVNURL.parseURIEncoded(BASE + "/grp/lib/trunk");

        SVNAuthentication forApp = askFor(url);
        SVNAuthentication forLib = askFor(lib);
        boolean appOurs = provider.acknowledge(true, REALM, forApp);
        boolean libOurs = provider.acknowledge(true, REALM, forLib);

        assertThat(password(forApp)).isEqualTo("app-secret");
        assertThat(password(forLib)).isEqualTo("lib-secret");
        assertThat(appOurs).isTrue();
        assertThat(libOurs).isTrue();
        assertThat(store.read().token("app").orElseThrow().confirmed()).isNotNull();
        assertThat(store.read().token("lib").orElseThrow().confirmed()).isNotNull();
    }

    @Test
    void aRefusalForOneRepositoryRejectsThatRepositorysTokenNotTheOthers() throws Exception {
        addRepositoryToken("app", "app-secret", "grp/app");
        addRepositoryToken("lib", "lib-secret", "grp/lib");
        SVNURL lib = SVNURL.parseURIEncoded(BASE + "/grp/lib/trunk");

        SVNAuthentication forApp = askFor(url);
        askFor(lib);
        SVNAuthentication retry = provider.requestClientAuthentication(ISVNAuthenticationManager.PASSWORD, url, REALM,
                SVNErrorMessage.create(SVNErrorCode.RA_NOT_AUTHORIZED), forApp, true);

        assertThat(retry).isNull();
        assertThat(store.read().token("app").orElseThrow().rejected()).isNotNull();
        assertThat(store.read().token("lib").orElseThrow().rejected()).isNull();
    }

    @Test
    void afterRefusalsUpToTheLimitATokenStoredLaterIsHandedOutWithoutARestart() throws Exception {
        for (int i = 0; i < VcstokenAuthenticationProvider.MAX_ATTEMPTS; i++) {
            addServerWide("t" + i, "secret-" + i);
        }
        SVNAuthentication previous = ask(null);
        while (previous != null) {
            previous = ask(previous);
        }
        SVNAuthentication meanwhile = ask(null);
        addServerWide("fresh", "fresh-secret");

        SVNAuthentication next = ask(null);

        assertThat(meanwhile).as("every stored token was refused").isNull();
        assertThat(next).isNotNull();
        assertThat(password(next)).isEqualTo("fresh-secret");
    }

    @Test
    void refusalsInARowEndInNullAfterAFewAttemptsAndNoTokenTwice() throws Exception {
        for (int i = 0; i < 12; i++) {
            addServerWide("t" + i, "secret-" + i);
        }
        List<String> handed = new ArrayList<>();

        SVNAuthentication previous = null;
        for (int call = 0; call < 50; call++) {
            previous = ask(previous);
            if (previous == null) {
                break;
            }
            handed.add(password(previous));
        }

        assertThat(previous).as("the loop ended with null").isNull();
        assertThat(handed).hasSize(VcstokenAuthenticationProvider.MAX_ATTEMPTS);
        Set<String> distinct = new HashSet<>(handed);
        assertThat(distinct).hasSameSizeAs(handed);
    }

    @Test
    void neverTrustsServerCertificatesAndIgnoresOtherKindsAndSchemes() throws Exception {
        addServerWide("w", "wide-secret");

        assertThat(provider.acceptServerAuthentication(url, REALM, new Object(), true))
                .isEqualTo(ISVNAuthenticationProvider.REJECTED);
        assertThat(provider.requestClientAuthentication(ISVNAuthenticationManager.SSH, url, REALM, null, null, true))
                .isNull();
        assertThat(provider.requestClientAuthentication(ISVNAuthenticationManager.PASSWORD,
                SVNURL.parseURIEncoded("svn://code.example.com/grp/app"), REALM, null, null, true)).isNull();
    }
}
