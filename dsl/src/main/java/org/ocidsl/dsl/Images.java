package org.ocidsl.dsl;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.generation.Generation;

/** Builds the images a generation needs, into the image cache of the state directory. */
public final class Images {
  private Images() {}

  public static Map<String, Path> build(Generation generation, Path stateDir, PrintWriter progress) {
    Map<String, Path> archives = new LinkedHashMap<>();
    if (!generation.images().isEmpty()) {
      throw new OcidslException("PENDING image builder");
    }
    return archives;
  }
}
