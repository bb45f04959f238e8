package org.ocidsl.engine.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellTest {
  @TempDir Path dir;

  /** Runs {@code script} with a real sh, where {@code printf '%s\0'} prints each argument. */
  private List<String> argvSeenBySh(Script script) throws IOException, InterruptedException {
    Path file = dir.resolve("script");
    Files.writeString(file, script.text());
    Process p = new ProcessBuilder("sh", file.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return List.of(out.split("\0", -1)).subList(0, out.split("\0", -1).length - 1);
  }

  @Test
  void quote_hostileWordsReachTheProgramUnchanged() throws Exception {
    List<String> words =
        List.of(
            "plain",
            "with space",
            "it's",
            "\"double\"",
            "$(touch pwned)",
            "`id`",
            "$HOME",
            "line\nbreak",
            "back\\slash",
            "",
            "*",
            "; rm -rf /");
    List<String> argv = new java.util.ArrayList<>(List.of("printf", "%s\\0"));
    argv.addAll(words);
    assertEquals(words, argvSeenBySh(Script.run(argv)));
    assertEquals(List.of("script"), List.of(dir.toFile().list()));
  }

  @Test
  void exec_replacesTheShell() throws Exception {
    Script script = Script.builder().run(List.of("true")).exec(List.of("printf", "%s\\0", "a b")).build();
    assertEquals(List.of("a b"), argvSeenBySh(script));
    assertEquals("exec 'printf' '%s\\0' 'a b'", script.lines().get(1));
  }

  @Test
  void print_writesTheTextVerbatim() throws Exception {
    Script script = Script.builder().print("$(date) 'q'").raw("printf '\\0'").build();
    assertEquals(List.of("$(date) 'q'\n"), argvSeenBySh(script));
  }

  @Test
  void command_refusesAnEmptyCommand() {
    assertThrows(IllegalArgumentException.class, () -> Shell.command(List.of()));
  }
}
