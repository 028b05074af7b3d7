package org.vcstoken.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same rules through the real svn client, the sandbox and Apache mod_dav_svn. */
class SvnContractTest {
  @TempDir
  static Path data;
  static Sandbox sandbox;
  @TempDir
  Path work;

  @BeforeAll
  static void start() throws IOException {
    sandbox = Sandbox.start(SandboxOptions.defaults(data).withAuthCacheTtl(Duration.ZERO));
    sandbox.createUser("alice", "alice-pw");
    sandbox.createUser("bob", "bob-pw");
    if (sandbox.svnAvailable()) {
      sandbox.createRepo("grp/svnapp", "svn", "alice");
      sandbox.grant("grp/svnapp", "bob", "repository.read");
    }
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @BeforeEach
  void needSvn() {
    Tools.requireSvn(sandbox);
  }

  private String repoUrl(String name) {
    return sandbox.url() + "/" + name;
  }

  @Test
  void ownerChecksOutAndCommitsAsThemselves() throws IOException {
    String token = sandbox.addToken("alice", "token_role_vcs", -1, "", null).token();
    Path wc = work.resolve("wc");
    Cli.svn(work, work, "alice", token, "checkout", repoUrl("grp/svnapp"), wc.toString()).assertOk();
    Files.writeString(wc.resolve("f" + System.nanoTime() + ".txt"), "x");
    Cli.svn(wc, work, "alice", token, "add", "--force", ".").assertOk();
    assertThat(Cli.svn(wc, work, "alice", token, "commit", "-m", "by alice").assertOk().out())
        .contains("Committed revision");
    Cli.svn(wc, work, "alice", token, "update").assertOk();
    // svn:author is the authenticated RhodeCode user, set through Apache's own auth.
    assertThat(Cli.svn(wc, work, "alice", token, "log", "-l", "1").assertOk().out()).contains("| alice |");
  }

  @Test
  void aRepositoryIsAlsoServedByItsIdWithItsScopeEnforced() throws IOException {
    IssuedToken scoped = sandbox.addToken("alice", "token_role_vcs", -1, "", "grp/svnapp");
    String byId = sandbox.url() + "/_" + sandbox.repoId("grp/svnapp");
    Path wc = work.resolve("byid");

    Cli.svn(work, work, "alice", scoped.token(), "checkout", byId, wc.toString()).assertOk();
    Files.writeString(wc.resolve("by-id.txt"), "x");
    Cli.svn(wc, work, "alice", scoped.token(), "add", "by-id.txt").assertOk();
    assertThat(Cli.svn(wc, work, "alice", scoped.token(), "commit", "-m", "by id").assertOk().out())
        .contains("Committed revision");
    assertThat(Cli.svn(work, work, "alice", scoped.token(), "ls", repoUrl("grp/svnapp")).assertOk().out())
        .contains("by-id.txt");
    assertThat(Cli.svn(work, work, "alice", "f".repeat(40), "ls", byId).exit()).isNotZero();
  }

  @Test
  void wrongOrExpiredTokenFailsAuthentication() {
    Cli.Result wrong = Cli.svn(work, work, "alice", "e".repeat(40), "ls", repoUrl("grp/svnapp"));
    assertThat(wrong.exit()).isNotZero();
    assertThat(wrong.out()).containsAnyOf("E170013", "E215004", "E170001");
    IssuedToken t = sandbox.addToken("alice", "token_role_vcs", 60, "", "grp/svnapp");
    Cli.svn(work, work, "alice", t.token(), "ls", repoUrl("grp/svnapp")).assertOk();
    Instant before = sandbox.now();
    try {
      sandbox.setTime(before.plus(Duration.ofMinutes(61)));
      assertThat(Cli.svn(work, work, "alice", t.token(), "ls", repoUrl("grp/svnapp")).exit()).isNotZero();
    } finally {
      sandbox.setTime(before);
    }
  }

  @Test
  void readOnlyUserCanCheckoutButCommitIs403() throws IOException {
    String token = sandbox.addToken("bob", "token_role_vcs", -1, "", null).token();
    Path wc = work.resolve("bob");
    Cli.svn(work, work, "bob", token, "checkout", repoUrl("grp/svnapp"), wc.toString()).assertOk();
    Files.writeString(wc.resolve("bob.txt"), "b");
    Cli.svn(wc, work, "bob", token, "add", "bob.txt").assertOk();
    Cli.Result commit = Cli.svn(wc, work, "bob", token, "commit", "-m", "by bob");
    assertThat(commit.exit()).isNotZero();
    assertThat(commit.out()).contains("forbidden"); // svn words a 403 this way (E175013)
  }

  @Test
  void subPathCheckoutMapsToTheLongestRepoPrefix() throws IOException {
    String token = sandbox.addToken("alice", "token_role_vcs", -1, "", null).token();
    Path wc = work.resolve("mk");
    Cli.svn(work, work, "alice", token, "mkdir", "--parents", "-m", "dirs", repoUrl("grp/svnapp/trunk/deep"))
        .assertOk();
    Cli.svn(work, work, "alice", token, "checkout", repoUrl("grp/svnapp/trunk"), wc.toString()).assertOk();
    assertThat(wc.resolve("deep")).isDirectory();
  }

  @Test
  void unknownRepoIs404AndKnownIs401() {
    HttpResponse<String> unknown = Http.send(Http.request(sandbox, "/grp/none/trunk")
        .method("PROPFIND", HttpRequest.BodyPublishers.noBody()));
    assertThat(unknown.statusCode()).isEqualTo(404);
    HttpResponse<String> known = Http.send(Http.request(sandbox, "/grp/svnapp/trunk")
        .method("PROPFIND", HttpRequest.BodyPublishers.noBody()));
    assertThat(known.statusCode()).isEqualTo(401);
    assertThat(known.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"RhodeCode\"");
  }

  @Test
  void reposCreatedWhileRunningAreServedAtOnce() {
    String token = sandbox.addToken("alice", "token_role_vcs", -1, "", null).token();
    for (String name : new String[] {"late/one", "late/two", "late3"}) {
      sandbox.createRepo(name, "svn", "alice");
      assertThat(Cli.svn(work, work, "alice", token, "info", repoUrl(name)).assertOk().out())
          .contains("Revision: 0");
    }
  }
}
