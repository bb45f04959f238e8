package org.ocidsl.dsl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ocidsl.dsl.Images;
import org.ocidsl.dsl.Systems;
import org.ocidsl.dsl.eval.Evaluator;
import org.ocidsl.engine.activation.Activation;
import org.ocidsl.engine.generation.GenerationStore;
import org.ocidsl.engine.shepherd.ShepherdService;
import org.ocidsl.engine.supervisor.StateDirectory;
import org.ocidsl.engine.supervisor.Supervisor;
import org.ocidsl.engine.supervisor.SupervisorClient;
import org.ocidsl.engine.supervisor.SupervisorLauncher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ocidsl run FILE [-d]}: build the generation, activate it, make it current and supervise
 * it, in the foreground until Ctrl-C or SIGTERM, or detached.
 */
@Command(name = "run", description = "Build, activate and supervise FILE: in the foreground until Ctrl-C (every service is then stopped in reverse order), or detached with -d.")
final class RunCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "The system, a *.oci.groovy file.")
  Path file;

  @Option(names = {"-d", "--detach"}, description = "Leave the supervisor running in the background and return.")
  boolean detach;

  @Option(names = "--root", paramLabel = "DIR", description = "Activate into DIR instead of / (users, groups, /etc files): for tests.")
  Path root = Path.of("/");

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Path stateDir = GlobalOptions.of(spec).stateDir();
    if (SupervisorClient.of(stateDir).isRunning()) {
      throw StateDirectory.of(stateDir).alreadyRunning();
    }
    record Built(Systems.Folded system, Path generation) {}
    Built built = Images.building(() -> {
      Systems.Folded system = Systems.load(file, file.toString(), new Evaluator(Evaluator.defaultCacheDir()).buildingImages());
      Warnings.print(spec.commandLine().getErr());
      return new Built(system, BuildCommand.write(system, stateDir, null));
    });
    Systems.Folded system = built.system();
    Path generation = built.generation();
    try {
      Activation.of(root.toAbsolutePath(), stateDir).reportingTo(out::println).activate(generation);
    } catch (RuntimeException e) {
      GenerationStore.deleteRecursively(generation);
      throw e;
    }
    new GenerationStore(stateDir).makeCurrent(generation);
    out.flush();
    Map<String, Map<String, String>> secrets = secrets(system);
    if (detach) {
      long pid = SupervisorLauncher.detach(stateDir, generation, secrets);
      out.println("ocidsl: the system of " + file + " runs in " + stateDir + " (supervisor pid " + pid
          + "); 'ocidsl halt' stops it");
      return 0;
    }
    Supervisor.runForeground(stateDir, generation, secrets, out);
    return 0;
  }

  /** The values of each service's hostEnvironment: held in memory, handed to the supervisor. */
  private static Map<String, Map<String, String>> secrets(Systems.Folded system) {
    Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
    for (ShepherdService s : system.generation().services()) {
      if (!s.secretEnvironment().isEmpty()) {
        secrets.put(s.name(), s.secretEnvironment());
      }
    }
    return secrets;
  }
}
