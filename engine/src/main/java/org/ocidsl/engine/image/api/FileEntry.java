package org.ocidsl.engine.image.api;

import java.nio.file.Path;
import java.util.Objects;
import org.ocidsl.engine.image.tree.ImagePaths;

/**
 * One file-system object to put into an image at an absolute path: the analog of the directives
 * of Guix's {@code evaluate-populate-directive} ({@code ("/bin/sh" -> "busybox")}, {@code
 * (directory "/tmp" 0 0 #o1777)}) plus host files and trees.
 *
 * <pre>{@code
 * List<FileEntry> entries = List.of(
 *     FileEntry.file(Path.of("app.jar"), "/app/app.jar"),
 *     FileEntry.directory(Path.of("static"), "/srv/www"),
 *     FileEntry.symlink("/bin/sh", "busybox"),
 *     FileEntry.emptyDirectory("/tmp", 01777));
 * }</pre>
 *
 * <p>Destinations are normalized; a destination that is not absolute, or that climbs above the
 * root, is rejected where the entry is made. Later entries replace earlier files and symlinks at
 * the same path; directories merge.
 */
public sealed interface FileEntry
    permits FileEntry.CopiedFile, FileEntry.CopiedDirectory, FileEntry.Symlink,
        FileEntry.EmptyDirectory {

  /** The absolute path this entry creates in the image. */
  String destination();

  /** The host file {@code source} (symlinks followed), copied to {@code destination}. */
  static CopiedFile file(Path source, String destination) {
    return new CopiedFile(source, destination);
  }

  /** The host tree {@code source}, copied as is (symlinks kept) to {@code destination}. */
  static CopiedDirectory directory(Path source, String destination) {
    return new CopiedDirectory(source, destination);
  }

  /** A symbolic link at {@code link} whose target is {@code target}, stored verbatim. */
  static Symlink symlink(String link, String target) {
    return new Symlink(link, target);
  }

  /** An empty directory with permission bits {@code mode} (e.g. {@code 01777} for /tmp). */
  static EmptyDirectory emptyDirectory(String path, int mode) {
    return new EmptyDirectory(path, mode);
  }

  /** See {@link FileEntry#file}. */
  record CopiedFile(Path source, String destination) implements FileEntry {
    public CopiedFile {
      Objects.requireNonNull(source, "source");
      destination = ImagePaths.absolute("Destination", destination);
      if (destination.equals("/")) {
        throw new IllegalArgumentException("Destination of a file cannot be the root: " + source);
      }
    }
  }

  /** See {@link FileEntry#directory}. */
  record CopiedDirectory(Path source, String destination) implements FileEntry {
    public CopiedDirectory {
      Objects.requireNonNull(source, "source");
      destination = ImagePaths.absolute("Destination", destination);
    }
  }

  /** See {@link FileEntry#symlink}. */
  record Symlink(String link, String target) implements FileEntry {
    public Symlink {
      link = ImagePaths.absolute("Symlink", link);
      if (link.equals("/")) {
        throw new IllegalArgumentException("Symlink cannot be the root: " + target);
      }
      Objects.requireNonNull(target, "target");
      if (target.isEmpty() || target.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("Invalid symlink target for " + link + ": " + target);
      }
    }

    @Override
    public String destination() {
      return link;
    }
  }

  /** See {@link FileEntry#emptyDirectory}. */
  record EmptyDirectory(String path, int mode) implements FileEntry {
    public EmptyDirectory {
      path = ImagePaths.absolute("Directory", path);
      if ((mode & ~07777) != 0) {
        throw new IllegalArgumentException(
            "Directory mode is not a permission mode: " + Integer.toOctalString(mode));
      }
    }

    @Override
    public String destination() {
      return path;
    }
  }
}
