package org.ocidsl.dsl.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.ocidsl.engine.supervisor.SupervisorClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ocidsl start SERVICE}: as {@code herd start SERVICE}. */
@Command(name = "start", description = "Start SERVICE, after the services it requires.")
final class StartCommand implements Callable<Integer> {
  @Parameters(paramLabel = "SERVICE", description = "A service, by any name it provides.")
  String service;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    SupervisorClient.of(GlobalOptions.of(spec).stateDir()).start(service).forEach(out::println);
    out.flush();
    return 0;
  }
}
