package org.ocidsl.engine;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * New temporary files and directories, made beside their final place and renamed into it once
 * written. What {@link Files#createTempFile} and {@link Files#createTempDirectory} do, owner-only
 * as theirs, but named by process and counter rather than at random: their {@code SecureRandom}
 * must be seeded first, in every fresh JVM. A name left behind by an earlier process of the same
 * ID is stepped over.
 */
public final class Temporaries {
  private static final long PID = ProcessHandle.current().pid();
  private static final AtomicLong COUNTER = new AtomicLong();
  private static final FileAttribute<Set<PosixFilePermission>> FILE_MODE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY_MODE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

  private Temporaries() {}

  /** A new empty file in {@code dir}, named {@code prefix}, a unique part and {@code suffix}. */
  public static Path newFile(Path dir, String prefix, String suffix) throws IOException {
    while (true) {
      try {
        return Files.createFile(dir.resolve(name(prefix, suffix)), FILE_MODE);
      } catch (FileAlreadyExistsException leftover) {
        // An earlier process of this ID left it: the next name.
      }
    }
  }

  /** A new empty directory in {@code dir}, named {@code prefix} and a unique part. */
  public static Path newDirectory(Path dir, String prefix) throws IOException {
    while (true) {
      try {
        return Files.createDirectory(dir.resolve(name(prefix, "")), DIRECTORY_MODE);
      } catch (FileAlreadyExistsException leftover) {
        // An earlier process of this ID left it: the next name.
      }
    }
  }

  private static String name(String prefix, String suffix) {
    return prefix + PID + "-" + COUNTER.incrementAndGet() + suffix;
  }
}
