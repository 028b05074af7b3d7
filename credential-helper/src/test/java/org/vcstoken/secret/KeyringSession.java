package org.vcstoken.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vcstoken.testing.Proc;

/**
 * A private, headless Secret Service: its own session bus (dbus-daemon with no service files, so
 * nothing is activated behind the test's back and no prompt can be shown) and a real
 * gnome-keyring-daemon whose login keyring is created and unlocked with a test password.
 */
final class KeyringSession implements AutoCloseable {
    static final String PASSWORD = "test-keyring-password";

    private final Process bus;
    private final Process keyring;
    private final Map<String, String> env = new HashMap<>();

    private KeyringSession(Path dir) throws IOException, InterruptedException {
        Path runtime = Files.createDirectories(dir.resolve("runtime"));
        Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
        Path home = Files.createDirectories(dir.resolve("keyring-home"));
        Path conf = dir.resolve("bus.conf");
        Files.writeString(conf, """
                <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
                 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
                <busconfig>
                  <type>session</type>
                  <listen>unix:dir=%s</listen>
                  <auth>EXTERNAL</auth>
                  <policy context="default">
                    <allow send_destination="*" eavesdrop="true"/>
                    <allow eavesdrop="true"/>
                    <allow own="*"/>
                  </policy>
                </busconfig>
                """.formatted(runtime));
        bus = new ProcessBuilder("dbus-daemon", "--config-file=" + conf, "--nofork", "--print-address=1")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String address = new BufferedReader(new InputStreamReader(bus.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(address).as("dbus-daemon printed its address").startsWith("unix:");
        env.put("DBUS_SESSION_BUS_ADDRESS", address);
        Map<String, String> daemonEnv = new HashMap<>(env);
        daemonEnv.put("HOME", home.toString());
        daemonEnv.put("XDG_RUNTIME_DIR", runtime.toString());
        daemonEnv.put("XDG_DATA_HOME", home.resolve("data").toString());
        daemonEnv.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        ProcessBuilder pb = new ProcessBuilder("gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(daemonEnv);
        keyring = pb.start();
        try (OutputStream in = keyring.getOutputStream()) {
            in.write(PASSWORD.getBytes(StandardCharsets.UTF_8));
        }
        awaitService();
    }

    static KeyringSession start(Path dir) throws IOException, InterruptedException {
        Needs.secretService();
        return new KeyringSession(dir);
    }

    /** Variables that point a child at this session. */
    Map<String, String> env() {
        return env;
    }

    /** The daemon registers on the bus a moment after it starts; ask the bus until it has (no sleeping). */
    private void awaitService() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            Proc.Result r = dbusSend(List.of("--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.NameHasOwner", "string:org.freedesktop.secrets"));
            if (r.out().contains("boolean true")) {
                return;
            }
            assertThat(keyring.isAlive()).as("gnome-keyring-daemon is running").isTrue();
        }
        throw new AssertionError("gnome-keyring-daemon did not register org.freedesktop.secrets within 30 s");
    }

    /** Locks the login keyring through the Secret Service API, as a screen lock would, and checks it is locked. */
    void lock() throws IOException, InterruptedException {
        Proc.Result r = dbusSend(List.of("--dest=org.freedesktop.secrets", "/org/freedesktop/secrets",
                "org.freedesktop.Secret.Service.Lock", "array:objpath:/org/freedesktop/secrets/collection/login"));
        assertThat(r.exit()).as(r.toString()).isZero();
        Proc.Result locked = dbusSend(List.of("--dest=org.freedesktop.secrets", "/org/freedesktop/secrets/collection/login",
                "org.freedesktop.DBus.Properties.Get", "string:org.freedesktop.Secret.Collection", "string:Locked"));
        assertThat(locked.out()).as(locked.toString()).contains("boolean true");
    }

    /** The secret-tool lookup of a vcstoken item, straight from the keyring ("" when there is none). */
    String lookup(String server, String user, String tokenId) throws IOException, InterruptedException {
        Proc.Result r = Proc.run(List.of("secret-tool", "lookup", "application", "vcstoken", "server", server, "user", user,
                "token", tokenId), childEnv(), null, "", Duration.ofSeconds(30));
        return r.out().strip();
    }

    private Proc.Result dbusSend(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("dbus-send", "--session", "--print-reply"));
        cmd.addAll(args);
        return Proc.run(cmd, childEnv(), null, "", Duration.ofSeconds(30));
    }

    private Map<String, String> childEnv() {
        Map<String, String> e = new HashMap<>(env);
        e.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        return e;
    }

    @Override
    public void close() {
        keyring.descendants().forEach(ProcessHandle::destroy);
        keyring.destroy();
        bus.destroy();
    }
}
