package org.ocidsl.engine.image.tree;

import java.util.ArrayList;
import java.util.List;

/** Absolute paths inside an image: checked and normalized where they are made. */
public final class ImagePaths {
  private ImagePaths() {}

  /**
   * {@code path} as a normalized absolute image path ({@code /a/b}, no {@code .}, {@code ..},
   * repeated or trailing slash); {@code /} for the root.
   *
   * @throws IllegalArgumentException if {@code path} is not absolute or climbs above the root
   */
  public static String absolute(String what, String path) {
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException(
          what + " does not start with forward slash (/): " + path);
    }
    if (path.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(what + " contains a NUL character: " + path);
    }
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          throw new IllegalArgumentException(what + " climbs above the root: " + path);
        }
        parts.remove(parts.size() - 1);
      } else {
        parts.add(part);
      }
    }
    return "/" + String.join("/", parts);
  }

  /** The components of a normalized absolute path; none for the root. */
  static List<String> components(String normalized) {
    if (normalized.equals("/")) {
      return List.of();
    }
    return List.of(normalized.substring(1).split("/"));
  }

  /** The directory part of a normalized absolute path ({@code /} for top-level entries). */
  static String parent(String normalized) {
    int slash = normalized.lastIndexOf('/');
    return slash <= 0 ? "/" : normalized.substring(0, slash);
  }

  /** {@code child} resolved against the directory {@code dir}, normalized; may climb to root. */
  static String resolve(String dir, String child) {
    String joined = child.startsWith("/") ? child : (dir.equals("/") ? "/" : dir + "/") + child;
    List<String> parts = new ArrayList<>();
    for (String part : joined.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!parts.isEmpty()) {
          parts.remove(parts.size() - 1); // ".." at the root stays at the root, as in the kernel
        }
      } else {
        parts.add(part);
      }
    }
    return "/" + String.join("/", parts);
  }
}
