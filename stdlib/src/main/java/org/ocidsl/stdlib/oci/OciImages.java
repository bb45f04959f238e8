package org.ocidsl.stdlib.oci;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.Values;
import org.ocidsl.engine.config.Configuration;
import org.ocidsl.engine.config.Field;
import org.ocidsl.engine.image.api.FileEntry;
import org.ocidsl.engine.image.api.ImageContent;
import org.ocidsl.engine.image.api.ImageSpec;
import org.ocidsl.engine.image.api.PackOptions;
import org.ocidsl.stdlib.oci.OciRecords.OciImage;

/**
 * An {@code ociImage} record as the image builder's {@link ImageSpec}: its pack options read as
 * {@code guix pack} takes them, each error located at the field that wrote it.
 */
public final class OciImages {
  private OciImages() {}

  public static ImageSpec spec(Configuration image) {
    PackOptions options = packOptions(image);
    ImageSpec.Builder spec = ImageSpec.builder()
        .content(image.get(OciImage.VALUE))
        .packOptions(options);
    set(image, OciImage.REPOSITORY, () -> spec.repository(image.get(OciImage.REPOSITORY)));
    set(image, OciImage.TAG, () -> spec.tag(image.get(OciImage.TAG)));
    set(image, OciImage.SYSTEM, () -> spec.system(image.get(OciImage.SYSTEM)));
    try {
      return spec.build();
    } catch (IllegalArgumentException e) {
      // The name as a whole (repository and tag together) is checked last.
      throw new OcidslException(image.location(), e.getMessage());
    }
  }

  private static void set(Configuration image, Field<?> field, Runnable setter) {
    try {
      setter.run();
    } catch (IllegalArgumentException e) {
      throw new OcidslException(image.fieldLocation(field), e.getMessage());
    }
  }

  private static PackOptions packOptions(Configuration image) {
    Map<String, Object> given = image.get(OciImage.PACK_OPTIONS);
    PackOptions.Builder options = PackOptions.builder();
    try {
      for (Map.Entry<String, Object> e : given.entrySet()) {
        Object v = e.getValue();
        switch (e.getKey()) {
          case "entryPoint" -> options.entryPoint(strings("entryPoint", v));
          case "environment" -> options.environment(environment(v));
          case "symlinks" -> options.symlinks(symlinks(v));
          case "maxLayers" -> options.maxLayers(integer("maxLayers", v));
          case "extraFiles" -> options.extraFiles(extraFiles(v));
          default -> throw new IllegalArgumentException("unknown pack option '" + e.getKey() + "'");
        }
      }
      return options.build();
    } catch (IllegalArgumentException e) {
      throw new OcidslException(image.fieldLocation(OciImage.PACK_OPTIONS), e.getMessage());
    }
  }

  private static List<String> strings(String option, Object value) {
    List<?> list = value instanceof List<?> l ? l : List.of(value);
    List<String> result = new ArrayList<>();
    for (Object o : list) {
      if (!(o instanceof String s)) {
        throw new IllegalArgumentException(option + " members must be strings but " + Values.displayed(o) + " was found");
      }
      result.add(s);
    }
    return result;
  }

  private static int integer(String option, Object value) {
    if (!(value instanceof Integer i)) {
      throw new IllegalArgumentException(option + " must be an integer but " + Values.displayed(value) + " was found");
    }
    return i;
  }

  /** {@code [LANG: 'C']} or {@code ['LANG=C']}. */
  private static Map<String, String> environment(Object value) {
    Map<String, String> env = new LinkedHashMap<>();
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v)));
      return env;
    }
    for (String s : strings("environment", value)) {
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("environment members must be NAME=VALUE but " + s + " was found");
      }
      env.put(s.substring(0, eq), s.substring(eq + 1));
    }
    return env;
  }

  /** {@code ['/bin/sh': 'busybox']}, link to target, as guix pack's {@code ("/bin/sh" -> "busybox")}. */
  private static List<FileEntry.Symlink> symlinks(Object value) {
    if (!(value instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("symlinks must be a map of link to target but " + Values.displayed(value) + " was found");
    }
    List<FileEntry.Symlink> links = new ArrayList<>();
    map.forEach((link, target) -> links.add(FileEntry.symlink(String.valueOf(link), String.valueOf(target))));
    return links;
  }

  private static List<FileEntry> extraFiles(Object value) {
    if (value instanceof ImageContent.Files files) {
      return files.entries();
    }
    throw new IllegalArgumentException("extraFiles must be a files { ... } value but " + Values.displayed(value) + " was found");
  }
}
