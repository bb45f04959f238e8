package org.ocidsl.dsl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.history.DefaultHistory;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.ocidsl.dsl.eval.Evaluator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ocidsl repl [FILE]}: an interactive shell on JLine (line editing, history, Ctrl-R,
 * multi-line input, completion) over a {@link Repl} session, with FILE's system as {@code system}.
 */
@Command(name = "repl", description = "An interactive Groovy shell with the language and the control API of the running system in scope, FILE's system loaded as system. :help lists its commands.")
final class ReplCommand implements Callable<Integer> {
  @Parameters(arity = "0..1", paramLabel = "FILE", description = "A system, a *.oci.groovy file.")
  Path file;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    GlobalOptions global = GlobalOptions.of(spec);
    Path cache = Evaluator.defaultCacheDir();
    try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build()) {
      PrintWriter out = terminal.writer();
      Control control = new Control(global.stateDir(), global.pipeline(), new Evaluator(cache),
          Path.of("").toAbsolutePath(), out, out);
      Repl repl = new Repl(control, out, global.stacktrace());
      Files.createDirectories(cache);
      LineReader reader = LineReaderBuilder.builder()
          .terminal(terminal)
          .appName("ocidsl")
          .parser(new ReplParser())
          .completer(new ReplCompleter(repl))
          .history(new DefaultHistory() {
            /** An input that sets hostEnvironment is not kept: its values are secrets, which no file holds. */
            @Override
            public void add(Instant time, String line) {
              if (!line.contains("hostEnvironment")) {
                super.add(time, line);
              }
            }
          })
          .variable(LineReader.HISTORY_FILE, cache.resolve("repl-history"))
          .variable(LineReader.SECONDARY_PROMPT_PATTERN, "%P .....> ")
          .build();
      out.println("ocidsl repl: Groovy with the language and the control API; :help lists the commands.");
      if (file != null) {
        repl.handle(":load " + file);
      }
      // Ctrl-C while an input runs interrupts it (a sleep, a wait), not the REPL.
      Thread evaluating = Thread.currentThread();
      terminal.handle(Terminal.Signal.INT, signal -> evaluating.interrupt());
      while (true) {
        String input;
        try {
          input = reader.readLine("ocidsl> ");
        } catch (UserInterruptException e) {
          continue; // Ctrl-C: the input is abandoned
        } catch (EndOfFileException e) {
          break; // Ctrl-D
        }
        if (!repl.handle(input)) {
          break;
        }
        Thread.interrupted(); // an interrupt that came too late for the input is not the next one's
      }
      reader.getHistory().save();
    }
    return 0;
  }
}
