package org.vcstoken.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.sandbox.gitlab.GitLabOptions;
import org.vcstoken.sandbox.gitlab.GitLabSandbox;
import org.vcstoken.sandbox.gitlab.IssuedGitLabToken;
import org.vcstoken.sandbox.gitlab.TokenView;
import org.vcstoken.testing.Proc;
import org.vcstoken.testing.TestInstall;
import org.vcstoken.testing.Tools;

/**
 * The GitLab family end to end: the real git and the installed helper against the GitLab
 * sandbox. alice owns alice/app (Maintainer rights: project access tokens); bob is a Developer
 * there (GitLab refuses him project tokens). A person's answers come from an askpass program
 * that logs each question, and the browser is a program that logs the page it was asked to open.
 */
class GitLabEndToEndTest {
    @TempDir
    Path dir;
    GitLabSandbox gl;
    TestInstall install;
    String url;
    Path askpassLog;
    Path browserLog;

    @BeforeAll
    static void needsGit() {
        Tools.require("git");
    }

    @AfterEach
    void tearDown() {
        if (gl != null) {
            gl.close();
        }
    }

    /** The sandbox imitating GitLab {@code version}, and vcstoken set up for {@code user}. */
    private void start(String version, String user) throws Exception {
        gl = GitLabSandbox.start(GitLabOptions.defaults(dir.resolve("gitlab")).withVersion(version));
        url = gl.url().toString();
        gl.createUser("alice", "alice-password-1");
        gl.createUser("bob", "bob-password-22");
        gl.createProject("alice/app", "git", "alice", "private");
        gl.createProject("alice/other", "git", "alice", "private");
        gl.addMember("alice/app", "bob", 30);
        install = TestInstall.in(dir.resolve("client"));
        install.with("VCSTOKEN_TRACE", dir.resolve("trace.log").toString());
        askpassLog = dir.resolve("askpass.log");
        browserLog = dir.resolve("browser.log");
        Path browser = dir.resolve("browser.sh");
        Files.writeString(browser, "#!/bin/sh\nprintf '%s\\n' \"$1\" >> '" + browserLog + "'\n");
        Files.setPosixFilePermissions(browser, PosixFilePermissions.fromString("rwx------"));
        install.with("BROWSER", browser.toString());
        Proc.Result added = install.vcstoken("", "server", "add", url, "--user", user);
        assertThat(added.exit()).as(added.toString()).isZero();
        assertThat(added.out()).contains("detected kind gitlab");
        Proc.Result configured = install.vcstoken("", "configure", "--git");
        assertThat(configured.exit()).as(configured.toString()).isZero();
    }

