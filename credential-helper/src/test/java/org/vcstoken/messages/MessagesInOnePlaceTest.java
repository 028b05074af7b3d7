package org.vcstoken.messages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Keeps what vcstoken says to a person in one place: {@code org.vcstoken.messages}, plus one
 * {@code *Messages} class per server family in the family's own package. Reads every main source
 * file of credential-helper and svn-provider and fails, naming file and line, on a string literal
 * printed to out/err, given to an exception a person reads, asked or told through a prompter,
 * given to {@code Messages.error}/{@code warning}, or made into what {@code vcstoken doctor} shows
 * (a {@code Finding}'s line or fix, a {@code Check}'s name) anywhere else; on a {@code *Messages} class
 * anywhere else; and on the messages package naming another package of vcstoken (it must stay
 * a leaf every package can use without a cycle).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // the sources are read once for the three checks
class MessagesInOnePlaceTest {
    private static final String MESSAGES = "org/vcstoken/messages/";
    private static final String FAMILIES = "org/vcstoken/server/";
    private static final String DEMO_SCRIPT = "the demo tour's script for one forge: its failures stand beside its "
            + "expect(...) checks and narration (run.detail), which say what the tour shows of that forge, and read "
            + "only there";

    /** Files whose inline texts are not messages to move, each with the reason. Keep it short. */
    static final Map<String, String> ALLOWED = allowed(
            "org/vcstoken/token/Ipv6.java", "its reasons never reach a person: Origin, its only caller, catches them "
                    + "and says InputMessages.malformedIpv6 instead",
            "org/vcstoken/trace/Trace.java", "the layout of a trace line (time, program, text), not wording; the text "
                    + "comes from the callers, masked",
            "org/vcstoken/cli/StartupTraining.java", "the program that trains the class-data archives while "
                    + "installing; install/install.sh runs it, never a person",
            "org/vcstoken/cli/GitLabDemo.java", DEMO_SCRIPT,
            "org/vcstoken/cli/ForgejoDemo.java", DEMO_SCRIPT,
            "org/vcstoken/cli/RhodecodeDemo.java", DEMO_SCRIPT);

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final List<Path> ROOTS = List.of(REPO.resolve("credential-helper/src/main/java"),
            REPO.resolve("svn-provider/src/main/java"));

    /** Each main source file, by its path under src/main/java, with its text and its place in the repository. */
    private final Map<String, Source> sources = new TreeMap<>();

    private record Source(Path file, String text) {
    }

