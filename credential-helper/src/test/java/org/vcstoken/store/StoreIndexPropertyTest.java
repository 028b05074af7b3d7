package org.vcstoken.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.vcstoken.token.Origin;
import org.vcstoken.token.Role;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import org.vcstoken.token.TokenOrigin;

/** For any set of hosts, the binary search through the index finds what the full parser finds. */
class StoreIndexPropertyTest {
    @Property(tries = 300)
    void theIndexedLookupAgreesWithTheFullParserForEveryHost(
            @ForAll @Size(max = 60) Set<@IntRange(min = 0, max = 400) Integer> hosts,
            @ForAll @IntRange(min = 0, max = 400) int asked) throws Exception {
        List<ServerProfile> servers = new ArrayList<>();
        List<Token> tokens = new ArrayList<>();
        for (int h : hosts) {
            Origin o = origin(h);
            servers.add(ServerProfile.withDefaults(o, "", "alice"));
            for (int k = 0; k < h % 3; k++) {
                tokens.add(new Token("t" + h + "-" + k, h % 2 == 0 ? o.url() : o.url() + "/code", "alice", Role.VCS,
                        null, null, "", StoreFixtures.CREATED, TokenOrigin.MANUAL, null, null, Secret.of("s" + h + k)));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StoreCodec.write(new StoreData(servers, tokens), out);
        byte[] file = out.toByteArray();

        for (int h : List.of(asked, hosts.isEmpty() ? 0 : hosts.iterator().next())) {
            Origin o = origin(h);
            byte[] selected = StoreLines.select(file, o.url());
            assertThat(selected).as("our own layout always takes the shortcut").isNotNull();
            StoreData fast = StoreCodec.readSelected(selected, o, ExternalSecrets.FILE_ONLY);
            StoreData full = StoreCodec.read(file, o, ExternalSecrets.FILE_ONLY);
            assertThat(fast).isEqualTo(full);
        }
    }

    /** Hosts whose names share prefixes, IPv6 literals and ports, so the sort order is tested hard. */
    private static Origin origin(int h) {
        return switch (h % 4) {
            case 0 -> Origin.of("https", "h" + h + ".example.com", -1);
            case 1 -> Origin.of("https", "h" + h / 10 + ".example.com", 8000 + h);
            case 2 -> Origin.of("http", "h" + h, -1);
            default -> Origin.of("https", "[2001:db8::" + Integer.toHexString(h) + "]", h % 8 == 3 ? 443 : 8443);
        };
    }
}
