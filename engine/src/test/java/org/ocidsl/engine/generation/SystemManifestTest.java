package org.ocidsl.engine.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ocidsl.engine.generation.SystemManifest.ServiceEntry;
import org.ocidsl.engine.shell.Script;
import org.ocidsl.engine.shepherd.ShepherdService;

class SystemManifestTest {
  @TempDir Path state;

  private static ShepherdService service(String name, Duration stopTimeout) {
    return ShepherdService.builder(name)
        .start(Script.exec(List.of("sleep", "100")))
        .stop(Script.run(List.of("true")))
        .stopTimeout(stopTimeout)
        .build();
  }

  @Test
  void stopTimeout_isWrittenAndReadBack_absentWhenUnset() throws Exception {
    Path generation = new GenerationStore(state).add(
        Generation.ofServices(List.of(service("slow", Duration.ofSeconds(90)), service("plain", null))), "test",
        Map.of());

    List<ServiceEntry> entries = SystemManifest.read(generation).services();

    assertEquals("slow", entries.get(0).name());
    assertEquals(90_000L, entries.get(0).stopTimeout());
    assertEquals(Optional.of(Duration.ofSeconds(90)), entries.get(0).stopTimeoutDuration());
    assertNull(entries.get(1).stopTimeout());
    assertEquals(Optional.empty(), entries.get(1).stopTimeoutDuration());
    String json = Files.readString(generation.resolve(SystemManifest.FILE_NAME));
    assertEquals(1, json.split("\"stopTimeout\"", -1).length - 1, "only the service that has one names it");
  }

  @Test
  void stopTimeout_aManifestWrittenBeforeTheFieldReadsAsNone() throws Exception {
    Path generation = new GenerationStore(state).add(
        Generation.ofServices(List.of(service("slow", Duration.ofSeconds(90)))), "test", Map.of());
    Path file = generation.resolve(SystemManifest.FILE_NAME);
    String json = Files.readString(file);
    String old = json.replaceAll("\\s*\"stopTimeout\" : 90000,", "");
    assertTrue(json.contains("\"stopTimeout\" : 90000,"));
    assertFalse(old.contains("stopTimeout"));
    Files.writeString(file, old);

    ServiceEntry entry = SystemManifest.read(generation).services().get(0);

    assertNull(entry.stopTimeout());
    assertEquals(Optional.empty(), entry.stopTimeoutDuration());
    assertTrue(entry.stop());
  }

  @Test
  void stopTimeout_negativeIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> service("bad", Duration.ofSeconds(-1)));
    assertEquals("a stop timeout must not be negative: PT-1S", e.getMessage());
  }
}
