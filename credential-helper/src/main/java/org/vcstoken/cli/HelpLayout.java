package org.vcstoken.cli;

import java.util.Comparator;
import java.util.Iterator;
import java.util.ServiceLoader;
import org.vcstoken.server.KindProvider;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * How every command's help is laid out: the usage line, a blank line, the summary and its
 * paragraphs, then headed lists (parameters, options, commands) and the footer. Set here once,
 * for the whole tree, so that a command added later gets the same layout without repeating it.
 *
 * <p>The width stays picocli's 80 columns: the man pages install/package.sh makes from this help
 * must come out the same wherever they are built, whatever the terminal.
 */
final class HelpLayout {
    /** {@code footerHeading} of a command whose footer starts with examples. */
    static final String EXAMPLES = "%nExamples:%n";
    /** {@code footerHeading} of a command whose footer is only its exit statuses. */
    static final String EXIT_STATUS = "%nExit status:%n";

    private HelpLayout() {
    }

    /**
     * Gives {@code command} and all its subcommands the headed layout; picocli's own {@code help}
     * command keeps its layout, whose text brings blank lines of its own.
     */
    static void apply(CommandLine command) {
        if (!command.getCommandSpec().helpCommand()) {
            UsageMessageSpec usage = command.getCommandSpec().usageMessage();
            usage.descriptionHeading("%n");
            usage.parameterListHeading("%nParameters:%n");
            usage.optionListHeading("%nOptions:%n");
            usage.commandListHeading("%nCommands:%n");
        }
        for (CommandLine sub : command.getSubcommands().values()) {
            apply(sub);
        }
    }

    /**
     * The server families this installation has, for {@code --kind}'s help and completion: found
     * the way {@code ServerKinds.load} finds them (in detection order), so help names exactly the
     * families there are. Looked up only when help or a completion script is made.
     */
    static final class KindNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ServiceLoader.load(KindProvider.class, KindProvider.class.getClassLoader()).stream()
                    .map(ServiceLoader.Provider::get).sorted(Comparator.comparingInt(KindProvider::detectionOrder))
                    .map(KindProvider::id).iterator();
        }
    }
}
