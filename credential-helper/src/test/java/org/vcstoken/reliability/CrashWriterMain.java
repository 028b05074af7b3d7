package org.vcstoken.reliability;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.vcstoken.cli.VcstokenMain;
import org.vcstoken.env.Environment;
import org.vcstoken.git.GitCredentialMain;

/**
 * Run in a child JVM by {@link CrashSafetyTest}: {@code count} rounds of real commands against one
 * store: {@code token add}, the git helper's {@code store} (a captured token) and {@code erase}, and
 * {@code token remove}. After each one succeeds it prints {@code ack OP NAME [ID]}: a promise that the
 * write is on disk, which the parent checks after killing some children mid-way.
 */
public final class CrashWriterMain {
    private CrashWriterMain() {
    }

    public static void main(String[] args) {
        String prefix = args[0];
        int count = Integer.parseInt(args[1]);
        Environment env = Environment.system();
        Clock clock = Clock.systemUTC();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = prefix + "-" + i;
            String out = cli(env, clock, "sec-" + name, "token", "add", "https://code.example.com/crash/" + name,
                    "--user", "alice");
            String id = out.split(" ")[2];
            ids.add(id);
            ack("add " + name + " " + id);
            if (i % 3 == 1) {
                helper(env, clock, "store", "protocol=https\nhost=code.example.com\npath=captured/" + name
                        + "\nusername=alice\npassword=cap-" + name + "\n\n");
                ack("store " + name);
            }
            if (i % 4 == 2) {
                String earlier = prefix + "-" + (i - 1);
                helper(env, clock, "erase", "protocol=https\nhost=code.example.com\npath=crash/" + earlier
                        + "\nusername=alice\npassword=sec-" + earlier + "\n\n");
                ack("erase " + earlier);
            }
            if (i % 5 == 4) {
                String gone = prefix + "-" + (i - 2);
                cli(env, clock, "", "token", "remove", ids.get(i - 2));
                ack("remove " + gone + " " + ids.get(i - 2));
            }
        }
        System.out.println("done");
        System.out.flush();
    }

    private static void ack(String line) {
        System.out.println("ack " + line);
        System.out.flush();
    }

    private static String cli(Environment env, Clock clock, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = VcstokenMain.run(args, new ByteArrayInputStream((stdin + "\n").getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env, FileSystems.getDefault(), clock);
        if (status != 0) {
            System.out.println("failed " + String.join(" ", args) + ": " + err.toString(StandardCharsets.UTF_8));
            System.exit(3);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void helper(Environment env, Clock clock, String action, String message) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = GitCredentialMain.run(new String[] {action},
                new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8), env,
                FileSystems.getDefault(), clock);
        if (status != 0) {
            System.out.println("failed " + action + ": " + err.toString(StandardCharsets.UTF_8));
            System.exit(3);
        }
    }
}
