package org.vcstoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.env.Environment;
import org.vcstoken.sandbox.web.Edition;
import org.vcstoken.sandbox.Sandbox;
import org.vcstoken.testing.MutableClock;
import org.vcstoken.testing.Sandboxes;

/**
 * {@code vcstoken login --assisted} and {@code vcstoken renew} against the sandbox in both
 * editions, in-process on an injected clock that is days away from the server's: what is stored
 * must be what the server's page says, and a renewal must replace on the server what it renews.
 */
class AssistedLoginAndRenewTest {
    static final String PASSWORD = "alice-web-password-4821";

    @TempDir
    Path dir;
    Sandbox sandbox;
    String url;
    Environment env;
    /** vcstoken's clock: ten days ahead of the server's. */
    MutableClock clock = new MutableClock(Instant.now().plus(Duration.ofDays(10)));

    record Run(int exit, String out, String err) {
    }

    void start(Edition edition) throws Exception {
        sandbox = Sandboxes.start(dir, edition);
        url = sandbox.url().toString();
        sandbox.createUser("alice", PASSWORD);
        sandbox.createRepo("team/app", "git", "alice");
        Path password = Files.writeString(dir.resolve("password"), PASSWORD + "\n");
        Path askpass = dir.resolve("askpass.sh");
        Files.writeString(askpass, "#!/bin/sh\ncase \"$1\" in\n  *'Create one now'*) echo a ;;\n  *Password*) cat '" + password
                + "' ;;\n  *) exit 1 ;;\nesac\n");
        Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
        Map<String, String> vars = new HashMap<>();
        vars.put("VCSTOKEN_HOME", dir.resolve("state").toString());
        vars.put("HOME", dir.toString());
        vars.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        vars.put("GIT_ASKPASS", askpass.toString());
        vars.put("GIT_CONFIG_NOSYSTEM", "1");
        vars.put("GIT_CONFIG_GLOBAL", dir.resolve("gitconfig").toString());
        env = new Environment(vars);
        assertThat(run("server", "add", url, "--user", "alice", "--lifetime", "1h").exit()).isZero();
    }

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = VcstokenMain.run(args, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env, FileSystems.getDefault(), clock);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Alice's tokens on the server, expired ones included (the admin API's get_user). */
    List<String> serverTokens() throws Exception {
        String body = "{\"id\":1,\"auth_token\":\"" + sandbox.adminToken()
                + "\",\"method\":\"get_user\",\"args\":{\"userid\":\"alice\"}}";
        HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/_admin/api"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        List<String> out = new ArrayList<>();
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(reply.body()).path("result").path("auth_tokens")
                .forEach(t -> out.add(t.asText()));
        return out;
    }

    List<String> storedSecrets() throws Exception {
        Matcher m = Pattern.compile("\"secret\" ?: ?\"([0-9a-f]{40})\"")
                .matcher(Files.readString(dir.resolve("state").resolve("store.json")));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The stored token's expiry, from {@code token list --json}. */
    Instant storedExpiry() {
        Matcher m = Pattern.compile("\"expires\" ?: ?\"([^\"]+)\"").matcher(run("token", "list", "--json").out());
        assertThat(m.find()).isTrue();
        return Instant.parse(m.group(1));
    }

    @Test
    void loginOnCommunityEditionStoresAServerWideTokenThatExpiresWhenTheServerSays() throws Exception {
        start(Edition.CE);
        Instant serverNow = sandbox.now();

        Run login = run("login", url + "/team/app", "--assisted");

        assertThat(login.exit()).as(login.err()).isZero();
        assertThat(login.out()).contains("(server-wide)");
        assertThat(login.err()).contains("cannot limit a token to one repository (RhodeCode Community Edition has no "
                + "repository scopes)").contains("records it as server-wide");
        assertThat(run("token", "list", "--json").out()).contains("\"scope\" : null");
        assertThat(storedExpiry()).as("the server's hour, not vcstoken's clock ten days ahead")
                .isBetween(serverNow.plus(Duration.ofMinutes(59)), sandbox.now().plus(Duration.ofMinutes(61)));
        assertThat(serverTokens()).containsAll(storedSecrets()).hasSize(2);
    }

    @Test
    void renewOnCommunityEditionDeletesTheServerWideTokenItReplacesAndSaysNothingMoreAboutScopes() throws Exception {
        start(Edition.CE);
        assertThat(run("login", url + "/team/app", "--assisted").exit()).isZero();
        String first = storedSecrets().get(0);

        Run renew = run("renew", url + "/team/app");

        assertThat(renew.exit()).as(renew.err()).isZero();
        assertThat(renew.out()).contains("renewed ");
        assertThat(renew.err()).doesNotContain("cannot limit");
        List<String> now = storedSecrets();
        assertThat(now).hasSize(1).doesNotContain(first);
        assertThat(serverTokens()).as("the feed token and the new one").hasSize(2).contains(now.get(0))
                .doesNotContain(first);
    }

    @Test
    void loginOnEnterpriseEditionStoresARepositoryToken() throws Exception {
        start(Edition.EE);

        Run login = run("login", url + "/team/app", "--assisted");

        assertThat(login.exit()).as(login.err()).isZero();
        assertThat(login.out()).contains("(repository team/app)");
        assertThat(login.err()).doesNotContain("cannot limit");
        assertThat(run("token", "list", "--json").out()).contains("\"scope\" : \"team/app\"");
    }

    @Test
    void onEnterpriseEditionARepositoryTheServerDoesNotOfferIsRefusedUnlessTheProfileAllowsServerWide()
            throws Exception {
        start(Edition.EE);
        sandbox.createRepo("shared", "git", "admin");
        sandbox.grant("shared", "alice", "repository.read");
        assertThat(run("login", url + "/shared", "--assisted").exit()).isZero();
        String scoped = storedSecrets().get(0);
        sandbox.grant("shared", "alice", "repository.none");
        sandbox.createRepo("secret", "git", "admin");

        Run refused = run("login", url + "/secret", "--assisted");

        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err()).contains("does not offer secret as a token scope to alice")
                .contains("vcstoken server add " + url + " --scope host");
        assertThat(storedSecrets()).containsExactly(scoped);

        assertThat(run("server", "add", url, "--scope", "host").exit()).isZero();
        Run renew = run("renew", url + "/shared");

        assertThat(renew.exit()).as(renew.err()).isZero();
        assertThat(renew.err()).contains("does not offer shared as a token scope; creating a server-wide token instead");
        assertThat(run("token", "list", "--json").out()).contains("\"scope\" : null").doesNotContain("\"shared\"");
        assertThat(serverTokens()).doesNotContain(scoped);
    }
}
