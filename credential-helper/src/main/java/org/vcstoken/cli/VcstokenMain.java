package org.vcstoken.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.time.Clock;
import org.vcstoken.messages.CommandMessages;
import org.vcstoken.messages.Messages;
import org.vcstoken.env.Environment;
import org.vcstoken.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vcstoken}: the command for people. Only wires; each subcommand lives in its own class. */
@Command(name = "vcstoken", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = {"Scoped, expiring VCS tokens for git, Mercurial and Subversion.",
            "",
            "vcstoken gives git, hg and svn the best stored token for the repository they work on: one limited to "
                + "that repository before a server-wide one, never one that has expired or was rejected. When no "
                + "token fits, vcstoken offers to create one with you. Secrets never appear in arguments, logs or "
                + "listings.",
            "",
            "For a command's own options: vcstoken COMMAND --help, or vcstoken help COMMAND."},
        footerHeading = HelpLayout.EXAMPLES,
        footer = {"  vcstoken server add https://code.example.com --user alice",
            "  vcstoken configure",
            "  git clone https://code.example.com/group/repo",
            "  vcstoken token list",
            "",
            "Environment:",
            "  VCSTOKEN_HOME=DIR    Keep all of vcstoken's state in DIR.",
            "  VCSTOKEN_TRACE=1     Trace every decision on stderr, with secrets masked.",
            "  VCSTOKEN_TRACE=PATH  The same, into the file at PATH (an absolute path).",
            "  VCSTOKEN_STORE=NAME  Keep new secrets in NAME (see: vcstoken store --help).",
            "  VCSTOKEN_TOKEN       A CI job's token for VCSTOKEN_URL only; never stored.",
            "  CI=true              Never ask anything; say what to set instead."})
public final class VcstokenMain implements java.util.concurrent.Callable<Integer> {
    /**
     * The subcommands, in the order help lists them. picocli builds a command's whole model
     * (options, parameters, usage) by reflection when it is added, which for all of them took
     * about a tenth of a second of every run; a run that names one gets only that one.
     */
    static final java.util.List<Class<?>> SUBCOMMANDS = java.util.List.of(TokenCommand.class, ServerCommand.class,
            LoginCommand.class, RenewCommand.class, ConfigureCommand.class, UnconfigureCommand.class,
            SvnCommand.class, CloneCommand.class, EnvCommand.class, DemoCommand.class, DoctorCommand.class,
            StoreCommand.class, CommandLine.HelpCommand.class);

    private final CliContext ctx;

    VcstokenMain(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ctx.err().println(Messages.error(CommandMessages.nameACommand()));
        return 2;
    }

    public static void main(String[] args) {
        // JGit logs through SLF4J, which without a logging back end prints three warning lines on
        // first use; `vcstoken clone` users would take them for errors. vcstoken reports itself.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        Environment env = Environment.system();
        System.exit(run(args, System.in, System.out, System.err, env, FileSystems.getDefault(),
                org.vcstoken.env.Clocks.from(env, System.err)));
    }

    /** Runs a command line; returns the exit status (0 ok, 1 failed, 2 usage error). */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Environment env,
            FileSystem fs, Clock clock) {
        return run(args, in, out, err, env, fs, clock, org.vcstoken.server.ServerKinds::load);
    }

    /** {@link #run} with the server families of the caller's choosing (tests bring their own). */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Environment env,
            FileSystem fs, Clock clock,
            java.util.function.Function<org.vcstoken.server.KindContext, org.vcstoken.server.ServerKinds> families) {
        CliContext ctx = new CliContext(env, fs, clock, in, out, err, families);
        // Every run, whatever the command: svn must not keep sending a token that has expired (issue 21).
        org.vcstoken.svn.SvnAuthExpiry.syncIfExpired(ctx.store(), clock, err::println);
        CommandLine cl = new CommandLine(VcstokenMain.class, new Factory(ctx));
        Class<?> named = args.length == 0 ? null : subcommandNamed(args[0]);
        if (named != null && named != CommandLine.HelpCommand.class) {
            cl.addSubcommand(named);
        } else {
            // Help, an option, a mistake: everything, so that help lists all and picocli can suggest.
            for (Class<?> c : SUBCOMMANDS) {
                cl.addSubcommand(c);
            }
        }
        // An argument starting with '@' is what the user typed (a description, an svn argument), never
        // the name of a file whose lines picocli would read in as more arguments.
        cl.setExpandAtFiles(false);
        // Headed sections in every command's help, the ones just added included (see HelpLayout).
        HelpLayout.apply(cl);
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof CliException || ex instanceof StoreException || ex instanceof IllegalArgumentException
                    || ex instanceof org.vcstoken.token.Secret.UnavailableException) {
                // UnavailableException (issue 10): a keyring or pass could not give a secret; its message says which and why.
                // IllegalArgumentException carries a message about a value the user gave (a date, a URL).
                err.println(Messages.error(ex.getMessage()));
                return 1;
            }
            if (ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException) {
                // File and process errors name the file or command; none of them carries a secret.
                err.println(Messages.error(ex.getMessage()));
                return 1;
            }
            org.vcstoken.trace.Trace.stackTraceIfRequested(env, err, ex);
            err.println(Messages.error(CommandMessages.unexpected(ex.getClass().getSimpleName())));
            return 1;
        });
        return cl.execute(args);
    }

    private static Class<?> subcommandNamed(String name) {
        for (Class<?> c : SUBCOMMANDS) {
            Command command = c.getAnnotation(Command.class);
            if (command.name().equals(name) || java.util.Arrays.asList(command.aliases()).contains(name)) {
                return c;
            }
        }
        return null;
    }

    /** Gives every command the context through its constructor: no static state. */
    private record Factory(CliContext ctx) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                Constructor<K> c = cls.getDeclaredConstructor(CliContext.class);
                return c.newInstance(ctx);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }
}
