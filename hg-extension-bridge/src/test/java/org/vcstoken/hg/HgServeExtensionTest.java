package org.vcstoken.hg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.configure.HgConfigurer;

/**
 * Real hg with the extension against {@code hg serve} (Basic auth by token file) and a
 * scripted helper that follows the helper contract. Checks the extension's side of the
 * protocol independently of the real helper and the sandbox (see {@link HgSandboxTest}).
 */
class HgServeExtensionTest {

    @TempDir
    Path tmp;

    private HgServer server;
    private HgClient hg;
    private Path vcstokenHome;
    private final List<String> tokens = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HgServer.start(tmp.resolve("server"), "alpha", "beta");
        vcstokenHome = Files.createDirectories(tmp.resolve("vcstoken-home"));
        hg = HgClient.create(Files.createDirectories(tmp.resolve("client")), fakeHelper(), vcstokenHome);
        writeTokens();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void clonesPullsAndPushesWithARepoScopedToken() throws IOException {
        token("alice", "tok-alpha", "alpha", null);
        server.acceptOnly("alice tok-alpha alpha");

        ProcessResult clone = hg.run("clone", server.url("alpha"), "alpha");
        assertThat(clone.exitCode()).as("%s", clone).isZero();
        Path work = hg.dir().resolve("alpha");
        assertThat(hg.run(work, "pull").exitCode()).isZero();
        Files.writeString(work.resolve("file"), "change\n");
        assertThat(hg.run(work, "commit", "-A", "-m", "change").exitCode()).isZero();
        ProcessResult push = hg.run(work, "push");

        assertThat(push.exitCode()).as("%s", push).isZero();
        assertThat(calls()).filteredOn(c -> c.startsWith("get "))
                .allMatch(c -> c.contains("protocol=http") && c.contains("host=" + server.hostPort())
                        && c.contains("path=alpha"));
        assertThat(calls()).filteredOn(c -> c.startsWith("store ")).hasSize(3)
                .allMatch(c -> c.contains("username=alice") && c.contains("password=tok-alpha"));
        assertThat(calls()).noneMatch(c -> c.startsWith("erase "));
        assertThat(server.requests()).noneMatch(r -> r.contains(" rejected "));
    }

    @Test
    void aServerWideTokenServesEveryRepository() throws IOException {
        token("alice", "tok-server", null, null);
        server.acceptOnly("alice tok-server *");

        assertThat(hg.run("clone", server.url("alpha"), "alpha").exitCode()).isZero();
        assertThat(hg.run("clone", server.url("beta"), "beta").exitCode()).isZero();

        assertThat(calls()).filteredOn(c -> c.startsWith("store ")).hasSize(2);
    }

    @Test
    void aRejectedTokenIsErasedAndTheNextCandidateUsedWithinOneCommand() throws IOException {
        token("alice", "tok-revoked", "alpha", null);
        token("alice", "tok-server", null, null);
        server.acceptOnly("alice tok-server *");

        ProcessResult clone = hg.run("clone", server.url("alpha"), "alpha");

        assertThat(clone.exitCode()).as("%s", clone).isZero();
        assertThat(actions()).containsExactly("get", "erase", "get", "store");
        assertThat(calls().get(1)).contains("password=tok-revoked", "path=alpha");
        assertThat(calls().get(3)).contains("password=tok-server");
        assertThat(server.requestsWith("tok-revoked")).isEqualTo(1);
    }

    @Test
    void aTokenRevokedBetweenCommandsIsReplacedOnTheNextPull() throws IOException {
        token("alice", "tok-alpha", "alpha", null);
        token("alice", "tok-server", null, null);
        server.acceptOnly("alice tok-alpha alpha", "alice tok-server *");
        assertThat(hg.run("clone", server.url("alpha"), "alpha").exitCode()).isZero();

        server.acceptOnly("alice tok-server *");
        ProcessResult pull = hg.run(hg.dir().resolve("alpha"), "pull");

        assertThat(pull.exitCode()).as("%s", pull).isZero();
        assertThat(actions()).containsExactly("get", "store", "get", "erase", "get", "store");
        assertThat(calls().get(3)).contains("password=tok-alpha");
        assertThat(calls().get(5)).contains("password=tok-server");
    }

