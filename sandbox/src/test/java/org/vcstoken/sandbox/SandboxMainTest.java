package org.vcstoken.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.sandbox.web.Edition;

/** The command line: argument errors, and a real process that stops on SIGTERM and keeps state. */
class SandboxMainTest {
  @TempDir
  Path dir;

  @Test
  void parsesOptions() {
    SandboxMain.Args a = SandboxMain.parse(new String[] {"--data", "/x", "--port=1234", "--realm", "Corp",
        "--auth-cache-ttl", "0", "--edition", "ce"});
    assertThat(a.options().dataDir()).isEqualTo(Path.of("/x"));
    assertThat(a.options().port()).isEqualTo(1234);
    assertThat(a.options().realm()).isEqualTo("Corp");
    assertThat(a.options().authCacheTtl()).isZero();
    assertThat(a.options().edition()).isEqualTo(Edition.CE);
    assertThat(SandboxMain.parse(new String[] {"--data", "/x", "--edition", "EE"}).options().edition())
        .isEqualTo(Edition.EE);
    assertThat(SandboxMain.parse(new String[] {"--data", "/x"}).options().edition())
        .as("the open-source edition by default").isEqualTo(Edition.CE);
    assertThat(SandboxMain.parse(new String[] {"--help"}).help()).isTrue();
  }

  @Test
  void theHelpOfEveryFlavorFitsEightyColumnsAndNamesEveryOption() {
    for (String[] argv : new String[][] {{"--help"}, {"--flavor", "gitlab", "--help"}}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int exit = SandboxMain.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));
      String help = out.toString(StandardCharsets.UTF_8);

