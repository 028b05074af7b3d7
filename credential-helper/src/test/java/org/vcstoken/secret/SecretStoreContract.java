package org.vcstoken.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.env.Environment;
import org.vcstoken.env.StatePaths;
import org.vcstoken.store.TokenStore;
import org.vcstoken.testing.Proc;
import org.vcstoken.testing.TestInstall;

/**
 * What every keyring store must do, against the real service: the helper and the CLI run as real
 * processes, git asks through {@code git credential fill/reject}. Subclasses start the service
 * and read it directly to check what is (and is not) in it.
 */
abstract class SecretStoreContract {
    static final String SERVER = "https://code.example.com";
    static final String REPO_URL = SERVER + "/team/app";
    static final String SECRET = "kr-secret-0000000000000000000000000000a1";
    static final String SECRET_2 = "kr-secret-0000000000000000000000000000b2";
    static final String SECRET_3 = "kr-secret-0000000000000000000000000000c3";

    @TempDir
    Path dir;

    /** The store's name for {@code vcstoken store use}. */
    abstract String backend();

    /** Starts the service and returns an installation whose processes can reach it. */
    abstract TestInstall install() throws Exception;

    /** The secret of a token read straight from the service, "" when it has none. */
    abstract String stored(String server, String user, String tokenId) throws Exception;

    Proc.Result fill(TestInstall install, String path) throws IOException, InterruptedException {
        return install.git(null, "protocol=https\nhost=code.example.com\npath=" + path + "\n\n",
                "-c", "credential.helper=", "-c", "credential.helper=" + install.helper(),
                "-c", "credential.useHttpPath=true", "credential", "fill");
    }

    static Proc.Result get(TestInstall install, String path) throws IOException, InterruptedException {
        return Proc.run(List.of(install.helper(), "get"), install.env(), install.root(),
                "protocol=https\nhost=code.example.com\npath=" + path + "\n\n", Duration.ofSeconds(90));
    }

    static Proc.Result ok(Proc.Result r) {
        assertThat(r.exit()).as(r.toString()).isZero();
        return r;
    }

    /** No file under VCSTOKEN_HOME holds any of the secrets. */
    static void noSecretUnder(Path home, String... secrets) throws IOException {
        List<Path> files;
        try (var walk = Files.walk(home)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).as("files under VCSTOKEN_HOME").isNotEmpty();
        for (Path f : files) {
            String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            for (String s : secrets) {
                assertThat(text).as(f.toString()).doesNotContain(s);
            }
        }
    }

    /** A run that ends at a checkpoint, as a kill would end it: nothing of the migration runs after it. */
    static final class Stopped extends Error {
        private static final long serialVersionUID = 1L;

        Stopped(String point) {
            super(point, null, false, false);
        }
    }

    /**
     * {@code vcstoken store migrate --to TARGET} run in this JVM with the installation's
     * environment, stopped dead at {@code point}. An Error, not an exception: no catch on the way
     * out handles it, as none would run after a kill -9; the store lock is released either way (by
     * the kernel there, by its try-with-resources here).
     */
    static void migrateStoppedAt(TestInstall install, String target, String point) throws Exception {
        Environment env = new Environment(install.env());
        StatePaths paths = StatePaths.from(env, FileSystems.getDefault());
        SecretBackends backends = SecretBackends.from(env, paths);
        backends.onCheckpoints(name -> {
            if (name.equals(point)) {
                throw new Stopped(name);
            }
        });
        backends.migrate(new TokenStore(paths, Duration.ofSeconds(30), line -> { }, backends), target, line -> { });
    }

    static String storeText(TestInstall install) throws IOException {
        return Files.readString(install.storeFile());
    }

