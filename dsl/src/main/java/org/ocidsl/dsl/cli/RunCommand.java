package org.ocidsl.dsl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ocidsl.dsl.Systems;
import org.ocidsl.dsl.eval.Evaluator;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.Pipeline;
import org.ocidsl.engine.supervisor.ServiceStatus;
import org.ocidsl.engine.supervisor.StateDirectory;
import org.ocidsl.engine.supervisor.SupervisorClient;
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

  @Option(names = "--settle", paramLabel = "SECONDS", description = "With -d: how long the services must keep running for the start to count as a success (default: ${DEFAULT-VALUE}).")
  double settle = 1.0;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Path stateDir = GlobalOptions.of(spec).stateDir();
    if (SupervisorClient.of(stateDir).isRunning()) {
      throw new OcidslException(StateDirectory.of(stateDir).alreadyRunning().getMessage()
          + "; 'ocidsl reconfigure " + file + "' switches it to this file");
    }
    Systems.Folded system = Systems.load(file, file.toString(), new Evaluator(Evaluator.defaultCacheDir()), GlobalOptions.of(spec).mode());
    Warnings.print(spec.commandLine().getErr());
    Pipeline pipeline = GlobalOptions.of(spec).pipeline();
    Path generation = pipeline.build(system.generation(), system.source(), null);
    pipeline.activate(generation, root, out::println, true);
    pipeline.makeCurrent(generation);
    out.flush();
    Map<String, Map<String, String>> secrets = Pipeline.secrets(system.generation());
    if (detach) {
      long pid = pipeline.detach(generation, secrets);
      List<String> failures = settledFailures(SupervisorClient.of(stateDir), Duration.ofMillis(Math.round(settle * 1000)));
      if (!failures.isEmpty()) {
        throw new OcidslException("the system of " + file + " runs in " + stateDir + " (supervisor pid " + pid
            + "), but " + (failures.size() == 1 ? "a service" : failures.size() + " services") + " failed:\n"
            + String.join("\n", failures));
      }
      out.println("ocidsl: the system of " + file + " runs in " + stateDir + " (supervisor pid " + pid
          + "); 'ocidsl halt' stops it");
      return 0;
    }
    pipeline.supervise(generation, secrets, out);
    return 0;
  }

  /**
   * Waits {@code settle}, then names each auto-start service that failed to start, exited or was
   * disabled since, why, and the last lines of its log.
   */
  static List<String> settledFailures(SupervisorClient client, Duration settle) {
    StateDirectory.sleep(settle.toMillis());
    List<String> failures = new ArrayList<>();
    for (ServiceStatus s : client.status()) {
      boolean failed = switch (s.state()) {
        case FAILED, DISABLED -> true;
        case STOPPED, STARTING -> s.autoStart() && s.failure() != null;
        default -> false;
      };
      if (failed) {
        StringBuilder line = new StringBuilder("service '" + s.name() + "' failed: " + s.failure());
        for (String l : StateDirectory.lastLines(Path.of(s.logFile()), 5)) {
          line.append("\n  | ").append(l);
        }
        failures.add(line.toString());
      }
    }
    return failures;
  }
}
