package org.ocidsl.dsl.cli;

import java.nio.file.Path;
import org.ocidsl.engine.Mode;
import org.ocidsl.engine.Pipeline;
import org.ocidsl.engine.container.SystemContainer;
import org.ocidsl.engine.image.api.BuildListener;
import org.ocidsl.engine.image.api.TerminalProgress;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every command takes, before or after its name. */
public final class GlobalOptions {
  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description =
          "Where generations, the supervisor's socket, logs and the image cache live "
              + "(default: /var/lib/ocidsl for a system, $XDG_STATE_HOME/ocidsl for a home system; "
              + "OCIDSL_STATE_DIR also sets it).")
  Path stateDir;

  @Option(
      names = "--home",
      scope = ScopeType.INHERIT,
      description =
          "Evaluate and run the system as a home system (Guix Home): its services run as you, with rootless "
              + "podman, and it creates no account, subids or /etc file. Implied when not run as root.")
  boolean home;

  @Option(
      names = "--container",
      paramLabel = "PID",
      scope = ScopeType.INHERIT,
      description =
          "Work on the system of the system container whose first process is PID (what 'ocidsl container' "
              + "printed): its state directory, seen through that process.")
  Long container;

  @Option(
      names = "--stacktrace",
      scope = ScopeType.INHERIT,
      description = "Show the Java stack trace behind an error.")
  boolean stacktrace;

  /**
   * The options of the running command line. They are declared once, on the root command, and
   * inherited by every subcommand, wherever they are written.
   */
  public static GlobalOptions of(picocli.CommandLine.Model.CommandSpec spec) {
    return ((Main) spec.root().userObject()).global;
  }

  /**
   * The state directory in force: that of the system container of --container, else the option,
   * else OCIDSL_STATE_DIR, else the default.
   */
  public Path stateDir() {
    if (container != null) {
      return SystemContainer.stateDirOf(container);
    }
    if (stateDir != null) {
      return stateDir.toAbsolutePath();
    }
    String fromEnv = System.getenv("OCIDSL_STATE_DIR");
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return Path.of(fromEnv).toAbsolutePath();
    }
    if (!mode().home()) {
      return Path.of("/var/lib/ocidsl");
    }
    String xdg = System.getenv("XDG_STATE_HOME");
    Path base =
        xdg != null && !xdg.isEmpty()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".local", "state");
    return base.resolve("ocidsl");
  }

  /**
   * The pipeline of the state directory in force. Image builds show their progress on a
   * terminal; elsewhere (a pipe, a CI log) their warnings only.
   */
  public Pipeline pipeline() {
    return pipeline(stateDir(), mode());
  }

  /** {@link #pipeline()} over the state directory {@code dir}, for a system of {@code mode}. */
  public Pipeline pipeline(Path dir, Mode mode) {
    BuildListener listener = System.console() != null
        ? new TerminalProgress(System.err)
        : new BuildListener() {
            @Override
            public void warning(String message) {
              System.err.println("warning: " + message);
            }
          };
    return new Pipeline(dir, listener, mode);
  }

  /** Whose system the command works on: a home system with --home or when not root, else the host's. */
  public Mode mode() {
    return Mode.of(home);
  }

  public boolean stacktrace() {
    return stacktrace;
  }
}
