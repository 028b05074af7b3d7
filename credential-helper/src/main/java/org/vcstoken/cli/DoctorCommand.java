package org.vcstoken.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vcstoken.process.ProcessException;
import org.vcstoken.process.Programs;
import org.vcstoken.process.Result;
import org.vcstoken.request.ParsedUrl;
import org.vcstoken.select.ExpiryPolicy;
import org.vcstoken.server.HttpTransport;
import org.vcstoken.server.ProbeResult;
import org.vcstoken.server.ServerException;
import org.vcstoken.server.ServerKind;
import org.vcstoken.server.KindContext;
import org.vcstoken.server.VcsType;
import org.vcstoken.store.StoreData;
import org.vcstoken.store.StoreException;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import org.vcstoken.trace.Trace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code vcstoken doctor [URL]}: one pass/fail line per check, each failure with the command or
 * setting that fixes it. Prints token ids, never a secret.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check this machine's vcstoken setup and its servers.",
            "",
            "On this machine: Java, the helper on PATH, the installation and its start-up archives, the store and "
                + "its permissions, git's and hg's configuration for each server, and svn's cache entries. For each "
                + "server (or only URL's): whether it can be reached, its clock against this machine's, the realm "
                + "it asks with, and every token: rejected, expired or expiring, and whether the server accepts it "
                + "on its repository.",
            "",
            "Server-wide tokens are tried on a repository only when URL names one. Each failed check says how to "
                + "fix it. No secret is printed."},
        footerHeading = HelpLayout.EXAMPLES,
        footer = {"  vcstoken doctor",
            "  vcstoken doctor https://code.example.com/group/repo",
            "",
            "Exit status:",
            "  0  every check passed",
            "  1  a check failed (its line says how to fix it)"})
final class DoctorCommand implements Callable<Integer> {
    static final Duration MAX_SKEW = Duration.ofSeconds(60);
    private static final Pattern REALM = Pattern.compile("(?i)^\\s*basic\\s+.*realm=\"([^\"]*)\"");

    private final CliContext ctx;
    private int failures;

    @Parameters(index = "0", arity = "0..1", paramLabel = "URL",
            description = "Check only this server, or this repository of it.")
    String url;

    DoctorCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ParsedUrl target = url == null ? null : ParsedUrl.parse(url);
        checkJava(Runtime.version());
        String helper = checkHelper();
        checkStartupArchives(Path.of(System.getProperty("java.home"), "bin", "java"), System.getProperty("java.vm.info", ""));
        StoreData data = checkStore();
        List<ServerProfile> servers = serversToCheck(data, target);
        boolean git = onPath("git");
        boolean hg = onPath("hg");
        for (ServerProfile s : servers) {
            if (git) {
                checkGitConfig(s, helper);
            }
        }
        if (!git) {
            line(true, "git: not installed; git configuration not checked", null);
        }
        if (hg) {
            checkHg();
        }
        checkSvn();
        for (ServerProfile s : servers) {
            checkServer(s, data, target);
        }
        ctx.out().println(failures == 0 ? "doctor: all checks passed"
                : "doctor: " + failures + (failures == 1 ? " check failed" : " checks failed"));
        return failures == 0 ? 0 : 1;
    }

    private void line(boolean ok, String what, String fix) {
        if (!ok) {
            failures++;
        }
        ctx.out().println((ok ? "ok   " : "FAIL ") + what + (ok || fix == null ? "" : "\n       fix: " + fix));
    }

    void checkJava(Runtime.Version version) {
        line(version.feature() >= 17, "java: " + version.feature() + " (vcstoken needs 17 or newer)",
                "install JDK 17+, then reinstall with: install/install.sh --java /path/to/java");
    }

    /** The helper command git will run: VCSTOKEN_GIT_HELPER (set by the installed launcher) or the one on PATH. */
    private String checkHelper() {
        Optional<String> configured = ctx.env().get("VCSTOKEN_GIT_HELPER");
        if (configured.isPresent()) {
            Path p = ctx.fs().getPath(configured.get());
            boolean ok = p.isAbsolute() ? Files.isExecutable(p) : onPath(configured.get());
            line(ok, "helper: " + configured.get() + (ok ? " is executable" : " is missing or not executable"),
                    "reinstall with install/install.sh, or unset VCSTOKEN_GIT_HELPER");
            if (ok) {
                return configured.get();
            }
        }
        boolean onPath = onPath("git-credential-vcstoken");
        line(onPath, "helper: git-credential-vcstoken " + (onPath ? "is on PATH" : "is not on PATH"),
                "add vcstoken's bin directory to PATH, e.g. export PATH=\"$HOME/.local/bin:$PATH\"");
        return "vcstoken";
    }

    /**
     * Which installation this is, and whether its class-data archives fit: they fit only the java and
     * the JDK build they were made with, and the jars as they were (a tree copied without its files'
     * times no longer matches); otherwise the launchers run without them (correct, but every git
     * credential call starts about 1.5 times slower) until they are made again. install.sh records
     * in archive-build what they were made for and, for a package's tree, paths relative to it.
     */
    void checkStartupArchives(Path runningJava, String vmInfo) {
        Optional<String> prefix = ctx.env().get("VCSTOKEN_PREFIX");
        if (prefix.isEmpty()) {
            line(true, "installation: a build tree (not run through an installed launcher; no start-up archives)", null);
            return;
        }
        Path lib = ctx.fs().getPath(prefix.get(), "lib", "vcstoken");
        java.util.Map<String, String> made = new java.util.HashMap<>();
        try {
            for (String l : Files.readAllLines(lib.resolve("archive-build"))) {
                int eq = l.indexOf('=');
                if (eq > 0) {
                    made.put(l.substring(0, eq), l.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            made.clear(); // an install from before archive-build: reported below
        }
        String kind = made.getOrDefault("installed-as", "source");
        String reinstall = switch (kind) {
            case "deb" -> "reinstall the package: apt-get install --reinstall vcstoken (or the .deb file)";
            case "archive" -> "unpack the archive again (tar keeps the files' times)";
            default -> "reinstall to rebuild them: install/install.sh --prefix " + prefix.get();
        };
        line(true, "installation: " + switch (kind) {
            case "deb" -> "the vcstoken .deb package, in " + prefix.get();
            case "archive" -> "an unpacked vcstoken archive, at " + prefix.get();
            default -> "a source install (install/install.sh), in " + prefix.get();
        }, null);
        if (made.isEmpty()) {
            line(false, "start-up archives: " + lib.resolve("archive-build") + " is missing (an older install)", reinstall);
            return;
        }
        boolean helper = Files.exists(lib.resolve("helper.jsa")) || Files.exists(lib.resolve("helper.aot"));
        boolean cli = Files.exists(lib.resolve("cli.jsa"));
        if (!helper || !cli || !made.containsKey("java")) {
            String which = !helper && !cli ? "the helper's and the vcstoken command's archives are"
                    : !helper ? "the helper's archive is" : !cli ? "the vcstoken command's archive is"
                    : "the record of the java they were made for is";
            line(false, "start-up archives: " + which + " missing in " + lib + " (they start slower)", reinstall);
            return;
        }
        Path java = lib.resolve(made.get("java")); // a package's runtime is named relative to lib/vcstoken
        if (!sameFile(java, runningJava)) {
            line(false, "start-up archives: made for " + java + ", but vcstoken runs on " + runningJava
                    + " (VCSTOKEN_JAVA?); the launchers use them only with the java they were made for",
                    kind.equals("source") ? "unset VCSTOKEN_JAVA, or reinstall for this java: install/install.sh --prefix "
                            + prefix.get() + " --java " + runningJava : "unset VCSTOKEN_JAVA: the package runs on its own runtime");
            return;
        }
        String builtFor = made.getOrDefault("JAVA_RUNTIME_VERSION", "");
        if (builtFor.isEmpty() || !made.containsKey("release")) {
            line(true, "start-up archives: made for " + java + " (its build is not recorded)", null);
            return;
        }
        String nowBuild = "";
        try {
            for (String l : Files.readAllLines(lib.resolve(made.get("release")))) {
                if (l.startsWith("JAVA_RUNTIME_VERSION=")) {
                    nowBuild = l.substring("JAVA_RUNTIME_VERSION=".length());
                    break;
                }
            }
        } catch (IOException e) {
            nowBuild = ""; // reported below as unknown or gone
        }
        boolean ok = nowBuild.equals(builtFor);
        line(ok, "start-up archives: made for " + buildName(builtFor) + (ok ? ", the JDK in use"
                : ", but " + java + " is now " + (nowBuild.isEmpty() ? "unknown or gone" : buildName(nowBuild))
                        + "; the launchers run without them, slower"), reinstall);
        // The launcher gave this JVM the vcstoken command's archive; the JVM says whether it could
        // use it (it checks the jars' sizes and times, which the helper's archive shares).
        if (ok && !vmInfo.contains("sharing")) {
            line(false, "start-up archives: this run could not use them: the jars or the runtime in " + lib
                    + " changed since they were made (copied without their files' times?); the launchers start slower",
                    reinstall);
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static String buildName(String build) {
        return "JDK " + build.replace("\"", "");
    }

    private StoreData checkStore() {
        Path file = ctx.paths().storeFile();
        Path dir = file.getParent();
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Set<PosixFilePermission> perms = permissions(dir);
            boolean ok = perms != null && !perms.contains(PosixFilePermission.GROUP_WRITE)
                    && !perms.contains(PosixFilePermission.OTHERS_WRITE);
            line(ok, "store directory " + dir + (ok ? " is private" : " can be written by others"), "chmod 700 " + dir);
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            Set<PosixFilePermission> perms = permissions(file);
            boolean ok = perms != null && perms.stream().noneMatch(p -> p.name().startsWith("GROUP")
                    || p.name().startsWith("OTHERS"));
            line(ok, "store " + file + (ok ? " is readable by you only (0600)" : " can be read by other users"),
                    "chmod 600 " + file);
        }
        try {
            StoreData data = ctx.store().read();
            line(true, "store: " + data.servers().size() + " server(s), " + data.tokens().size() + " token(s)", null);
            return data;
        } catch (StoreException e) {
            line(false, "store: " + e.getMessage(), "see the message above");
            return StoreData.EMPTY;
        }
    }

    private static Set<PosixFilePermission> permissions(Path p) {
        try {
            return Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private List<ServerProfile> serversToCheck(StoreData data, ParsedUrl target) {
        if (target != null) {
            Optional<ServerProfile> s = data.serverFor(target.origin(), target.path());
            line(s.isPresent(), "server profile for " + url + (s.isPresent() ? ": " + s.get().baseUrl() : ": none"),
                    "vcstoken server add " + target.origin().url() + " --user NAME");
            return s.map(List::of).orElse(List.of());
        }
        line(!data.servers().isEmpty(), "servers: " + data.servers().size() + " configured",
                "vcstoken server add https://your-server --user NAME");
        return data.servers();
    }

    /**
     * Replays git's own rules on {@code git config --list} (which follows includes): every
     * {@code credential.helper} whose URL matches the server, in file order, an empty value clearing
     * the list; then the last {@code useHttpPath}. What git would run must end with ours.
     */
    private void checkGitConfig(ServerProfile server, String helper) {
        Result r;
        try {
            r = programs().command("git", "config", "--list").timeout(Duration.ofSeconds(20)).run();
        } catch (ProcessException e) {
            line(false, "git config: " + e.getMessage(), "check that git runs");
            return;
        }
        List<String> helpers = new ArrayList<>();
        String useHttpPath = null;
        for (String entry : r.out().split("\n")) {
            int eq = entry.indexOf('=');
            String key = eq < 0 ? entry : entry.substring(0, eq);
            String value = eq < 0 ? "true" : entry.substring(eq + 1);
            String lower = key.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("credential.")) {
                continue;
            }
            int dot = key.lastIndexOf('.');
            String name = lower.substring(dot + 1);
            String scope = key.substring("credential.".length(), Math.max(dot, "credential.".length()));
            if (!scope.isEmpty() && !urlMatches(scope, server)) {
                continue;
            }
            if (name.equals("helper")) {
                if (value.isEmpty()) {
                    helpers.clear();
                } else {
                    helpers.add(value);
                }
            } else if (name.equals("usehttppath")) {
                useHttpPath = value;
            }
        }
        String last = helpers.isEmpty() ? null : helpers.get(helpers.size() - 1);
        boolean ours = last != null && isOurs(last, helper);
        line(ours, "git: " + server.baseUrl() + " helpers " + (helpers.isEmpty() ? "(none)" : helpers)
                + (ours ? " end with vcstoken's" : " do not end with vcstoken's"),
                last == null || helpers.stream().noneMatch(h -> isOurs(h, helper)) ? "vcstoken configure --git"
                        : "a helper configured after vcstoken's answers first; remove it (git config --global "
                        + "--show-origin --get-all credential.helper) or run: vcstoken configure --git");
        boolean path = useHttpPath != null && Set.of("true", "yes", "on", "1").contains(useHttpPath.toLowerCase(Locale.ROOT));
        line(path, "git: " + server.baseUrl() + " useHttpPath " + (path ? "on" : "off: per-repository tokens cannot work"),
                "vcstoken configure --git (or: git config --global credential." + server.baseUrl() + ".useHttpPath true)");
    }

    private static boolean isOurs(String configured, String helper) {
        String c = configured.replace("'", "").replace("\"", "").strip();
        return c.equals(helper) || c.equals("vcstoken") || c.endsWith("/git-credential-vcstoken");
    }

    /** git's credential URL matching: same scheme and host (and port), the config path a segment prefix. */
    static boolean urlMatches(String pattern, ServerProfile server) {
        ParsedUrl p;
        try {
            p = ParsedUrl.parse(pattern);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (!p.origin().equals(server.origin())) {
            return false;
        }
        String base = server.prefix();
        return p.path().isEmpty() || base.equals(p.path()) || base.startsWith(p.path() + "/");
    }

    private void checkHg() {
        try {
            Result r = programs().command("hg", "config", "extensions.vcstoken").timeout(Duration.ofSeconds(20)).run();
            boolean ok = r.exit() == 0 && !r.out().isBlank() && !r.out().strip().startsWith("!");
            line(ok, "hg: extension vcstoken " + (ok ? "enabled (" + r.out().strip() + ")" : "not enabled"),
                    "vcstoken configure --hg");
        } catch (ProcessException e) {
            line(false, "hg: " + e.getMessage(), "check that hg runs");
        }
    }

    private void checkSvn() {
        if (!onPath("svn")) {
            return;
        }
        var sync = new org.vcstoken.svn.SvnAuthSync(ctx.store(), ctx.clock());
        if (!sync.configured()) {
            line(true, "svn: installed, not configured (server-wide tokens for plain svn: vcstoken configure --svn;"
                    + " repository tokens: vcstoken svn ARGS)", null);
            return;
        }
        try {
            for (var o : sync.inspect()) {
                switch (o.state()) {
                    case CURRENT -> line(true, "svn: " + o.server() + " realm '" + o.realm() + "': the cache entry holds token "
                            + o.tokenId(), null);
                    case WRITTEN -> line(false, "svn: " + o.server() + " realm '" + o.realm()
                            + "': the cache entry is missing or holds an old token", "vcstoken configure --svn");
                    case NO_TOKEN -> line(false, "svn: " + o.server() + ": no usable server-wide token, so plain svn will "
                            + "prompt", "store one (vcstoken token add " + o.server() + " --user NAME) or use: vcstoken svn ARGS");
                    case FOREIGN -> line(false, "svn: " + o.server() + " realm '" + o.realm()
                            + "': svn uses its own cached password there, not vcstoken's token",
                            "svn auth --remove '" + o.realm() + "' && vcstoken configure --svn");
                }
            }
        } catch (IOException | StoreException | org.vcstoken.token.Secret.UnavailableException e) {
            line(false, "svn: cannot check the cache entries: " + e.getMessage(), "vcstoken configure --svn");
        }
    }

    private void checkServer(ServerProfile server, StoreData data, ParsedUrl target) {
        HttpTransport http = new HttpTransport(Duration.ofSeconds(5), Duration.ofSeconds(10), Trace.off());
        String base = server.baseUrl();
        // A repository to ask for the realm: the one named on the command line, else a token's scope.
        String repo = target != null && target.path().length() > 0 ? server.repoFor(target.path()) : null;
        if (repo == null || repo.isEmpty()) {
            repo = data.tokens().stream().filter(t -> t.server().equals(base) && !t.isServerWide())
                    .map(Token::scope).findFirst().orElse(null);
        }
        URI probe = repo == null ? HttpTransport.resolve(server, "")
                : URI.create(HttpTransport.resolve(server, repo) + "/info/refs?service=git-upload-pack");
        HttpTransport.Reply reply;
        try {
            reply = http.send(HttpRequest.newBuilder(probe).GET(), "reaching " + base, 0);
        } catch (ServerException e) {
            line(false, base + ": not reachable: " + e.getMessage(), "check the URL (vcstoken server list), "
                    + "that the server runs, and the network or proxy");
            return;
        }
        line(true, base + ": reachable (HTTP " + reply.status() + ")", null);
        checkSkew(base, reply);
        if (repo != null) {
            checkRealm(base, repo, reply);
        }
        checkTokens(server, data, target);
    }

    private void checkSkew(String base, HttpTransport.Reply reply) {
        Optional<String> date = reply.headers().firstValue("Date");
        if (date.isEmpty()) {
            line(true, base + ": sends no Date header; clock skew not checked", null);
            return;
        }
        Instant server;
        try {
            server = ZonedDateTime.parse(date.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            line(true, base + ": unreadable Date header; clock skew not checked", null);
            return;
        }
        Duration skew = Duration.between(server, ctx.clock().instant()).abs();
        boolean ok = skew.compareTo(MAX_SKEW) <= 0;
        line(ok, base + ": clock " + (ok ? "agrees with the server's" : "differs from the server's by "
                + skew.toSeconds() + " s") + " (allowed: " + MAX_SKEW.toSeconds() + " s)",
                "set this machine's clock (e.g. enable NTP: timedatectl set-ntp true); expiry checks depend on it");
    }

    private void checkRealm(String base, String repo, HttpTransport.Reply reply) {
        if (reply.status() == 404) {
            line(false, base + ": repository " + repo + " not found", "check the URL; vcstoken token list shows scopes");
            return;
        }
        if (reply.status() >= 200 && reply.status() < 300) {
            line(true, base + ": " + repo + " is readable without credentials (the token is used for pushes)", null);
            return;
        }
        Optional<String> realm = reply.headers().allValues("WWW-Authenticate").stream()
                .map(REALM::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst();
        boolean ok = reply.status() == 401 && realm.isPresent();
        line(ok, base + ": " + (ok ? "asks for Basic credentials, realm \"" + realm.get() + "\""
                : "answers " + reply.status() + " without a Basic challenge "
                        + reply.headers().allValues("WWW-Authenticate")),
                "git sends tokens only to a server that asks with WWW-Authenticate: Basic; check the server URL "
                        + "and any proxy in front of it");
    }

    private void checkTokens(ServerProfile server, StoreData data, ParsedUrl target) {
        ServerKind kind;
        try {
            kind = ctx.families().apply(new KindContext(new HttpTransport(Duration.ofSeconds(5),
                    Duration.ofSeconds(10), Trace.off()), ctx.clock(), Trace.off())).kindFor(server);
        } catch (ServerException e) {
            line(false, server.baseUrl() + ": " + e.getMessage(), null);
            return;
        }
        Instant now = ctx.clock().instant();
        String named = target == null ? null : server.repoFor(target.path());
        for (Token t : data.tokens()) {
            if (!t.server().equals(server.baseUrl()) || !t.role().opensRepositories()) {
                continue;
            }
            String what = "token " + t.id() + " (" + (t.isServerWide() ? "server-wide" : "repo " + t.scope()) + ", user "
                    + t.username() + ")";
            if (t.isRejected()) {
                line(false, what + ": marked rejected", "vcstoken token remove " + t.id() + "; vcstoken login "
                        + server.baseUrl());
                continue;
            }
            if (t.state().retired() != null) {
                String page;
                try {
                    page = kind.tokenPage(server, null).uri().toString();
                } catch (IllegalArgumentException e) {
                    page = server.baseUrl();
                }
                line(false, what + ": retired (replaced) but still valid on the server",
                        "delete it at " + page + ", then: vcstoken token remove " + t.id());
                continue;
            }
            if (t.isExpiredAt(now)) {
                line(false, what + ": expired at " + t.expires() + (t.state().expiryEnforced()
                        ? " (vcstoken's lifetime; the server would still take it)" : ""),
                        "vcstoken renew, or vcstoken token remove " + t.id());
                continue;
            }
            String repo = t.isServerWide() ? named : t.scope();
            if ((repo == null || repo.isEmpty()) && kind.inspection().isPresent()
                    && kind.inspection().get().canInspect(t)) {
                inspect(kind, server, t, what);
            } else if (repo == null || repo.isEmpty()) {
                line(true, what + ": not probed (name a repository: vcstoken doctor " + server.baseUrl() + "/REPO)", null);
            } else {
                probe(kind, server, t, repo, what);
            }
            if (ExpiryPolicy.expiresSoon(t, server, now)) {
                line(false, what + ": expires soon, at " + t.expires(), "vcstoken renew " + server.baseUrl()
                        + (t.isServerWide() ? "" : "/" + t.scope()));
            } else {
                line(true, what + ": expires " + (t.expires() == null ? "never" : "at " + t.expires()), null);
            }
        }
    }

    /** A token no repository was named for, asked about where the family can tell without one. */
    private void inspect(ServerKind kind, ServerProfile server, Token t, String what) {
        try {
            if (kind.inspection().orElseThrow().inspect(server, t.username(), t.secret()).active()) {
                line(true, what + ": known to the server", null);
            } else {
                line(false, what + ": refused by the server (deleted, revoked or expired there)",
                        "vcstoken token remove " + t.id() + "; vcstoken login " + server.baseUrl());
            }
        } catch (ServerException e) {
            line(false, what + ": could not be checked: " + e.getMessage(), null);
        }
    }

    private void probe(ServerKind kind, ServerProfile server, Token t, String repo, String what) {
        ProbeResult result = null;
        try {
            // The store does not know the repository's type: try git first, then hg and svn on a 404.
            for (VcsType vcs : VcsType.values()) {
                result = kind.probe(server, repo, vcs, t.username(), t.secret());
                if (result != ProbeResult.NOT_FOUND) {
                    break;
                }
            }
        } catch (ServerException e) {
            line(false, what + ": could not be checked: " + e.getMessage(), null);
            return;
        }
        switch (result) {
            case ACCEPTED -> line(true, what + ": accepted on " + repo, null);
            case REJECTED -> line(false, what + ": refused by the server on " + repo + " (deleted, wrong user or scope)",
                    "vcstoken token remove " + t.id() + "; vcstoken login " + server.baseUrl() + "/" + repo);
            case FORBIDDEN -> line(false, what + ": valid, but the account may not read " + repo,
                    "ask an admin of " + server.baseUrl() + " for read access to " + repo);
            case NOT_FOUND -> line(false, what + ": repository " + repo + " not found on the server",
                    "vcstoken token remove " + t.id());
        }
    }

    private boolean onPath(String program) {
        return programs().find(program).isPresent();
    }

    private Programs programs() {
        return new Programs(ctx.env().variables());
    }
}
