package org.ocidsl.dsl.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ocidsl.engine.supervisor.Supervisor;
import org.ocidsl.engine.supervisor.SupervisorMain;
import org.ocidsl.engine.supervisor.SupervisorOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ocidsl supervise GENERATION}: the supervisor in the foreground, until SIGINT, SIGTERM or
 * {@code ocidsl halt}. Hidden: {@code run -d} starts it in a new session, the secrets on its
 * standard input.
 */
@Command(name = "supervise", hidden = true, description = "Supervise the services of GENERATION in the foreground (what 'run -d' starts).")
final class SuperviseCommand implements Callable<Integer> {
  @Parameters(paramLabel = "GENERATION", description = "A generation directory.")
  Path generation;

  @Option(names = "--secrets-from-stdin", description = "Read the secret environment from standard input, as JSON: {\"SERVICE\": {\"VAR\": \"value\"}}.")
  boolean secretsFromStdin;

  @Option(names = "--detached", description = "Log messages to STATE/logs/supervisor.log only.")
  boolean detached;

  @Option(names = "--stop-grace", paramLabel = "SECONDS", description = "Time between SIGTERM and SIGKILL when stopping (default: ${DEFAULT-VALUE}).")
  double stopGrace = SupervisorOptions.DEFAULT_STOP_GRACE.toMillis() / 1000.0;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Map<String, Map<String, String>> secrets =
        secretsFromStdin ? SupervisorMain.readSecrets(System.in) : Map.of();
    Supervisor.runForeground(
        SupervisorOptions.of(GlobalOptions.of(spec).stateDir(), generation)
            .withSecrets(secrets)
            .withOut(detached ? null : spec.commandLine().getOut())
            .withStopGrace(Duration.ofMillis((long) (stopGrace * 1000))));
    return 0;
  }
}
