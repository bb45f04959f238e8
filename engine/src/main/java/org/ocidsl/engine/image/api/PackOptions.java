package org.ocidsl.engine.image.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How an image is packed, as the options of {@code guix pack -f docker}.
 *
 * <pre>{@code
 * PackOptions options = PackOptions.builder()
 *     .entryPoint(List.of("/bin/httpd", "-f", "-p", "8080"))
 *     .environment(Map.of("LANG", "C.UTF-8"))
 *     .symlink("/bin/sh", "busybox")
 *     .maxLayers(2)
 *     .build();
 * }</pre>
 *
 * @param entryPoint the command the container runs ({@code config.Entrypoint}); empty: none
 * @param environment variables of the image ({@code config.Env}, {@code NAME=VALUE}), in order
 * @param symlinks links made after the content, like {@code guix pack -S}
 * @param maxLayers at most this many layers; the largest, most shared files get their own
 * @param extraFiles entries added after the content and before the symlinks
 */
public record PackOptions(
    List<String> entryPoint,
    Map<String, String> environment,
    List<FileEntry.Symlink> symlinks,
    int maxLayers,
    List<FileEntry> extraFiles) {

  /** One layer, as {@code guix pack} without {@code --max-layers}. */
  public static final int DEFAULT_MAX_LAYERS = 1;

  /** The most layers an image may have (overlay file systems stack about this many). */
  public static final int MAX_LAYERS_LIMIT = 127;

  private static final PackOptions DEFAULTS =
      new PackOptions(List.of(), Map.of(), List.of(), DEFAULT_MAX_LAYERS, List.of());

  public PackOptions {
    entryPoint = List.copyOf(entryPoint);
    Map<String, String> env = new LinkedHashMap<>();
    environment.forEach(
        (name, value) -> {
          Objects.requireNonNull(value, "value of environment variable " + name);
          if (name == null || name.isEmpty() || name.contains("=") || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("Invalid environment variable name: " + name);
          }
          env.put(name, value);
        });
    environment = Collections.unmodifiableMap(env);
    symlinks = List.copyOf(symlinks);
    if (maxLayers < 1 || maxLayers > MAX_LAYERS_LIMIT) {
      throw new IllegalArgumentException(
          "maxLayers must be between 1 and " + MAX_LAYERS_LIMIT + ": " + maxLayers);
    }
    extraFiles = List.copyOf(extraFiles);
  }

  /** No entry point, no environment, no symlinks, one layer, no extra files. */
  public static PackOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.entryPoint = entryPoint;
    b.environment.putAll(environment);
    b.symlinks.addAll(symlinks);
    b.maxLayers = maxLayers;
    b.extraFiles.addAll(extraFiles);
    return b;
  }

  /** Builds {@link PackOptions}; every setter replaces, except the adders named in singular. */
  public static final class Builder {
    private List<String> entryPoint = List.of();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<FileEntry.Symlink> symlinks = new ArrayList<>();
    private int maxLayers = DEFAULT_MAX_LAYERS;
    private final List<FileEntry> extraFiles = new ArrayList<>();

    private Builder() {}

    public Builder entryPoint(List<String> entryPoint) {
      this.entryPoint = List.copyOf(entryPoint);
      return this;
    }

    public Builder environment(Map<String, String> environment) {
      this.environment.clear();
      this.environment.putAll(environment);
      return this;
    }

    /** Adds (or replaces) one variable. */
    public Builder environmentVariable(String name, String value) {
      this.environment.put(name, value);
      return this;
    }

    public Builder symlinks(List<FileEntry.Symlink> symlinks) {
      this.symlinks.clear();
      this.symlinks.addAll(symlinks);
      return this;
    }

    /** Adds the link {@code link} → {@code target}. */
    public Builder symlink(String link, String target) {
      this.symlinks.add(FileEntry.symlink(link, target));
      return this;
    }

    public Builder maxLayers(int maxLayers) {
      this.maxLayers = maxLayers;
      return this;
    }

    public Builder extraFiles(List<FileEntry> extraFiles) {
      this.extraFiles.clear();
      this.extraFiles.addAll(extraFiles);
      return this;
    }

    public Builder extraFile(FileEntry entry) {
      this.extraFiles.add(Objects.requireNonNull(entry, "entry"));
      return this;
    }

    public PackOptions build() {
      return new PackOptions(entryPoint, environment, symlinks, maxLayers, extraFiles);
    }
  }
}
