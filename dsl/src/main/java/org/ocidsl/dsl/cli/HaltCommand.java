package org.ocidsl.dsl.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.ocidsl.engine.supervisor.SupervisorClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code ocidsl halt}: stop every service, dependents first, then the supervisor. */
@Command(name = "halt", description = "Stop every service (dependents first) and the supervisor.")
final class HaltCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    SupervisorClient.of(GlobalOptions.of(spec).stateDir()).halt().forEach(out::println);
    out.flush();
    return 0;
  }
}
