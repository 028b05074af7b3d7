package org.vcstoken.doctor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.vcstoken.messages.DoctorMessages;
import org.vcstoken.process.ProcessException;
import org.vcstoken.process.Programs;
import org.vcstoken.process.Result;
import org.vcstoken.request.ParsedUrl;
import org.vcstoken.token.ServerProfile;

/**
 * git's {@code credential.*} settings as git itself reads them, asked of git once per doctor run:
 * every entry in the order git reads its files (system; the XDG file, then {@code ~/.gitconfig},
 * or {@code GIT_CONFIG_GLOBAL}; the repository's; its worktree's; the command line), included
 * files followed, each with its scope and the file it is in. vcstoken never parses git's files
 * itself: git's own reading is the truth about what it will do.
 */
final class GitCredentialConfig {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /**
     * One {@code credential.*} setting.
     *
     * @param scope  git's name for where it comes from: system, global, local, worktree or command
     * @param file   the file it is in (included files named as themselves), or null for the command line
     * @param key    as git prints it: {@code credential.helper}, {@code credential.https://host.helper}
     */
    record Entry(String scope, Path file, String key, String value) {
        /** The URL part of the key ("" for settings that apply to every URL). */
        String url() {
            int dot = key.lastIndexOf('.');
            return dot <= "credential".length() ? "" : key.substring("credential.".length(), dot);
        }

        /** The variable's name, lower case: {@code helper}, {@code usehttppath}. */
        String name() {
            return key.substring(key.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        }

        /** Whether git applies it to {@code server}'s URLs. */
        boolean appliesTo(ServerProfile server) {
            return url().isEmpty() || urlMatches(url(), server);
        }

        /** Where it is, for a message: {@code /home/a/.gitconfig (global)}. */
        String where() {
            return DoctorMessages.settingIn(file, scope);
        }
    }

    /** What git said: the entries, or why they could not be read (and then {@code entries} is empty). */
    record Read(List<Entry> entries, String error, boolean gitFailed) {
        /** The settings named {@code name} that git applies to {@code server}, in git's order. */
        List<Entry> matching(ServerProfile server, String name) {
            return entries.stream().filter(e -> e.name().equals(name) && e.appliesTo(server)).toList();
        }
    }

    private final Programs programs;
    private final Path directory;
    private Read read;

    /** @param directory where git runs (its repository's settings count), or null for vcstoken's own */
    GitCredentialConfig(Programs programs, Path directory) {
        this.programs = programs;
        this.directory = directory;
    }

    /** The settings, asked of git the first time. */
    synchronized Read read() {
        if (read == null) {
            read = ask();
        }
        return read;
    }

    private Read ask() {
        Result r;
        try {
            // -z: a value may hold anything but NUL; --show-scope (git 2.26) tells a repository's
            // settings from the global ones even when they are in files included from elsewhere.
            r = git("config", "-z", "--show-scope", "--show-origin", "--get-regexp", "^credential\\.");
        } catch (ProcessException e) {
            return new Read(List.of(), e.getMessage(), false);
        }
        if (r.exit() == 1) {
            return new Read(List.of(), null, false); // no credential settings at all
        }
        try {
            r.orFail();
        } catch (ProcessException e) {
            return new Read(List.of(), e.getMessage(), true);
        }
        String[] fields = r.out().split("\0", -1);
        List<Entry> entries = new ArrayList<>();
        Path base = null;
        for (int i = 0; i + 2 < fields.length; i += 3) {
            String scope = fields[i];
            String origin = fields[i + 1];
            String keyValue = fields[i + 2];
            int nl = keyValue.indexOf('\n');
            String key = nl < 0 ? keyValue : keyValue.substring(0, nl);
            String value = nl < 0 ? "true" : keyValue.substring(nl + 1); // a bare key is boolean true
            Path file = null;
            if (origin.startsWith("file:")) {
                file = Path.of(origin.substring("file:".length()));
                if (!file.isAbsolute()) {
                    // git names the repository's own files relative to where it moved to: the top
                    // of the working tree, or a bare repository's directory.
                    if (base == null) {
                        base = repositoryBase();
                    }
                    file = base.resolve(file).normalize();
                }
            }
            entries.add(new Entry(scope, file, key, value));
        }
        return new Read(List.copyOf(entries), null, false);
    }

    private Path repositoryBase() {
        for (String question : List.of("--show-toplevel", "--absolute-git-dir")) {
            try {
                Result r = git("rev-parse", question);
                if (r.exit() == 0 && !r.out().isBlank()) {
                    return Path.of(r.out().strip());
                }
            } catch (ProcessException e) {
                break;
            }
        }
        return directory == null ? Path.of("").toAbsolutePath() : directory.toAbsolutePath();
    }

    private Result git(String... args) throws ProcessException {
        List<String> argv = new ArrayList<>(List.of("git"));
        argv.addAll(List.of(args));
        var command = programs.command(argv).timeout(TIMEOUT);
        if (directory != null) {
            command.directory(directory);
        }
        return command.run();
    }

    /**
     * git's credential URL matching, for a whole server: same scheme (any, for a pattern without
     * one), host (a {@code *} matching within one label, as in {@code *.example.com}) and port; the
     * pattern's path a segment prefix of the server's, or a repository under it (a helper there
     * gets that repository's tokens).
     */
    static boolean urlMatches(String pattern, ServerProfile server) {
        String url = pattern.contains("://") ? pattern : server.origin().scheme() + "://" + pattern;
        int start = url.indexOf("://") + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        String authority = url.substring(start, end);
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        String wildHost = null;
        if (hostPort.indexOf('*') >= 0) {
            int colon = hostPort.lastIndexOf(':');
            wildHost = colon < 0 ? hostPort : hostPort.substring(0, colon);
            url = url.substring(0, start) + authority.replace(wildHost, "wildcard.invalid") + url.substring(end);
        }
        ParsedUrl p;
        try {
            p = ParsedUrl.parse(url);
        } catch (IllegalArgumentException e) {
            return false;
        }
        boolean sameOrigin = wildHost == null ? p.origin().equals(server.origin())
                : p.origin().scheme().equals(server.origin().scheme()) && p.origin().port() == server.origin().port()
                        && hostMatches(wildHost, server.origin().host());
        if (!sameOrigin) {
            return false;
        }
        String base = server.prefix();
        return p.path().isEmpty() || base.equals(p.path()) || base.startsWith(p.path() + "/") || base.isEmpty()
                || p.path().startsWith(base + "/");
    }

    private static boolean hostMatches(String pattern, String host) {
        String[] want = pattern.toLowerCase(Locale.ROOT).split("\\.", -1);
        String[] have = host.split("\\.", -1);
        if (want.length != have.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            String regex = Pattern.quote(want[i]).replace("*", "\\E[^.]*\\Q");
            if (!have[i].matches(regex)) {
                return false;
            }
        }
        return true;
    }
}