    @Test
    void addGetThroughGitEraseAndRemoveKeepTheSecretOnlyInTheStore() throws Exception {
        TestInstall install = install().with("VCSTOKEN_STORE", backend());
        String id = install.addToken(REPO_URL, "alice", SECRET);

        assertThat(storeText(install)).contains("\"secret_backend\":\"" + backend() + "\"").doesNotContain(SECRET);
        assertThat(stored(SERVER, "alice", id)).isEqualTo(SECRET);
        noSecretUnder(install.state(), SECRET);

        Proc.Result filled = ok(fill(install, "team/app.git"));
        assertThat(filled.out()).contains("username=alice").contains("password=" + SECRET);

        ok(install.git(null, "protocol=https\nhost=code.example.com\npath=team/app.git\nusername=alice\npassword="
                + SECRET + "\n\n", "-c", "credential.helper=", "-c", "credential.helper=" + install.helper(),
                "-c", "credential.useHttpPath=true", "credential", "reject"));
        assertThat(ok(install.vcstoken("", "token", "list")).out()).contains(id).contains("rejected");
        assertThat(get(install, "team/app.git").out()).doesNotContain(SECRET);
        assertThat(stored(SERVER, "alice", id)).as("a rejected token keeps its secret until removed").isEqualTo(SECRET);

        ok(install.vcstoken("", "token", "remove", id));
        assertThat(stored(SERVER, "alice", id)).as("removing the token deletes its secret").isEmpty();
        assertThat(storeText(install)).doesNotContain(id);
        noSecretUnder(install.state(), SECRET);
    }

    @Test
    void storeUseSendsNewSecretsThereAndMigrateMovesThemBothWays() throws Exception {
        TestInstall install = install();
        String a = install.addToken(REPO_URL, "alice", SECRET);
        String b = install.addToken(SERVER + "/team/lib", "alice", SECRET_2);
        assertThat(storeText(install)).contains(SECRET).contains(SECRET_2).doesNotContain("secret_backend");

        assertThat(ok(install.vcstoken("", "store", "use", backend())).out()).contains(backend());
        assertThat(Files.getPosixFilePermissions(install.state().resolve("settings.json")))
                .extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        String c = install.addToken(SERVER + "/team/web", "alice", SECRET_3);
        assertThat(stored(SERVER, "alice", c)).isEqualTo(SECRET_3);
        assertThat(storeText(install)).doesNotContain(SECRET_3).contains(SECRET);

        Proc.Result there = ok(install.vcstoken("", "store", "migrate", "--to", backend()));
        assertThat(there.out()).contains("moved 2 secrets").contains("1 already there");
        assertThat(stored(SERVER, "alice", a)).isEqualTo(SECRET);
        assertThat(stored(SERVER, "alice", b)).isEqualTo(SECRET_2);
        noSecretUnder(install.state(), SECRET, SECRET_2, SECRET_3);
        assertThat(ok(fill(install, "team/app.git")).out()).contains("password=" + SECRET);
        assertThat(ok(fill(install, "team/lib.git")).out()).contains("password=" + SECRET_2);
        assertThat(ok(install.vcstoken("", "store", "status")).out()).contains(backend()).contains("usable");

        Proc.Result back = ok(install.vcstoken("", "store", "migrate", "--to", "file"));
        assertThat(back.out()).contains("moved 3 secrets");
        assertThat(storeText(install)).contains(SECRET).contains(SECRET_2).contains(SECRET_3)
                .doesNotContain("secret_backend");
        for (String id : List.of(a, b, c)) {
            assertThat(stored(SERVER, "alice", id)).as("copy left in " + backend() + " for " + id).isEmpty();
        }
        assertThat(ok(fill(install, "team/web.git")).out()).contains("password=" + SECRET_3);
    }

    @Test
    void aMigrationStoppedAfterCopyingLosesNothingAndARerunFinishesIt() throws Exception {
        TestInstall install = install();
        String a = install.addToken(REPO_URL, "alice", SECRET);
        String b = install.addToken(SERVER + "/team/lib", "alice", SECRET_2);

        assertThatThrownBy(() -> migrateStoppedAt(install, backend(), "after-copy")).isInstanceOf(Stopped.class)
                .hasMessage("after-copy");
        assertThat(storeText(install)).as("metadata still points at the file").contains(SECRET).contains(SECRET_2);
        assertThat(ok(fill(install, "team/app.git")).out()).contains("password=" + SECRET);

        Proc.Result rerun = ok(install.vcstoken("", "store", "migrate", "--to", backend()));
        assertThat(rerun.out()).contains("moved 2 secrets");
        assertThat(stored(SERVER, "alice", a)).isEqualTo(SECRET);
        assertThat(stored(SERVER, "alice", b)).isEqualTo(SECRET_2);
        noSecretUnder(install.state(), SECRET, SECRET_2);
        assertThat(ok(fill(install, "team/lib.git")).out()).contains("password=" + SECRET_2);
    }

