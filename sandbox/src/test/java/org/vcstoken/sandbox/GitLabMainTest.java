package org.vcstoken.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vcstoken-sandbox --flavor gitlab}: arguments, a real process, SIGTERM, state kept on restart. */
class GitLabMainTest {
  @TempDir
  Path dir;

  private static int run(ByteArrayOutputStream err, String... argv) {
    return SandboxMain.run(argv, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void theFlavorDefaultsToRhodecodeAndOnlyKnownFlavorsAreAccepted() {
    assertThat(SandboxMain.isGitLab(new String[] {"--data", "d"})).isFalse();
    assertThat(SandboxMain.isGitLab(new String[] {"--flavor=gitlab", "--data", "d"})).isTrue();
    assertThat(SandboxMain.isGitLab(new String[] {"--flavor", "gitlab", "--data", "d"})).isTrue();
    assertThat(SandboxMain.withoutFlavor(new String[] {"--flavor", "gitlab", "--data", "d"}))
        .containsExactly("--data", "d");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(run(err, "--flavor", "bitbucket", "--data", "d")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(
        "vcstoken-sandbox: error: --flavor must be rhodecode, gitlab, forgejo or gitea, got `bitbucket`");
    ByteArrayOutputStream missing = new ByteArrayOutputStream();
    assertThat(run(missing, "--data", "d", "--flavor")).isEqualTo(2);
    assertThat(missing.toString(StandardCharsets.UTF_8)).contains("--flavor needs a value");
  }

  @Test
  void badGitLabArgumentsSayWhatIsWrong() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(run(err, "--flavor", "gitlab", "--data", "d", "--gitlab-version", "15.11")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("GitLab version must be 16.0 or later, got `15.11`")
        .contains("usage: vcstoken-sandbox --flavor gitlab");
    ByteArrayOutputStream err2 = new ByteArrayOutputStream();
    assertThat(run(err2, "--flavor", "gitlab", "--data", "d", "--max-token-lifetime", "500")).isEqualTo(2);
    assertThat(err2.toString(StandardCharsets.UTF_8)).contains("--max-token-lifetime must be 365 or 400, got `500`");
    ByteArrayOutputStream err3 = new ByteArrayOutputStream();
    assertThat(run(err3, "--flavor", "gitlab", "--realm", "x", "--data", "d")).isEqualTo(2);
    assertThat(err3.toString(StandardCharsets.UTF_8)).contains("unknown argument `--realm`");
    ByteArrayOutputStream err4 = new ByteArrayOutputStream();
    assertThat(run(err4, "--flavor", "gitlab")).isEqualTo(2);
    assertThat(err4.toString(StandardCharsets.UTF_8)).contains("--data DIR is required");
  }

  private record Running(Process process, String firstLine) {}

  private Running launch(Path data) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), SandboxMain.class.getName(), "--flavor", "gitlab",
        "--data", data.toString(), "--gitlab-version", "16.10"));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
      try {
        return out.readLine();
      } catch (IOException e) {
        return "cannot read stdout: " + e;
      }
    });
    try {
      return new Running(p, line.get(60, TimeUnit.SECONDS));
    } catch (Exception e) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("the GitLab sandbox did not print its URL within 60 s", e);
    }
  }

  private static void terminate(Running r) throws InterruptedException {
    List<ProcessHandle> children = r.process().descendants().toList();
    r.process().destroy();
    boolean exited = r.process().waitFor(30, TimeUnit.SECONDS);
    if (!exited) {
      children.forEach(ProcessHandle::destroyForcibly);
      r.process().destroyForcibly();
    }
    assertThat(exited).as("sandbox exits on SIGTERM").isTrue();
    for (ProcessHandle child : children) {
      child.onExit().completeOnTimeout(child, 15, TimeUnit.SECONDS).join();
    }
    List<ProcessHandle> alive = children.stream().filter(ProcessHandle::isAlive).toList();
    alive.forEach(ProcessHandle::destroyForcibly);
    assertThat(alive).as("child processes left behind").isEmpty();
  }

  @Test
  void runsWritesSandboxJsonStopsOnSigtermAndKeepsStateOnRestart() throws Exception {
    Path data = dir.resolve("data");
    Running first = launch(data);
    String adminToken;
    try {
      assertThat(first.firstLine()).matches("sandbox listening on http://127\\.0\\.0\\.1:\\d+");
      JsonNode info = Http.JSON.readTree(Files.readString(data.resolve("sandbox.json")));
      assertThat(first.firstLine()).endsWith(info.get("url").asText());
      assertThat(info.get("realm").asText()).isEqualTo("GitLab");
      assertThat(info.get("flavor").asText()).isEqualTo("gitlab");
      assertThat(info.get("version").asText()).isEqualTo("16.10");
      adminToken = info.get("admin_token").asText();
      assertThat(adminToken).matches("glpat-[A-Za-z0-9_-]{20}");
      HttpResponse<String> created = Http.send(Http.request(info.get("url").asText(), "/api/v4/users")
          .header("PRIVATE-TOKEN", adminToken).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(
              "{\"email\":\"kim@example.test\",\"name\":\"Kim\",\"username\":\"kim\",\"password\":\"kim-password\"}")));
      assertThat(created.statusCode()).isEqualTo(201);
      assertThat(Files.readString(data.resolve("gitlab-state.json"))).doesNotContain("kim-password");
    } finally {
      terminate(first);
    }

    Running second = launch(data);
    try {
      JsonNode info = Http.JSON.readTree(Files.readString(data.resolve("sandbox.json")));
      assertThat(info.get("admin_token").asText()).isEqualTo(adminToken);
      HttpResponse<String> r = Http.send(Http.request(info.get("url").asText(), "/api/v4/personal_access_tokens"
          + "?user_id=2").header("PRIVATE-TOKEN", adminToken));
      assertThat(r.statusCode()).isEqualTo(200);
      HttpResponse<String> version = Http.send(Http.request(info.get("url").asText(), "/api/v4/version")
          .header("PRIVATE-TOKEN", adminToken));
      assertThat(Http.JSON.readTree(version.body()).get("version").asText()).isEqualTo("16.10.0");
    } finally {
      terminate(second);
    }
  }

  @Test
  void anUnreadableStateFileIsReportedAndLeftAlone() throws IOException {
    Path data = Files.createDirectories(dir.resolve("broken"));
    Files.writeString(data.resolve("gitlab-state.json"), "{ not json");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(run(err, "--flavor", "gitlab", "--data", data.toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot read").contains("gitlab-state.json");
    assertThat(Files.readString(data.resolve("gitlab-state.json"))).isEqualTo("{ not json");
  }
}
