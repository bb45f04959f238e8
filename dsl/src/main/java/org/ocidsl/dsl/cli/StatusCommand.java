package org.ocidsl.dsl.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.supervisor.ServiceStatus;
import org.ocidsl.engine.supervisor.StateDirectory;
import org.ocidsl.engine.supervisor.StatusFormat;
import org.ocidsl.engine.supervisor.SupervisorClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ocidsl status [SERVICE]}: what {@code herd status} prints. */
@Command(name = "status", description = "Show the status of the running services, or of SERVICE, as 'herd status' does.")
final class StatusCommand implements Callable<Integer> {
  /** The lines of a failed service's log that its status shows. */
  private static final int LOG_LINES = 5;

  @Parameters(arity = "0..1", paramLabel = "SERVICE", description = "A service, by any name it provides.")
  String service;

  @Option(names = "--names", hidden = true,
      description = "Print the names the running services provide, one a line, and nothing when no system runs (for shell completion).")
  boolean names;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (names) {
      printNames(GlobalOptions.of(spec).stateDir(), out);
      return 0;
    }
    SupervisorClient client = SupervisorClient.of(GlobalOptions.of(spec).stateDir());
    if (service == null) {
      out.print(StatusFormat.summary(client.status()));
    } else {
      out.print(detail(client, client.status(service)));
    }
    out.flush();
    return 0;
  }

  /** What {@code ocidsl status SERVICE} prints of {@code s}: with the end of its log when it failed. */
  static String detail(SupervisorClient client, ServiceStatus s) {
    return StatusFormat.detail(s,
        StatusFormat.showsFailure(s) ? StateDirectory.lastLines(client.logFile(s.name()), LOG_LINES) : List.of());
  }

  /** What a completion offers: every name a running service provides; nothing when none can be asked. */
  static List<String> providedNames(Path stateDir) {
    try {
      return SupervisorClient.of(stateDir).status().stream().flatMap(s -> s.provision().stream()).distinct().toList();
    } catch (OcidslException e) {
      // No system runs on this state directory, or not for this user: nothing to complete.
      return List.of();
    }
  }

  private static void printNames(Path stateDir, PrintWriter out) {
    providedNames(stateDir).forEach(out::println);
    out.flush();
  }
}
