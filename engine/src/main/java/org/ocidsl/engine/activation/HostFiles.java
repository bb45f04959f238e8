package org.ocidsl.engine.activation;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.ocidsl.engine.Temporaries;

/** File operations activation does on the host: atomic replacement, directories, digests. */
final class HostFiles {
  static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-r--r--");
  static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwxr-xr-x");

  private HostFiles() {}

  /**
   * Replaces {@code target} with {@code content} through a temporary sibling renamed over it. The
   * new file keeps the mode and owner of the regular file it replaces; a new file (or one
   * replacing a symbolic link) gets {@code mode}.
   */
  static void replace(Path target, byte[] content, Set<PosixFilePermission> mode) throws IOException {
    Path dir = target.getParent();
    createDirectories(dir);
    Path tmp = Temporaries.newFile(dir, "." + target.getFileName() + ".", ".ocidsl-new");
    try {
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        out.force(true);
      }
      if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
        Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS));
        copyOwner(target, tmp);
      } else {
        Files.setPosixFilePermissions(tmp, mode);
      }
      moveOver(tmp, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Puts a copy of {@code source} (a file or a symbolic link, with its mode, owner and times) at
   * {@code target}, atomically.
   */
  static void copyOver(Path source, Path target) throws IOException {
    Path dir = target.getParent();
    createDirectories(dir);
    Path tmp = dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".ocidsl-copy");
    Files.deleteIfExists(tmp);
    try {
      Files.copy(source, tmp, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
      moveOver(tmp, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** A copy of {@code source} (the link itself if it is one) at {@code target}, parents created. */
  static void copy(Path source, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    Files.copy(
        source, target, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES,
        StandardCopyOption.REPLACE_EXISTING);
  }

  private static void moveOver(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void copyOwner(Path from, Path to) throws IOException {
    for (String attribute : List.of("unix:uid", "unix:gid")) {
      Object wanted = Files.getAttribute(from, attribute, LinkOption.NOFOLLOW_LINKS);
      if (!wanted.equals(Files.getAttribute(to, attribute, LinkOption.NOFOLLOW_LINKS))) {
        try {
          Files.setAttribute(to, attribute, wanted, LinkOption.NOFOLLOW_LINKS);
        } catch (FileSystemException notPermitted) {
          // Only root may give a file away; others (under --root) keep files of their own.
        }
      }
    }
  }

  /**
   * Creates {@code dir} and its missing parents, each 0755 whatever the umask, and returns the
   * directories it created, outermost first.
   */
  static List<Path> createDirectories(Path dir) throws IOException {
    List<Path> missing = new ArrayList<>();
    for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
      missing.add(0, p);
    }
    for (Path p : missing) {
      try {
        Files.createDirectory(p);
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        continue;
      }
      Files.setPosixFilePermissions(p, DIRECTORY_MODE);
    }
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + " exists and is not a directory");
    }
    return missing;
  }

  static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code path} (absolute, as seen inside the root) under {@code root}. */
  static Path under(Path root, String path) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("not an absolute path: " + path);
    }
    Path resolved = root.resolve(path.substring(1)).normalize();
    if (!resolved.startsWith(root)) {
      throw new IllegalArgumentException("path leaves the root: " + path);
    }
    return resolved;
  }
}
