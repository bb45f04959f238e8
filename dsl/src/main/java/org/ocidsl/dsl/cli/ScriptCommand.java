package org.ocidsl.dsl.cli;

import groovy.lang.Binding;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ocidsl.dsl.eval.Evaluator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ocidsl script FILE [ARG...]}: runs a Groovy program with the language and the control
 * API over the running system in scope ({@link ControlScript}), its ARGs as {@code args}.
 * Everything after FILE goes to the program, options included.
 */
@Command(name = "script", description = "Run FILE, a Groovy program with the language and the control API of the running system in scope (load, plan, reconfigure, status, start, stop, restart, action, logs, generations, rollback, switchGeneration), ARGs as args. 'ocidsl describe script' documents the API.")
final class ScriptCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "The program, a Groovy file.")
  Path file;

  @Parameters(index = "1..*", paramLabel = "ARG", description = "Arguments of the program: its args.")
  List<String> args = new ArrayList<>();

  @Mixin ForeignArguments foreignArguments;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    GlobalOptions global = GlobalOptions.of(spec);
    PrintWriter out = spec.commandLine().getOut();
    Evaluator evaluator = new Evaluator(Evaluator.defaultCacheDir());
    Control control = new Control(global.stateDir(), global.pipeline(), evaluator, file.toAbsolutePath(), out,
        spec.commandLine().getErr());
    Binding binding = new Binding();
    binding.setVariable("args", List.copyOf(args));
    binding.setVariable("out", out); // where the program's print and println go
    try {
      evaluator.evaluate(file, file.toString(), ControlScript.class, binding, script -> script.control(control));
    } finally {
      out.flush();
    }
    return 0;
  }
}
