package org.ocidsl.engine.generation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.ocidsl.engine.shepherd.ShepherdAction;
import org.ocidsl.engine.shepherd.ShepherdService;

/**
 * A generation as a reconfiguration compares it: its manifest and the text of each launcher.
 * Either one written under a directory, or one still in memory (what {@code reconfigure
 * --dry-run} compares, writing nothing).
 */
public interface GenerationView {
  SystemManifest manifest();

  /** The text of launcher {@code file} ({@code start}, {@code stop}, {@code action-X}) of {@code service}, or null. */
  String launcher(SystemManifest.ServiceEntry service, String file);

  /** The generation written in {@code dir}; launchers are read when asked for. */
  static GenerationView of(Path dir) throws IOException {
    return new Of(SystemManifest.read(dir), (service, file) -> {
      try {
        return Files.readString(dir.resolve(service.launcherDirectory()).resolve(file), StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        return null;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /**
   * {@code generation} as {@link GenerationStore#add} would write it, with the images {@code
   * archives}, without writing it.
   */
  static GenerationView of(
      Generation generation, String source, Map<String, GenerationStore.ImageArchive> archives,
      Fingerprints fingerprints) {
    Map<String, String> imageIds = new LinkedHashMap<>();
    archives.forEach((name, archive) -> imageIds.put(name, archive.id()));
    Map<String, ShepherdService> byName = new HashMap<>();
    generation.services().forEach(s -> byName.put(s.name(), s));
    return new Of(SystemManifest.of(generation, source, imageIds, fingerprints::of), (service, file) -> {
      ShepherdService s = byName.get(service.name());
      if (file.equals("start")) {
        return GenerationStore.launcherText(s.start(), imageIds);
      }
      if (file.equals("stop")) {
        return s.stop().map(script -> GenerationStore.launcherText(script, imageIds)).orElse(null);
      }
      if (file.equals("health")) {
        return s.healthCheck().map(h -> GenerationStore.launcherText(h.command(), imageIds)).orElse(null);
      }
      for (ShepherdAction action : s.actions()) {
        if (file.equals("action-" + GenerationStore.fileName(action.name()))) {
          return GenerationStore.launcherText(action.procedure(), imageIds);
        }
      }
      return null;
    });
  }

  /** A view made of a manifest and a way to get the text of a launcher. */
  record Of(SystemManifest manifest, BiFunction<SystemManifest.ServiceEntry, String, String> launchers)
      implements GenerationView {
    @Override
    public String launcher(SystemManifest.ServiceEntry service, String file) {
      return launchers.apply(service, file);
    }
  }
}
