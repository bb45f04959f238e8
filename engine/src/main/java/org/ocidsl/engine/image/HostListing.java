package org.ocidsl.engine.image;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What GNU {@code find} says of every file under an image's host paths, in one run: for each its
 * path below the host path, type, permissions, size, device, inode, link count, modification and
 * change times to the nanosecond, and a symlink's target. The change time moves with every write
 * and with every change of the modification time; a file copied elsewhere has a new one too. On
 * a fresh JVM the JDK's attribute views take some 25 µs a file and {@code find} about 4: for a
 * tree of 12,000 files, 300 ms against 50, which is most of what a rebuild of unchanged content
 * costs.
 *
 * <p>A listing is compared byte for byte with an earlier one ({@link ImageKey#listing}): equal
 * listings, the earlier taken when no file had just changed ({@link StatIndex}), mean equal
 * content. When they differ, the image's tree is made of the listing ({@link #entries}).
 */
final class HostListing {
  /** The command that lists; {@code find} from the {@code PATH}. */
  static final String FIND = "find";

  /**
   * Beyond this (some 200,000 files), no listing: comparing it holds it twice, and making a tree
   * of it holds a path and a stat for each file besides.
   */
  static final int MAX_BYTES = 32 << 20;

  /**
   * One entry: three fields, each ended by a NUL, which no path or target contains: the path
   * below the host path; type, permissions, size, device, inode, links, modification and change
   * times; a symlink's target.
   */
  private static final String FORMAT = "%P\\0%y%m %s %D %i %n %T@ %C@\\0%l\\0";

  /** One file of a listing, as {@link TreeAssembler} makes a tree of it. */
  record Entry(String relative, HostFile file, String linkTarget) {}

  private HostListing() {}

  /**
   * The files of {@code listing}, taken of {@code sources}, by source in their order: each
   * source's first entry is the source itself (a symlink followed), the others below it, each
   * directory before what it holds. An entry's file is at the source's real path joined to its
   * relative path, or at the source as given for the source itself. Null if the listing cannot be
   * read so (a source listed as nothing or gone since, a field that is not a number, a time
   * before 1970, a name that is not ASCII): the tree is then made by stating the files.
   */
  static List<List<Entry>> entries(byte[] listing, List<Path> sources) {
    try {
      return parse(listing, sources);
    } catch (IOException e) {
      return null; // a source gone since: the tree is made by stat, which says so
    }
  }

  private static List<List<Entry>> parse(byte[] listing, List<Path> sources) throws IOException {
    List<List<Entry>> bySource = new ArrayList<>();
    List<Path> roots = new ArrayList<>();
    int at = 0;
    while (at < listing.length) {
      int end1 = nul(listing, at);
      int end2 = nul(listing, end1 + 1);
      int end3 = nul(listing, end2 + 1);
      if (end3 < 0) {
        return null;
      }
      // A name that is not ASCII is left to the JVM's own stat, which reads it in the encoding
      // of its file names, whatever the locale: decoded here, it could name another file.
      if (!ascii(listing, at, end1) || !ascii(listing, end2 + 1, end3)) {
        return null;
      }
      String relative = new String(listing, at, end1 - at, StandardCharsets.US_ASCII);
      String target = new String(listing, end2 + 1, end3 - end2 - 1, StandardCharsets.US_ASCII);
      at = end3 + 1;
      if (relative.isEmpty()) {
        if (bySource.size() == sources.size()) {
          return null;
        }
        Path source = sources.get(bySource.size());
        bySource.add(new ArrayList<>());
        roots.add(source.toRealPath());
      } else if (bySource.isEmpty()) {
        return null;
      }
      Path path = relative.isEmpty()
          ? sources.get(bySource.size() - 1)
          : roots.get(roots.size() - 1).resolve(relative);
      HostFile file = file(path, new Fields(listing, end1 + 1, end2));
      if (file == null) {
        return null;
      }
      bySource.get(bySource.size() - 1).add(new Entry(relative, file, target));
    }
    return bySource.size() == sources.size() ? bySource : null;
  }

  private static boolean ascii(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] < 0) {
        return false;
      }
    }
    return true;
  }

  private static int nul(byte[] b, int from) {
    if (from < 0) {
      return -1;
    }
    for (int i = from; i < b.length; i++) {
      if (b[i] == 0) {
        return i;
      }
    }
    return -1;
  }

  /** The host file {@code f} describes ({@code %y%m %s %D %i %n %T@ %C@}); null if it cannot. */
  private static HostFile file(Path path, Fields f) {
    try {
      char kind = f.type();
      int type = switch (kind) {
        case 'f' -> HostFile.S_IFREG;
        case 'd' -> HostFile.S_IFDIR;
        case 'l' -> HostFile.S_IFLNK;
        // Not a file, directory or symlink: skipped, as a walk skips them.
        case 'p' -> HostFile.S_IFIFO;
        case 'c' -> HostFile.S_IFCHR;
        case 'b' -> HostFile.S_IFBLK;
        case 's' -> HostFile.S_IFSOCK;
        default -> throw new NumberFormatException("a file of type " + kind);
      };
      int permissions = (int) f.number(8);
      long size = f.number(10);
      long dev = f.number(10);
      long ino = f.number(10);
      int nlink = (int) f.number(10);
      long mtime = f.nanos();
      long ctime = f.nanos();
      f.end();
      return new HostFile(path, type | permissions, size, dev, ino, mtime, ctime, nlink);
    } catch (NumberFormatException | ArithmeticException e) {
      return null;
    }
  }

  /**
   * The numbers of one entry, read in place: the listing is read once a build, and a fresh JVM
   * spends more on a string and a parse a field than on the build's other steps for the tree.
   */
  private static final class Fields {
    private final byte[] b;
    private final int end;
    private int at;

    Fields(byte[] b, int from, int end) {
      this.b = b;
      this.at = from;
      this.end = end;
    }

    /** The type letter, which the permissions follow with no space. */
    char type() {
      if (at >= end) {
        throw new NumberFormatException("no type");
      }
      return (char) b[at++];
    }

    /** A number in {@code radix}, then the space after it, if any. */
    long number(int radix) {
      int start = at;
      long n = 0;
      while (at < end && b[at] != ' ' && b[at] != '.') {
        int digit = Character.digit(b[at++], radix);
        if (digit < 0) {
          throw new NumberFormatException("not a number");
        }
        n = Math.addExact(Math.multiplyExact(n, radix), digit);
      }
      if (at == start) {
        throw new NumberFormatException("no number");
      }
      if (at < end && b[at] == ' ') {
        at++;
      }
      return n;
    }

    /** {@code seconds.fraction}, as find prints times, in nanoseconds. */
    long nanos() {
      long seconds = number(10);
      long fraction = 0;
      if (at < end && b[at] == '.') {
        at++;
        int digits = 0;
        while (at < end && b[at] != ' ') {
          int digit = Character.digit(b[at++], 10);
          if (digit < 0) {
            throw new NumberFormatException("not a number");
          }
          if (digits++ < 9) {
            fraction = fraction * 10 + digit;
          }
        }
        for (; digits < 9; digits++) {
          fraction *= 10;
        }
        if (at < end) {
          at++;
        }
      }
      return Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), fraction);
    }

    /** Checks that nothing follows the last field. */
    void end() {
      if (at != end) {
        throw new NumberFormatException("more than the fields");
      }
    }
  }

  /**
   * The host paths that are all the inputs of {@code spec}'s tree besides the spec itself, in
   * the order they are added; null if some content is found otherwise (programs, whose libraries
   * are searched for, and tarballs).
   */
  static List<Path> sources(ImageSpec spec) {
    List<Path> sources = new ArrayList<>();
    if (spec.content() instanceof ImageContent.Directory d) {
      sources.add(d.root().toAbsolutePath());
    } else if (spec.content() instanceof ImageContent.Files f) {
      f.entries().forEach(e -> addSource(e, sources));
    } else {
      return null;
    }
    spec.packOptions().extraFiles().forEach(e -> addSource(e, sources));
    return sources;
  }

  private static void addSource(FileEntry entry, List<Path> sources) {
    if (entry instanceof FileEntry.CopiedFile f) {
      sources.add(f.source().toAbsolutePath());
    } else if (entry instanceof FileEntry.CopiedDirectory d) {
      sources.add(d.source().toAbsolutePath());
    }
  }

  /**
   * Listings started ahead of their builds ({@link #listAhead}), by command and host paths, each
   * taken by the first build that lists those paths with that command.
   */
  private static final Map<List<String>, Pending> AHEAD = new ConcurrentHashMap<>();

  private static final AtomicBoolean CANCEL_AT_EXIT = new AtomicBoolean();

  /** A listing taken on a thread of its own while the caller goes on. */
  static final class Pending {
    private final FutureTask<byte[]> task;
    private final long startedNanos;
    private Process process;
    private boolean cancelled;

    private Pending(String find, List<Path> sources) {
      this.startedNanos = System.currentTimeMillis() * 1_000_000L;
      this.task = new FutureTask<>(() -> list(find, sources, this));
      Thread thread = new Thread(task, "ocidsl-find");
      thread.setDaemon(true);
      thread.start();
    }

    /**
     * When the listing began, in nanoseconds since the epoch: it stands for the files as they
     * were then, and a file changed shortly before may not have settled ({@link
     * ImageKey#settled}).
     */
    long startedNanos() {
      return startedNanos;
    }

    /** The listing, once taken; null as for {@link #list}. */
    byte[] get() {
      try {
        return task.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
      }
    }

    /** Notes the process that lists; false, after killing it, if the listing was cancelled. */
    private synchronized boolean started(Process p) {
      if (cancelled) {
        p.destroyForcibly();
        return false;
      }
      process = p;
      return true;
    }

    /** Kills the listing's process, if any, and waits a little for its thread to end. */
    private void cancel() {
      synchronized (this) {
        cancelled = true;
        if (process != null) {
          process.destroyForcibly();
        }
      }
      try {
        task.get(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // Ending anyway: the listing was not wanted.
      }
    }
  }

  /**
   * Starts {@link #list listing} {@code sources} on a thread of its own, or takes the listing of
   * the same paths with the same command that was {@linkplain #listAhead started ahead}.
   */
  static Pending start(String find, List<Path> sources) {
    Pending ahead = AHEAD.remove(key(find, sources));
    return ahead != null ? ahead : new Pending(find, sources);
  }

  /**
   * Starts listing the absolute host paths {@code sources} with {@code find}, for the next build
   * in this process that lists them: a command that evaluates a system and then builds its
   * images lists their content while it evaluates.
   */
  static void listAhead(String find, List<Path> sources) {
    if (CANCEL_AT_EXIT.compareAndSet(false, true)) {
      Runtime.getRuntime().addShutdownHook(new Thread(HostListing::cancelAhead, "ocidsl-find-cancel"));
    }
    AHEAD.computeIfAbsent(key(find, sources), k -> new Pending(find, sources));
  }

  /**
   * Waits until the listing of {@code sources} with {@code find} started ahead, if any, is taken
   * (for tests).
   */
  static void awaitAhead(String find, List<Path> sources) {
    Pending p = AHEAD.get(key(find, sources));
    if (p != null) {
      p.get();
    }
  }

  /** Whether a listing of {@code sources} with {@code find} waits to be taken (for tests). */
  static boolean listedAhead(String find, List<Path> sources) {
    return AHEAD.containsKey(key(find, sources));
  }

  /**
   * Ends the listings taken ahead that no build took: after the builds that could take them, and
   * as the JVM exits, since a JVM whose child still runs, or whose thread still waits in a read,
   * waits some 0.3 s for them before it ends.
   */
  static void cancelAhead() {
    for (List<String> key : List.copyOf(AHEAD.keySet())) {
      Pending p = AHEAD.remove(key);
      if (p != null) {
        p.cancel();
      }
    }
  }

  private static List<String> key(String find, List<Path> sources) {
    List<String> key = new ArrayList<>(List.of(find));
    sources.forEach(p -> key.add(p.toString()));
    return key;
  }

  /**
   * The listing of {@code sources} by {@code find}, following a host path that is a symlink as
   * the image copies it, and nothing below; null if it could not be taken whole (no such
   * command, a path missing or unreadable, more than {@link #MAX_BYTES}) or was {@linkplain
   * Pending#cancel cancelled}.
   */
  private static byte[] list(String find, List<Path> sources, Pending pending) {
    if (sources.isEmpty()) {
      return new byte[0];
    }
    List<String> command = new ArrayList<>(List.of(find, "-H", "--"));
    sources.forEach(p -> command.add(p.toString())); // absolute: never read as an expression
    command.add("-printf");
    command.add(FORMAT);
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("LC_ALL", "C");
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return null;
    }
    if (!pending.started(p)) {
      return null;
    }
    try (InputStream out = p.getInputStream()) {
      byte[] listing = out.readNBytes(MAX_BYTES + 1);
      if (listing.length > MAX_BYTES) {
        p.destroy();
        return null;
      }
      return p.waitFor() == 0 ? listing : null;
    } catch (IOException e) {
      p.destroy();
      return null;
    } catch (InterruptedException e) {
      p.destroy();
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