      assertThat(exit).as(String.join(" ", argv)).isZero();
      assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
      assertThat(help).startsWith("usage: vcstoken-sandbox ");
      assertThat(help.lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(80));
    }
    ByteArrayOutputStream rhodecode = new ByteArrayOutputStream();
    SandboxMain.run(new String[] {"--help"}, new PrintStream(rhodecode, true, StandardCharsets.UTF_8), System.err);
    // Every option the parser takes is in the help; --flavor gitlab has a help of its own.
    assertThat(rhodecode.toString(StandardCharsets.UTF_8)).contains("--data DIR", "--port N", "--realm TEXT",
        "--auth-cache-ttl SECONDS", "--edition ce|ee", "--flavor NAME", "--oauth2 on|off", "--flavor gitlab --help");
  }

  @Test
  void flavorForgejoOrGiteaSelectsTheForgeImitation() {
    SandboxMain.Args fj = SandboxMain.parse(new String[] {"--data", "/x", "--flavor", "forgejo", "--port", "7"});
    assertThat(fj.options()).isNull();
    assertThat(fj.forge().flavor()).isEqualTo(org.vcstoken.sandbox.forgejo.Flavor.FORGEJO);
    assertThat(fj.forge().port()).isEqualTo(7);
    assertThat(fj.forge().realm()).isEqualTo("Gitea");
    SandboxMain.Args gt = SandboxMain.parse(new String[] {"--data", "/x", "--flavor=gitea", "--oauth2", "off"});
    assertThat(gt.forge().flavor()).isEqualTo(org.vcstoken.sandbox.forgejo.Flavor.GITEA);
    assertThat(gt.forge().realm()).isEqualTo("Gitea (Basic Auth)");
    assertThat(SandboxMain.parse(new String[] {"--data", "/x", "--flavor", "rhodecode"}).forge()).isNull();
  }

  @Test
  void optionsOfOneFlavorAreRefusedForAnother() {
    assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--data", "d", "--flavor", "gitlabby"}))
        .hasMessageContaining("--flavor must be rhodecode, gitlab, forgejo or gitea");
    assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--data", "d", "--flavor", "forgejo", "--realm", "X"}))
        .hasMessageContaining("--realm applies to --flavor rhodecode only");
    assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--data", "d", "--flavor", "forgejo", "--oauth2", "off"}))
        .hasMessageContaining("--oauth2 applies to --flavor gitea only");
    assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--data", "d", "--oauth2", "off"}))
        .hasMessageContaining("--oauth2 applies to --flavor gitea only");
  }

  @Test
  void aForgejoProcessWritesItsFlavorAndKeepsItsAdminTokenAcrossARestart() throws Exception {
    Path data = dir.resolve("fj");
    Running first = launch(Map.of(), "--data", data.toString(), "--flavor", "forgejo");
    String adminToken;
    try {
      JsonNode info = Http.JSON.readTree(Files.readString(data.resolve("sandbox.json")));
      assertThat(info.get("flavor").asText()).isEqualTo("forgejo");
      assertThat(info.get("realm").asText()).isEqualTo("Gitea");
      assertThat(first.firstLine()).isEqualTo("sandbox listening on " + info.get("url").asText());
      adminToken = info.get("admin_token").asText();
      assertThat(adminToken).matches("[0-9a-f]{40}");
      var r = Http.send(Http.request(info.get("url").asText(), "/api/forgejo/v1/version"));
      assertThat(r.body()).contains(info.get("version").asText());
    } finally {
      terminate(first);
    }
    Running second = launch(Map.of(), "--data", data.toString(), "--flavor", "forgejo");
    try {
      JsonNode info = Http.JSON.readTree(Files.readString(data.resolve("sandbox.json")));
      assertThat(info.get("admin_token").asText()).isEqualTo(adminToken);
      var me = Http.send(Http.request(info.get("url").asText(), "/api/v1/user").header("Authorization", "token " + adminToken));
      assertThat(me.statusCode()).isEqualTo(200);
    } finally {
      terminate(second);
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = SandboxMain.run(new String[] {"--data", data.toString(), "--flavor", "gitea"},
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("holds a forgejo sandbox").contains("--flavor forgejo");
  }

  @Test
  void badArgumentsSayWhatIsWrong() {
    assertThatThrownBy(() -> SandboxMain.parse(new String[] {})).hasMessageContaining("--data DIR is required");
    assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--data"})).hasMessageContaining("--data needs a value");
    assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--data", "d", "--port", "x"}))
        .hasMessageContaining("--port must be a number");
    assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--data", "d", "--port", "70000"}))
        .hasMessageContaining("0..65535");
    assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--data", "d", "--bogus"}))
        .hasMessageContaining("unknown argument `--bogus`");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = SandboxMain.run(new String[] {"--nope"}, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("vcstoken-sandbox: error: unknown argument").contains("usage:");
  }

  /** A running sandbox process with its first stdout line. */
  private record Running(Process process, String firstLine, CompletableFuture<String> stderr) {}

  private Running launch(Path data, Map<String, String> env) throws IOException {
    return launch(env, "--data", data.toString(), "--auth-cache-ttl", "0");
  }

  private Running launch(Map<String, String> env, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), SandboxMain.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    Process p = pb.start();
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "cannot read stderr: " + e;
      }
    });
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
      try {
        return out.readLine();
      } catch (IOException e) {
        return "cannot read stdout: " + e;
      }
    });
    try {
      return new Running(p, line.get(60, TimeUnit.SECONDS), err);
    } catch (Exception e) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("sandbox did not print its URL within 60 s", e);
    }
  }

  /** SIGTERM, then check the process and all its children are gone. */
  private static void terminate(Running r) throws InterruptedException {
    List<ProcessHandle> children = r.process().descendants().toList();
    r.process().destroy();
    boolean exited = r.process().waitFor(30, TimeUnit.SECONDS);
    if (!exited) {
      children.forEach(ProcessHandle::destroyForcibly);
      r.process().destroyForcibly();
    }
    assertThat(exited).as("sandbox exits on SIGTERM").isTrue();
    Instant deadline = Instant.now().plusSeconds(15);
    for (ProcessHandle child : children) {
      try {
        child.onExit().get(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        // Reported below as a child left behind.
        assertThat(child.isAlive()).as("child " + child.pid() + " still alive").isTrue();
      }
    }
    List<ProcessHandle> alive = children.stream().filter(ProcessHandle::isAlive).toList();
    alive.forEach(ProcessHandle::destroyForcibly);
    assertThat(alive).as("child processes left behind").isEmpty();
  }

  @Test
  void runsStopsOnSigtermWithItsChildrenAndKeepsStateOnRestart() throws Exception {
    Path data = dir.resolve("data");
    Running first = launch(data, Map.of());
    String url;
    String adminToken;
    String token;
    try {
      assertThat(first.firstLine()).matches("sandbox listening on http://127\\.0\\.0\\.1:\\d+");
      JsonNode info = Http.JSON.readTree(Files.readString(data.resolve("sandbox.json")));
      url = info.get("url").asText();
      adminToken = info.get("admin_token").asText();
      assertThat(first.firstLine()).endsWith(url);
      assertThat(adminToken).matches("[0-9a-f]{40}");
      String view = url;
      Http.rpcOk(view, adminToken, "create_user", Map.of("username", "erin", "email", "erin@example.test", "password", "pw"));
      Http.rpcOk(view, adminToken, "create_repo", Map.of("repo_name", "keep/me", "repo_type", "git", "owner", "erin"));
      token = Http.rpcOk(view, adminToken, "sandbox_add_auth_token", Map.of("userid", "erin", "role", "token_role_vcs",
          "lifetime", -1, "description", "kept")).get("auth_token").asText();
    } finally {
      terminate(first);
    }

    Running second = launch(data, Map.of());
    try {
      JsonNode info = Http.JSON.readTree(Files.readString(data.resolve("sandbox.json")));
      assertThat(info.get("admin_token").asText()).isEqualTo(adminToken);
      String view = info.get("url").asText();
      var r = Http.send(Http.request(view, "/keep/me/info/refs?service=git-upload-pack")
          .header("Authorization", Http.basic("erin", token)));
      assertThat(r.statusCode()).isEqualTo(200);
    } finally {
      terminate(second);
    }
  }

  @Test
  void missingHgAndSvnTurnThoseBackendsOffWithAReasonButGitWorks() throws Exception {
    Path emptyBin = Files.createDirectories(dir.resolve("emptybin"));
    Running r = launch(dir.resolve("nohg"), Map.of("PATH", emptyBin.toString()));
    try {
      assertThat(r.firstLine()).startsWith("sandbox listening on ");
      JsonNode info = Http.JSON.readTree(Files.readString(dir.resolve("nohg/sandbox.json")));
      assertThat(info.get("hg").asText()).startsWith("off: ").contains("hg");
      assertThat(info.get("svn").asText()).startsWith("off: ");
      String view = info.get("url").asText();
      String admin = info.get("admin_token").asText();
      assertThat(Http.rpc(view, admin, "create_repo", Map.of("repo_name", "h", "repo_type", "hg")).get("error").asText())
          .startsWith("the hg backend is off: ");
      Http.rpcOk(view, admin, "create_repo", Map.of("repo_name", "g", "repo_type", "git"));
    } finally {
      terminate(r);
    }
    assertThat(r.stderr().get(10, TimeUnit.SECONDS)).contains("sandbox: hg backend off: ").contains("sandbox: svn backend off: ");
  }
}
