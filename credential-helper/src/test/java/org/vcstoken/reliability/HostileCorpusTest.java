package org.vcstoken.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vcstoken.reliability.InProcessHelper.Outcome;

/** Every entry of {@code hostile-git-requests.txt}, as get, store and erase: no token, no trace, no change. */
class HostileCorpusTest {
    static final String CORPUS = "/org/vcstoken/reliability/hostile-git-requests.txt";

    @TempDir
    static Path dir;
    static InProcessHelper helper;

    @BeforeAll
    static void seed() throws Exception {
        helper = new InProcessHelper(dir);
    }

    static List<String> entries() throws IOException {
        List<String> entries = new ArrayList<>();
        try (InputStream in = HostileCorpusTest.class.getResourceAsStream(CORPUS)) {
            assertThat(in).as(CORPUS).isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    entries.add(line);
                }
            }
        }
        return entries;
    }

    /** Decodes the corpus escapes (see the comment at the top of the corpus file). */
    static byte[] decode(String entry) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < entry.length(); i++) {
            char c = entry.charAt(i);
            if (c != '\\') {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            char e = entry.charAt(++i);
            switch (e) {
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case '0' -> out.write(0);
                case 't' -> out.write('\t');
                case '\\' -> out.write('\\');
                case 'x' -> {
                    out.write(Integer.parseInt(entry.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 'u' -> {
                    int close = entry.indexOf('}', i);
                    int cp = Integer.parseInt(entry.substring(i + 2, close), 16);
                    out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                    i = close;
                }
                default -> throw new IllegalArgumentException("bad escape \\" + e + " in " + entry);
            }
        }
        return out.toByteArray();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("entries")
    void aHostileRequestGetsNoTokenAndChangesNothing(String entry) throws Exception {
        byte[] input = decode(entry);
        boolean refused = false;
        for (String action : new String[] {"get", "store", "erase"}) {
            Outcome o = helper.run(action, input);

            assertThat(InProcessHelper.password(o)).as("%s answered %s", action, o.out()).isNull();
            helper.assertSafe(o);
            refused |= o.exit() != 0;
        }
        if (!refused) {
            Files.deleteIfExists(helper.traceFile);
            return; // a well-formed request for no token of ours: a store/erase of a secret there is the server's word
        }
        // Refused input carrying a stored secret, as store and erase: no token is confirmed or rejected.
        String text = new String(input, StandardCharsets.UTF_8);
        int blank = text.indexOf("\n\n");
        String head = blank < 0 ? text : text.substring(0, blank + 1);
        for (InProcessHelper.Stored s : InProcessHelper.ALL) {
            for (String action : new String[] {"store", "erase"}) {
                helper.assertSafe(helper.run(action, (head + "password=" + s.secret() + "\n\n")
                        .getBytes(StandardCharsets.UTF_8)));
            }
        }
        Files.deleteIfExists(helper.traceFile);
    }

    @Test
    void theCorpusIsNotEmptyAndTheGenuineRequestsStillWork() throws Exception {
        assertThat(entries()).hasSizeGreaterThan(100);
        assertThat(InProcessHelper.password(helper.run("get",
                "protocol=https\nhost=B\u00dcCHER.example\n\n".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(InProcessHelper.IDN.secret());
        assertThat(InProcessHelper.password(helper.run("get",
                "url=https://alice@code.example.com/group/repo.git\nhost=code.example.com\n\n"
                        .getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(InProcessHelper.REPO.secret());
        assertThat(InProcessHelper.password(helper.run("get",
                "protocol=https\nhost=[::1]:8443\npath=group/repo\n\n".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(InProcessHelper.IPV6.secret());
    }
}