    /** An askpass program answering vcstoken's questions; every question is logged. */
    private void askpass(String apiToken, String vcsToken) throws Exception {
        Path api = dir.resolve("api-token");
        Files.writeString(api, (apiToken == null ? "" : apiToken) + "\n");
        Path vcs = dir.resolve("vcs-token");
        Files.writeString(vcs, (vcsToken == null ? "" : vcsToken) + "\n");
        Path script = dir.resolve("askpass.sh");
        Files.writeString(script, "#!/bin/sh\n"
                + "printf '%s\\n' \"$1\" >> '" + askpassLog + "'\n"
                + "case \"$1\" in\n"
                + "  *'Paste the new API token'*) cat '" + api + "' ;;\n"
                + "  *'Paste the new token'*) cat '" + vcs + "' ;;\n"
                + "  *lifetime*) echo 30d ;;\n"
                + "  *) exit 1 ;;\n"
                + "esac\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        install.with("GIT_ASKPASS", script.toString());
    }

    private List<String> questions() throws Exception {
        return Files.exists(askpassLog) ? Files.readAllLines(askpassLog) : List.of();
    }

    /** Stores {@code user}'s API token the way a person does: {@code vcstoken login URL}, pasting it. */
    private IssuedGitLabToken login(String user) throws Exception {
        IssuedGitLabToken api = gl.addPersonalToken(user, "vcstoken API", List.of("api"), gl.today().plusDays(90));
        askpass(api.token(), null);
        Proc.Result login = install.vcstoken("", "login", url);
        assertThat(login.exit()).as(login.toString()).isZero();
        return api;
    }

    private List<TokenView> live(String project) {
        return gl.projectTokens(project).stream().filter(TokenView::active).toList();
    }

    private String storeJson() throws Exception {
        return install.vcstoken("", "token", "list", "--json").out();
    }

    @Test
    void serverAddTakesGitLabsDefaultLifetimeAndRefusesOneBeyondAYearWithTheReason() throws Exception {
        start("17.9", "alice");

        Proc.Result list = install.vcstoken("", "server", "list");
        Proc.Result tooLong = install.vcstoken("", "server", "add", url, "--lifetime", "400d");

        assertThat(list.out()).contains("gitlab").contains("30d");
        assertThat(tooLong.exit()).isNotZero();
        assertThat(tooLong.err()).contains("GitLab caps token lifetimes at 365 days").contains("365d");
    }

    @Test
    void loginOpensThePrefilledPageChecksThePastedTokenAndStoresItWithGitLabsExpiry() throws Exception {
        start("17.9", "alice");
        IssuedGitLabToken notForApi = gl.addPersonalToken("alice", "git only", List.of("read_repository"),
                gl.today().plusDays(90));
        askpass(notForApi.token(), null);

        Proc.Result refused = install.vcstoken("", "login", url);

        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err()).contains("not usable as an API token").contains("read_repository")
                .doesNotContain(notForApi.token());
        assertThat(storeJson()).doesNotContain("\"role\" : \"api\"");

        IssuedGitLabToken api = login("alice");

        assertThat(Files.readString(browserLog)).contains(url + "/-/user_settings/personal_access_tokens?name=vcstoken"
                + "+API+").contains("&scopes=api");
        String expiry = gl.today().plusDays(90) + "T00:00:00Z";
        assertThat(storeJson()).contains("\"role\" : \"api\"", "\"expires\" : \"" + expiry + "\"");
        assertThat(Files.readString(install.storeFile())).contains("personal/" + api.id());
    }

    @Test
    void theFirstCloneCreatesAProjectTokenForExactlyThatProjectWithNoQuestionAsked() throws Exception {
        start("17.9", "alice");
        login("alice");
        int asked = questions().size();

        Proc.Result clone = install.git(dir, null, "clone", url + "/alice/app.git", "app");

        assertThat(clone.exit()).as(clone.toString()).isZero();
        assertThat(questions()).as("no question").hasSize(asked);
        assertThat(clone.err()).contains("created token").contains("alice/app");
        assertThat(live("alice/app")).singleElement().satisfies(t -> {
            assertThat(t.accessLevel()).isEqualTo(30);
            assertThat(t.scopes()).containsExactly("read_repository", "write_repository");
            assertThat(t.expiresAt()).isEqualTo(gl.today().plusDays(30));
        });
        assertThat(live("alice/other")).isEmpty();
        assertThat(storeJson()).contains("\"scope\" : \"alice/app\"", "\"origin\" : \"created\"",
                "\"expires\" : \"" + gl.today().plusDays(30) + "T00:00:00Z\"");
        Proc.Result fetch = install.git(dir.resolve("app"), null, "fetch");
        assertThat(fetch.exit()).as(fetch.toString()).isZero();
        assertThat(live("alice/app")).as("the stored token is used, no second one").hasSize(1);
        assertNoSecretOnDiskOutsideTheStore();
    }

