package org.vcstoken.svn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.env.Environment;
import org.vcstoken.env.StatePaths;
import org.vcstoken.git.GitCredentialMain;
import org.vcstoken.store.TokenStore;
import org.vcstoken.testing.Proc;
import org.vcstoken.testing.TestInstall;

/**
 * The expiry check on git's {@code get} path costs what GetPathClassLoadTest allows: with svn
 * configured and nothing expired, a get loads at most one class more than without svn (measured:
 * none) and none of the sync's (no lock, no channel); once the cached token has expired on the
 * helper's clock, that get loads the sync and the entry leaves svn's cache.
 */
class SvnAuthExpiryGetPathTest {
    static final String SECRET = "4e90000000000000000000000000000000004e90";

    @TempDir
    Path dir;
    TestInstall install;
    SvnAuthCache cache;
    String realm = "<https://code.example.com:443> RhodeCode";

    @BeforeEach
    void setUp() throws Exception {
        install = TestInstall.in(dir.resolve("client"));
        install.addToken("https://code.example.com", "alice", SECRET, "--lifetime", "2h");
        install.addToken("https://other.example.com", "bob", "b0b00000000000000000000000000000000000b0");
        cache = SvnAuthCache.inConfigDir(install.home().resolve(".subversion"));
    }

    /** What {@code configure --svn} does once the realm is known, without a server to learn it from. */
    void configureSvn() throws Exception {
        TokenStore store = new TokenStore(StatePaths.from(new Environment(install.env()), FileSystems.getDefault()),
                Duration.ofSeconds(10), l -> { });
        new SvnAuthSync(store, Clock.systemUTC()).configure(store.read().server("https://code.example.com").orElseThrow(),
                realm, cache.directory());
    }

    List<String> get(String name, Duration clockAhead) throws Exception {
        Path log = dir.resolve(name + ".log");
        Map<String, String> env = new HashMap<>(install.env());
        env.put("VCSTOKEN_CLOCK_OFFSET", Long.toString(clockAhead.toSeconds()));
        String java = ProcessHandle.current().info().command().orElse("java");
        Proc.Result r = Proc.run(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xlog:class+load:file=" + log,
                "-cp", System.getProperty("java.class.path"), GitCredentialMain.class.getName(), "get"), env, dir,
                "protocol=https\nhost=code.example.com\npath=team/app.git\n\n", Duration.ofSeconds(60));
        assertThat(r.exit()).as(r.toString()).isZero();
        return Files.readAllLines(log).stream()
                .filter(l -> l.contains("[class,load]"))
                .map(l -> l.replaceAll(".*\\[class,load\\] (\\S+).*", "$1"))
                .toList();
    }

    @Test
    void withSvnConfiguredAndNothingExpiredAGetLoadsAtMostOneClassMoreAndNoneOfTheSync() throws Exception {
        List<String> without = get("without", Duration.ofMinutes(1));
        configureSvn();

        List<String> with = get("with", Duration.ofMinutes(1));

        assertThat(cache.fileFor(realm)).exists();
        assertThat(with).contains("org.vcstoken.svn.SvnAuthExpiry")
                .noneMatch(c -> c.startsWith("org.vcstoken.svn.SvnAuthSync") || c.startsWith("org.vcstoken.store.FileLocks")
                        || (c.startsWith("sun.nio.ch.") && !without.contains(c)) || c.contains("$$Lambda"));
        System.out.println("classes loaded by get: without svn " + without.size() + ", with svn " + with.size() + "; new: "
                + with.stream().filter(c -> !without.contains(c)).toList());
        assertThat(with.size()).as("classes with svn configured vs without").isLessThanOrEqualTo(without.size() + 1);
    }

    @Test
    void aGetAfterTheCachedTokenExpiredTakesItOutOfSvnsCache() throws Exception {
        configureSvn();

        List<String> valid = get("valid", Duration.ofMinutes(90));
        boolean keptWhileValid = Files.exists(cache.fileFor(realm));
        List<String> expired = get("expired", Duration.ofHours(3));

        assertThat(keptWhileValid).isTrue();
        assertThat(valid).doesNotContain("org.vcstoken.svn.SvnAuthSync");
        assertThat(expired).contains("org.vcstoken.svn.SvnAuthSync");
        assertThat(cache.fileFor(realm)).doesNotExist();
    }
}
