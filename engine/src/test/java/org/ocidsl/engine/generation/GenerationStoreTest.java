package org.ocidsl.engine.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ocidsl.engine.shell.Script;
import org.ocidsl.engine.shepherd.ShepherdService;

class GenerationStoreTest {
  @TempDir Path state;

  @Test
  void concurrentBuildsEachGetTheirOwnGeneration() throws Exception {
    GenerationStore store = new GenerationStore(state);
    List<Callable<Path>> builds = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String name = "s" + i;
      builds.add(() -> store.add(
          Generation.ofServices(List.of(ShepherdService.builder(name).start(Script.exec(List.of("true"))).build())),
          "test", Map.of()));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Path> written = new ArrayList<>();
    try {
      for (Future<Path> f : pool.invokeAll(builds)) {
        written.add(f.get());
      }
    } finally {
      pool.shutdown();
    }

    assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), store.numbers());
    assertEquals(8, written.stream().distinct().count());
    for (Path p : written) {
      assertEquals(1, SystemManifest.read(p).services().size());
    }
  }
}
