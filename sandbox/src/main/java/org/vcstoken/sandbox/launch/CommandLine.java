package org.vcstoken.sandbox.launch;

import java.util.Objects;
import java.util.Set;

/**
 * {@code vcstoken-sandbox}'s argument syntax, the same for every flavor: {@code --name value} or
 * {@code --name=value}, flags without a value, and {@code --help}/{@code -h}. Options are read
 * in order, so the first mistake on the line is the one reported; each flavor decides what
 * the values mean.
 */
public final class CommandLine {
  /**
   * One option as given.
   *
   * @param name e.g. {@code --port}; {@code --help} for {@code -h} too
   * @param value the text after {@code =} or the next argument; null for a flag and for help
   */
  public record Option(String name, String value) {
    public boolean isHelp() {
      return name.equals("--help");
    }
  }

  private final String[] argv;
  private final Set<String> withValue;
  private final Set<String> flags;
  private int next;

  /**
   * @param withValue the option names that take a value
   * @param flags the option names that take none
   */
  public CommandLine(String[] argv, Set<String> withValue, Set<String> flags) {
    this.argv = Objects.requireNonNull(argv, "argv");
    this.withValue = Objects.requireNonNull(withValue, "withValue");
    this.flags = Objects.requireNonNull(flags, "flags");
  }

  /**
   * The next option, or null after the last.
   *
   * @throws IllegalArgumentException for an unknown argument, or an option without its value
   */
  public Option next() {
    if (next >= argv.length) {
      return null;
    }
    String a = argv[next++];
    if (a.equals("--help") || a.equals("-h")) {
      return new Option("--help", null);
    }
    if (flags.contains(a)) {
      return new Option(a, null);
    }
    String name = a;
    String value = null;
    int eq = a.indexOf('=');
    if (a.startsWith("--") && eq > 0) {
      name = a.substring(0, eq);
      value = a.substring(eq + 1);
    }
    if (!withValue.contains(name)) {
      throw new IllegalArgumentException("unknown argument `" + a + "`");
    }
    if (value == null) {
      if (next >= argv.length) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      value = argv[next++];
    }
    return new Option(name, value);
  }

  /**
   * An option's whole-number value within {@code min..max}.
   *
   * @throws IllegalArgumentException naming the option, the range and what was given
   */
  public static int number(Option option, int min, int max) {
    String name = option.name();
    String value = option.value();
    try {
      int n = Integer.parseInt(value.trim());
      if (n < min || n > max) {
        throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", got `" + value + "`");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, got `" + value + "`", e);
    }
  }
}
