package org.vcstoken.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 20 parallel clones with 20 different tokens succeed; one bad token among them is the only failure. */
class LoadTest {
  @TempDir
  static Path data;
  static Sandbox sandbox;
  @TempDir
  Path work;

  @BeforeAll
  static void start() throws IOException {
    Tools.requireTool("git", "--version");
    sandbox = Sandbox.start(SandboxOptions.defaults(data).withAuthCacheTtl(Duration.ZERO));
    sandbox.createUser("owner", "pw");
    sandbox.createRepo("busy", "git", "owner");
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  void twentyParallelClonesAndOneBadToken() throws Exception {
    String seed = sandbox.addToken("owner", "token_role_vcs", -1, "seed", null).token();
    Path first = work.resolve("seed");
    Cli.git(work, work, "clone", Cli.url(sandbox, "owner", seed, "busy"), first.toString()).assertOk();
    Files.writeString(first.resolve("README"), "content");
    Cli.git(first, work, "add", "README").assertOk();
    Cli.git(first, work, "commit", "-m", "seed").assertOk();
    Cli.git(first, work, "push", "origin", "HEAD:refs/heads/master").assertOk();

    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sandbox.createUser("user" + i, "pw");
      sandbox.grant("busy", "user" + i, "repository.read");
      tokens.add(sandbox.addToken("user" + i, "token_role_vcs", -1, "load", null).token());
    }
    ExecutorService pool = Executors.newFixedThreadPool(21);
    try {
      List<Future<Cli.Result>> results = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String user = "user" + i;
        String token = tokens.get(i);
        Path dir = work.resolve("c" + i);
        results.add(pool.submit(() -> Cli.git(work, work, "clone", Cli.url(sandbox, user, token, "busy"), dir.toString())));
      }
      Future<Cli.Result> bad = pool.submit(() -> Cli.git(work, work, "clone",
          Cli.url(sandbox, "user0", "b".repeat(40), "busy"), work.resolve("bad").toString()));
      for (int i = 0; i < 20; i++) {
        results.get(i).get(120, TimeUnit.SECONDS).assertOk();
        assertThat(work.resolve("c" + i).resolve("README")).hasContent("content");
      }
      Cli.Result badResult = bad.get(120, TimeUnit.SECONDS);
      assertThat(badResult.exit()).isNotZero();
      assertThat(badResult.out()).contains("Authentication failed");
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }
}
