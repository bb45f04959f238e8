package org.ocidsl.dsl.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ocidsl.engine.supervisor.Supervisor;
import org.ocidsl.engine.supervisor.SupervisorClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ocidsl action SERVICE ACTION [ARG...]}: runs the action's launcher as the service runs
 * and prints what it printed. Everything after ACTION goes to the action, options included.
 */
@Command(name = "action", description = "Run ACTION of SERVICE (e.g. command-line, pull) with ARGs, and print its output.")
final class ActionCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SERVICE", description = "A service, by any name it provides.")
  String service;

  @Parameters(index = "1", paramLabel = "ACTION", description = "One of the service's actions.")
  String action;

  @Parameters(index = "2..*", paramLabel = "ARG", description = "Arguments of the action.")
  List<String> args = new ArrayList<>();

  @Mixin ForeignArguments foreignArguments;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Supervisor.ActionResult result =
        SupervisorClient.of(GlobalOptions.of(spec).stateDir()).action(service, action, args);
    PrintWriter out = spec.commandLine().getOut();
    out.print(result.output());
    out.flush();
    if (result.exitStatus() != 0) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("error: action '" + action + "' of service '" + service + "' exited with status " + result.exitStatus());
      err.flush();
      return Main.FAILURE;
    }
    return 0;
  }
}
