package org.ocidsl.dsl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The command line has every command of the contract (DSL.md section 4), by its own name. */
class MainTest {
  @Test
  void everyCommandOfTheContract() {
    assertEquals(
        Set.of("check", "build", "run", "status", "start", "stop", "restart", "action", "logs", "halt",
            "reconfigure", "generations", "rollback", "switch-generation", "delete-generations", "describe",
            "graph", "image", "container", "repl", "script", "export", "completion", "ide"),
        Main.commandLine().getSubcommands().keySet());
  }
}
