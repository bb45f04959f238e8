package org.ocidsl.engine.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A POSIX {@code sh} program body, built from commands whose every word is quoted.
 *
 * <p>Launchers are scripts: a long-running service's {@code start} ends by {@code exec}-ing its
 * process so that the supervisor watches the process itself.
 */
public final class Script {
  private final List<String> lines;

  private Script(List<String> lines) {
    this.lines = List.copyOf(lines);
  }

  /** A script that replaces itself with {@code argv}. */
  public static Script exec(List<String> argv) {
    return builder().exec(argv).build();
  }

  /** A script that runs {@code argv} and exits with its status. */
  public static Script run(List<String> argv) {
    return builder().run(argv).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<String> lines() {
    return lines;
  }

  /** The complete program, with its {@code #!/bin/sh} line. */
  public String text() {
    StringBuilder out = new StringBuilder("#!/bin/sh\nset -e\n");
    for (String line : lines) {
      out.append(line).append('\n');
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Script that && lines.equals(that.lines);
  }

  @Override
  public int hashCode() {
    return lines.hashCode();
  }

  @Override
  public String toString() {
    return String.join("\n", lines);
  }

  /** Collects the lines of a script. */
  public static final class Builder {
    private final List<String> lines = new ArrayList<>();

    private Builder() {}

    /** Runs {@code argv}; a failure ends the script ({@code set -e}). */
    public Builder run(List<String> argv) {
      lines.add(Shell.command(argv));
      return this;
    }

    /** Replaces the shell with {@code argv}. */
    public Builder exec(List<String> argv) {
      lines.add("exec " + Shell.command(argv));
      return this;
    }

    /** Prints {@code text} and a newline, unchanged. */
    public Builder print(String text) {
      lines.add("printf '%s\\n' " + Shell.quote(text));
      return this;
    }

    /** A line of shell written by ocidsl itself; never pass user text here unquoted. */
    public Builder raw(String line) {
      lines.add(Objects.requireNonNull(line));
      return this;
    }

    public Builder append(Script other) {
      lines.addAll(other.lines);
      return this;
    }

    public Script build() {
      return new Script(lines);
    }
  }
}
