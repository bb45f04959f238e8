package org.ocidsl.dsl.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * Commands of the contract (DSL.md section 4) that this version does not have yet: each says so
 * and exits with the usage status, instead of pretending to work.
 */
abstract class NotYetCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine()
        .getErr()
        .println("ocidsl: '" + spec.name() + "' is not available in this version yet");
    return Main.USAGE;
  }

  @Command(name = "container", description = "Run the system in fresh Linux namespaces.")
  static final class Container extends NotYetCommand {}
}