    @Test
    void aTokenRevokedInTheMiddleOfACommandIsReplacedWithoutFailingIt() throws IOException {
        token("alice", "tok-alpha", "alpha", null);
        token("alice", "tok-server", null, null);
        // tok-alpha works for the first two requests, then the server refuses it while hg
        // is already sending it up front.
        server.acceptOnly("alice tok-alpha alpha 2", "alice tok-server *");

        ProcessResult clone = hg.run("clone", server.url("alpha"), "alpha");

        assertThat(clone.exitCode()).as("%s", clone).isZero();
        assertThat(server.requests()).filteredOn(r -> r.endsWith(" ok tok-alpha")).hasSize(2);
        assertThat(server.requests()).filteredOn(r -> r.endsWith(" rejected tok-alpha")).hasSize(1);
        assertThat(actions()).containsExactly("get", "store", "erase", "get", "store");
        assertThat(calls().get(2)).contains("password=tok-alpha");
        assertThat(calls().get(4)).contains("password=tok-server");
    }

    @Test
    void withNoCandidateLeftHgStopsAfterOneAttempt() throws IOException {
        token("alice", "tok-revoked", "alpha", null);
        server.acceptOnly();

        ProcessResult clone = hg.run("clone", server.url("alpha"), "alpha");

        assertThat(clone.exitCode()).isEqualTo(255);
        assertThat(clone.stderr()).contains("abort: authorization failed");
        assertThat(server.requestsWith("tok-revoked")).isEqualTo(1);
        assertThat(actions()).containsExactly("get", "erase", "get");
    }

    @Test
    void anExpiredTokenIsNeverSentAndTheFallbackRunsWithoutPrompting() throws IOException {
        long past = Instant.now().minusSeconds(3600).getEpochSecond();
        token("alice", "tok-expired", "alpha", past);
        server.acceptOnly("alice tok-expired alpha");
        hg.with("FAKE_IGNORE_EXPIRY", "1");

        ProcessResult clone = hg.run("clone", server.url("alpha"), "alpha");

        assertThat(clone.exitCode()).isEqualTo(255);
        assertThat(clone.stderr()).contains("abort: http authorization required for " + server.url("alpha"));
        assertThat(server.requestsWith("tok-expired")).isZero();
    }

    @Test
    void theHelpersMessageReachesTheUserWhenItHasNothing() throws IOException {
        ProcessResult clone = hg.run("clone", server.url("alpha"), "alpha");

        assertThat(clone.exitCode()).isEqualTo(255);
        assertThat(clone.stderr())
                .contains("vcstoken: warning: no token for " + server.hostPort() + "/alpha")
                .contains("abort: http authorization required");
    }

    @Test
    void quitFromTheHelperStopsWithoutFallingBack() throws IOException {
        hg.with("FAKE_QUIT", "1");

        ProcessResult clone = hg.run("clone", server.url("alpha"), "alpha");

        assertThat(clone.exitCode()).isEqualTo(255);
        assertThat(clone.stderr())
                .contains("vcstoken: error: no token for " + server.hostPort() + "/alpha")
                .contains("abort: authorization failed");
    }

    @Test
    void aMissingHelperIsReportedOnceAndHgCarriesOn() throws IOException {
        HgClient noHelper = HgClient.create(Files.createDirectories(tmp.resolve("client2")),
                tmp.resolve("no-such-helper"), vcstokenHome);

        ProcessResult clone = noHelper.run("clone", server.url("alpha"), "alpha");

        assertThat(clone.exitCode()).isEqualTo(255);
        assertThat(clone.stderr().lines().filter(l -> l.startsWith("vcstoken: cannot run")).count()).isEqualTo(1);
        assertThat(clone.stderr()).contains("Mercurial's own authentication")
                .contains("abort: http authorization required");
    }

