package org.ocidsl.engine.image.tree;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What one {@code lstat} tells about a host file: enough to copy it and to know, next time,
 * whether it may have changed (git's index idea: path, size, times, inode).
 */
public record HostFile(
    Path path, int mode, long size, long dev, long ino, long mtimeNanos, long ctimeNanos,
    int nlink) {

  private static final int S_IFMT = 0170000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFLNK = 0120000;

  private static final String ATTRIBUTES = "unix:mode,ino,dev,size,lastModifiedTime,ctime,nlink";

  /** The host file at {@code path}, not following a final symlink. */
  static HostFile lstat(Path path) throws IOException {
    return of(path, Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS));
  }

  /** The host file at {@code path}, following symlinks. */
  public static HostFile stat(Path path) throws IOException {
    return of(path, Files.readAttributes(path, ATTRIBUTES));
  }

  private static HostFile of(Path path, Map<String, Object> a) {
    return new HostFile(
        path,
        (Integer) a.get("mode"),
        (Long) a.get("size"),
        (Long) a.get("dev"),
        (Long) a.get("ino"),
        nanos((FileTime) a.get("lastModifiedTime")),
        nanos((FileTime) a.get("ctime")),
        (Integer) a.get("nlink"));
  }

  private static long nanos(FileTime t) {
    return t.to(TimeUnit.NANOSECONDS);
  }

  boolean isDirectory() {
    return (mode & S_IFMT) == S_IFDIR;
  }

  public boolean isRegularFile() {
    return (mode & S_IFMT) == S_IFREG;
  }

  boolean isSymlink() {
    return (mode & S_IFMT) == S_IFLNK;
  }

  /** The permission bits, with set-user-ID, set-group-ID and sticky. */
  int permissions() {
    return mode & 07777;
  }
}
