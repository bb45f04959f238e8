package org.ocidsl.dsl.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ocidsl.dsl.Systems;
import org.ocidsl.dsl.eval.Evaluator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ocidsl build FILE [-o DIR]}: write a generation and print its path. */
@Command(name = "build", description = "Write the generation of FILE (system.json, one launcher per service, etc files, images) and print its path.")
final class BuildCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "The system, a *.oci.groovy file.")
  Path file;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Write the generation to DIR, which must not exist, instead of the state directory.")
  Path output;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Systems.Folded system = Systems.load(file, file.toString(), new Evaluator(Evaluator.defaultCacheDir()), GlobalOptions.of(spec).mode());
    Warnings.print(spec.commandLine().getErr());
    spec.commandLine().getOut().println(GlobalOptions.of(spec).pipeline().build(system.generation(), system.source(), output));
    return 0;
  }
}
