package org.ocidsl.dsl.cli;

import java.io.PrintWriter;
import java.util.List;
import org.ocidsl.engine.OcidslException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code ocidsl} command: Guix's declarative OCI services on any Linux host. */
@Command(
    name = "ocidsl",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT,
    versionProvider = Main.Version.class,
    description = "Declarative, composable services for OCI containers, folded as GNU Guix folds them.",
    subcommands = {
      CheckCommand.class, BuildCommand.class, RunCommand.class, StatusCommand.class,
      ServiceCommands.Start.class, ServiceCommands.Stop.class, ServiceCommands.Restart.class,
      ActionCommand.class, LogsCommand.class, HaltCommand.class, ReconfigureCommand.class,
      GenerationCommands.ListGenerations.class, GenerationCommands.Rollback.class,
      GenerationCommands.SwitchGeneration.class, GenerationCommands.Delete.class, DescribeCommand.class,
      GraphCommand.class, ImageCommand.class, ExportCommand.class, ContainerCommand.class,
      ReplCommand.class, ScriptCommand.class, CompletionCommand.class, IdeCommand.class
    })
public final class Main implements Runnable {
  /** Exit status: the configuration or the runtime failed. */
  public static final int FAILURE = 1;

  /** Exit status: the command line was wrong. */
  public static final int USAGE = 2;

  static {
    // Picocli would load groovy.lang.Closure for closures in annotations, which ocidsl has none
    // of, and with it Groovy's whole runtime, in commands that evaluate nothing.
    System.setProperty("picocli.disable.closures", "true");
  }

  @Mixin GlobalOptions global;

  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int status = execute(args, out, err);
    // Commands may print without a newline last; System.exit flushes no writer.
    out.flush();
    err.flush();
    System.exit(status);
  }

  /** Runs the command line {@code args}, printing to {@code out} and {@code err}. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = commandLine();
    cli.setOut(out);
    cli.setErr(err);
    return cli.execute(args);
  }

  /** The command line with every subcommand, and ocidsl's error and usage reports. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(Main::reportError);
    cli.setParameterExceptionHandler(Main::reportUsage);
    cli.setExecutionStrategy(parsed -> {
      checkContainerOption(parsed);
      return new CommandLine.RunLast().execute(parsed);
    });
    return cli;
  }

  /**
   * The commands {@code --container PID} works with: those that talk to the supervisor of the
   * system container or read its state. The others would build or activate on the host.
   */
  static final List<String> CONTAINER_COMMANDS =
      List.of("status", "start", "stop", "restart", "action", "logs", "halt", "generations");

  private static void checkContainerOption(CommandLine.ParseResult parsed) {
    boolean given = false;
    CommandLine.ParseResult last = parsed;
    for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
      given |= p.hasMatchedOption("--container");
      last = p;
    }
    String name = last.commandSpec().name();
    if (given && !CONTAINER_COMMANDS.contains(name)) {
      throw new CommandLine.ParameterException(last.commandSpec().commandLine(),
          "--container works with " + String.join(", ", CONTAINER_COMMANDS.subList(0, CONTAINER_COMMANDS.size() - 1))
              + " and " + CONTAINER_COMMANDS.get(CONTAINER_COMMANDS.size() - 1) + ", not '" + name
              + "', which would build or activate on the host (run it inside: ocidsl container exec PID -- ...)");
    }
  }

  private static int reportError(
      Exception e, CommandLine command, CommandLine.ParseResult parsed) {
    PrintWriter err = command.getErr();
    boolean trace = parsed.hasMatchedOption("--stacktrace") || anySubcommandHas(parsed);
    if (e instanceof OcidslException user) {
      err.println(user.render());
    } else {
      err.println("error: " + e);
    }
    if (trace) {
      e.printStackTrace(err);
    }
    err.flush();
    return FAILURE;
  }

  private static boolean anySubcommandHas(CommandLine.ParseResult parsed) {
    for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--stacktrace")) {
        return true;
      }
    }
    return false;
  }

  private static int reportUsage(CommandLine.ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    err.println("ocidsl: " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for usage.");
    err.flush();
    return USAGE;
  }

  /** The version baked into the jar's manifest by the build. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"ocidsl " + (v == null ? "development" : v)};
    }
  }
}
