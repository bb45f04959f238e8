package org.ocidsl.dsl.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ocidsl.dsl.Systems;
import org.ocidsl.dsl.eval.Evaluator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ocidsl check FILE}: evaluate, fold and validate; print a one-line summary; change nothing. */
@Command(name = "check", description = "Evaluate and fold FILE, validate its services; print a one-line summary. Nothing is written or started.")
final class CheckCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "The system, a *.oci.groovy file.")
  Path file;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Systems.Folded system = Systems.load(file, file.toString(), new Evaluator(Evaluator.defaultCacheDir()), GlobalOptions.of(spec).mode());
    Warnings.print(spec.commandLine().getErr());
    spec.commandLine().getOut().println(system.summary());
    return 0;
  }
}
