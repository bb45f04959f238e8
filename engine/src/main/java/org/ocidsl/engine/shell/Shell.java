package org.ocidsl.engine.shell;

import java.util.List;
import java.util.stream.Collectors;

/** POSIX shell quoting: every word reaches the program unchanged, whatever it contains. */
public final class Shell {
  private Shell() {}

  /** {@code word} in single quotes, with each embedded quote written as {@code '\''}. */
  public static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /** The words quoted and joined by spaces: a command line {@code sh} runs as {@code argv}. */
  public static String command(List<String> argv) {
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("empty command");
    }
    return argv.stream().map(Shell::quote).collect(Collectors.joining(" "));
  }
}
