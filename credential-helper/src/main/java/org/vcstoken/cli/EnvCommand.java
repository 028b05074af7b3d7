package org.vcstoken.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.vcstoken.messages.CommandMessages;
import org.vcstoken.request.ParsedUrl;
import org.vcstoken.token.ServerProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vcstoken env --ci}: shell lines that enable the helper for this shell only, through git's
 * {@code GIT_CONFIG_COUNT}/{@code GIT_CONFIG_KEY_n}/{@code GIT_CONFIG_VALUE_n} (git 2.31+), so a CI
 * job needs no writable home and leaves no configuration behind.
 */
@Command(name = "env", mixinStandardHelpOptions = true,
        description = {"Print shell lines that make this shell's git ask vcstoken.",
            "",
            "The lines export GIT_CONFIG_COUNT, GIT_CONFIG_KEY_n and GIT_CONFIG_VALUE_n (git 2.31 or later): for "
                + "every configured server, for VCSTOKEN_URL's server when it is set, and in GitLab CI without "
                + "VCSTOKEN_TOKEN for CI_SERVER_URL's (the job token), they reset git's helper "
                + "list, add vcstoken's helper and turn on useHttpPath. No file is written, and entries already "
                + "counted in GIT_CONFIG_COUNT are kept."},
        footerHeading = HelpLayout.EXAMPLES,
        footer = {"  eval \"$(vcstoken env --ci)\""})
final class EnvCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = "--ci", required = true, description = "Print the form for CI jobs: export lines for sh and bash.")
    boolean ci;

    EnvCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        Set<String> servers = new LinkedHashSet<>();
        for (ServerProfile s : ctx.store().read().servers()) {
            servers.add(s.baseUrl());
        }
        // VCSTOKEN_URL, or the server of a CI system's own token (GitLab CI's CI_SERVER_URL).
        String envUrl = org.vcstoken.broker.EnvironmentToken.url(ctx.env());
        if (envUrl != null) {
            servers.add(ParsedUrl.parse(envUrl).origin().url());
        }
        if (servers.isEmpty()) {
            throw new CliException(CommandMessages.envNoServer());
        }
        int first = existingCount();
        List<String[]> entries = new ArrayList<>();
        String helper = helperValue(ctx.env().get("VCSTOKEN_GIT_HELPER").orElse("vcstoken"));
        for (String server : servers) {
            // The empty value clears helpers configured elsewhere for this server, as configure --git does.
            entries.add(new String[] {"credential." + server + ".helper", ""});
            entries.add(new String[] {"credential." + server + ".helper", helper});
            entries.add(new String[] {"credential." + server + ".useHttpPath", "true"});
        }
        StringBuilder b = new StringBuilder();
        b.append("export GIT_CONFIG_COUNT=").append(first + entries.size()).append('\n');
        for (int i = 0; i < entries.size(); i++) {
            int n = first + i;
            b.append("export GIT_CONFIG_KEY_").append(n).append('=').append(shellQuote(entries.get(i)[0])).append('\n');
            b.append("export GIT_CONFIG_VALUE_").append(n).append('=').append(shellQuote(entries.get(i)[1])).append('\n');
        }
        ctx.out().print(b);
        ctx.out().flush();
        return 0;
    }

    /** Entries another tool already put in the environment stay; ours are appended after them. */
    private int existingCount() {
        String count = ctx.env().get("GIT_CONFIG_COUNT").orElse("0").strip();
        try {
            int n = Integer.parseInt(count);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new CliException(CommandMessages.gitConfigCountInvalid(count));
        }
    }

    /**
     * A plain absolute path or a bare name (git credential-NAME) is used as it is. git only treats a
     * value that starts with '/' as a path, so a quoted path with spaces or shell characters would be
     * taken for a name; it goes in git's "!shell command" form instead.
     */
    static String helperValue(String command) {
        return command.matches("[A-Za-z0-9_./+-]+") ? command : "!" + shellQuote(command);
    }

    /** Single-quotes for POSIX shells: nothing inside is expanded; a quote is closed, escaped and reopened. */
    static String shellQuote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
