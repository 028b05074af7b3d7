package org.vcstoken.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.testing.Proc;
import org.vcstoken.testing.TestInstall;

/**
 * Guards the speed of `git credential fill` without timing anything: the classes a `get` loads
 * are counted (-Xlog:class+load) and must stay within a budget, with no CLI framework, HTTP
 * client, JGit, SVNKit or prompt code, no Jackson (the store has its own reader), no file channel
 * (java.io reads the store) and none of java.time's unit and decimal arithmetic, and no lambda or
 * method-handle classes spun at run time (each costs start-up time that the class-data archive
 * cannot remove).
 */
class GetPathClassLoadTest {
    /**
     * Classes loaded by a `get` that answers from a store of two hosts, run from the test class
     * path: measured 572 on JDK 17.0.15 (791 before the store reader stopped using Jackson); 617
     * once the store was opened through a FileChannel (O_NOFOLLOW, issue 21), 621 with the check of
     * svn's cache and the broker's mirror interface. Each was measured with bench/run.sh as no
     * difference in a get's CPU time (docs/benchmarks.md); the budget keeps the next ones honest.
     */
    static final int BUDGET = 630;

    @TempDir
    Path dir;

    /** What opening the store through a FileChannel loads of sun.nio.ch. */
    private static final java.util.Set<String> NOFOLLOW_OPEN = java.util.Set.of("sun.nio.ch.FileChannelImpl",
            "sun.nio.ch.FileChannelImpl$Closer", "sun.nio.ch.FileDispatcher", "sun.nio.ch.FileDispatcherImpl",
            "sun.nio.ch.IOUtil", "sun.nio.ch.NativeDispatcher", "sun.nio.ch.NativeThreadSet", "sun.nio.ch.NativeThread",
            "sun.nio.ch.Util", "sun.nio.ch.Util$1", "sun.nio.ch.Util$BufferCache", "sun.nio.ch.IOStatus",
            "sun.nio.ch.Interruptible", "sun.nio.ch.DirectBuffer");

    @Test
    void aGetLoadsFewClassesAndNothingFromTheSlowPaths() throws Exception {
        TestInstall install = TestInstall.in(dir);
        install.addToken("https://code.example.com/team/app", "alice", "4e90000000000000000000000000000000004e90");
        install.addToken("https://other.example.com", "bob", "b0b00000000000000000000000000000000000b0");
        Path log = dir.resolve("classes.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        Map<String, String> env = new HashMap<>(install.env());

        Proc.Result r = Proc.run(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xlog:class+load:file=" + log,
                "-cp", System.getProperty("java.class.path"), GitCredentialMain.class.getName(), "get"), env, dir,
                "protocol=https\nhost=code.example.com\npath=team/app.git\n\n", Duration.ofSeconds(60));

        assertThat(r.out()).as(r.toString()).contains("password=4e90000000000000000000000000000000004e90");
        List<String> classes = Files.readAllLines(log).stream()
                .filter(l -> l.contains("[class,load]"))
                .map(l -> l.replaceAll(".*\\[class,load\\] (\\S+).*", "$1"))
                .toList();
        System.out.println("classes loaded by get: " + classes.size());
        assertThat(classes).as("forbidden on the get path").noneMatch(c -> c.startsWith("picocli.")
                || c.startsWith("org.eclipse.jgit.") || c.startsWith("org.tmatesoft.") || c.startsWith("java.net.http.")
                || c.startsWith("org.vcstoken.cli.") || c.startsWith("org.vcstoken.renew.")
                || c.startsWith("org.vcstoken.prompt.") || c.startsWith("org.vcstoken.server.")
                || c.startsWith("com.fasterxml.jackson.")
                // The store is opened with O_NOFOLLOW, which only a FileChannel can ask for; nothing
                // else of NIO's channels (sockets, selectors) belongs on this path.
                || (c.startsWith("sun.nio.ch.") && !NOFOLLOW_OPEN.contains(c))
                || c.startsWith("java.time.temporal.ChronoUnit") || c.startsWith("java.math.BigDecimal"));
        assertThat(classes).as("no lambdas or method handles spun at run time")
                .noneMatch(c -> c.contains("$$Lambda") || c.contains("LambdaForm$MH/") || c.contains("LambdaForm$DMH/"));
        assertThat(classes.size()).as("classes loaded by a get (budget)").isLessThanOrEqualTo(BUDGET);
    }

    /**
     * git runs {@code store} after every operation that authenticated, on its critical path. When
     * the token was confirmed recently nothing is written, and that path must stay as lean as a
     * {@code get}: no Jackson (no write), no lambdas, within the same budget.
     */
    @Test
    void aConfirmationThatWritesNothingLoadsAsLittle() throws Exception {
        TestInstall install = TestInstall.in(dir);
        String secret = "4e90000000000000000000000000000000004e90";
        install.addToken("https://code.example.com/team/app", "alice", secret);
        install.addToken("https://other.example.com", "bob", "b0b00000000000000000000000000000000000b0");
        String java = ProcessHandle.current().info().command().orElse("java");
        Map<String, String> env = new HashMap<>(install.env());
        String confirmation = "protocol=https\nhost=code.example.com\npath=team/app.git\nusername=alice\npassword="
                + secret + "\n\n";
        Path first = dir.resolve("first.log");
        Path second = dir.resolve("second.log");
        for (Path log : List.of(first, second)) {
            Proc.Result r = Proc.run(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xlog:class+load:file=" + log,
                    "-cp", System.getProperty("java.class.path"), GitCredentialMain.class.getName(), "store"), env, dir,
                    confirmation, Duration.ofSeconds(60));
            assertThat(r.exit()).as(r.toString()).isZero();
        }
        List<String> written = classesIn(first);
        List<String> classes = classesIn(second);
        System.out.println("classes loaded by a store that writes nothing: " + classes.size());
        assertThat(written).as("the first confirmation writes the store").anyMatch(c -> c.startsWith("com.fasterxml.jackson."));
        assertThat(classes).as("the second writes nothing").noneMatch(c -> c.startsWith("com.fasterxml.jackson.")
                || c.startsWith("picocli.") || c.startsWith("org.vcstoken.cli.") || c.startsWith("java.net.http."));
        assertThat(classes).as("no lambdas or method handles spun at run time")
                .noneMatch(c -> c.contains("$$Lambda") || c.contains("LambdaForm$MH/") || c.contains("LambdaForm$DMH/"));
        assertThat(classes.size()).as("classes loaded by a store that writes nothing (budget)").isLessThanOrEqualTo(BUDGET);
    }

    private static List<String> classesIn(Path log) throws java.io.IOException {
        return Files.readAllLines(log).stream()
                .filter(l -> l.contains("[class,load]"))
                .map(l -> l.replaceAll(".*\\[class,load\\] (\\S+).*", "$1"))
                .toList();
    }
}
