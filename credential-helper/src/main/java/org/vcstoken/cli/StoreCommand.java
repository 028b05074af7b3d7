package org.vcstoken.cli;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.vcstoken.messages.CommandMessages;
import org.vcstoken.messages.Messages;
import org.vcstoken.secret.SecretBackends;
import org.vcstoken.secret.SecretMigration;
import org.vcstoken.store.StoreData;
import org.vcstoken.store.TokenStore;
import org.vcstoken.token.Token;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vcstoken store status|use|migrate}: where token secrets are kept (issue 10). */
@Command(name = "store", mixinStandardHelpOptions = true,
        description = {"Choose where token secrets are kept.",
            "",
            "The stores: file, in vcstoken's store file (the default); secret-service, the desktop keyring (GNOME "
                + "Keyring, KeePassXC) through secret-tool; pass, GPG-encrypted by the pass password "
                + "manager. The choice is saved by "
                + "vcstoken store use; VCSTOKEN_STORE=NAME overrides it."},
        footerHeading = HelpLayout.EXAMPLES,
        footer = {"  vcstoken store status",
            "  vcstoken store use secret-service",
            "  vcstoken store migrate --to secret-service",
            "  vcstoken store rewrite"},
        subcommands = {StoreCommand.Status.class, StoreCommand.Use.class, StoreCommand.Migrate.class,
            StoreCommand.Rewrite.class})
final class StoreCommand implements Callable<Integer> {
    private final CliContext ctx;

    StoreCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ctx.err().println(Messages.error(CommandMessages.nameAStoreCommand()));
        return 2;
    }

    static SecretBackends backends(TokenStore store) {
        return (SecretBackends) store.secrets();
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Show where secrets go and whether each store is usable.",
                "",
                "Says which store new secrets go to and what chose it, whether each store is usable or what it "
                    + "lacks, and how many tokens keep their secret in each."},
            footerHeading = HelpLayout.EXIT_STATUS,
            footer = {"  0  every store in use is usable",
                "  1  a store that new secrets go to, or that holds some, is unusable"})
    static final class Status implements Callable<Integer> {
        private final CliContext ctx;

        Status(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() throws Exception {
            TokenStore store = ctx.store();
            SecretBackends backends = backends(store);
            SecretBackends.Choice choice = backends.configured();
            StoreData data = store.read();
            Map<String, Integer> counts = new TreeMap<>();
            for (Token t : data.tokens()) {
                counts.merge(SecretBackends.backendOf(t), 1, Integer::sum);
            }
            ctx.out().println(CommandMessages.secretsGoTo(choice.name(), choice.source()));
            boolean ok = true;
            Table table = new Table("STORE", "TOKENS", "STATE");
            for (String name : SecretBackends.NAMES) {
                int n = counts.getOrDefault(name, 0);
                String problem = backends.problem(name);
                if (problem != null && (n > 0 || name.equals(choice.name()))) {
                    ok = false;
                }
                table.row(name, Integer.toString(n), problem == null ? "usable" : "unusable: " + problem);
            }
            for (Map.Entry<String, Integer> e : counts.entrySet()) {
                if (!SecretBackends.NAMES.contains(e.getKey())) {
                    table.row(e.getKey(), e.getValue().toString(), "unknown to this vcstoken");
                    ok = false;
                }
            }
            table.print(ctx.out());
            if (store.layout() == TokenStore.Layout.EARLIER) {
                ctx.out().println(Messages.storeEarlierLayout(store.file()));
            }
            return ok ? 0 : 1;
        }
    }

    @Command(name = "rewrite", mixinStandardHelpOptions = true,
            description = {"Write the store file again in this version's layout.",
                "",
                "Nothing in the store changes. A store written by an earlier vcstoken, or edited by hand, is read "
                    + "whole at every lookup until "
                    + "something rewrites it. A store that cannot be read exactly is refused and left as it is."})
    static final class Rewrite implements Callable<Integer> {
        private final CliContext ctx;

        Rewrite(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() throws Exception {
            TokenStore store = ctx.store();
            if (store.layout() == TokenStore.Layout.ABSENT) {
                ctx.out().println(CommandMessages.noStoreToRewrite(store.file()));
                return 0;
            }
            store.rewrite();
            ctx.out().println(CommandMessages.rewrote(store.file(), store.read().tokens().size()));
            return 0;
        }
    }

    @Command(name = "use", mixinStandardHelpOptions = true,
            description = {"Keep the secrets of new tokens in another store.",
                "",
                "The store is tried first; one that is unusable is refused with what it lacks. Existing secrets "
                    + "stay where they are: move them with vcstoken store migrate --to NAME."})
    static final class Use implements Callable<Integer> {
        private final CliContext ctx;

        @Parameters(index = "0", paramLabel = "NAME", description = "The store: file, secret-service or pass.")
        String name;

        Use(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() throws Exception {
            SecretBackends backends = backends(ctx.store());
            backends.use(name);
            ctx.out().println(CommandMessages.storeChosen(name));
            warnIfOverridden(ctx, name);
            return 0;
        }
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = {"Move every secret to another store, and keep new ones there.",
                "",
                "Each secret is copied, read back, then the token is switched to it, and only then is it deleted "
                    + "from where it was: if this is interrupted, no secret is lost, and running it again finishes "
                    + "the job."},
            footerHeading = HelpLayout.EXIT_STATUS,
            footer = {"  0  every secret is in the new store",
                "  1  some could not be moved (each is named, with what to fix)"})
    static final class Migrate implements Callable<Integer> {
        private final CliContext ctx;

        @Option(names = "--to", required = true, paramLabel = "NAME",
                description = "The store to move to: file, secret-service or pass.")
        String to;

        Migrate(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() throws Exception {
            TokenStore store = ctx.store();
            SecretMigration.Result r = backends(store).migrate(store, to, ctx.err()::println);
            ctx.out().println(CommandMessages.migrated(r.moved(), to, r.already()));
            warnIfOverridden(ctx, to);
            for (String f : r.failed()) {
                ctx.err().println(Messages.error(CommandMessages.notMigrated(f)));
            }
            if (!r.failed().isEmpty()) {
                ctx.err().println(Messages.error(CommandMessages.migrateAgain(to)));
                return 1;
            }
            return 0;
        }
    }

    private static void warnIfOverridden(CliContext ctx, String name) {
        String env = ctx.env().get("VCSTOKEN_STORE").orElse(null);
        if (env != null && !env.equals(name)) {
            ctx.err().println(Messages.warning(CommandMessages.storeOverridden(env, name)));
        }
    }
}
