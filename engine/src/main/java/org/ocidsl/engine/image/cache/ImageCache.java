package org.ocidsl.engine.image.cache;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ocidsl.engine.Temporaries;
import org.ocidsl.engine.image.api.Format;

/**
 * The content-addressed image cache (the state directory's {@code images/}):
 *
 * <pre>
 * archives/HEX.docker.tar   built archives, named by the digest of their manifest (which
 *                           addresses every byte), read-only; tarballs by their own digest
 * keys/HEX                  content key → archive: a digest of everything that goes into an
 *                           image (content digests, paths, modes, options) and what it gave
 * stat-keys/HEX             per image name and options: the content key of its last build,
 *                           then what lstat said of its inputs then, to know without reading
 *                           anything that nothing changed (see {@link ImageKey})
 * stat-index                path, size, times, inode → content digest (see {@link StatIndex})
 * tmp/                      archives being written
 * </pre>
 */
public final class ImageCache {
  private static final int CONTENT_KEY_LENGTH = 64;

  private final Path dir;

  public ImageCache(Path dir) {
    this.dir = dir.toAbsolutePath();
  }

  /**
   * The content key recorded with {@code snapshot}, if the last build of the same image found its
   * inputs exactly so.
   */
  public Optional<String> contentKeyOf(ImageKey.StatSnapshot snapshot) {
    return recorded(snapshot.place())
        .filter(r -> r.holds(snapshot))
        .map(Recorded::contentKey);
  }

  /** What the last build recorded in the snapshot place {@code place}, if anything. */
  private Optional<Recorded> recorded(String place) {
    byte[] kept;
    try {
      kept = Files.readAllBytes(dir.resolve("stat-keys").resolve(place));
    } catch (IOException e) {
      return Optional.empty();
    }
    if (kept.length <= CONTENT_KEY_LENGTH || kept[CONTENT_KEY_LENGTH] != '\n') {
      return Optional.empty();
    }
    String key = new String(kept, 0, CONTENT_KEY_LENGTH, StandardCharsets.US_ASCII);
    return key.matches("[0-9a-f]{64}") ? Optional.of(new Recorded(key, kept)) : Optional.empty();
  }

  /** A content key and the snapshot it was recorded with (after the key and a newline). */
  private record Recorded(String contentKey, byte[] kept) {
    /** Whether {@code snapshot} is the one recorded, byte for byte. */
    boolean holds(ImageKey.StatSnapshot snapshot) {
      byte[] now = snapshot.bytes();
      int header = CONTENT_KEY_LENGTH + 1;
      return kept.length == header + now.length
          && Arrays.equals(kept, header, kept.length, now, 0, now.length);
    }
  }

  /** Records that inputs found as {@code snapshot} have {@code contentKey}. */
  public void recordStatKey(ImageKey.StatSnapshot snapshot, String contentKey) throws IOException {
    if (contentKeyOf(snapshot).filter(contentKey::equals).isPresent()) {
      return;
    }
    Path dirs = Files.createDirectories(dir.resolve("stat-keys"));
    Path tmp = Temporaries.newFile(dirs, "key", ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      out.write((contentKey + "\n").getBytes(StandardCharsets.US_ASCII));
      out.write(snapshot.bytes());
    }
    try {
      move(tmp, dirs.resolve(snapshot.place()));
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** What a content key gives: the archive in the cache and what it holds. */
  public record Entry(
      String imageId, String repoTag, Format format, Path archive, List<String> diffIds) {}

  /** Deletes the archives no other directory links to; returns how many. */
  public int dropUnlinkedArchives() throws IOException {
    Path archives = dir.resolve("archives");
    if (!Files.isDirectory(archives)) {
      return 0;
    }
    int dropped = 0;
    try (java.util.stream.Stream<Path> files = Files.list(archives)) {
      for (Path archive : files.toList()) {
        if (Files.isRegularFile(archive) && (Integer) Files.getAttribute(archive, "unix:nlink") == 1) {
          Files.delete(archive);
          dropped++;
        }
      }
    }
    return dropped;
  }

  /** The entry recorded for {@code key}, if its archive is still there. */
  public Optional<Entry> lookup(String key) {
    Path file = dir.resolve("keys").resolve(key);
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : lines) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        values.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    try {
      Path archive = dir.resolve("archives").resolve(values.get("archive"));
      if (!Files.isRegularFile(archive)) {
        return Optional.empty();
      }
      String ids = values.getOrDefault("diffIds", "");
      return Optional.of(
          new Entry(
              values.get("imageId"),
              values.get("repoTag"),
              Format.valueOf(values.get("format")),
              archive,
              ids.isEmpty() ? List.of() : List.of(ids.split(","))));
    } catch (RuntimeException e) {
      return Optional.empty(); // a damaged key file is a miss
    }
  }

  /** Records that {@code key} gives {@code entry}. */
  public void record(String key, Entry entry) throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append("imageId=").append(entry.imageId()).append('\n');
    sb.append("repoTag=").append(entry.repoTag()).append('\n');
    sb.append("format=").append(entry.format().name()).append('\n');
    sb.append("archive=").append(entry.archive().getFileName()).append('\n');
    sb.append("diffIds=").append(String.join(",", entry.diffIds())).append('\n');
    Path keys = Files.createDirectories(dir.resolve("keys"));
    Path tmp = Temporaries.newFile(keys, "key", ".tmp");
    try {
      Files.writeString(tmp, sb, StandardCharsets.UTF_8);
      move(tmp, keys.resolve(key));
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** A new empty file to write an archive into, on the cache's file system. */
  public Path newTemporary() throws IOException {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    return Temporaries.newFile(tmp, "archive", ".tar");
  }

  /** Moves {@code tmp} to {@code archives/name} (read-only) unless it is there already. */
  public Path store(Path tmp, String name) throws IOException {
    Path archives = Files.createDirectories(dir.resolve("archives"));
    Path target = archives.resolve(name);
    if (Files.isRegularFile(target)) {
      Files.delete(tmp);
      return target;
    }
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("r--r--r--"));
    move(tmp, target);
    return target;
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Makes {@code output} the same file as {@code archive}: a hard link, or a copy when they are
   * on different file systems. An existing {@code output} is replaced atomically.
   */
  public static void link(Path archive, Path output) throws IOException {
    Path out = output.toAbsolutePath();
    Path parent = out.getParent();
    Files.createDirectories(parent);
    if (Files.exists(out) && Files.isSameFile(out, archive)) {
      return;
    }
    Path tmp = parent.resolve("." + out.getFileName() + ".ocidsl-tmp-" + ProcessHandle.current().pid());
    Files.deleteIfExists(tmp);
    try {
      try {
        Files.createLink(tmp, archive);
      } catch (FileSystemException | UnsupportedOperationException e) {
        if (e instanceof FileAlreadyExistsException) {
          throw (FileAlreadyExistsException) e;
        }
        Files.copy(archive, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      }
      move(tmp, out);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Removes leftovers of interrupted builds. */
  public void cleanTemporaries() {
    Path tmp = dir.resolve("tmp");
    if (!Files.isDirectory(tmp)) {
      return;
    }
    List<Path> stale = new ArrayList<>();
    try (var files = Files.list(tmp)) {
      long old = System.currentTimeMillis() - 24L * 3600 * 1000;
      files.forEach(
          p -> {
            try {
              if (Files.getLastModifiedTime(p).toMillis() < old) {
                stale.add(p);
              }
            } catch (IOException e) {
              // gone already
            }
          });
    } catch (IOException e) {
      return;
    }
    for (Path p : stale) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // another build's business
      }
    }
  }
}
