package org.ocidsl.dsl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ocidsl.dsl.Systems;
import org.ocidsl.dsl.eval.Evaluator;
import org.ocidsl.engine.Pipeline;
import org.ocidsl.engine.generation.GenerationView;
import org.ocidsl.engine.supervisor.StateDirectory;
import org.ocidsl.engine.supervisor.SupervisorClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ocidsl reconfigure FILE}: build the next generation, activate it, and switch the running
 * system to it, restarting exactly what changed; {@code --dry-run} prints the plan only.
 */
@Command(name = "reconfigure", description = "Switch the running system to FILE: stop what went, start what came, restart exactly what changed (and what requires it), keep the rest untouched; roll back by itself if a started service fails.")
final class ReconfigureCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "The system, a *.oci.groovy file.")
  Path file;

  @Option(names = "--dry-run", description = "Print the plan, with a reason per restart, and change nothing.")
  boolean dryRun;

  @Mixin Switching.Options options;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    options.check(spec.commandLine());
    PrintWriter out = spec.commandLine().getOut();
    Path stateDir = GlobalOptions.of(spec).stateDir();
    SupervisorClient client = Switching.running(stateDir, "; 'ocidsl run " + file + "' starts it");
    try (StateDirectory.SwitchLock lock = StateDirectory.of(stateDir).switchLock("reconfigure " + file.toAbsolutePath())) {
      Systems.Folded system = Systems.load(file, file.toString(), new Evaluator(Evaluator.defaultCacheDir()), GlobalOptions.of(spec).mode());
      Warnings.print(spec.commandLine().getErr());
      Pipeline pipeline = GlobalOptions.of(spec).pipeline();
      if (dryRun) {
        GenerationView next = pipeline.preview(system.generation(), system.source());
        Switching.print(Switching.plan(client, next, !options.noRestart), options, out);
        return 0;
      }
      Path generation = pipeline.build(system.generation(), system.source(), null);
      Switching.activateAndSwitch(out, spec.commandLine().getErr(), client, options, pipeline, generation, Pipeline.secrets(system.generation()), true);
      return 0;
    }
  }
}
