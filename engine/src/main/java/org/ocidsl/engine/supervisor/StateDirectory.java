package org.ocidsl.engine.supervisor;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.StateLayout;
import org.ocidsl.engine.generation.GenerationStore;

/**
 * The supervisor's files in a state directory: {@code supervisor.sock} (the control socket),
 * {@code supervisor.pid}, {@code supervisor.lock} (held while a supervisor lives, so that a
 * killed supervisor never blocks the next one), {@code supervisor.children} (the sessions of the
 * services it runs, so the next supervisor can end what a killed one left) and {@code logs/}.
 */
public final class StateDirectory {
  /** The longest path a Unix domain socket address may have on Linux. */
  static final int MAX_SOCKET_PATH = 107;

  private final Path dir;

  private StateDirectory(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  public static StateDirectory of(Path dir) {
    return new StateDirectory(dir);
  }

  public Path dir() {
    return dir;
  }

  public Path socket() {
    return layout().socket();
  }

  public Path pidFile() {
    return layout().pidFile();
  }

  Path lockFile() {
    return layout().supervisorLock();
  }

  Path childrenFile() {
    return layout().children();
  }

  public Path logsDir() {
    return layout().logs();
  }

  private StateLayout layout() {
    return StateLayout.of(dir);
  }

  /** The supervisor's own log. */
  public Path supervisorLog() {
    return logsDir().resolve("supervisor.log");
  }

  /** The default log file of service {@code name}: {@code logs/NAME.log}, NAME made a file name. */
  public Path defaultLog(String name) {
    return logsDir().resolve(GenerationStore.fileName(name) + ".log");
  }

  /** Creates the state directory (0700) and its {@code logs} directory (0700) when missing. */
  public void ensure() throws IOException {
    layout().ensure();
  }

  /** The PID the pid file names, if it names one. */
  public Optional<Long> recordedPid() {
    try {
      return Optional.of(Long.parseLong(Files.readString(pidFile()).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The error for a second system on this directory. */
  public OcidslException alreadyRunning() {
    String pid = recordedPid().map(String::valueOf).orElse("unknown");
    return new OcidslException(
        "a system is already running in " + dir + " (pid " + pid + "); 'ocidsl halt' stops it");
  }

  /**
   * Takes the supervisor lock of this directory, or fails naming the supervisor that holds it.
   * The lock is released by the kernel when its holder dies, however it dies.
   */
  FileLock lock() throws IOException {
    if (socket().toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
      throw new OcidslException(
          "the state directory "
              + dir
              + " is too long a path for the supervisor's socket (at most "
              + (MAX_SOCKET_PATH - "/supervisor.sock".length())
              + " bytes); choose a shorter --state-dir");
    }
    FileChannel channel =
        FileChannel.open(lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      // The holder may not have written its pid yet: give it a moment.
      for (int i = 0; i < 20 && recordedPid().isEmpty(); i++) {
        sleep(25);
      }
      throw alreadyRunning();
    }
    return lock;
  }

  /** The lock a command switching the system holds from its build to its switch. */
  public interface SwitchLock extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Takes {@code STATE/switch.lock} for a command that switches the system ({@code reconfigure},
   * {@code rollback}, {@code switch-generation}), saying in it who holds it and for what: only
   * one switch runs at a time on a state directory. The kernel releases it when its holder dies.
   *
   * @throws OcidslException naming the switch in progress
   */
  public SwitchLock switchLock(String what) throws IOException {
    ensure();
    Path file = layout().switchLock();
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock held;
    try {
      held = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      held = null;
    }
    if (held == null) {
      channel.close();
      String holder;
      try {
        holder = Files.readString(file, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        holder = "";
      }
      throw new OcidslException("another switch is running in " + dir
          + (holder.isEmpty() ? "" : " (" + holder + ")") + "; try again once it is done");
    }
    channel.truncate(0);
    channel.write(java.nio.ByteBuffer.wrap(
        ("pid " + ProcessHandle.current().pid() + ": " + what + "\n").getBytes(StandardCharsets.UTF_8)));
    FileLock lock = held;
    return () -> {
      try {
        channel.truncate(0);
        lock.release();
        channel.close();
      } catch (IOException e) {
        // The lock goes with the channel, and with the process anyway.
      }
    };
  }

  /** Writes our pid file, after the lock is ours and stale files are gone. */
  void writePid() throws IOException {
    writeAtomically(pidFile(), ProcessHandle.current().pid() + "\n");
  }

  /** Removes the socket and pid files of a supervisor that no longer runs (ours, or a dead one's). */
  void removeRuntimeFiles() {
    for (Path p : List.of(socket(), pidFile())) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // Binding or writing will report it.
      }
    }
  }

  /** A service process the supervisor runs, as recorded for the next supervisor. */
  record Child(long pid, long startTime, String service) {}

  void recordChildren(List<Child> children) {
    StringBuilder text = new StringBuilder();
    for (Child c : children) {
      text.append(c.pid()).append(' ').append(c.startTime()).append(' ').append(c.service()).append('\n');
    }
    try {
      writeAtomically(childrenFile(), text.toString());
    } catch (IOException e) {
      // Only the recovery after a crash of the supervisor needs it.
    }
  }

  /** Adds {@code child} to the record at once: a supervisor killed right after a spawn leaves it known. */
  void recordChild(Child child) {
    try {
      Files.writeString(
          childrenFile(),
          child.pid() + " " + child.startTime() + " " + child.service() + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      // As above.
    }
  }

  /** The children a previous supervisor recorded. */
  List<Child> recordedChildren() {
    List<Child> children = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(childrenFile())) {
        String[] f = line.split(" ", 3);
        if (f.length == 3) {
          children.add(new Child(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2]));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Nothing usable recorded.
    }
    return children;
  }

  void removeChildrenFile() {
    try {
      Files.deleteIfExists(childrenFile());
    } catch (IOException e) {
      // Harmless: its entries are checked against /proc before use.
    }
  }

  private static void writeAtomically(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The last {@code n} lines of a log file, from its last 16 KiB (a log may be large); none when
   * it cannot be read (what shows them is worth more than the log).
   */
  public static List<String> lastLines(Path file, int n) {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long from = Math.max(0, f.length() - 16 * 1024);
      byte[] tail = new byte[(int) (f.length() - from)];
      f.seek(from);
      f.readFully(tail);
      List<String> lines = new ArrayList<>(List.of(new String(tail, StandardCharsets.UTF_8).split("\n")));
      if (from > 0 && !lines.isEmpty()) {
        lines.remove(0); // begun before the tail
      }
      return List.copyOf(lines.subList(Math.max(0, lines.size() - n), lines.size()));
    } catch (IOException unreadable) {
      return List.of();
    }
  }

  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
