package org.vcstoken.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vcstoken.testing.Proc;
import org.vcstoken.testing.TestInstall;

/**
 * Files vcstoken creates are private whatever the umask; a store others can read, a symlinked store
 * file or directory, and a read-only state directory are refused with one clear line, through the
 * real commands and the git helper in child processes.
 */
class PermissionsAndPathsTest {
    static final String SECRET = "0123456789abcdef0123456789abcdef01234567";
    static final String GET = "protocol=https\nhost=code.example.com\npath=grp/app\n\n";

    @TempDir
    Path dir;
    TestInstall install;

    @BeforeEach
    void setUp() throws Exception {
        install = TestInstall.in(dir.resolve("client"));
    }

    private Proc.Result underUmask(String umask, String stdin, String program, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "umask " + umask + "; exec \"$0\" \"$@\"", program));
        cmd.addAll(List.of(args));
        return Proc.run(cmd, install.env(), install.root(), stdin, Duration.ofSeconds(60));
    }

    private String vcstoken() {
        return install.root().resolve("bin/vcstoken").toString();
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    private static void assertOneClearError(Proc.Result r, String... mentions) {
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).as(r.toString()).startsWith("vcstoken: error:").contains(mentions)
                .doesNotContain("Exception", "\tat ", SECRET);
        assertThat(r.err().strip().lines().count()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).doesNotContain(SECRET);
    }

    @ParameterizedTest(name = "umask {0}")
    @ValueSource(strings = {"000", "077"})
    void everyFileAndDirectoryVcstokenCreatesIsPrivateWhateverTheUmask(String umask) throws Exception {
        Path trace = install.state().resolve("trace.log");
        install.with("VCSTOKEN_TRACE", trace.toString());
        Proc.Result added = underUmask(umask, SECRET + "\n", vcstoken(), "token", "add",
                "https://code.example.com/grp/app", "--user", "alice");
        assertThat(added.exit()).as(added.toString()).isZero();
        Proc.Result configured = underUmask(umask, "", vcstoken(), "configure", "--git");
        assertThat(configured.exit()).as(configured.toString()).isZero();
        Proc.Result stored = underUmask(umask, "protocol=https\nhost=code.example.com\npath=grp/other\nusername=alice\n"
                + "password=typed-at-the-prompt-0000000000\n\n", install.helper(), "store");
        assertThat(stored.exit()).as(stored.toString()).isZero();

        assertThat(mode(install.state())).isEqualTo("rwx------");
        List<Path> created;
        try (Stream<Path> files = Files.walk(install.state())) {
            created = files.filter(p -> !p.equals(install.state())).toList();
        }
        assertThat(created).extracting(p -> p.getFileName().toString())
                .contains("store.json", "store.lock", "trace.log");
        for (Path p : created) {
            assertThat(mode(p)).as(p.toString()).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
        }
    }

    @ParameterizedTest(name = "store mode {0}")
    @ValueSource(strings = {"rw-r-----", "rw----r--", "rw-rw----", "rw-rw-rw-", "r--r--r--"})
    void aStoreOthersCanReadIsRefusedByEveryDoorWithTheChmodToRun(String loose) throws Exception {
        install.addToken("https://code.example.com", "alice", SECRET);
        Path store = install.storeFile();
        Files.setPosixFilePermissions(store, PosixFilePermissions.fromString(loose));
        byte[] before = Files.readAllBytes(store);

        Proc.Result get = Proc.run(List.of(install.helper(), "get"), install.env(), install.root(), GET,
                Duration.ofSeconds(60));
        Proc.Result list = install.vcstoken("", "token", "list");
        Proc.Result add = install.vcstoken(SECRET + "\n", "token", "add", "https://code.example.com/x/y", "--user", "alice");

        for (Proc.Result r : new Proc.Result[] {get, list, add}) {
            assertOneClearError(r, "chmod 600 " + store);
        }
        assertThat(get.out()).isEmpty();
        assertThat(Files.readAllBytes(store)).isEqualTo(before);
        assertThat(mode(store)).as("vcstoken does not silently fix it either").isEqualTo(loose);
    }

    @Test
    void aSymlinkedStoreFileIsRefusedAndItsTargetNeverWritten() throws Exception {
        install.addToken("https://code.example.com", "alice", SECRET);
        Path elsewhere = dir.resolve("elsewhere.json");
        Files.move(install.storeFile(), elsewhere);
        Files.createSymbolicLink(install.storeFile(), elsewhere);
        byte[] before = Files.readAllBytes(elsewhere);

        Proc.Result get = Proc.run(List.of(install.helper(), "get"), install.env(), install.root(), GET,
                Duration.ofSeconds(60));
        Proc.Result add = install.vcstoken("another-secret-000000000000\n", "token", "add",
                "https://code.example.com/x/y", "--user", "alice");
        Proc.Result erase = Proc.run(List.of(install.helper(), "erase"), install.env(), install.root(),
                GET.strip() + "\npassword=" + SECRET + "\n\n", Duration.ofSeconds(60));

        for (Proc.Result r : new Proc.Result[] {get, add, erase}) {
            assertOneClearError(r, "symbolic link");
        }
        assertThat(Files.readAllBytes(elsewhere)).isEqualTo(before);
        assertThat(Files.isSymbolicLink(install.storeFile())).isTrue();
    }

    @Test
    void aSymlinkedStoreDirectoryIsRefusedAndNothingIsWrittenThroughIt() throws Exception {
        Path real = dir.resolve("real-state");
        Files.createDirectories(real);
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwx------"));
        Files.createSymbolicLink(install.state(), real);

        Proc.Result add = install.vcstoken(SECRET + "\n", "token", "add", "https://code.example.com", "--user", "alice");
        Proc.Result get = Proc.run(List.of(install.helper(), "get"), install.env(), install.root(), GET,
                Duration.ofSeconds(60));

        assertOneClearError(add, "symbolic link");
        assertOneClearError(get, "symbolic link");
        try (Stream<Path> files = Files.list(real)) {
            assertThat(files.toList()).as("nothing written through the link").isEmpty();
        }
    }

    @Test
    void aSymlinkedLockFileIsRefusedAndItsTargetNotCreated() throws Exception {
        install.addToken("https://code.example.com", "alice", SECRET);
        Path victim = dir.resolve("victim");
        Files.delete(install.state().resolve("store.lock"));
        Files.createSymbolicLink(install.state().resolve("store.lock"), victim);

        Proc.Result add = install.vcstoken("another-secret-000000000000\n", "token", "add",
                "https://code.example.com/x/y", "--user", "alice");

        assertOneClearError(add, "store.lock");
        assertThat(victim).doesNotExist();
    }

    /**
     * VCSTOKEN_HOME on a read-only file system. Root ignores mode bits, so a 0500 directory proves
     * nothing here: a private mount namespace with a read-only bind mount does, or else running the
     * child as nobody.
     */
    @Test
    void aReadOnlyStateDirectoryGivesOneClearErrorAndReadsStillWork() throws Exception {
        install.addToken("https://code.example.com", "alice", SECRET);
        byte[] before = Files.readAllBytes(install.storeFile());
        String state = install.state().toString();
        List<String> wrapper = readOnlyWrapper(state);

        List<String> add = new ArrayList<>(wrapper);
        add.addAll(List.of(vcstoken(), "token", "add", "https://code.example.com/x/y", "--user", "alice"));
        Proc.Result added = Proc.run(add, install.env(), install.root(), "another-secret-000000000000\n",
                Duration.ofSeconds(60));
        List<String> get = new ArrayList<>(wrapper);
        get.addAll(List.of(install.helper(), "get"));
        Proc.Result got = Proc.run(get, install.env(), install.root(), "protocol=https\nhost=code.example.com\n\n",
                Duration.ofSeconds(60));

        assertOneClearError(added, state);
        assertThat(added.err()).containsAnyOf("Read-only file system", "permission denied", "Permission denied");
        assertThat(got.exit()).as(got.toString()).isZero();
        assertThat(got.out()).as("reading needs no write access").contains("password=" + SECRET);
        assertThat(Files.readAllBytes(install.storeFile())).isEqualTo(before);
    }

    /** A command prefix that runs the rest with {@code state} read-only; skips when nothing works here. */
    private List<String> readOnlyWrapper(String state) throws Exception {
        String script = "mount --bind \"$1\" \"$1\" && mount -o remount,ro,bind \"$1\" \"$1\" && shift && exec \"$@\"";
        List<String> unshare = List.of("unshare", "-m", "sh", "-c", script, "sh", state);
        List<String> probe = new ArrayList<>(unshare);
        probe.addAll(List.of("sh", "-c", "touch \"$0\"/probe 2>/dev/null && echo writable || echo readonly", state));
        if (works(probe, "readonly")) {
            return unshare;
        }
        // Without mount rights: the child as nobody, with the state owned by root and 0700.
        List<String> nobody = List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups");
        List<String> probe2 = new ArrayList<>(nobody);
        probe2.addAll(List.of("sh", "-c", "touch \"$0\"/probe 2>/dev/null && echo writable || echo readonly", state));
        if (works(probe2, "readonly")) {
            return nobody;
        }
        String reason = "neither unshare -m with a read-only bind mount nor setpriv to nobody works here";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true and " + reason);
        }
        System.err.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
        return List.of();
    }

    private boolean works(List<String> probe, String expected) {
        try {
            Proc.Result r = Proc.run(probe, Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")),
                    dir, "", Duration.ofSeconds(20));
            return r.exit() == 0 && r.out().strip().equals(expected);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
