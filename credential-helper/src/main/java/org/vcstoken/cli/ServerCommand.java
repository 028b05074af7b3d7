package org.vcstoken.cli;

import org.vcstoken.messages.CommandMessages;
import org.vcstoken.token.Durations;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.vcstoken.messages.Messages;
import org.vcstoken.request.ParsedUrl;
import org.vcstoken.store.StoreData;
import org.vcstoken.store.StoreException;
import org.vcstoken.server.ServerException;
import org.vcstoken.server.HttpTransport;
import org.vcstoken.server.ServerKind;
import org.vcstoken.server.ServerKinds;
import java.util.List;
import org.vcstoken.token.Origin;
import org.vcstoken.token.ScopePolicy;
import org.vcstoken.token.ServerProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vcstoken server add|list|remove}. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Add, list and remove server profiles.",
            "",
            "A profile holds what vcstoken knows of a server: its family (kind), your account there, and the scope "
                + "and lifetime of the tokens vcstoken creates. Run vcstoken configure after adding one, so that git "
                + "asks vcstoken for it."},
        subcommands = {ServerCommand.Add.class, ServerCommand.ListServers.class, ServerCommand.Remove.class,
            ImportRhodercCommand.class})
final class ServerCommand implements Callable<Integer> {
    private final CliContext ctx;

    ServerCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ctx.err().println(Messages.error(CommandMessages.nameAServerCommand()));
        return 2;
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add a server profile, or change settings of an existing one.",
                "",
                "URL is the server's base URL, with the path it is mounted under if any, as in "
                    + "https://host/rhodecode; repositories under it are named without that path.",
                "",
                "Without --kind, a new server is asked unauthenticated questions (its version endpoint, the realm of "
                    + "its 401 answer) and the family found is printed. A server that answers like none of them is "
                    + "taken as generic; one that cannot be reached is taken as rhodecode, with a warning.",
                "",
                "Only the settings given change. A new profile, or one whose kind changes, gets the family's default "
                    + "lifetime unless --lifetime is given."},
            footerHeading = HelpLayout.EXAMPLES,
            footer = {"  vcstoken server add https://code.example.com --user alice",
                "  vcstoken server add https://host/rhodecode --kind rhodecode --lifetime 7d",
                "  vcstoken server add https://code.example.com --renew-before 2d"})
    static final class Add implements Callable<Integer> {
        private final CliContext ctx;

        @Parameters(index = "0", paramLabel = "URL", description = "The server's base URL.")
        String url;

        @Option(names = "--kind", paramLabel = "KIND", completionCandidates = HelpLayout.KindNames.class,
                description = "The server's family, one of: ${COMPLETION-CANDIDATES}.")
        String kind;

        @Option(names = "--user", paramLabel = "NAME",
                description = "Your account on this server (default: the user name in URL, if any).")
        String user;

        @Option(names = "--scope", paramLabel = "repo|host", description = "What the tokens vcstoken creates "
                + "are limited to: repo, the repository asked for (the default), or host, the whole server.")
        String scope;

        @Option(names = "--lifetime", paramLabel = "DURATION",
                description = "How long the tokens vcstoken creates last, e.g. 30d (default: the family's, 30d on "
                        + "RhodeCode).")
        String lifetime;

        @Option(names = "--renew-before", paramLabel = "DURATION",
                description = "Warn and renew this long before a token expires (default: 3d, or a fifth of its "
                        + "lifetime when that is shorter).")
        String renewBefore;

        @Option(names = "--allow-http", negatable = true,
                description = "Allow sending tokens over plain http to this server (loopback hosts need no "
                        + "permission).")
        Boolean allowHttp;

        Add(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() throws Exception {
            ParsedUrl parsed = TokenCommand.parseUrl(url);
            ServerKinds kinds = ctx.kinds(ctx.trace());
            String k = kind == null ? null : kind.trim().toLowerCase(Locale.ROOT);
            if (k != null && !kinds.knows(k)) {
                throw new CliException(CommandMessages.unknownServerKind(kind, kinds.names()));
            }
            String key0 = parsed.origin().url() + (parsed.path().isEmpty() ? "" : "/" + parsed.path());
            if (k == null && ctx.store().read().server(key0).isEmpty()) {
                k = detect(ctx, kinds, parsed);
            }
            String u = user != null ? user : parsed.username();
            if (u != null) {
                Validation.username(u);
            }
            ScopePolicy sp;
            try {
                sp = scope == null ? null : ScopePolicy.parse(scope);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage());
            }
            Duration life = lifetime == null ? null : Durations.parseLifetime(lifetime);
            if (lifetime != null && life == null) {
                throw new CliException(CommandMessages.lifetimeNeeded());
            }
            Duration renew = renewBefore == null ? null : Durations.parseLifetime(renewBefore);
            if (renewBefore != null && renew == null) {
                throw new CliException(CommandMessages.renewBeforeNeeded());
            }
            String chosenKind = k;
            try {
                checkLifetime(kinds, chosenKind, key0, life);
            } catch (ServerException e) {
                throw new CliException(e.getMessage());
            }
            Duration kindDefault;
            try {
                kindDefault = chosenKind == null ? null : kinds.kind(chosenKind, key0).rules().defaultLifetime();
            } catch (ServerException e) {
                throw new CliException(e.getMessage());
            }
            // Kept in the profile so that the lean get path knows it without loading the family.
            Boolean ignoresUsername;
            try {
                ignoresUsername = chosenKind == null ? null : kinds.kind(chosenKind, key0).rules().ignoresUsername();
            } catch (ServerException e) {
                throw new CliException(e.getMessage());
            }
            boolean[] existed = new boolean[1];
            StoreData after = ctx.store().update(data -> {
                Optional<ServerProfile> old = data.server(parsed.origin().url()
                        + (parsed.path().isEmpty() ? "" : "/" + parsed.path()));
                existed[0] = old.isPresent();
                ServerProfile base = old.orElse(ServerProfile.withDefaults(parsed.origin(), parsed.path(), null));
                // A new profile, or one whose family changes, takes the family's default lifetime.
                boolean takesDefault = !existed[0] || (chosenKind != null && !chosenKind.equals(base.kind()));
                return data.withServer(new ServerProfile(base.origin(), base.prefix(),
                        chosenKind != null ? chosenKind : base.kind(),
                        u != null ? u : base.username(),
                        sp != null ? sp : base.scope(),
                        life != null ? life : takesDefault && kindDefault != null ? kindDefault : base.lifetime(),
                        renew != null ? renew : base.renewBefore(),
                        allowHttp != null ? allowHttp : base.allowHttp(),
                        ignoresUsername != null ? ignoresUsername : base.ignoresUsername()));
            });
            // svn's cached password follows the store (configure --svn): --allow-http and --user change it.
            org.vcstoken.svn.SvnAuthSync.afterStoreChange(ctx.store(), ctx.clock(), ctx.err()::println);
            String key = parsed.origin().url() + (parsed.path().isEmpty() ? "" : "/" + parsed.path());
            ServerProfile p = after.server(key).orElseThrow();
            ctx.out().println(CommandMessages.serverSaved(existed[0], p.baseUrl()));
            if (!p.mayReceiveTokens()) {
                ctx.err().println(Messages.warning(Messages.plainHttpRefused(p.baseUrl())));
            }
            return 0;
        }

        /**
         * Refuses a lifetime the server's family does not accept (GitLab's cap), with its reason. A
         * profile of a family this vcstoken does not know is left to {@code kindFor}'s message.
         */
        private void checkLifetime(ServerKinds kinds, String chosenKind, String key, Duration life)
                throws ServerException, StoreException {
            if (life == null) {
                return;
            }
            String familyName = chosenKind != null ? chosenKind : ctx.store().read().server(key)
                    .map(ServerProfile::kind).orElse(ServerProfile.DEFAULT_KIND);
            ServerKind family = kinds.kind(familyName, key);
            if (family.rules().exceedsMaximum(life)) {
                throw new CliException(CommandMessages.lifetimeTooLong(lifetime, key, family.rules().maxLifetimeReason(),
                        Durations.format(family.rules().maxLifetime())));
            }
        }
    }

    /** Detection must not hold up {@code server add} the way a long creation request may. */
    static final Duration DETECT_CONNECT = Duration.ofSeconds(3);
    static final Duration DETECT_REQUEST = Duration.ofSeconds(6);

    /**
     * The family of a server added without {@code --kind}: asked over the network and said on
     * stdout; an unreachable server is taken as the default family, with a warning.
     */
    static String detect(CliContext ctx, ServerKinds kinds, ParsedUrl parsed) {
        return detect(ctx, kinds, parsed.origin(), parsed.path());
    }

    /** The same for the server at {@code origin} under the path {@code prefix} ("" for its root). */
    static String detect(CliContext ctx, ServerKinds kinds, Origin origin, String prefix) {
        HttpTransport quick = new HttpTransport(DETECT_CONNECT, DETECT_REQUEST, kinds.context().trace());
        ServerKinds.Detected found = kinds.detect(quick, origin, prefix);
        if (found instanceof ServerKinds.Detected.Found f) {
            ctx.out().println(CommandMessages.kindDetected(f.kind(), f.evidence()));
            return f.kind();
        }
        if (found instanceof ServerKinds.Detected.Unreachable u) {
            ctx.err().println(Messages.warning(Messages.kindNotDetected(origin.url(), u.why(),
                    ServerProfile.DEFAULT_KIND)));
            return ServerProfile.DEFAULT_KIND;
        }
        ctx.out().println(Messages.kindUnrecognised(origin.url(), GENERIC));
        return GENERIC;
    }

    /** The family of a server that answers like none of the others. */
    static final String GENERIC = "generic";

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List the server profiles.",
                "",
                "One line per server: its URL, kind, user, the scope and lifetime of the tokens vcstoken creates, "
                    + "whether plain http is allowed or refused (- for https), and how many tokens are stored for it."})
    static final class ListServers implements Callable<Integer> {
        private final CliContext ctx;

        @Option(names = "--json", description = "Print a JSON array for scripts.")
        boolean json;

        ListServers(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() throws Exception {
            StoreData data = ctx.store().read();
            if (json) {
                try (JsonGenerator g = new JsonFactory().createGenerator(new NonClosing(ctx.out()))) {
                    g.useDefaultPrettyPrinter();
                    g.writeStartArray();
                    for (ServerProfile s : data.servers()) {
                        g.writeStartObject();
                        g.writeStringField("url", s.baseUrl());
                        g.writeStringField("kind", s.kind());
                        g.writeStringField("user", s.username());
                        g.writeStringField("scope", s.scope().id());
                        g.writeStringField("lifetime", s.lifetime().toString());
                        g.writeStringField("renew_before", s.renewBefore() == null ? null : s.renewBefore().toString());
                        g.writeBooleanField("allow_http", s.allowHttp());
                        g.writeNumberField("tokens", count(data, s));
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }
                ctx.out().println();
                return 0;
            }
            if (data.servers().isEmpty()) {
                ctx.out().println(CommandMessages.noServers());
                return 0;
            }
            Table table = new Table("URL", "KIND", "USER", "SCOPE", "LIFETIME", "HTTP", "TOKENS");
            for (ServerProfile s : data.servers()) {
                table.row(s.baseUrl(), s.kind(), s.username() == null ? "-" : s.username(), s.scope().id(),
                        Durations.format(s.lifetime()), s.mayReceiveTokens() ? (s.origin().scheme().equals("https")
                                ? "-" : "allowed") : "refused", Long.toString(count(data, s)));
            }
            table.print(ctx.out());
            return 0;
        }

        private static long count(StoreData data, ServerProfile s) {
            return data.tokens().stream().filter(t -> t.server().equals(s.baseUrl())).count();
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = {"Remove a server profile and every token stored for it.",
                "",
                "The tokens leave the store only: on the server they stay valid until they expire or are deleted "
                    + "there. svn's cache entry that vcstoken wrote for the server goes too."})
    static final class Remove implements Callable<Integer> {
        private final CliContext ctx;

        @Parameters(index = "0", paramLabel = "URL", description = "The server's base URL, as vcstoken server list "
                + "shows it.")
        String url;

        Remove(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() throws Exception {
            ParsedUrl parsed = TokenCommand.parseUrl(url);
            String key = parsed.origin().url() + (parsed.path().isEmpty() ? "" : "/" + parsed.path());
            long[] removed = {-1};
            ctx.store().update(data -> {
                if (data.server(key).isEmpty()) {
                    return data;
                }
                removed[0] = data.tokens().stream().filter(t -> t.server().equals(key)).count();
                return data.withoutServer(key);
            });
            // svn's cached password follows the store (configure --svn): no profile, no entry.
            org.vcstoken.svn.SvnAuthSync.afterStoreChange(ctx.store(), ctx.clock(), ctx.err()::println);
            if (removed[0] < 0) {
                throw new CliException(Messages.unknownServer(key));
            }
            ctx.out().println(CommandMessages.serverRemoved(key, removed[0]));
            return 0;
        }
    }
}
