package org.ocidsl.engine.generation;

import java.util.Objects;

/** A file the system owns under {@code /etc}, by its path relative to {@code /etc}. */
public record EtcFile(String path, String content) {
  public EtcFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(content, "content");
    if (path.startsWith("/") || path.contains("..")) {
      throw new IllegalArgumentException("etc file path must be relative and stay inside /etc: " + path);
    }
  }
}
