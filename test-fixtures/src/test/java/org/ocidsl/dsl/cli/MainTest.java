package org.ocidsl.dsl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
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

  @Test
  void actionAndScript_everythingAfterTheFirstParameterIsAnArgument_optionsToo() {
    ActionCommand action = (ActionCommand) Main.commandLine().parseArgs("action", "web", "greet", "--help", "-x", "--state-dir", "d")
        .subcommand().commandSpec().userObject();
    assertEquals(List.of("web", "greet", List.of("--help", "-x", "--state-dir", "d")),
        List.of(action.service, action.action, action.args));
    ScriptCommand script = (ScriptCommand) Main.commandLine().parseArgs("script", "p.groovy", "--help", "--home", "a")
        .subcommand().commandSpec().userObject();
    assertEquals(List.of(Path.of("p.groovy"), List.of("--help", "--home", "a")), List.of(script.file, script.args));
  }
}
