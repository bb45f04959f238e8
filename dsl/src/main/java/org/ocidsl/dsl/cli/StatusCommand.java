package org.ocidsl.dsl.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.ocidsl.engine.supervisor.ServiceStatus;
import org.ocidsl.engine.supervisor.StatusFormat;
import org.ocidsl.engine.supervisor.SupervisorClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ocidsl status [SERVICE]}: what {@code herd status} prints. */
@Command(name = "status", description = "Show the status of the running services, or of SERVICE, as 'herd status' does.")
final class StatusCommand implements Callable<Integer> {
  /** The lines of a failed service's log that its status shows. */
  private static final int LOG_LINES = 5;

  @Parameters(arity = "0..1", paramLabel = "SERVICE", description = "A service, by any name it provides.")
  String service;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    SupervisorClient client = SupervisorClient.of(GlobalOptions.of(spec).stateDir());
    PrintWriter out = spec.commandLine().getOut();
    if (service == null) {
      out.print(StatusFormat.summary(client.status()));
    } else {
      ServiceStatus s = client.status(service);
      out.print(StatusFormat.detail(s,
          StatusFormat.showsFailure(s) ? StatusFormat.lastLines(client.logFile(service), LOG_LINES) : List.of()));
    }
    out.flush();
    return 0;
  }
}
