package org.vcstoken.svn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.sandbox.IssuedToken;
import org.vcstoken.sandbox.Sandbox;
import org.vcstoken.testing.Sandboxes;
import org.vcstoken.testing.Proc;
import org.vcstoken.testing.TestInstall;
import org.vcstoken.testing.Tools;

/**
 * The native svn client against Apache mod_dav_svn behind the RhodeCode-compatible sandbox: the
 * cache entry {@code configure --svn} writes, its upkeep when tokens change, and {@code vcstoken svn}.
 * svn runs with the installation's own HOME, so the user's ~/.subversion is never touched.
 */
class SvnNativeEndToEndTest {
    @TempDir
    Path dir;
    Sandbox sandbox;
    TestInstall install;
    String url;
    String realm;

    @BeforeAll
    static void needsSvn() {
        Tools.require("svn");
    }

    @BeforeEach
    void setUp() throws Exception {
        sandbox = Sandboxes.start(dir);
        if (!sandbox.svnAvailable()) {
            sandbox.close();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true and the sandbox's svn backend is off: " + sandbox.svnUnavailableReason());
            }
            org.junit.jupiter.api.Assumptions.abort("svn backend off: " + sandbox.svnUnavailableReason());
        }
        url = sandbox.url().toString();
        realm = "<" + url + "> RhodeCode";
        sandbox.createUser("alice", "alice-account-password");
        sandbox.createRepo("team/app", "svn", "alice");
        sandbox.createRepo("team/lib", "svn", "alice");
        install = TestInstall.in(dir.resolve("client"));
        Proc.Result added = install.vcstoken("", "server", "add", url, "--user", "alice");
        assertThat(added.exit()).as(added.toString()).isZero();
    }

    @AfterEach
    void tearDown() {
        sandbox.close();
    }

    /** Plain svn: no credentials of its own, never a prompt. */
    Proc.Result svn(Path cwd, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("svn", "--non-interactive"));
        cmd.addAll(List.of(args));
        return Proc.run(cmd, install.env(), cwd, null, Duration.ofSeconds(90));
    }

    Proc.Result vcstokenSvn(Path cwd, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(install.root().resolve("bin/vcstoken").toString(), "svn"));
        cmd.addAll(List.of(args));
        return Proc.run(cmd, install.env(), cwd, null, Duration.ofSeconds(90));
    }

    Path cacheFile() {
        return SvnAuthCache.inConfigDir(install.home().resolve(".subversion")).fileFor(realm);
    }

    Proc.Result ok(Proc.Result r) {
        assertThat(r.exit()).as(r.toString()).isZero();
        return r;
    }

    @Test
    void plainSvnChecksOutAndCommitsThroughTheEntryConfigureWrote() throws Exception {
        IssuedToken wide = sandbox.addToken("alice", "token_role_vcs", -1, "wide", null);
        install.addToken(url, "alice", wide.token());

        Proc.Result configured = ok(install.vcstoken("", "configure", "--svn", "--svn-url", url + "/team/app"));
        Path wc = dir.resolve("wc");
        ok(svn(dir, "checkout", url + "/team/app", wc.toString()));
        Files.writeString(wc.resolve("README"), "hello\n");
        ok(svn(wc, "add", "README"));
        Proc.Result commit = ok(svn(wc, "commit", "-m", "first"));
        Proc.Result log = ok(svn(wc, "log", "-l", "1", url + "/team/app"));

        assertThat(configured.out()).contains("svn: " + url + " (realm " + realm + ") uses token");
        assertThat(configured.err()).as("the realm was learnt, not assumed").doesNotContain("assuming");
        assertThat(commit.out()).contains("Committed revision 1");
        assertThat(log.out()).contains("| alice |");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cacheFile()))).isEqualTo("rw-------");
        assertThat(configured.out() + configured.err()).doesNotContain(wide.token());
    }

    @Test
    void configureWithoutOptionsIncludesSvnAndAssumesRhodeCodesRealmWhenItKnowsNoRepository() throws Exception {
        IssuedToken wide = sandbox.addToken("alice", "token_role_vcs", -1, "wide", null);
        install.addToken(url, "alice", wide.token());
        // configure without options also enables hg when it is installed; give it an extension file.
        Path extension = Files.writeString(dir.resolve("vcstoken.py"), "# test extension\n");
        install.with("VCSTOKEN_HG_EXTENSION", extension.toString());

        Proc.Result configured = ok(install.vcstoken("", "configure"));
        Proc.Result checkout = svn(dir, "checkout", url + "/team/app", dir.resolve("wc").toString());

        assertThat(configured.out()).contains("svn: " + url + " (realm " + realm + ") uses token");
        assertThat(configured.err()).contains("assuming its server family's default realm '<http").contains("> RhodeCode'");
        assertThat(checkout.exit()).as(checkout.toString()).isZero();
    }

    @Test
    void theEntryIsByteForByteWhatSvnWritesAndSvnAuthListsIt() throws Exception {
        IssuedToken wide = sandbox.addToken("alice", "token_role_vcs", -1, "wide", null);
        install.addToken(url, "alice", wide.token());
        ok(install.vcstoken("", "configure", "--svn", "--svn-url", url + "/team/app"));
        // svn's own entry for the same credentials, in a separate configuration directory.
        Path own = dir.resolve("svn-own-config");
        Files.createDirectories(own);
        Files.writeString(own.resolve("servers"), "[global]\nstore-plaintext-passwords = yes\n");
        Proc.Result stored = Proc.run(List.of("svn", "--config-dir", own.toString(), "--non-interactive", "--username",
                "alice", "--password-from-stdin", "info", url + "/team/app"), install.env(), dir, wide.token() + "\n",
                Duration.ofSeconds(90));
        ok(stored);

        byte[] svnBytes = Files.readAllBytes(SvnAuthCache.inConfigDir(own).fileFor(realm));
        Proc.Result auth = ok(svn(dir, "auth"));

        assertThat(Files.readAllBytes(cacheFile())).isEqualTo(svnBytes);
        assertThat(auth.out()).contains("Authentication realm: " + realm, "Username: alice");
    }

    @Test
    void aTokenRotatedOnTheServerAndInTheStoreRewritesTheEntrySoTheNextUpdateNeedsNoPrompt() throws Exception {
        IssuedToken first = sandbox.addToken("alice", "token_role_vcs", -1, "first", null);
        String firstId = install.addToken(url, "alice", first.token());
        ok(install.vcstoken("", "configure", "--svn", "--svn-url", url + "/team/app"));
        Path wc = dir.resolve("wc");
        ok(svn(dir, "checkout", url + "/team/app", wc.toString()));

        sandbox.deleteToken(first.id());
        IssuedToken second = sandbox.addToken("alice", "token_role_vcs", -1, "second", null);
        Proc.Result refused = svn(wc, "update");
        install.addToken(url, "alice", second.token());
        ok(install.vcstoken("", "token", "remove", firstId));
        Proc.Result update = svn(wc, "update");

        assertThat(refused.exit()).as("the deleted token no longer works").isNotZero();
        assertThat(update.exit()).as(update.toString()).isZero();
        assertThat(SvnAuthCache.decode(Files.readAllBytes(cacheFile()))).containsEntry("password", second.token());
    }

    @Test
    void aTokenGitReportsRejectedLeavesTheCache() throws Exception {
        IssuedToken wide = sandbox.addToken("alice", "token_role_vcs", -1, "wide", null);
        install.addToken(url, "alice", wide.token());
        ok(install.vcstoken("", "configure", "--svn", "--svn-url", url + "/team/app"));
        assertThat(cacheFile()).exists();
        String host = url.substring("http://".length());

        Proc.Result erase = Proc.run(List.of(install.helper(), "erase"), install.env(), dir,
                "protocol=http\nhost=" + host + "\nusername=alice\npassword=" + wide.token() + "\n\n",
                Duration.ofSeconds(60));

        assertThat(erase.exit()).as(erase.toString()).isZero();
        assertThat(cacheFile()).as("a rejected token must not stay where svn reads it").doesNotExist();
    }

    /**
     * The token expires on vcstoken's clock (moved forward by VCSTOKEN_CLOCK_OFFSET), while the
     * server would still take it: only vcstoken can see that the cached password must go, and it
     * does at the next run of anything, here git's credential helper asking about the server.
     */
    @Test
    void anExpiredTokenLeavesTheCacheAtTheNextGitGetForThatServerWithoutAnyStoreChange() throws Exception {
        IssuedToken wide = sandbox.addToken("alice", "token_role_vcs", -1, "wide", null);
        install.addToken(url, "alice", wide.token(), "--lifetime", "2h");
        ok(install.vcstoken("", "configure", "--svn", "--svn-url", url + "/team/app"));
        ok(svn(dir, "info", url + "/team/app"));
        byte[] storeBefore = Files.readAllBytes(install.storeFile());
        String host = url.substring("http://".length());
        String request = "protocol=http\nhost=" + host + "\npath=team/app\n\n";
        Map<String, String> soon = new java.util.HashMap<>(install.env());
        soon.put("VCSTOKEN_CLOCK_OFFSET", Long.toString(Duration.ofMinutes(90).toSeconds()));
        Map<String, String> later = new java.util.HashMap<>(install.env());
        later.put("VCSTOKEN_CLOCK_OFFSET", Long.toString(Duration.ofHours(3).toSeconds()));

        Proc.Result before = Proc.run(List.of(install.helper(), "get"), soon, dir, request, Duration.ofSeconds(60));
        boolean cachedBefore = Files.exists(cacheFile());
        Proc.Result get = Proc.run(List.of(install.helper(), "get"), later, dir, request, Duration.ofSeconds(60));
        Proc.Result info = svn(dir, "info", url + "/team/app");

        assertThat(before.out()).as(before.toString()).contains("password=" + wide.token());
        assertThat(cachedBefore).as("not expired yet: the entry stays").isTrue();
        assertThat(get.exit()).as(get.toString()).isZero();
        assertThat(get.out()).as("git is not given the expired token either").doesNotContain(wide.token());
        assertThat(cacheFile()).as("the expired token left svn's cache").doesNotExist();
        assertThat(Files.readAllBytes(install.storeFile())).as("no store change was needed").isEqualTo(storeBefore);
        assertThat(info.exit()).as("svn has no password to send now: " + info).isNotZero();
        assertThat(info.err()).contains("E215004");
    }

    @Test
    void anExpiredTokenLeavesTheCacheAtTheNextVcstokenCommandOfAnyKind() throws Exception {
        IssuedToken wide = sandbox.addToken("alice", "token_role_vcs", -1, "wide", null);
        install.addToken(url, "alice", wide.token(), "--lifetime", "2h");
        ok(install.vcstoken("", "configure", "--svn", "--svn-url", url + "/team/app"));
        assertThat(cacheFile()).exists();
        install.with("VCSTOKEN_CLOCK_OFFSET", Long.toString(Duration.ofHours(3).toSeconds()));

        Proc.Result version = ok(install.vcstoken("", "--version"));

        assertThat(cacheFile()).as(version.toString()).doesNotExist();
    }

    /**
     * configure --svn recorded the realm: vcstoken svn files the token under it without asking the
     * server each run. When the server announces another realm, svn finds no password; then, and
     * only then, vcstoken asks, records the new realm and moves the plain svn entry there too.
     */
    @Test
    void vcstokenSvnUsesTheRecordedRealmAndLearnsTheNewOneWhenTheServerChangesIt() throws Exception {
        IssuedToken wide = sandbox.addToken("alice", "token_role_vcs", -1, "wide", null);
        install.addToken(url, "alice", wide.token());
        ok(install.vcstoken("", "configure", "--svn", "--svn-url", url + "/team/app"));
        Path trace = dir.resolve("trace.log");
        install.with("VCSTOKEN_TRACE", trace.toString());

        Proc.Result first = ok(vcstokenSvn(dir, "info", url + "/team/app"));
        String firstTrace = Files.readString(trace);
        Files.delete(trace);
        int port = sandbox.url().getPort();
        sandbox.close();
        sandbox = org.vcstoken.sandbox.Sandbox.start(sandbox.options().withPort(port).withRealm("Other realm"));
        String newRealm = "<" + url + "> Other realm";
        Proc.Result changed = ok(vcstokenSvn(dir, "info", url + "/team/app"));
        String changedTrace = Files.readString(trace);
        Files.delete(trace);
        Proc.Result again = ok(vcstokenSvn(dir, "info", url + "/team/app"));
        String againTrace = Files.readString(trace);
        Proc.Result plain = svn(dir, "info", url + "/team/app");

        assertThat(first.out()).contains("Repository Root");
        assertThat(firstTrace).as("no request for the realm").doesNotContain("http OPTIONS");
        assertThat(changed.err()).contains("now asks for credentials for the realm '" + newRealm + "'");
        assertThat(changedTrace.lines().filter(l -> l.contains("http OPTIONS"))).as("asked once, after svn failed")
                .hasSize(1);
        assertThat(againTrace).as("the new realm is recorded").doesNotContain("http OPTIONS");
        assertThat(again.err()).doesNotContain("realm");
        assertThat(plain.exit()).as("plain svn's entry moved to the new realm: " + plain).isZero();
        assertThat(SvnAuthCache.inConfigDir(install.home().resolve(".subversion")).fileFor(newRealm)).exists();
        assertThat(cacheFile()).as("nothing left under the old realm").doesNotExist();
    }

    /**
     * A rewritten or deleted entry must survive a crash as written: the content is forced to disk
     * before the rename, and the directory after the rename or deletion. Watched with strace, as
     * the kernel sees it.
     */
    @Test
    void theCacheEntryAndTheIndexAreForcedToDiskAroundEachRenameAndDeletion() throws Exception {
        Tools.require("strace");
        IssuedToken wide = sandbox.addToken("alice", "token_role_vcs", -1, "wide", null);
        String id = install.addToken(url, "alice", wide.token());
        Path configureLog = dir.resolve("configure.strace");
        Path removeLog = dir.resolve("remove.strace");

        ok(strace(configureLog, "configure", "--svn", "--svn-url", url + "/team/app"));
        ok(strace(removeLog, "token", "remove", id));

        List<String> configure = Files.readAllLines(configureLog);
        Path svnSimple = cacheFile().getParent();
        Path index = install.state().resolve("svn-auth.index");
        assertForcedAroundRename(configure, cacheFile(), svnSimple);
        assertForcedAroundRename(configure, index, install.state());
        List<String> remove = Files.readAllLines(removeLog);
        int unlink = indexOf(remove, l -> l.matches(".*unlink(at)?\\(.*\"" + java.util.regex.Pattern.quote(cacheFile()
                .toString()) + "\".*= 0"));
        assertThat(unlink).as("the entry was deleted:\n" + String.join("\n", remove)).isNotNegative();
        assertThat(remove.subList(unlink, remove.size())).as("the deletion was made durable")
                .anyMatch(l -> l.contains("fsync(") && l.contains("<" + svnSimple + ">"));
    }

    private Proc.Result strace(Path log, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("strace", "-f", "-y", "-qq", "-o", log.toString(), "-e",
                "trace=fsync,fdatasync,rename,renameat,renameat2,unlink,unlinkat",
                install.root().resolve("bin/vcstoken").toString()));
        cmd.addAll(List.of(args));
        return Proc.run(cmd, install.env(), dir, "", Duration.ofSeconds(120));
    }

    /** fsync of the temporary file before its rename onto {@code target}, and of {@code dir} after it. */
    private static void assertForcedAroundRename(List<String> log, Path target, Path dir) {
        String all = String.join("\n", log);
        int rename = indexOf(log, l -> l.contains("rename") && l.contains(", \"" + target + "\"") && l.endsWith("= 0"));
        assertThat(rename).as("a rename onto " + target + ":\n" + all).isNotNegative();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([^\"]+)\", (AT_FDCWD[^,]*, )?\"" + java.util.regex.Pattern
                .quote(target.toString()) + "\"").matcher(log.get(rename));
        assertThat(m.find()).as(log.get(rename)).isTrue();
        String tmp = m.group(1);
        assertThat(log.subList(0, rename)).as("the content of " + tmp + " was forced before the rename")
                .anyMatch(l -> l.contains("fsync(") && l.contains("<" + tmp + ">"));
        assertThat(log.subList(rename, log.size())).as("the directory " + dir + " was forced after the rename")
                .anyMatch(l -> l.contains("fsync(") && l.contains("<" + dir + ">"));
    }

    private static int indexOf(List<String> lines, java.util.function.Predicate<String> p) {
        for (int i = 0; i < lines.size(); i++) {
            if (p.test(lines.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void unconfigureRemovesOnlyTheEntriesVcstokenWrote() throws Exception {
        IssuedToken wide = sandbox.addToken("alice", "token_role_vcs", -1, "wide", null);
        install.addToken(url, "alice", wide.token());
        ok(install.vcstoken("", "configure", "--svn", "--svn-url", url + "/team/app"));
        String theirRealm = "<https://svn.example.org:443> Their server";
        SvnAuthCache cache = SvnAuthCache.inConfigDir(install.home().resolve(".subversion"));
        cache.write(theirRealm, SvnAuthCache.encode(theirRealm, "alice", "their-password"));

        Proc.Result un = ok(install.vcstoken("", "unconfigure", "--svn"));

        assertThat(cacheFile()).doesNotExist();
        assertThat(cache.fileFor(theirRealm)).exists();
        assertThat(un.out()).contains("svn: removed");
        assertThat(ok(install.vcstoken("", "unconfigure", "--svn")).out()).contains("svn: nothing to remove");
    }

    @Test
    void withoutAServerWideTokenConfigureSaysWhatToStoreAndPromptsNobody() throws Exception {
        Proc.Result configured = install.vcstoken("", "configure", "--svn", "--svn-url", url + "/team/app");

        assertThat(configured.err()).contains("no usable token for " + url, "vcstoken token add " + url);
        assertThat(cacheFile()).doesNotExist();
    }

    @Test
    void vcstokenSvnGivesEachRepositoryItsOwnTokenAndCachesNothing() throws Exception {
        IssuedToken app = sandbox.addToken("alice", "token_role_vcs", -1, "app", "team/app");
        IssuedToken lib = sandbox.addToken("alice", "token_role_vcs", -1, "lib", "team/lib");
        install.addToken(url + "/team/app", "alice", app.token());
        install.addToken(url + "/team/lib", "alice", lib.token());
        install.with("VCSTOKEN_TRACE", dir.resolve("trace.log").toString());

        ok(vcstokenSvn(dir, "checkout", url + "/team/app", "app"));
        ok(vcstokenSvn(dir, "checkout", url + "/team/lib/", "lib"));
        Files.writeString(dir.resolve("app/a.txt"), "a\n");
        Files.writeString(dir.resolve("lib/l.txt"), "l\n");
        ok(vcstokenSvn(dir.resolve("app"), "add", "a.txt"));
        ok(vcstokenSvn(dir.resolve("lib"), "add", "l.txt"));
        // No URL in the arguments: the working copy's own URL picks the token.
        Proc.Result commitApp = ok(vcstokenSvn(dir.resolve("app"), "commit", "-m", "app change"));
        Proc.Result commitLib = ok(vcstokenSvn(dir, "commit", "-m", "lib change", "lib"));

        assertThat(commitApp.out()).contains("Committed revision 1");
        assertThat(commitLib.out()).contains("Committed revision 1");
        String trace = Files.readString(dir.resolve("trace.log"));
        assertThat(trace).contains("(repo team/app)", "(repo team/lib)").doesNotContain(app.token(), lib.token());
        assertThat(install.home().resolve(".subversion/auth/svn.simple")).satisfiesAnyOf(
                p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
        String list = ok(install.vcstoken("", "token", "list", "--json")).out();
        assertThat(list).doesNotContain("\"confirmed\" : null");
    }

    @Test
    void vcstokenSvnRetriesOnceWithTheNextTokenWhenTheServerRefusesOne() throws Exception {
        IssuedToken app = sandbox.addToken("alice", "token_role_vcs", -1, "app", "team/app");
        IssuedToken wide = sandbox.addToken("alice", "token_role_vcs", -1, "wide", null);
        String appId = install.addToken(url + "/team/app", "alice", app.token());
        install.addToken(url, "alice", wide.token());
        sandbox.deleteToken(app.id());

        Proc.Result checkout = ok(vcstokenSvn(dir, "checkout", url + "/team/app", "app"));

        assertThat(checkout.err()).contains("the server refused token " + appId).doesNotContain("E215004");
        String list = ok(install.vcstoken("", "token", "list")).out();
        assertThat(list.lines().filter(l -> l.startsWith(appId)).findFirst().orElseThrow()).endsWith("rejected");
    }

    @Test
    void vcstokenSvnPassesSvnsOwnFailureAndExitStatusThrough() throws Exception {
        IssuedToken app = sandbox.addToken("alice", "token_role_vcs", -1, "app", "team/app");
        install.addToken(url + "/team/app", "alice", app.token());

        Proc.Result missing = vcstokenSvn(dir, "cat", url + "/team/app/no-such-file");
        Proc.Result direct = svn(dir, "--username", "alice", "--password", app.token(), "--no-auth-cache", "cat",
                url + "/team/app/no-such-file");

        assertThat(missing.exit()).isEqualTo(direct.exit()).isNotZero();
        assertThat(missing.err()).isEqualTo(direct.err());
    }

    @Test
    void theHelpSaysWhereTheTokenGoesAndWhenSvnRunsAsGiven() throws Exception {
        Proc.Result help = ok(install.vcstoken("", "svn", "--help"));

        assertThat(help.out()).contains("--config-dir", "target server's realm only", "svn:externals",
                "svn runs exactly as given");
    }

    /**
     * svn:externals can name any server; credentials on svn's command line went to each. The token
     * is cached for its own server's realm only, so another server never sees it, and that
     * server's refusal does not get the token marked rejected. Standard input reaches svn.
     */
    @Test
    void theTokenReachesOnlyItsOwnServerNeverAnExternalsHostAndStandardInputPassesThrough() throws Exception {
        IssuedToken app = sandbox.addToken("alice", "token_role_vcs", -1, "app", "team/app");
        String appId = install.addToken(url + "/team/app", "alice", app.token());
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer other = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        other.createContext("/", ex -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            seen.add(auth == null ? "" : auth);
            ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"elsewhere\"");
            ex.sendResponseHeaders(401, -1);
            ex.close();
        });
        other.start();
        try {
            Path wc = dir.resolve("wc");
            ok(vcstokenSvn(dir, "checkout", url + "/team/app", wc.toString()));
            ok(vcstokenSvn(wc, "propset", "svn:externals", "http://127.0.0.1:" + other.getAddress().getPort()
                    + "/lib ext", "."));
            Proc.Result commit = Proc.run(List.of(install.root().resolve("bin/vcstoken").toString(), "svn", "commit",
                    "-F", "-"), install.env(), wc, "externals from stdin\n", Duration.ofSeconds(90));
            ok(commit);

            Proc.Result checkout = vcstokenSvn(dir, "checkout", url + "/team/app", "again");

            assertThat(checkout.out()).contains("Checked out revision 1");
            assertThat(seen).as("the externals host was asked").isNotEmpty();
            String basic = java.util.Base64.getEncoder().encodeToString(("alice:" + app.token())
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(seen).as("and never sent the token").noneMatch(h -> h.contains(basic));
            assertThat(ok(svn(dir, "log", "--username", "alice", "--password", app.token(), "--no-auth-cache",
                    url + "/team/app")).out()).contains("externals from stdin");
            String list = ok(install.vcstoken("", "token", "list")).out();
            assertThat(list.lines().filter(l -> l.startsWith(appId)).findFirst().orElseThrow()).doesNotEndWith("rejected");
            try (var left = Files.list(install.state())) {
                assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("svn-run-"));
            }
        } finally {
            other.stop(0);
        }
    }

    /** svn's text may quote a file name such as E215004.txt: only the server's refusal counts. */
    @Test
    void anAuthenticationErrorCodeInSvnsTextDoesNotGetAGoodTokenRejected() throws Exception {
        IssuedToken app = sandbox.addToken("alice", "token_role_vcs", -1, "app", "team/app");
        String appId = install.addToken(url + "/team/app", "alice", app.token());

        Proc.Result missing = vcstokenSvn(dir, "cat", url + "/team/app/E215004.txt");
        Proc.Result own = vcstokenSvn(dir, "ls", "--username", "bob", url + "/team/app");

        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).as("the token worked: svn got as far as looking for the file")
                .contains("E215004.txt").doesNotContain("svn: E215004:").doesNotContain("vcstoken: error");
        assertThat(own.exit()).as("svn as given: bob has no password and nobody is prompted").isNotZero();
        assertThat(own.err()).contains("svn: E215004:");
        String list = ok(install.vcstoken("", "token", "list")).out();
        assertThat(list.lines().filter(l -> l.startsWith(appId)).findFirst().orElseThrow()).doesNotEndWith("rejected");
    }

    @Test
    void noProcessEverHasTheTokenInItsArgumentsOrEnvironment() throws Exception {
        IssuedToken app = sandbox.addToken("alice", "token_role_vcs", -1, "app", "team/app");
        install.addToken(url + "/team/app", "alice", app.token());
        // Enough files that svn's checkout lasts long enough to be seen.
        Path seed = dir.resolve("seed");
        ok(vcstokenSvn(dir, "checkout", url + "/team/app", seed.toString()));
        for (int i = 0; i < 200; i++) {
            Files.writeString(seed.resolve("f" + i + ".txt"), "line " + i + "\n");
        }
        ok(vcstokenSvn(seed, "add", "--force", "."));
        ok(vcstokenSvn(seed, "commit", "-m", "many files"));

        byte[] token = app.token().getBytes(StandardCharsets.UTF_8);
        int svnSeen = 0;
        for (int run = 0; run < 5 && svnSeen == 0; run++) {
            List<String> cmd = List.of(install.root().resolve("bin/vcstoken").toString(), "svn", "checkout",
                    url + "/team/app", dir.resolve("co" + run).toString());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().clear();
            pb.environment().putAll(install.env());
            Process p = pb.start();
            CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> drain(p));
            // Busy polling rather than sleeping: every process below the wrapper, as often as possible.
            while (p.isAlive()) {
                for (ProcessHandle h : p.descendants().toList()) {
                    Map<String, byte[]> proc = procFiles(h.pid());
                    byte[] cmdline = proc.get("cmdline");
                    // argv[0] is svn as found on PATH (vcstoken runs the path, not the bare name).
                    String program = cmdline == null ? "" : new String(cmdline, StandardCharsets.UTF_8).split("\0", 2)[0];
                    if (program.equals("svn") || program.endsWith("/svn")) {
                        svnSeen++;
                    }
                    for (Map.Entry<String, byte[]> e : proc.entrySet()) {
                        assertThat(indexOf(e.getValue(), token)).as("/proc/" + h.pid() + "/" + e.getKey()).isEqualTo(-1);
                    }
                }
            }
            assertThat(p.waitFor()).as(new String(output.join(), StandardCharsets.UTF_8)).isZero();
        }
        assertThat(svnSeen).as("the svn child was observed while it ran").isPositive();
    }

    private static byte[] drain(Process p) {
        try (var in = p.getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** cmdline and environ of a process; a process that already exited has none. */
    private static Map<String, byte[]> procFiles(long pid) {
        Map<String, byte[]> files = new java.util.HashMap<>();
        for (String name : List.of("cmdline", "environ")) {
            try {
                files.put(name, Files.readAllBytes(Path.of("/proc", Long.toString(pid), name)));
            } catch (IOException e) {
                // The process ended between listing and reading: it has nothing left to leak.
                files.remove(name);
            }
        }
        return files;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
