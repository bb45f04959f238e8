package org.ocidsl.engine.supervisor;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.Set;

/**
 * A log file the supervisor appends to, Shepherd style: every line prefixed with the local date
 * and time ({@code 2024-05-01 12:34:56 the line}). The file and its missing parent directories
 * are created; the file is never readable by others (0640 at most).
 *
 * <p>A service's log is opened for each write rather than held open: a supervisor of hundreds
 * of services would otherwise hold hundreds of descriptors, which every process it starts must
 * close before it runs.
 */
final class LogFile implements Closeable {
  static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private static final Set<PosixFilePermission> MOST =
      EnumSet.of(
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.GROUP_READ);
  private static final int MAX_LINE = 64 * 1024;
  private static final long PUMP_STACK = 256 * 1024;

  private final Path path;
  /** Held open (the supervisor's own log), or null: opened for each write. */
  private FileOutputStream out;

  private LogFile(Path path, FileOutputStream out) {
    this.path = path;
    this.out = out;
  }

  /** Opens {@code path} for appending, creating it (mode {@code mode}) and its parents. */
  static LogFile open(Path path, String mode) throws IOException {
    create(path, mode);
    return new LogFile(path, new FileOutputStream(path.toFile(), true));
  }

  /** Creates {@code path} (mode {@code mode}) and its parents; each write opens it. */
  static LogFile openPerWrite(Path path, String mode) throws IOException {
    create(path, mode);
    return new LogFile(path, null);
  }

  private static void create(Path path, String mode) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      Files.createDirectories(parent);
    }
    try {
      Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
    } catch (FileAlreadyExistsException e) {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
      if (!MOST.containsAll(perms)) {
        perms.retainAll(MOST);
        Files.setPosixFilePermissions(path, perms);
      }
    }
  }

  /** Appends {@code line} with its timestamp. */
  void line(String line) {
    byte[] bytes = (stamp() + line + "\n").getBytes(StandardCharsets.UTF_8);
    write(bytes, bytes.length);
  }

  static String stamp() {
    return LocalDateTime.now().format(TIMESTAMP) + " ";
  }

  synchronized void write(byte[] bytes, int length) {
    try {
      if (out != null) {
        out.write(bytes, 0, length);
      } else {
        try (FileOutputStream f = new FileOutputStream(path.toFile(), true)) {
          f.write(bytes, 0, length);
        }
      }
    } catch (IOException e) {
      // A full disk or a removed directory must not bring the supervisor down; the line is lost.
    }
  }

  /**
   * Cuts a process's output into timestamped lines for this file: bytes come in any chunks, each
   * complete line goes out with the time it was read; a line longer than 64 KiB is cut.
   */
  final class Lines {
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final ByteArrayOutputStream chunk = new ByteArrayOutputStream();

    /** Takes {@code n} bytes of {@code buf}. */
    void take(byte[] buf, int offset, int n) {
      byte[] stamp = null;
      chunk.reset();
      int start = offset;
      int end = offset + n;
      for (int i = offset; i < end; i++) {
        if (buf[i] == '\n') {
          if (stamp == null) {
            stamp = stamp().getBytes(StandardCharsets.UTF_8);
          }
          chunk.writeBytes(stamp);
          chunk.writeBytes(pending.toByteArray());
          pending.reset();
          chunk.write(buf, start, i + 1 - start);
          start = i + 1;
        }
      }
      pending.write(buf, start, end - start);
      if (pending.size() >= MAX_LINE) {
        finish();
      }
      if (chunk.size() > 0) {
        write(chunk.toByteArray(), chunk.size());
      }
    }

    /** Writes what is left, a last line without its newline. */
    void finish() {
      if (pending.size() == 0) {
        return;
      }
      ByteArrayOutputStream last = new ByteArrayOutputStream();
      last.writeBytes(stamp().getBytes(StandardCharsets.UTF_8));
      last.writeBytes(pending.toByteArray());
      last.write('\n');
      pending.reset();
      write(last.toByteArray(), last.size());
    }
  }

  /**
   * Copies {@code in} (a process's stdout and stderr) into this file line by line, each line
   * timestamped, on a thread of its own that ends at end of file.
   */
  Thread pump(InputStream in, String name) {
    Thread t = new Thread(null, () -> copyLines(in), "log " + name, PUMP_STACK);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private void copyLines(InputStream in) {
    byte[] buf = new byte[4096];
    Lines lines = new Lines();
    try (in) {
      int n;
      while ((n = in.read(buf)) > 0) {
        lines.take(buf, 0, n);
      }
    } catch (IOException e) {
      // The process is gone; flush what is left below.
    }
    lines.finish();
  }

  @Override
  public synchronized void close() {
    try {
      if (out != null) {
        out.close();
        out = null;
      }
    } catch (IOException e) {
      // Nothing left to do.
    }
  }
}
