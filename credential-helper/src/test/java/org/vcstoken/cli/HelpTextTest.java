package org.vcstoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.env.Environment;
import org.vcstoken.git.GitCredentialMain;
import org.vcstoken.testing.MutableClock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The help of every command and subcommand, as a person reads it: found by walking picocli's
 * command tree (so a command added later is checked without being listed here), rendered by
 * {@code vcstoken ... --help}, and held to the layout {@link HelpLayout} sets out.
 */
class HelpTextTest {
    static final int WIDTH = 80;
    /** Ends like a sentence: a full stop, question or exclamation mark. */
    private static final Pattern SENTENCE = Pattern.compile("(?s).*[.!?]");
    /** A sentence ends inside the text: a second sentence follows. */
    private static final Pattern TWO_SENTENCES = Pattern.compile("(?s).*[.!?]\\s+\\S.*");
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");
    /** picocli breaks lines after a colon, which would cut a URL in two. */
    private static final Pattern CUT_URL = Pattern.compile(".*\\bhttps?:");

    @TempDir
    Path dir;
    Environment env;
    MutableClock clock = MutableClock.at("2026-11-27T12:00:00Z");

    /** What rendering one command's help gave: exit status, stdout, and stderr (picocli's warnings included). */
    record Rendered(int exit, String out, String err) {
    }

    @BeforeEach
    void setUp() {
        env = new Environment(Map.of("VCSTOKEN_HOME", dir.resolve("state").toString(), "HOME", dir.toString()));
    }

    @Test
    void everyCommandsHelpIsWholeSentencesWithinEightyColumnsWithNothingOnStderr() {
        CommandLine tree = tree(VcstokenMain.class, VcstokenMain.SUBCOMMANDS);
        Map<List<String>, CommandLine> commands = commands(tree);

        List<String> problems = problems(commands, this::vcstokenHelp);

        assertThat(commands.keySet()).as("the walk reaches subcommands of subcommands")
                .contains(List.of("token", "check"), List.of("server", "import-rhoderc"), List.of("store", "migrate"));
        assertThat(problems).isEmpty();
    }

