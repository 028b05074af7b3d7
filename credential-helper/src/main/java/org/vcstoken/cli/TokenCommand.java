package org.vcstoken.cli;

import org.vcstoken.messages.CommandMessages;
import org.vcstoken.token.Durations;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.vcstoken.messages.Messages;
import org.vcstoken.request.ParsedUrl;
import org.vcstoken.select.ExpiryPolicy;
import org.vcstoken.store.StoreData;
import org.vcstoken.token.Role;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import org.vcstoken.token.TokenIds;
import org.vcstoken.token.TokenOrigin;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vcstoken token add|list|remove}. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Add, list, check and remove stored tokens.",
            "",
            "A token is kept with its server, the repository it is limited to (none: server-wide), the account it "
                + "belongs to, its role and its expiry. Its secret stays in the store chosen with vcstoken store."},
        subcommands = {TokenCommand.Add.class, TokenCommand.ListTokens.class, TokenCommand.Remove.class,
            TokenCheckCommand.class})
final class TokenCommand implements Callable<Integer> {
    private final CliContext ctx;

    TokenCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ctx.err().println(Messages.error(CommandMessages.nameATokenCommand()));
        return 2;
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Store a token you already have.",
                "",
                "The secret is read from standard input, one line (asked for with hidden input at a terminal), "
                    + "never from an argument.",
                "",
                "A URL with a repository path (https://host/group/repo) makes a token for that repository only; a "
                    + "URL without one makes a server-wide token. A server with no profile yet gets one with the "
                    + "defaults. The token is stored as given, not checked with the server (vcstoken token check "
                    + "does that), and without --expires or --lifetime it never expires."},
            footerHeading = HelpLayout.EXAMPLES,
            footer = {"  printf '%%s\\n' \"$TOKEN\" | vcstoken token add https://code.example.com \\",
                "      --user alice --lifetime 30d",
                "  vcstoken token add https://code.example.com/group/repo --user alice \\",
                "      --expires 2027-01-31"})
    static final class Add implements Callable<Integer> {
        private final CliContext ctx;

        @Parameters(index = "0", paramLabel = "URL",
                description = "The server URL, or a repository URL for a token limited to that repository.")
        String url;

        @Option(names = "--user", required = true, paramLabel = "NAME",
                description = "The account the token belongs to.")
        String user;

        @Option(names = "--role", paramLabel = "ROLE", defaultValue = "vcs",
                description = "The token's role: vcs (the default), all, api, http or feed; only vcs and all are "
                        + "given to git, hg and svn.")
        String role;

        @ArgGroup(exclusive = true)
        Expiry expiry;

        static final class Expiry {
            @Option(names = "--expires", paramLabel = "WHEN", description = "When it expires: a date such as "
                    + "2027-01-31 (the end of that day, UTC) or an instant such as 2027-01-31T12:00:00Z.")
            String expires;

            @Option(names = "--lifetime", paramLabel = "DURATION",
                    description = "How long from now it lasts: 90m, 12h, 30d, 2w or never.")
            String lifetime;
        }

        @Option(names = "--description", paramLabel = "TEXT",
                description = "Free text kept with the token, shown by vcstoken token list --json.")
        String description;

        Add(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() throws Exception {
            ParsedUrl parsed = parseUrl(url);
            Validation.username(user);
            Role r = parseRole(role);
            // Whole seconds: servers and git's password_expiry_utc count in seconds.
            Instant now = ctx.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            Instant expires = null;
            if (expiry != null && expiry.expires != null) {
                expires = Durations.parseExpiry(expiry.expires);
            } else if (expiry != null && expiry.lifetime != null) {
                var d = Durations.parseLifetime(expiry.lifetime);
                expires = d == null ? null : now.plus(d);
            }
            if (expires != null && !expires.isAfter(now)) {
                throw new CliException(CommandMessages.expiryInPast(expires));
            }
            Secret secret = readSecret();
            final Instant exp = expires;
            String[] result = new String[3];
            ctx.store().update(data -> {
                ServerProfile profile = data.serverFor(parsed.origin(), parsed.path())
                        .orElseGet(() -> ServerProfile.withDefaults(parsed.origin(), "", user));
                String repo = profile.repoFor(parsed.path());
                Set<String> taken = data.tokens().stream().map(Token::id).collect(Collectors.toSet());
                Token t = new Token(new TokenIds().unique(taken), profile.baseUrl(), user, r,
                        repo == null || repo.isEmpty() ? null : repo, exp, description, now, TokenOrigin.MANUAL,
                        null, null, secret);
                result[0] = t.id();
                result[1] = profile.baseUrl();
                result[2] = t.scope();
                StoreData next = data.server(profile.baseUrl()).isPresent() ? data : data.withServer(profile);
                if (!profile.mayReceiveTokens()) {
                    ctx.err().println(Messages.warning(Messages.plainHttpRefused(profile.baseUrl())));
                }
                return next.withToken(t);
            });
            // svn's cached password follows the store (configure --svn).
            org.vcstoken.svn.SvnAuthSync.afterStoreChange(ctx.store(), ctx.clock(), ctx.err()::println);
            ctx.out().println(CommandMessages.tokenAdded(result[0], result[1], result[2], user, exp));
            if (!r.opensRepositories()) {
                ctx.err().println(Messages.warning(CommandMessages.roleOpensNothing(r.id())));
            }
            return 0;
        }

        private Secret readSecret() throws IOException {
            String line;
            Console console = System.console();
            if (console != null && ctx.in() == System.in) {
                char[] typed = console.readPassword("Token for %s: ", url);
                line = typed == null ? null : new String(typed);
            } else {
                BufferedReader reader = new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8));
                line = reader.readLine();
            }
            if (line == null || line.strip().isEmpty()) {
                throw new CliException(Messages.secretFromStdinMissing());
            }
            try {
                return Secret.of(line.strip());
            } catch (IllegalArgumentException e) {
                throw new CliException(CommandMessages.stdinTokenUnusable(e.getMessage()));
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List the stored tokens, never their secrets.",
                "",
                "One line per token: its id, server, repository ((server) for a server-wide token), user, role, "
                    + "expiry and state: ok, expiring (inside its renew window), expired, rejected or retired "
                    + "(replaced, but still valid on the server: a line below says where to delete it).",
                "",
                "An expiry marked (vcstoken) is vcstoken's own: Forgejo and Gitea keep tokens until they are "
                    + "deleted, so vcstoken stops using them then and deletes them when it replaces them."})
    static final class ListTokens implements Callable<Integer> {
        private final CliContext ctx;

        @Option(names = "--json", description = "Print a JSON array for scripts, with each token's origin, "
                + "description and dates as well.")
        boolean json;

        ListTokens(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() throws Exception {
            StoreData data = ctx.store().read();
            Instant now = ctx.clock().instant();
            List<Token> tokens = data.tokens().stream()
                    .sorted(Comparator.comparing(Token::server).thenComparing(t -> t.scope() == null ? "" : t.scope())
                            .thenComparing(Token::id))
                    .toList();
            if (json) {
                printJson(data, tokens, now);
                return 0;
            }
            if (tokens.isEmpty()) {
                ctx.out().println(CommandMessages.noTokens());
                return 0;
            }
            Table table = new Table("ID", "SERVER", "SCOPE", "USER", "ROLE", "EXPIRES", "STATE");
            for (Token t : tokens) {
                table.row(t.id(), t.server(), t.scope() == null ? "(server)" : t.scope(), t.username(), t.role().id(),
                        expires(t), state(data, t, now));
            }
            table.print(ctx.out());
            if (tokens.stream().anyMatch(t -> t.state().expiryEnforced())) {
                ctx.out().println(CommandMessages.enforcedExpiryNote());
            }
            for (Token t : tokens) {
                if (t.state().retired() != null) {
                    ctx.out().println(Messages.retiredListed(t.id(), t.server(), t.serverId(), deletePage(data, t)));
                }
            }
            return 0;
        }

        /** The expiry column: "never", the instant, and "(vcstoken)" where vcstoken enforces it. */
        private static String expires(Token t) {
            if (t.expires() == null) {
                return "never";
            }
            return t.expires() + (t.state().expiryEnforced() ? " (vcstoken)" : "");
        }

        /** Where a person deletes a retired token: its family's token page, or the server itself. */
        private String deletePage(StoreData data, Token t) {
            Optional<ServerProfile> p = data.server(t.server());
            if (p.isEmpty()) {
                return t.server();
            }
            try {
                return ctx.kinds(ctx.trace()).kindFor(p.get()).tokenPage(p.get(), null).uri().toString();
            } catch (org.vcstoken.server.ServerException | IllegalArgumentException e) {
                // A kind this vcstoken does not know, or a URL no page can be built on: the server itself.
                return t.server();
            }
        }

        private void printJson(StoreData data, List<Token> tokens, Instant now) throws IOException {
            try (JsonGenerator g = new JsonFactory().createGenerator(new NonClosing(ctx.out()))) {
                g.useDefaultPrettyPrinter();
                g.writeStartArray();
                for (Token t : tokens) {
                    g.writeStartObject();
                    g.writeStringField("id", t.id());
                    g.writeStringField("server", t.server());
                    g.writeStringField("scope", t.scope());
                    g.writeStringField("user", t.username());
                    g.writeStringField("role", t.role().id());
                    g.writeStringField("expires", t.expires() == null ? null : t.expires().toString());
                    // Whose expiry it is: the server's, or vcstoken's own for a forge that keeps tokens forever.
                    g.writeStringField("expiry_by", t.expires() == null ? null
                            : t.state().expiryEnforced() ? "vcstoken" : "server");
                    g.writeStringField("state", state(data, t, now));
                    g.writeStringField("server_id", t.serverId());
                    g.writeStringField("retired", t.state().retired() == null ? null : t.state().retired().toString());
                    g.writeBooleanField("still_valid_on_server", t.state().retired() != null);
                    g.writeStringField("delete_at", t.state().retired() == null ? null : deletePage(data, t));
                    g.writeStringField("origin", t.origin().id());
                    g.writeStringField("description", t.description());
                    g.writeStringField("created", t.created().toString());
                    g.writeStringField("confirmed", t.confirmed() == null ? null : t.confirmed().toString());
                    g.writeStringField("rejected", t.rejected() == null ? null : t.rejected().toString());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            ctx.out().println();
        }

        static String state(StoreData data, Token t, Instant now) {
            if (t.isRejected()) {
                return "rejected";
            }
            if (t.state().retired() != null) {
                // Replaced, but deleting it on the server failed: it still works there.
                return "retired";
            }
            if (t.isExpiredAt(now)) {
                return "expired";
            }
            Optional<ServerProfile> p = data.server(t.server());
            if (ExpiryPolicy.expiresSoon(t, p.orElse(null), now)) {
                return "expiring";
            }
            return "ok";
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = {"Remove a stored token by its id.",
                "",
                "The token leaves the store only: on the server it stays valid until it expires or is deleted there."})
    static final class Remove implements Callable<Integer> {
        private final CliContext ctx;

        @Parameters(index = "0", paramLabel = "ID", description = "The token's id, as vcstoken token list shows it.")
        String id;

        Remove(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() throws Exception {
            boolean[] found = new boolean[1];
            ctx.store().update(data -> {
                found[0] = data.token(id).isPresent();
                return data.withoutToken(id);
            });
            // svn's cached password follows the store (configure --svn).
            org.vcstoken.svn.SvnAuthSync.afterStoreChange(ctx.store(), ctx.clock(), ctx.err()::println);
            if (!found[0]) {
                throw new CliException(Messages.unknownToken(id));
            }
            ctx.out().println(CommandMessages.tokenRemoved(id));
            return 0;
        }
    }

    static ParsedUrl parseUrl(String url) {
        ParsedUrl parsed;
        try {
            parsed = ParsedUrl.parse(url);
        } catch (IllegalArgumentException e) {
            throw new CliException(CommandMessages.badUrl(e.getMessage()));
        }
        if (parsed.hadPassword()) {
            throw new CliException(Messages.passwordInUrl());
        }
        return parsed;
    }

    static Role parseRole(String text) {
        try {
            return Role.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }
}
