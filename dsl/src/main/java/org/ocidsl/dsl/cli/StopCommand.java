package org.ocidsl.dsl.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.ocidsl.engine.supervisor.SupervisorClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ocidsl stop SERVICE}: as {@code herd stop SERVICE}. */
@Command(name = "stop", description = "Stop SERVICE, after the services that require it.")
final class StopCommand implements Callable<Integer> {
  @Parameters(paramLabel = "SERVICE", description = "A service, by any name it provides.")
  String service;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    SupervisorClient.of(GlobalOptions.of(spec).stateDir()).stop(service).forEach(out::println);
    out.flush();
    return 0;
  }
}
