package org.ocidsl.dsl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/** Which subcommands the command line is built with: only the one that runs, when it is known. */
class MainTest {
  private static Set<String> added(String... args) {
    return Main.commandLine(args).getSubcommands().keySet();
  }

  @Test
  void theNamedCommandAlone_afterRootOptionsInAnyForm() {
    assertEquals(Set.of("check"), added("check", "system.oci.groovy"));
    assertEquals(Set.of("check"), added("--state-dir", "check-state", "check", "f"));
    assertEquals(Set.of("build"), added("--state-dir=build", "--stacktrace", "build", "f"));
  }

  @Test
  void everyCommand_forUsageVersionMisspeltOrUnknownWords() {
    Set<String> all = Set.copyOf(Main.SUBCOMMANDS);
    for (List<String> args : List.of(
        List.<String>of(), List.of("--help", "build"), List.of("-h", "check"), List.of("--version", "run"),
        List.of("chek", "f"), List.of("--", "check"), List.of("--no-such-option", "check"))) {
      assertEquals(all, added(args.toArray(String[]::new)), args.toString());
    }
  }

  @Test
  void eachNameMakesTheCommandAnnotatedWithIt() {
    for (String name : Main.SUBCOMMANDS) {
      assertEquals(name, Main.subcommand(name).getClass().getAnnotation(Command.class).name());
      assertEquals(Set.of(name), added(name), name);
    }
  }
}