    @Test
    void sixteenParallelAsksCreateExactlyOneProjectToken() throws Exception {
        start("17.9", "alice");
        login("alice");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Proc.Result>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> install.git(dir, "url=" + url + "/alice/app.git\n\n", "credential",
                        "fill")));
            }
            List<String> passwords = new ArrayList<>();
            for (Future<Proc.Result> r : results) {
                Proc.Result filled = r.get();
                assertThat(filled.exit()).as(filled.toString()).isZero();
                passwords.add(filled.out().lines().filter(l -> l.startsWith("password=")).findFirst().orElseThrow());
            }
            assertThat(passwords).containsOnly(passwords.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertThat(gl.projectTokens("alice/app")).as("one token on the server, live").singleElement()
                .satisfies(t -> assertThat(t.active()).isTrue());
    }

    @Test
    void aDeveloperIsToldWhyInOneLineAndGuidedToAServerWideToken() throws Exception {
        start("17.9", "bob");
        login("bob");
        IssuedGitLabToken pat = gl.addPersonalToken("bob", "made by hand", List.of("read_repository",
                "write_repository"), gl.today().plusDays(30));
        askpass(null, pat.token());

        Proc.Result clone = install.git(dir, null, "clone", url + "/alice/app.git", "app");

        assertThat(clone.exit()).as(clone.toString()).isZero();
        assertThat(clone.err().lines().filter(l -> l.contains("with the API token")))
                .containsExactly("vcstoken: warning: cannot create a token for " + url + " repository alice/app with the "
                        + "API token: GitLab answered 400: User does not have permission to create project access token, "
                        + "and GitLab 17.9.0 has no fine-grained personal tokens to limit one to the project (19.2 and "
                        + "later)");
        assertThat(questions()).anyMatch(q -> q.contains("Paste the new token")).noneMatch(q -> q.contains("limit"));
        assertThat(Files.readString(browserLog)).contains("&scopes=read_repository,write_repository");
        assertThat(gl.projectTokens("alice/app")).isEmpty();
        assertThat(storeJson()).contains("\"scope\" : null", "\"origin\" : \"manual\"");
    }

    @Test
    void aDeveloperOnGitLab19Point2GetsAFineGrainedTokenLimitedToTheProjectWithNoQuestion() throws Exception {
        start("19.2", "bob");
        login("bob");
        int asked = questions().size();

        Proc.Result clone = install.git(dir, null, "clone", url + "/alice/app.git", "app");

        assertThat(clone.exit()).as(clone.toString()).isZero();
        assertThat(questions()).hasSize(asked);
        assertThat(clone.err()).doesNotContain("vcstoken: warning");
        assertThat(gl.personalTokens("bob")).filteredOn(TokenView::active).hasSize(2);
        assertThat(storeJson()).contains("\"scope\" : \"alice/app\"", "\"origin\" : \"created\"");
    }

    @Test
    void inCiADeveloperGetsOneLineWhyAndQuitInsteadOfAPrompt() throws Exception {
        start("17.9", "bob");
        login("bob");
        install.with("CI", "true");
        int asked = questions().size();

        Proc.Result get = Proc.run(List.of(install.helper(), "get"), install.env(), dir,
                "protocol=http\nhost=" + gl.url().getAuthority() + "\npath=alice/app.git\n\n", Duration.ofSeconds(60));

        assertThat(get.out()).isEqualTo("quit=1\n");
        assertThat(get.err().lines()).hasSize(2);
        assertThat(get.err()).contains("User does not have permission to create project access token")
                .contains("vcstoken: error: no usable token for " + url + " repository alice/app", "CI=true");
        assertThat(questions()).hasSize(asked);
        Proc.Result clone = install.git(dir, null, "clone", url + "/alice/app.git", "app");
        assertThat(clone.exit()).isNotZero();
        assertThat(questions()).hasSize(asked);
    }

    @Test
    void aTokenInsideItsRenewWindowIsRotatedByAFetchThatAlreadyUsesTheNewOne() throws Exception {
        start("17.9", "alice");
        login("alice");
        assertThat(install.git(dir, null, "clone", url + "/alice/app.git", "app").exit()).isZero();
        TokenView first = live("alice/app").get(0);
        String before = Files.readString(install.storeFile());

        // 28 days on, for GitLab and for vcstoken: two days before the token's date, inside its window.
        Duration later = Duration.ofDays(28);
        gl.setTime(Instant.now().plus(later));
        install.with("VCSTOKEN_CLOCK_OFFSET", Long.toString(later.toSeconds()));
        Proc.Result fetch = install.git(dir.resolve("app"), null, "fetch");

        assertThat(fetch.exit()).as(fetch.toString()).isZero();
        assertThat(fetch.err()).contains("renewed token");
        assertThat(fetch.err().lines().filter(l -> l.contains("warning") && !l.contains("VCSTOKEN_CLOCK_OFFSET")))
                .as("no warning but the test clock's").isEmpty();
        List<TokenView> tokens = gl.projectTokens("alice/app");
        assertThat(tokens).hasSize(2);
        assertThat(gl.token(first.id()).orElseThrow().revoked()).isTrue();
        TokenView next = tokens.get(1);
        assertThat(next.active()).isTrue();
        assertThat(next.previousId()).isEqualTo(first.id());
        assertThat(next.expiresAt()).isEqualTo(gl.today().plusDays(30));
        String after = Files.readString(install.storeFile());
        assertThat(after).isNotEqualTo(before).contains("/" + next.id() + "\"");
        assertThat(secretOf(after)).isNotEqualTo(secretOf(before));
        // The old secret is revoked: the fetch could only have worked with the new one, and so does the next.
        assertThat(install.git(dir.resolve("app"), null, "fetch").exit()).isZero();
        assertThat(gl.projectTokens("alice/app")).hasSize(2);
    }

    @Test
    void theApiTokenRenewsItselfWhenItIsUsedInsideItsOwnWindow() throws Exception {
        start("17.9", "alice");
        IssuedGitLabToken api = gl.addPersonalToken("alice", "vcstoken API", List.of("api"), gl.today().plusDays(30));
        askpass(api.token(), null);
        assertThat(install.vcstoken("", "login", url).exit()).isZero();
        Duration later = Duration.ofDays(28);
        gl.setTime(Instant.now().plus(later));
        install.with("VCSTOKEN_CLOCK_OFFSET", Long.toString(later.toSeconds()));

        Proc.Result clone = install.git(dir, null, "clone", url + "/alice/app.git", "app");

        assertThat(clone.exit()).as(clone.toString()).isZero();
        assertThat(gl.token(api.id()).orElseThrow().revoked()).isTrue();
        assertThat(gl.personalTokens("alice")).filteredOn(t -> t.previousId() != null && t.previousId() == api.id())
                .singleElement().satisfies(t -> {
                    assertThat(t.active()).isTrue();
                    assertThat(t.expiresAt()).isEqualTo(gl.today().plusDays(30));
                });
        assertThat(storeJson()).contains("\"role\" : \"api\"", "\"expires\" : \"" + gl.today().plusDays(30)
                + "T00:00:00Z\"");
        assertThat(live("alice/app")).hasSize(1);
    }

    @Test
    void tokenCheckMarksATokenRevokedOnGitLabAndTheNextFetchReplacesItWithNoQuestion() throws Exception {
        start("17.9", "alice");
        login("alice");
        assertThat(install.git(dir, null, "clone", url + "/alice/app.git", "app").exit()).isZero();
        TokenView first = live("alice/app").get(0);
        gl.revokeToken(first.id());
        int asked = questions().size();

        Proc.Result doctor = install.vcstoken("", "doctor", url);
        assertThat(doctor.out()).contains("(repo alice/app, user alice): refused by the server on alice/app")
                .contains("(API token, user alice): accepted by the server");
        Proc.Result check = install.vcstoken("", "token", "check");

        assertThat(check.exit()).as(check.toString()).isZero();
        assertThat(check.out()).containsPattern("token \\w+ for " + Pattern.quote(url)
                + ": refused by the server \\(revoked, expired or deleted\\); marked rejected");
        assertThat(check.out()).containsPattern("token \\w+ for " + Pattern.quote(url) + ": ok");
        assertThat(storeJson()).contains("\"state\" : \"rejected\"");
        Proc.Result fetch = install.git(dir.resolve("app"), null, "fetch");
        assertThat(fetch.exit()).as(fetch.toString()).isZero();
        assertThat(questions()).hasSize(asked);
        assertThat(live("alice/app")).hasSize(1).noneMatch(t -> t.id() == first.id());
        assertThat(storeJson()).doesNotContain("\"state\" : \"rejected\"");
    }

    @Test
    void loginWithNoProfileFindsGitLabAndStoresTheApiTokenUnderAGitLabProfile() throws Exception {
        start("17.9", "alice");
        assertThat(install.vcstoken("", "server", "remove", url).exit()).isZero();
        IssuedGitLabToken api = gl.addPersonalToken("alice", "vcstoken API", List.of("api"), gl.today().plusDays(90));
        askpass(api.token(), null);

        Proc.Result login = install.vcstoken("", "login", url, "--user", "alice");

        assertThat(login.exit()).as(login.toString()).isZero();
        assertThat(login.out()).contains("detected kind gitlab").contains("stored API token");
        Proc.Result servers = install.vcstoken("", "server", "list", "--json");
        assertThat(servers.out()).contains("\"kind\" : \"gitlab\"");
        assertThat(install.git(dir, null, "clone", url + "/alice/app.git", "app").exit()).isZero();
        assertThat(live("alice/app")).hasSize(1);
    }

    @Test
    void tokenCheckMarksARevokedApiTokenEvenThoughItCanNoLongerListTheAccountsTokens() throws Exception {
        start("17.9", "alice");
        IssuedGitLabToken api = login("alice");
        assertThat(install.git(dir, null, "clone", url + "/alice/app.git", "app").exit()).isZero();
        gl.revokeToken(api.id());

        Proc.Result check = install.vcstoken("", "token", "check");

        // The listing needs the API token, which GitLab now refuses: each token is checked on its own.
        assertThat(check.err()).contains("checking each token on its own");
        assertThat(check.out()).containsPattern("token \\w+ for " + Pattern.quote(url)
                + ": refused by the server \\(revoked, expired or deleted\\); marked rejected");
        assertThat(check.out()).containsPattern("token \\w+ for " + Pattern.quote(url) + ": ok");
        assertThat(check.exit()).as(check.toString()).isZero();
        assertThat(storeJson()).contains("\"state\" : \"rejected\"");
    }

    @Test
    void inAGitLabCiJobTheJobTokenClonesFromItsOwnServerAndIsNeverStored() throws Exception {
        gl = GitLabSandbox.start(GitLabOptions.defaults(dir.resolve("gitlab")));
        url = gl.url().toString();
        gl.createUser("alice", "alice-password-1");
        gl.createProject("alice/app", "git", "alice", "private");
        // The sandbox has no CI job tokens; a personal token stands in, as GitLab ignores the user
        // name for those and so takes it with gitlab-ci-token.
        IssuedGitLabToken job = gl.addPersonalToken("alice", "job", List.of("read_repository"), gl.today().plusDays(1));
        install = TestInstall.in(dir.resolve("client"));
        install.with("VCSTOKEN_TRACE", dir.resolve("trace.log").toString());
        install.with("CI", "true").with("GITLAB_CI", "true").with("CI_JOB_TOKEN", job.token())
                .with("CI_SERVER_URL", url);

        // No server profile, no configuration file: the job enables the helper for its shell only.
        Proc.Result clone = Proc.run(List.of("/bin/sh", "-c", "eval \"$(vcstoken env --ci)\" && git clone \"$1\" app"
                + " && git credential fill <<EOF\nurl=$1\n\nEOF", "sh", url + "/alice/app.git"), install.env(), dir,
                null, Duration.ofSeconds(120));

        assertThat(clone.exit()).as(clone.toString()).isZero();
        assertThat(dir.resolve("app/.git")).isDirectory();
        assertThat(clone.out()).contains("username=gitlab-ci-token");
        assertThat(Files.exists(install.storeFile())).isFalse();
        assertThat(Files.readString(dir.resolve("trace.log"))).doesNotContain(job.token()).contains("CI_JOB_TOKEN");
        Proc.Result elsewhere = Proc.run(List.of(install.helper(), "get"), install.env(), dir,
                "protocol=https\nhost=elsewhere.example\npath=alice/app.git\n\n", Duration.ofSeconds(60));
        assertThat(elsewhere.out()).doesNotContain(job.token());
    }

    private static String secretOf(String storeJson) {
        Matcher m = Pattern.compile("\"secret\" ?: ?\"([^\"]+)\"").matcher(storeJson);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return String.join(",", found);
    }

    /** No file but the store holds a token: not git's config, not the trace, not the askpass log. */
    private void assertNoSecretOnDiskOutsideTheStore() throws Exception {
        String store = Files.readString(install.storeFile());
        Matcher m = Pattern.compile("glpat-[A-Za-z0-9_-]{20}").matcher(store);
        List<String> secrets = new ArrayList<>();
        while (m.find()) {
            secrets.add(m.group());
        }
        assertThat(secrets).isNotEmpty();
        try (Stream<Path> files = Files.walk(install.root())) {
            for (Path f : files.filter(Files::isRegularFile).filter(p -> !p.equals(install.storeFile())).toList()) {
                String text = Files.readString(f, StandardCharsets.ISO_8859_1);
                for (String s : secrets) {
                    assertThat(text).as(f.toString()).doesNotContain(s);
                }
            }
        }
        String trace = Files.readString(dir.resolve("trace.log"));
        for (String s : secrets) {
            assertThat(trace).doesNotContain(s);
        }
    }
}
