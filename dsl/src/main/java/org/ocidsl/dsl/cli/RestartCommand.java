package org.ocidsl.dsl.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.ocidsl.engine.supervisor.SupervisorClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ocidsl restart SERVICE}: as {@code herd restart SERVICE}. */
@Command(name = "restart", description = "Stop SERVICE (and the services that require it), then start it and them again.")
final class RestartCommand implements Callable<Integer> {
  @Parameters(paramLabel = "SERVICE", description = "A service, by any name it provides.")
  String service;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    SupervisorClient.of(GlobalOptions.of(spec).stateDir()).restart(service).forEach(out::println);
    out.flush();
    return 0;
  }
}
