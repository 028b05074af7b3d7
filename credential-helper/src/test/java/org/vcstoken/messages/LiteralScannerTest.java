package org.vcstoken.messages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The scanner behind {@link MessagesInOnePlaceTest}, on snippets whose answer is known. */
class LiteralScannerTest {
    private final LiteralScanner scanner = new LiteralScanner(Set.of("CliException", "IllegalArgumentException"));

    private List<LiteralScanner.Finding> scan(String body) {
        return scanner.scan("package x;\n\nclass C {\n    void m() {\n" + body + "\n    }\n}\n");
    }

    @Test
    void flagsALiteralPrintedToAStreamWithItsLine() {
        List<LiteralScanner.Finding> found = scan("        out.println(\"no tokens; add one\");");

        assertThat(found).containsExactly(new LiteralScanner.Finding(5, "println", "\"no tokens; add one\""));
    }

    @Test
    void flagsEachLiteralOfAConcatenationOnceWithItsLineAndInnermostCall() {
        List<LiteralScanner.Finding> found = scan("""
                        ctx.err().println(Messages.error("could not renew " + id
                                + ": " + why + "; try again"));""");

        assertThat(found).extracting(LiteralScanner.Finding::line).containsExactly(5, 6);
        assertThat(found).extracting(LiteralScanner.Finding::literal)
                .containsExactly("\"could not renew \"", "\"; try again\"");
        assertThat(found).extracting(LiteralScanner.Finding::call).containsExactly("Messages.error", "Messages.error");
    }

    @Test
    void aMessagesCallIsNotFlagged() {
        assertThat(scan("""
                        System.err.println(Messages.warning(CommandMessages.noTokens()));
                        throw new CliException(InputMessages.urlEmpty());""")).isEmpty();
    }

    @Test
    void flagsATextBlockAsOneLiteralOnItsFirstLine() {
        List<LiteralScanner.Finding> found = scan("""
                        out.print(\"""
                                usage: vcstoken
                                \""");""");

        assertThat(found).hasSize(1);
        assertThat(found.get(0).line()).isEqualTo(5);
        assertThat(found.get(0).literal()).startsWith("\"\"\"").contains("usage: vcstoken");
    }

    @Test
    void aStringInACommentIsNotFlagged() {
        assertThat(scan("""
                        // out.println("an old message");
                        /* throw new CliException("another one"); */
                        /** err.println("and in javadoc") */
                        out.println(CommandMessages.noTokens()); // "and after code\"""")).isEmpty();
    }

    @Test
    void aQuoteInACharacterLiteralDoesNotStartAString() {
        assertThat(scan("""
                        char q = '"';
                        out.println(q + CommandMessages.noTokens() + '"');""")).isEmpty();
    }

    @Test
    void aLiteralWithoutALetterIsLayoutNotWording() {
        assertThat(scan("""
                        out.printf("%-20s %s%n", a, b);
                        out.println("");
                        err.println(a + ": " + b + "\\n");""")).isEmpty();
    }

    @Test
    void flagsExceptionsThatReachAPersonButNotInvariants() {
        List<LiteralScanner.Finding> found = scan("""
                        throw new IllegalArgumentException("port " + port + " is out of range");
                        throw new java.lang.IllegalArgumentException("qualified");
                        throw new IllegalStateException("cannot happen");
                        throw new AssertionError("cannot happen either");""");

        assertThat(found).extracting(LiteralScanner.Finding::call)
                .containsExactly("new IllegalArgumentException", "new IllegalArgumentException",
                        "new IllegalArgumentException");
        assertThat(found).extracting(LiteralScanner.Finding::line).containsExactly(5, 5, 6);
    }

    @Test
    void flagsQuestionsAndNotesToAPersonAndTextsGivenToErrorOrWarning() {
        List<LiteralScanner.Finding> found = scan("""
                        prompter.ask("Your user name: ");
                        prompter.tell("vcstoken: opened the page");
                        warn.accept(Messages.warning("the server refused it"));
                        trace.line("a trace line is not a message");
                        map.get("error");""");

        assertThat(found).extracting(LiteralScanner.Finding::call).containsExactly("ask", "tell", "Messages.warning");
    }

