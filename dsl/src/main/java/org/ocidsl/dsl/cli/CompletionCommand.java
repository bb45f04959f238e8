package org.ocidsl.dsl.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ocidsl completion bash}: the completion script of the command line. Picocli's {@link
 * AutoComplete} writes it from the commands and their options; ocidsl adds to it what only a run
 * can know: the names of the running system's services, asked of {@code ocidsl status --names}
 * on the state directory of the line being completed, and the {@code *.oci.groovy} files (and
 * directories) where a command takes a system file.
 */
@Command(name = "completion", description = "Print the script that completes ocidsl's commands, options, system files and "
    + "service names: 'source <(ocidsl completion bash)' in ~/.bashrc; in ~/.zshrc too, as zsh loads it through bashcompinit.")
final class CompletionCommand implements Callable<Integer> {
  /** The shells the script serves: one script, which zsh runs through its bashcompinit. */
  enum Shell { bash, zsh }

  /** Commands whose first argument is a service of the running system. */
  static final List<String> SERVICE_COMMANDS = List.of("status", "start", "stop", "restart", "logs", "action");

  /** Commands whose first argument is a system file, by their picocli function name and command name. */
  static final List<List<String>> SYSTEM_FILE_COMMANDS = List.of(
      List.of("check", "check"), List.of("build", "build"), List.of("run", "run"),
      List.of("reconfigure", "reconfigure"), List.of("graph", "graph"), List.of("image_build", "build"),
      List.of("container", "container"), List.of("export", "export"), List.of("repl", "repl"));

  /** Where picocli's function for one command fills in its completions of positional arguments. */
  private static final String POSITIONALS_REPLY =
      "    COMPREPLY=( $(compgen -W \"${commands// /$'\\n'}${IFS}${positionals}\" -- \"${curr_word}\") )";

  private static final String HELPERS = """

      # ocidsl's own completions, called from the functions above.
      # The services of the running system on the state directory the line names, if any
      # (--home names the home system's).
      function _ocidsl_services() {
        local i state=()
        for (( i = 1; i < COMP_CWORD; i++ )); do
          if [[ ${COMP_WORDS[i]} == --home ]]; then
            state+=(--home)
          elif [[ ${COMP_WORDS[i]} == --state-dir ]]; then
            if [[ ${COMP_WORDS[i+1]} == = ]]; then
              state+=(--state-dir "${COMP_WORDS[i+2]/#\\~/$HOME}")
            else
              state+=(--state-dir "${COMP_WORDS[i+1]/#\\~/$HOME}")
            fi
          fi
        done
        "${COMP_WORDS[0]/#\\~/$HOME}" "${state[@]}" status --names 2>/dev/null
      }

      # System files (*.oci.groovy) and the directories they may be in.
      function _ocidsl_system_files() {
        compgen -d -- "${COMP_WORDS[COMP_CWORD]}"
        compgen -f -X '!*.oci.groovy' -- "${COMP_WORDS[COMP_CWORD]}"
      }
      """;

  @Parameters(paramLabel = "SHELL", description = "bash or zsh (the same script).")
  Shell shell;

  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.print(script(spec.root().commandLine()));
    out.flush();
    return 0;
  }

  /** The completion script of {@code root}. */
  static String script(CommandLine root) {
    String script = AutoComplete.bash("ocidsl", root);
    for (String command : SERVICE_COMMANDS) {
      script = completeFirstArgument(script, command, command, "positionals=$(_ocidsl_services)");
    }
    for (List<String> command : SYSTEM_FILE_COMMANDS) {
      script = completeFirstArgument(script, command.get(0), command.get(1),
          "type compopt &>/dev/null && compopt -o filenames\n      positionals=$(_ocidsl_system_files)");
    }
    int end = script.lastIndexOf("\ncomplete -F ");
    return script.substring(0, end) + HELPERS + script.substring(end);
  }

  /**
   * {@code script} with the first positional argument of command {@code function} (picocli's
   * name: {@code image_build}; {@code name}, its own) completed by the shell code {@code
   * completion}, which sets {@code positionals}, rather than as picocli would.
   */
  private static String completeFirstArgument(String script, String function, String name, String completion) {
    int start = script.indexOf("\nfunction _picocli_ocidsl_" + function + "() {");
    int at = start < 0 ? -1 : script.indexOf(POSITIONALS_REPLY, start);
    if (at < 0) {
      throw new IllegalStateException("picocli's completion script has no positional arguments for '" + function + "'");
    }
    String block = "    if (( $(currentPositionalIndex \"" + name + "\" \"${arg_opts}\" \"${flag_opts}\") == 0 )); then\n"
        + "      " + completion + "\n"
        + "    fi\n";
    return script.substring(0, at) + block + script.substring(at);
  }
}
