package org.ocidsl.dsl.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import org.ocidsl.dsl.eval.Evaluator;
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
    description = "Declarative, composable services for OCI containers, folded as GNU Guix folds them.")
public final class Main implements Runnable {
  /** Exit status: the configuration or the runtime failed. */
  public static final int FAILURE = 1;

  /** Exit status: the command line was wrong. */
  public static final int USAGE = 2;

  /** The subcommands that evaluate a system file. */
  private static final Set<String> EVALUATING = Set.of("check", "build", "run", "reconfigure", "graph", "image");

  static {
    // Picocli would load groovy.lang.Closure for closures in annotations, which ocidsl has none
    // of, and with it Groovy's whole runtime: left to the evaluation, that can start beside
    // the parsing of the command line (Evaluator.warmUpInBackground).
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
    // Before picocli starts: a word that only names a command here is a head start at worst.
    // A loop, not a stream: the warm-up is on the critical path, and a stream's first use links
    // lambdas first.
    for (String arg : args) {
      if (EVALUATING.contains(arg)) {
        Evaluator.warmUpInBackground();
        break;
      }
    }
    CommandLine cli = commandLine(args);
    cli.setOut(out);
    cli.setErr(err);
    return cli.execute(args);
  }

  /**
   * The command line for {@code args}. Picocli reads every subcommand's annotations when it is
   * added, a good part of a quick command's start: when {@code args} name a subcommand, only that
   * one is added. Otherwise (no name, a wrong one, {@code --help}) all are, so that usage lists
   * them and a misspelt name gets suggestions.
   */
  static CommandLine commandLine(String[] args) {
    CommandLine cli = new CommandLine(new Main());
    String named = subcommandName(cli.getCommandSpec(), args);
    for (String name : SUBCOMMANDS) {
      if (named == null || named.equals(name)) {
        cli.addSubcommand(name, subcommand(name));
      }
    }
    cli.setExecutionExceptionHandler(Main::reportError);
    cli.setParameterExceptionHandler(Main::reportUsage);
    return cli;
  }

  /** The subcommands, in the order usage lists them. */
  static final List<String> SUBCOMMANDS =
      List.of(
          "check", "build", "run", "status", "start", "stop", "restart", "action", "logs", "halt",
          "reconfigure", "generations", "rollback", "switch-generation", "delete-generations", "describe",
          "graph", "image", "container", "repl", "export");

  /** A new instance of the subcommand {@code name}, one of {@link #SUBCOMMANDS}. */
  static Object subcommand(String name) {
    return switch (name) {
      case "check" -> new CheckCommand();
      case "build" -> new BuildCommand();
      case "run" -> new RunCommand();
      case "status" -> new StatusCommand();
      case "start" -> new ServiceCommands.Start();
      case "stop" -> new ServiceCommands.Stop();
      case "restart" -> new ServiceCommands.Restart();
      case "action" -> new ActionCommand();
      case "logs" -> new LogsCommand();
      case "halt" -> new HaltCommand();
      case "reconfigure" -> new ReconfigureCommand();
      case "generations" -> new GenerationCommands.ListGenerations();
      case "rollback" -> new GenerationCommands.Rollback();
      case "switch-generation" -> new GenerationCommands.SwitchGeneration();
      case "delete-generations" -> new GenerationCommands.Delete();
      case "describe" -> new DescribeCommand();
      case "graph" -> new GraphCommand();
      case "image" -> new ImageCommand();
      case "container" -> new NotYetCommand.Container();
      case "repl" -> new NotYetCommand.Repl();
      case "export" -> new NotYetCommand.Export();
      default -> throw new IllegalArgumentException("no subcommand " + name);
    };
  }

  /**
   * The first word of {@code args} that is not an option of the root command nor an option's
   * value, if it names a subcommand; else null, also after {@code --help} or {@code --version}
   * (whose usage lists every command) and after anything it does not know.
   */
  private static String subcommandName(CommandLine.Model.CommandSpec root, String[] args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("-")) {
        return SUBCOMMANDS.contains(arg) ? arg : null;
      }
      int equals = arg.indexOf('=');
      CommandLine.Model.OptionSpec option = root.findOption(equals < 0 ? arg : arg.substring(0, equals));
      if (option == null || option.usageHelp() || option.versionHelp()) {
        return null;
      }
      if (equals < 0 && option.arity().min() > 0) {
        i += option.arity().min();
      }
    }
    return null;
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