    @Test
    void aMigrationStoppedBeforeDeletingTheSourceLosesNothingAndARerunCleansUp() throws Exception {
        TestInstall install = install().with("VCSTOKEN_STORE", backend());
        String a = install.addToken(REPO_URL, "alice", SECRET);
        String b = install.addToken(SERVER + "/team/lib", "alice", SECRET_2);
        install.env().remove("VCSTOKEN_STORE");

        assertThatThrownBy(() -> migrateStoppedAt(install, "file", "before-delete")).isInstanceOf(Stopped.class)
                .hasMessage("before-delete");
        assertThat(storeText(install)).as("metadata switched to the file").contains(SECRET).contains(SECRET_2);
        assertThat(stored(SERVER, "alice", a) + stored(SERVER, "alice", b)).as("source copies not yet deleted")
                .contains(SECRET);
        assertThat(ok(fill(install, "team/app.git")).out()).contains("password=" + SECRET);

        Proc.Result rerun = ok(install.vcstoken("", "store", "migrate", "--to", "file"));
        assertThat(rerun.out()).contains("moved 0 secrets").contains("2 already there");
        assertThat(stored(SERVER, "alice", a)).isEmpty();
        assertThat(stored(SERVER, "alice", b)).isEmpty();
        assertThat(ok(fill(install, "team/lib.git")).out()).contains("password=" + SECRET_2);
    }

    @Test
    void aGetLoadsOnlyTheChosenTokensSecret() throws Exception {
        TestInstall install = install().with("VCSTOKEN_STORE", backend());
        List<String> others = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            others.add(install.addToken(SERVER + "/team/other" + i, "alice", SECRET_2.replace("b2", "d" + i)));
        }
        String chosen = install.addToken(REPO_URL, "alice", SECRET);
        // Break every other token's secret in the service: a get that loaded them would fail.
        for (String id : others) {
            deleteDirectly(SERVER, "alice", id);
        }

        long[] ms = new long[5];
        for (int i = 0; i < ms.length; i++) {
            long start = System.nanoTime();
            Proc.Result r = ok(get(install, "team/app.git"));
            ms[i] = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.out()).contains("password=" + SECRET);
            assertThat(r.err()).isEmpty();
        }
        java.util.Arrays.sort(ms);
        System.out.println("get through the " + backend() + " store (test JVM class path, 4 tokens): median "
                + ms[2] + " ms, min " + ms[0] + " ms");
        assertThat(chosen).isNotEmpty();
    }

    /**
     * The secret is read on the credential helper's get path, which must stay lean: the tool runs
     * the lean way, without Commons Exec (which cost 122 classes and ~25 ms per get there,
     * docs/benchmarks.md) and without lambdas of vcstoken's own.
     */
    @Test
    void aGetReadsTheSecretWithoutLoadingCommonsExec() throws Exception {
        TestInstall install = install().with("VCSTOKEN_STORE", backend());
        install.addToken(REPO_URL, "alice", SECRET);
        Path log = dir.resolve("classes.log");
        String java = ProcessHandle.current().info().command().orElse("java");

        Proc.Result r = Proc.run(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xlog:class+load:file=" + log,
                "-cp", System.getProperty("java.class.path"), org.vcstoken.git.GitCredentialMain.class.getName(), "get"),
                install.env(), install.root(), "protocol=https\nhost=code.example.com\npath=team/app.git\n\n",
                Duration.ofSeconds(90));

        assertThat(r.out()).as(r.toString()).contains("password=" + SECRET);
        List<String> classes = Files.readAllLines(log).stream().filter(l -> l.contains("[class,load]"))
                .map(l -> l.replaceAll(".*\\[class,load\\] (\\S+).*", "$1")).toList();
        System.out.println("classes loaded by a get with the secret in " + backend() + ": " + classes.size());
        assertThat(classes).as("the tool ran through the process package").contains("org.vcstoken.process.Programs")
                .noneMatch(c -> c.startsWith("org.apache.commons.exec."))
                .noneMatch(c -> c.startsWith("org.vcstoken.") && c.contains("$$Lambda"));
    }

    /** Deletes a token's secret from the service behind vcstoken's back. */
    abstract void deleteDirectly(String server, String user, String tokenId) throws Exception;
}
