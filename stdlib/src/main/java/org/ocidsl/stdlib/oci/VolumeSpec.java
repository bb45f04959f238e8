package org.ocidsl.stdlib.oci;

import java.util.List;

/**
 * A container's volume as run's {@code -v} reads it: {@code SOURCE:TARGET[:OPTIONS]}, where a
 * source that is a path ({@code /}, {@code .} or {@code ~} first) is a host path and any other a
 * named volume, or {@code TARGET} alone, an anonymous volume.
 */
public record VolumeSpec(String source, String target, List<String> options) {
  public static VolumeSpec parse(String spec) {
    String[] parts = spec.split(":", 3);
    if (parts.length == 1) {
      return new VolumeSpec(null, parts[0], List.of());
    }
    return new VolumeSpec(parts[0], parts[1], parts.length == 3 ? List.of(parts[2].split(",")) : List.of());
  }

  public boolean anonymous() {
    return source == null;
  }

  public boolean hostPath() {
    return source != null && (source.startsWith("/") || source.startsWith(".") || source.startsWith("~"));
  }

  public boolean named() {
    return source != null && !hostPath();
  }

  public boolean readOnly() {
    return options.contains("ro");
  }
}
