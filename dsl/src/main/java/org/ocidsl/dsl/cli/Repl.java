package org.ocidsl.dsl.cli;

import groovy.lang.Binding;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ocidsl.dsl.SystemDefinition;
import org.ocidsl.dsl.Systems;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.shepherd.ShepherdService;

/**
 * One REPL session: each input is Groovy, evaluated as a {@link ControlScript} against the
 * session's variables (the system of the file loaded last is {@code system}), or a {@code
 * :command}; its value or its located error ({@code <repl>:LINE:COL: error: …}) is printed, and
 * the session goes on. The terminal is {@link ReplCommand}'s: this is what it evaluates.
 */
final class Repl {
  /** The name of an input in its error messages: {@code <repl>:LINE:COL: error: …}, LINE within the input. */
  static final String DISPLAY_NAME = "<repl>";

  /** The commands, with what {@code :help} says of each. */
  static final Map<String, String> COMMANDS = commands(
      ":describe [NAME]", "document a record or service type ('script': the control API), as 'ocidsl describe'",
      ":services", "the shepherd services of system, with what each requires",
      ":launcher SERVICE", "the start launcher of SERVICE in system",
      ":graph", "the service extension graph of system",
      ":plan", "what reconfiguring the running system to system would do (nothing is changed)",
      ":load FILE", "evaluate FILE and make its system system",
      ":reload", "evaluate the file loaded last again",
      ":help", "this list",
      ":quit", "leave (so does Ctrl-D; Ctrl-C abandons the input)");

  private final Control control;
  private final Binding binding = new Binding();
  private final PrintWriter out;
  private final boolean stacktrace;
  private Path loaded;

  Repl(Control control, PrintWriter out, boolean stacktrace) {
    this.control = control;
    this.out = out;
    this.stacktrace = stacktrace;
    binding.setVariable("out", out); // where print and println go
  }

  private static Map<String, String> commands(String... namesAndDocs) {
    Map<String, String> commands = new LinkedHashMap<>();
    for (int i = 0; i < namesAndDocs.length; i += 2) {
      commands.put(namesAndDocs[i], namesAndDocs[i + 1]);
    }
    return commands;
  }

  /** The session's variables, for completion. */
  List<String> variables() {
    return binding.getVariables().keySet().stream().map(String::valueOf).toList();
  }

  /** The names of the running system's services, for completion, which offers nothing rather than fail. */
  List<String> runningServices() {
    return control.runningServices();
  }

  /** The names of {@code system}'s shepherd services, for completion, which offers nothing rather than fail. */
  List<String> systemServices() {
    try {
      return binding.hasVariable("system")
          ? system("system").graph().startOrder().stream().map(ShepherdService::name).toList()
          : List.of();
    } catch (OcidslException e) {
      return List.of();
    }
  }

  /** Handles one input; returns false when it asks to leave. */
  boolean handle(String input) {
    try {
      String text = input.strip();
      if (text.startsWith(":")) {
        return command(text);
      }
      if (!text.isEmpty()) {
        Object value = control.evaluator().evaluateInput(input, DISPLAY_NAME, Path.of("").toAbsolutePath(),
            ControlScript.class, binding, script -> script.control(control));
        String printed = value == null ? "" : BuilderForm.of(value);
        if (!printed.isEmpty()) {
          out.println(printed);
        }
      }
    } catch (OcidslException e) {
      report(e, e.render());
    } catch (RuntimeException e) {
      report(e, "error: " + e);
    }
    out.flush();
    return true;
  }

  private void report(RuntimeException e, String message) {
    out.println(message);
    if (stacktrace) {
      e.printStackTrace(out);
    }
  }

  private boolean command(String text) {
    String[] words = text.split("\\s+", 2);
    String argument = words.length > 1 ? words[1] : null;
    switch (words[0]) {
      case ":quit" -> {
        return false;
      }
      case ":help" -> {
        COMMANDS.forEach((name, doc) -> out.printf("  %-18s %s%n", name, doc));
        out.println("Anything else is Groovy, with the language and the control API ('ocidsl describe script') in scope.");
      }
      case ":describe" -> DescribeCommand.print(argument, out);
      case ":services" -> GraphCommand.print(system(":services"), true, GraphCommand.Format.text, out);
      case ":graph" -> GraphCommand.print(system(":graph"), false, GraphCommand.Format.text, out);
      case ":launcher" -> out.print(control.launcher(systemValue(":launcher"), required(argument, ":launcher SERVICE")));
      case ":plan" -> out.print(control.plan(systemValue(":plan")).text());
      case ":load" -> load(Path.of(required(argument, ":load FILE")));
      case ":reload" -> {
        if (loaded == null) {
          throw new OcidslException("no file was loaded: ':load FILE' loads one");
        }
        load(loaded);
      }
      default -> throw new OcidslException("unknown command '" + words[0] + "'; :help lists the commands");
    }
    return true;
  }

  private static String required(String argument, String usage) {
    if (argument == null) {
      throw new OcidslException("usage: " + usage);
    }
    return argument;
  }

  /** Evaluates {@code file} (a system file) and makes its system {@code system}. */
  void load(Path file) {
    SystemDefinition value = Systems.evaluate(file, file.toString(), control.evaluator());
    Systems.Folded folded = control.fold(control.loaded(value, file), ":load");
    binding.setVariable("system", value);
    loaded = file;
    out.println("system = " + folded.summary());
  }

  private Object systemValue(String command) {
    if (!binding.hasVariable("system")) {
      throw new OcidslException(command + " works on system, which is not set: ':load FILE' sets it");
    }
    return binding.getVariable("system");
  }

  private Systems.Folded system(String command) {
    return control.fold(systemValue(command), command);
  }
}