    @Test
    void flagsTextsMadeIntoADoctorFindingOrCheckButNotOtherFactories() {
        LiteralScanner doctor = new LiteralScanner(Set.of(), Map.of("Finding", Set.of("pass", "fail", "of"),
                "Check", Set.of("of")), Set.of("Check"));

        List<LiteralScanner.Finding> found = doctor.scan("""
                class C {
                    void m() {
                        report.accept(Finding.fail("store: " + error, "see the message above"));
                        report.accept(org.vcstoken.check.Finding.of(ok, DoctorMessages.javaVersion(17), "install JDK 17+"));
                        report.accept(new Finding(true, "java: fine", null));
                        checks.add(Check.of("git", r -> r.accept(Finding.pass(DoctorMessages.gitNotInstalled()))));
                        List<String> names = List.of("pass", "fail");
                        Finding.pass(what + ": " + detail);
                    }
                }
                """);

        assertThat(found).extracting(LiteralScanner.Finding::call).containsExactly("Finding.fail", "Finding.fail",
                "Finding.of", "new Finding", "Check.of");
        assertThat(found).extracting(LiteralScanner.Finding::line).containsExactly(3, 3, 4, 5, 6);
    }

    @Test
    void flagsTheNameACheckReturnsButNotNamesElsewhere() {
        LiteralScanner doctor = new LiteralScanner(Set.of(), Map.of(), Set.of("Check"));
        String check = """
                record JavaCheck(Runtime.Version version) implements org.vcstoken.check.Check {
                    @Override
                    public String name() {
                        return "java";
                    }
                    String other() { return profile.name() + "x"; }
                }
                """;

        assertThat(doctor.scan(check)).containsExactly(new LiteralScanner.Finding(4, "name", "\"java\""));
        assertThat(doctor.scan(check.replace("implements org.vcstoken.check.Check", "implements Tool"))).isEmpty();
        assertThat(doctor.scan(check.replace("return \"java\"", "return DoctorMessages.javaCheck()"))).isEmpty();
    }

    @Test
    void findsTheFactoriesATypeDeclares() {
        assertThat(LiteralScanner.factoriesDeclaredIn("""
                public record Finding(boolean ok, String what, String fix) {
                    public static Finding pass(String what) { return new Finding(true, what, null); }
                    static Finding fail(String what, String fix) { return null; }
                    public static String text(Finding f) { return f.what(); }
                    public Finding withFix(String fix) { return this; }
                }""", "Finding")).containsExactlyInAnyOrder("pass", "fail");
    }

    @Test
    void printsToOtherReceiversAreNotFlagged() {
        assertThat(scan("""
                        builder.append("text");
                        String.format("%s items", n);
                        writer.println("a file's content, not a person's message");""")).isEmpty();
    }

    @Test
    void findsTheExceptionTypesASourceDeclaresAndTheirSubclasses() {
        Set<String> types = LiteralScanner.exceptionTypesDeclaredIn(List.of(
                "public class ServerException extends Exception {}",
                "final class RotationRefused extends ServerException { static final class Inner extends Object {} }",
                "class NoUsable extends org.eclipse.jgit.errors.TransportException {}",
                "record Thing(String a) {} class Plain {}"));

        assertThat(types).containsExactlyInAnyOrder("ServerException", "RotationRefused", "NoUsable");
    }

    @Test
    void findsMessagesClassesButNotTheirUses() {
        assertThat(LiteralScanner.messageClassesDeclaredIn("""
                /** Not a class SvnMessages in a comment. */
                public final class StoreMessages {
                    static final class FieldMessages {}
                    String s = Messages.error("x");
                    Class<?> c = Messages.class;
                }""")).containsExactly("StoreMessages", "FieldMessages");
    }

    @Test
    void findsThePackagesOfVcstokenASourceNames() {
        assertThat(LiteralScanner.vcstokenPackagesNamedIn("""
                package org.vcstoken.messages;

                import java.util.List;
                import org.vcstoken.store.StoreSchema.Field;
                /** {@link org.vcstoken.token.Origin} in a comment does not count. */
                class X { org.vcstoken.secret.SecretBackends b; String s = "org.vcstoken.cli"; }""")
        ).containsExactlyInAnyOrder("messages", "store", "secret");
    }
}