    @Test
    void aBrokenHelperIsReportedOnceAndHgCarriesOn() throws IOException {
        Path broken = tmp.resolve("broken-helper");
        Files.writeString(broken, "#!/bin/sh\necho 'vcstoken: error: store is corrupt' >&2\nexit 3\n");
        Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rwx------"));
        HgClient brokenHg = HgClient.create(Files.createDirectories(tmp.resolve("client3")), broken, vcstokenHome);

        ProcessResult clone = brokenHg.run("clone", server.url("alpha"), "alpha");

        assertThat(clone.exitCode()).isEqualTo(255);
        assertThat(clone.stderr()).containsOnlyOnce("exited with status 3")
                .containsOnlyOnce("vcstoken: error: store is corrupt")
                .contains("abort: http authorization required");
    }

    @Test
    void credentialsWrittenInTheUrlTakePrecedence() throws IOException {
        token("alice", "tok-alpha", "alpha", null);
        server.acceptOnly("bob bobs-password alpha");

        ProcessResult clone = hg.run("clone",
                server.url("alpha").replace("http://", "http://bob:bobs-password@"), "alpha");

        assertThat(clone.exitCode()).as("%s", clone).isZero();
        assertThat(calls()).isEmpty();
    }

    @Test
    void aUsernameFromTheAuthSectionIsPassedToTheHelper() throws IOException {
        token("alice", "tok-alice", "alpha", null);
        token("bob", "tok-bob", "alpha", null);
        server.acceptOnly("bob tok-bob alpha");

        ProcessResult clone = hg.run("clone",
                "--config", "auth.srv.prefix=" + server.url(""),
                "--config", "auth.srv.schemes=http",
                "--config", "auth.srv.username=bob",
                server.url("alpha"), "alpha");

        assertThat(clone.exitCode()).as("%s", clone).isZero();
        assertThat(calls().get(0)).contains("username=bob");
    }

    @Test
    void anHgrcWrittenByVcstokenConfigureEnablesTheExtensionAndUnconfigureDisablesIt() throws IOException {
        token("alice", "tok-alpha", "alpha", null);
        server.acceptOnly("alice tok-alpha alpha");
        Path client = Files.createDirectories(tmp.resolve("configured"));
        Path hgrc = client.resolve(".hgrc");
        Files.writeString(hgrc, "[ui]\ninteractive = false\nusername = Test <test@example.com>\n");
        HgConfigurer configurer = new HgConfigurer(hgrc, HgClient.EXTENSION, fakeHelper());
        HgClient configured = HgClient.withHgrc(client, hgrc, vcstokenHome);

        assertThat(configurer.configure()).isTrue();
        ProcessResult clone = configured.run("clone", server.url("alpha"), "alpha");
        assertThat(configurer.unconfigure()).isTrue();
        ProcessResult without = configured.run("clone", server.url("alpha"), "alpha2");

        assertThat(clone.exitCode()).as("%s", clone).isZero();
        assertThat(without.exitCode()).isEqualTo(255);
        assertThat(without.stderr()).contains("abort: http authorization required");
        assertThat(actions()).containsExactly("get", "store");
    }

    private void token(String user, String secret, String scope, Long expiry) throws IOException {
        tokens.add(String.format("{\"user\": \"%s\", \"secret\": \"%s\", \"host\": \"%s\", \"scope\": %s, \"expiry\": %s}",
                user, secret, server.hostPort(), scope == null ? "null" : "\"" + scope + "\"",
                expiry == null ? "null" : expiry.toString()));
        writeTokens();
    }

    private void writeTokens() throws IOException {
        Files.writeString(vcstokenHome.resolve("tokens.json"), "[" + String.join(",", tokens) + "]");
    }

    private List<String> calls() throws IOException {
        Path log = vcstokenHome.resolve("calls.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private List<String> actions() throws IOException {
        return calls().stream().map(c -> c.substring(0, c.indexOf(' '))).toList();
    }

    private Path fakeHelper() throws IOException {
        Path python = Tools.hgPython().or(() -> Tools.onPath("python3"))
                .orElseGet(() -> Tools.missing("no Python for the scripted helper"));
        Path launcher = tmp.resolve("fake-helper");
        Files.writeString(launcher, "#!/bin/sh\nexec '" + python + "' '" + HgServer.resource("fake_helper.py") + "' \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        return launcher;
    }
}