    @Test
    void theChecksCatchABarePercentHandWrappedTextAndSummariesCutInTheList() {
        CommandLine tree = new CommandLine(Sloppy.class);
        HelpLayout.apply(tree);

        List<String> problems = problems(commands(tree), path -> usage(tree, path));

        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("sloppy: wrote to stderr").contains("picocli WARN"))
                .anySatisfy(p -> assertThat(p).startsWith("sloppy: the summary does not end a sentence"))
                .anySatisfy(p -> assertThat(p).startsWith("sloppy: paragraph 2 does not end a sentence"))
                .anySatisfy(p -> assertThat(p).startsWith("sloppy: --wide: its description does not end a sentence"))
                .anySatisfy(p -> assertThat(p).startsWith("sloppy: --narrow: 2 description lines"))
                .anySatisfy(p -> assertThat(p).startsWith("sloppy: line longer than 80 columns"))
                .anySatisfy(p -> assertThat(p).startsWith("sloppy: a URL is cut"))
                .anySatisfy(p -> assertThat(p).startsWith("sloppy sub: the summary is not one line"));
    }

    @Test
    void theGitHelpersHelpFitsEightyColumnsAndStartsWithItsUsage() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = GitCredentialMain.run(new String[] {"--help"}, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env, FileSystems.getDefault(), clock);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();

        assertThat(exit).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(lines.get(0)).isEqualTo("usage: git-credential-vcstoken get|store|erase");
        assertThat(lines.get(2)).matches(SENTENCE);
        assertThat(lines).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(WIDTH));
        assertThat(lines).contains("Enable it for every server profile with: vcstoken configure --git");
    }

    /** {@code vcstoken PATH... --help}, run as a person runs it, with picocli's own stderr caught too. */
    private Rendered vcstokenHelp(List<String> path) {
        List<String> args = new ArrayList<>(path);
        args.add("--help");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int[] exit = new int[1];
        String processErr = catchingProcessErr(() -> exit[0] = VcstokenMain.run(args.toArray(String[]::new),
                new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, FileSystems.getDefault(), clock));
        return new Rendered(exit[0], out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8) + processErr);
    }

    private static Rendered usage(CommandLine root, List<String> path) {
        CommandLine command = root;
        for (String name : path) {
            command = command.getSubcommands().get(name);
        }
        CommandLine target = command;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String processErr = catchingProcessErr(() -> target.usage(new PrintStream(out, true, StandardCharsets.UTF_8)));
        return new Rendered(0, out.toString(StandardCharsets.UTF_8), processErr);
    }

    /** Runs {@code action} and returns what it wrote to the process's stderr, where picocli warns. */
    private static String catchingProcessErr(Runnable action) {
        PrintStream processErr = System.err;
        ByteArrayOutputStream caught = new ByteArrayOutputStream();
        System.setErr(new PrintStream(caught, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(processErr);
        }
        return caught.toString(StandardCharsets.UTF_8);
    }

    /** The tree {@code vcstoken --help} builds: every subcommand, each made with a command context. */
    private CommandLine tree(Class<?> main, List<Class<?>> subcommands) {
        PrintStream nowhere = new PrintStream(ByteArrayOutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        CliContext ctx = new CliContext(env, FileSystems.getDefault(), clock, new ByteArrayInputStream(new byte[0]),
                nowhere, nowhere);
        CommandLine root = new CommandLine(main, new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                try {
                    Constructor<K> withContext = type.getDeclaredConstructor(CliContext.class);
                    return withContext.newInstance(ctx);
                } catch (NoSuchMethodException e) {
                    return CommandLine.defaultFactory().create(type);
                }
            }
        });
        subcommands.forEach(root::addSubcommand);
        return root;
    }

    /** Every command of the tree by its path of names (the root's is empty), parents first; aliases once. */
    private static Map<List<String>, CommandLine> commands(CommandLine root) {
        Map<List<String>, CommandLine> found = new LinkedHashMap<>();
        walk(root, List.of(), found);
        return found;
    }

    private static void walk(CommandLine command, List<String> path, Map<List<String>, CommandLine> found) {
        found.put(path, command);
        for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
            if (sub.getKey().equals(sub.getValue().getCommandName())) {
                List<String> subPath = new ArrayList<>(path);
                subPath.add(sub.getKey());
                walk(sub.getValue(), List.copyOf(subPath), found);
            }
        }
    }

    /** What is wrong with the help of {@code commands}, one line per problem, each naming its command. */
    private static List<String> problems(Map<List<String>, CommandLine> commands,
            Function<List<String>, Rendered> render) {
        Map<List<String>, Rendered> rendered = new LinkedHashMap<>();
        commands.keySet().forEach(path -> rendered.put(path, render.apply(path)));
        List<String> problems = new ArrayList<>();
        for (Map.Entry<List<String>, CommandLine> e : commands.entrySet()) {
            List<String> path = e.getKey();
            CommandSpec spec = e.getValue().getCommandSpec();
            String name = spec.qualifiedName(" ");
            Rendered help = rendered.get(path);
            if (help.exit() != 0) {
                problems.add(name + ": --help ended with status " + help.exit());
            }
            if (!help.err().isEmpty()) {
                problems.add(name + ": wrote to stderr: " + help.err().strip());
            }
            if (!help.out().contains("Usage: ")) {
                problems.add(name + ": no usage line in " + help.out());
            }
            for (String line : ANSI.matcher(help.out()).replaceAll("").lines().toList()) {
                if (line.length() > WIDTH) {
                    problems.add(name + ": line longer than " + WIDTH + " columns: " + line);
                }
                if (CUT_URL.matcher(line).matches()) {
                    problems.add(name + ": a URL is cut at the end of: " + line);
                }
            }
            // The summary is what a parent's list shows: the header's first line if there is a
            // header (picocli's own help command has one), else the description's.
            String[] header = spec.usageMessage().header();
            String[] description = spec.usageMessage().description();
            List<String> paragraphs = new ArrayList<>(List.of(header.length > 0 ? header : description));
            if (header.length > 0) {
                paragraphs.addAll(List.of(description));
            }
            paragraphs.replaceAll(p -> p.replaceAll("^(%n)+|(%n)+$", ""));
            if (paragraphs.isEmpty() || paragraphs.get(0).isBlank()) {
                problems.add(name + ": no summary");
                continue;
            }
            String summary = paragraphs.get(0);
            if (!SENTENCE.matcher(summary).matches() || !Character.isUpperCase(summary.charAt(0))) {
                problems.add(name + ": the summary does not end a sentence, or does not start one: " + summary);
            } else if (TWO_SENTENCES.matcher(summary).matches()) {
                problems.add(name + ": the summary is more than one sentence: " + summary);
            }
            for (int i = 1; i < paragraphs.size(); i++) {
                if (!paragraphs.get(i).isEmpty() && !SENTENCE.matcher(paragraphs.get(i)).matches()) {
                    problems.add(name + ": paragraph " + (i + 1) + " does not end a sentence (picocli wraps each "
                            + "element as a paragraph of its own): " + paragraphs.get(i));
                }
            }
            if (!path.isEmpty()) {
                // The parent's list shows the summary alone: it must be whole, on the command's own line.
                String parent = ANSI.matcher(rendered.get(path.subList(0, path.size() - 1)).out()).replaceAll("");
                Pattern listed = Pattern.compile("(?m)^  " + Pattern.quote(spec.name()) + " +" + Pattern.quote(summary)
                        + "$");
                if (!listed.matcher(parent).find()) {
                    problems.add(name + ": the summary is not one line in the list of commands of "
                            + spec.parent().qualifiedName(" ") + ": " + summary);
                }
            }
            List<ArgSpec> args = new ArrayList<>(spec.options());
            args.addAll(spec.positionalParameters());
            for (ArgSpec arg : args) {
                if (arg.hidden()) {
                    continue;
                }
                String label = arg.isOption() ? ((CommandLine.Model.OptionSpec) arg).longestName() : arg.paramLabel();
                String[] lines = arg.description();
                if (lines.length != 1) {
                    problems.add(name + ": " + label + ": " + lines.length + " description lines; one sentence, not "
                            + "wrapped by hand");
                } else if (!SENTENCE.matcher(lines[0]).matches() || !Character.isUpperCase(lines[0].charAt(0))) {
                    problems.add(name + ": " + label + ": its description does not end a sentence, or does not start "
                            + "one: " + lines[0]);
                }
            }
        }
        return problems;
    }

    /** Help with every fault the checks are there to catch. */
    @Command(name = "sloppy", mixinStandardHelpOptions = true,
            description = {"Does things with 20% of the", "lifetime and", "more.",
                "URL is the server's base URL, with the path it is mounted under if any (https://host/rhodecode)."},
            footer = "See https://code.example.com/a/long/path/that/picocli/wraps/somewhere/in/the/middle/of/it",
            customSynopsis = "sloppy [--wide] [--narrow] and a synopsis picocli prints as it is, however long it is",
            subcommands = Sloppy.Sub.class)
    static final class Sloppy implements Runnable {
        @Option(names = "--wide", description = "a fragment")
        boolean wide;

        @Option(names = "--narrow", description = {"Wrapped", "by hand."})
        boolean narrow;

        @Override
        public void run() {
        }

        @Command(name = "sub", description = {"A summary much too long to stand on one line in its parent's list of "
                + "commands."})
        static final class Sub implements Runnable {
            @Override
            public void run() {
            }
        }
    }
}
