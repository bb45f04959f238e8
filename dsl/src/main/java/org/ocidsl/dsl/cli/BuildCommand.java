package org.ocidsl.dsl.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ocidsl.dsl.Images;
import org.ocidsl.dsl.Systems;
import org.ocidsl.dsl.eval.Evaluator;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.generation.Fingerprints;
import org.ocidsl.engine.generation.GenerationStore;
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
    Systems.Folded system = Systems.load(file, file.toString(), new Evaluator(Evaluator.defaultCacheDir()));
    Warnings.print(spec.commandLine().getErr());
    spec.commandLine().getOut().println(write(system, GlobalOptions.of(spec).stateDir(), output));
    return 0;
  }

  /** Builds the images of {@code system} and writes its generation; returns its directory. */
  static Path write(Systems.Folded system, Path stateDir, Path output) throws IOException {
    Map<String, GenerationStore.ImageArchive> archives = Images.build(system.generation(), stateDir);
    String source = system.path().toAbsolutePath().toString();
    if (output != null) {
      if (java.nio.file.Files.exists(output)) {
        throw new OcidslException("output directory '" + output + "' already exists");
      }
      return GenerationStore.write(system.generation(), source, archives, Fingerprints.of(stateDir), output.toAbsolutePath());
    }
    return new GenerationStore(stateDir).add(system.generation(), source, archives);
  }
}
