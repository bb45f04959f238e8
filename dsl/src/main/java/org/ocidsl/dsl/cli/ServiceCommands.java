package org.ocidsl.dsl.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import org.ocidsl.engine.supervisor.SupervisorClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ocidsl start|stop|restart SERVICE}: as {@code herd}, through the running supervisor,
 * printing what it did.
 */
abstract class ServiceCommands implements Callable<Integer> {
  @Parameters(paramLabel = "SERVICE", description = "A service, by any name it provides.")
  String service;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  private final BiFunction<SupervisorClient, String, List<String>> request;

  ServiceCommands(BiFunction<SupervisorClient, String, List<String>> request) {
    this.request = request;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    request.apply(SupervisorClient.of(GlobalOptions.of(spec).stateDir()), service).forEach(out::println);
    out.flush();
    return 0;
  }

  @Command(name = "start", description = "Start SERVICE, after the services it requires.")
  static final class Start extends ServiceCommands {
    Start() {
      super(SupervisorClient::start);
    }
  }

  @Command(name = "stop", description = "Stop SERVICE, after the services that require it.")
  static final class Stop extends ServiceCommands {
    Stop() {
      super(SupervisorClient::stop);
    }
  }

  @Command(name = "restart", description = "Stop SERVICE (and the services that require it), then start it and them again.")
  static final class Restart extends ServiceCommands {
    Restart() {
      super(SupervisorClient::restart);
    }
  }
}