    @BeforeAll
    void readSources() throws IOException {
        for (Path root : ROOTS) {
            assertThat(root).as("main sources (the test runs from the credential-helper module)").isDirectory();
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    sources.put(root.relativize(f).toString().replace('\\', '/'), new Source(f, Files.readString(f)));
                }
            }
        }
        assertThat(sources).as("sources read").containsKey("org/vcstoken/cli/VcstokenMain.java")
                .containsKey("org/vcstoken/svn/svnkit/VcstokenAuthenticationManager.java");
    }

    @Test
    void noWordingIsWrittenInlineOutsideTheMessagesClasses() {
        Set<String> exceptions = new HashSet<>(LiteralScanner.exceptionTypesDeclaredIn(
                sources.values().stream().map(Source::text).toList()));
        exceptions.addAll(LiteralScanner.JDK_EXCEPTIONS);
        assertThat(exceptions).as("the exception types whose messages a person reads")
                .contains("CliException", "ServerException", "StoreException", "PromptException", "ProtocolException");
        // doctor's checks return their findings and doctor prints them: their texts are messages too.
        Map<String, Set<String>> factories = Map.of(
                "Finding", LiteralScanner.factoriesDeclaredIn(text("org/vcstoken/check/Finding.java"), "Finding"),
                "Check", LiteralScanner.factoriesDeclaredIn(text("org/vcstoken/check/Check.java"), "Check"));
        assertThat(factories.get("Finding")).as("Finding's factories").contains("pass", "fail", "of");
        assertThat(factories.get("Check")).as("Check's factories").contains("of");
        LiteralScanner scanner = new LiteralScanner(exceptions, factories, Set.of("Check"));
        Set<String> familyMessages = familyMessagesFiles();

        List<String> inline = new ArrayList<>();
        Set<String> allowedAndUsed = new HashSet<>();
        sources.forEach((name, source) -> {
            if (name.startsWith(MESSAGES) || familyMessages.contains(name)) {
                return;
            }
            List<LiteralScanner.Finding> found = scanner.scan(source.text());
            if (found.isEmpty()) {
                return;
            }
            if (ALLOWED.containsKey(name)) {
                allowedAndUsed.add(name);
                return;
            }
            for (LiteralScanner.Finding f : found) {
                inline.add(REPO.relativize(source.file()) + ":" + f.line() + ": " + f.call() + "("
                        + f.literal().lines().findFirst().orElse("") + ")");
            }
        });

        assertThat(inline).as("texts written inline: move each into a class of org.vcstoken.messages (a family's "
                + "into its *Messages class), or, if it is no message, say why in ALLOWED").isEmpty();
        assertThat(ALLOWED.keySet()).as("ALLOWED entries whose file no longer writes texts inline: remove them")
                .containsExactlyInAnyOrderElementsOf(allowedAndUsed);
    }

    @Test
    void onlyTheMessagesPackageAndOneClassPerServerFamilyAreNamedMessages() {
        Map<String, List<String>> perFamily = new TreeMap<>();
        List<String> misplaced = new ArrayList<>();
        sources.forEach((name, source) -> {
            for (String type : LiteralScanner.messageClassesDeclaredIn(source.text())) {
                if (name.startsWith(MESSAGES)) {
                    continue;
                }
                String family = family(name);
                if (family != null && name.equals(FAMILIES + family + "/" + type + ".java")) {
                    perFamily.computeIfAbsent(family, f -> new ArrayList<>()).add(type);
                } else {
                    misplaced.add(REPO.relativize(source.file()) + ": " + type);
                }
            }
        });

        assertThat(misplaced).as("*Messages classes outside org.vcstoken.messages and the server families").isEmpty();
        assertThat(perFamily).as("one *Messages class per server family")
                .allSatisfy((family, types) -> assertThat(types).as(family).hasSize(1))
                .containsKeys("rhodecode", "gitlab", "forgejo");
    }

    @Test
    void theMessagesPackageNamesNoOtherPackageOfVcstoken() {
        Map<String, Set<String>> named = new LinkedHashMap<>();
        sources.forEach((name, source) -> {
            if (name.startsWith(MESSAGES)) {
                Set<String> others = new HashSet<>(LiteralScanner.vcstokenPackagesNamedIn(source.text()));
                others.remove("messages");
                if (!others.isEmpty()) {
                    named.put(name, others);
                }
            }
        });

        assertThat(sources.keySet()).as("the messages package").anyMatch(n -> n.startsWith(MESSAGES));
        assertThat(named).as("org.vcstoken.messages depends on JDK types only (values in, text out)").isEmpty();
    }

    private String text(String name) {
        assertThat(sources).as("main sources").containsKey(name);
        return sources.get(name).text();
    }

    /** The family's one *Messages file, e.g. org/vcstoken/server/gitlab/GitLabMessages.java. */
    private Set<String> familyMessagesFiles() {
        Set<String> files = new HashSet<>();
        sources.forEach((name, source) -> {
            String family = family(name);
            for (String type : LiteralScanner.messageClassesDeclaredIn(source.text())) {
                if (family != null && name.equals(FAMILIES + family + "/" + type + ".java")) {
                    files.add(name);
                }
            }
        });
        return files;
    }

    /** "gitlab" for a file directly in org/vcstoken/server/gitlab/; null outside a family's package. */
    private static String family(String name) {
        if (!name.startsWith(FAMILIES)) {
            return null;
        }
        String rest = name.substring(FAMILIES.length());
        int slash = rest.indexOf('/');
        return slash < 0 || rest.indexOf('/', slash + 1) >= 0 ? null : rest.substring(0, slash);
    }

    private static Map<String, String> allowed(String... fileAndReason) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < fileAndReason.length; i += 2) {
            m.put(fileAndReason[i], fileAndReason[i + 1]);
        }
        return m;
    }
}
