package org.ocidsl.engine.image;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What GNU {@code find} says of every file under an image's host paths, in one run: for each its
 * path below the host path, type, permissions, size, inode, change time to the nanosecond, and a
 * symlink's target. The change time moves with every write and with every change of the
 * modification time, which is left out, as is the device: a file copied elsewhere has a new
 * change time too. On a fresh JVM the JDK's attribute views take some 25 µs a file and {@code
 * find} about 4: for a tree of 12,000 files, 300 ms against 50, which is most of what a rebuild
 * of unchanged content costs.
 *
 * <p>A listing is only compared byte for byte with an earlier one ({@link ImageKey#listing}):
 * equal listings, the earlier taken when no file had just changed ({@link StatIndex}), mean equal
 * content.
 */
final class HostListing {
  /** The command that lists; {@code find} from the {@code PATH}. */
  static final String FIND = "find";

  /** Beyond this (some 250,000 files), no listing: comparing it would hold twice as much. */
  static final int MAX_BYTES = 32 << 20;

  /** One entry: three fields, each ended by a NUL, which no path or target contains. */
  private static final String FORMAT = "%P\\0%y%m %s %i %C@\\0%l\\0";

  private HostListing() {}

  /**
   * The host paths that are all the inputs of {@code spec}'s tree besides the spec itself, in
   * the order they are added; null if some content is found otherwise (programs, whose libraries
   * are searched for, and tarballs).
   */
  static List<Path> sources(ImageSpec spec) {
    List<Path> sources = sources(spec.content());
    if (sources != null) {
      spec.packOptions().extraFiles().forEach(e -> addSource(e, sources));
    }
    return sources;
  }

  /** The host paths of {@code content}, as {@link #sources(ImageSpec)}; null likewise. */
  static List<Path> sources(ImageContent content) {
    List<Path> sources = new ArrayList<>();
    if (content instanceof ImageContent.Directory d) {
      sources.add(d.root().toAbsolutePath());
    } else if (content instanceof ImageContent.Files f) {
      f.entries().forEach(e -> addSource(e, sources));
    } else {
      return null;
    }
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
   * Listings started ahead of their builds ({@link #listAhead}), by command and host path, each
   * taken by the first build that lists that path with that command.
   */
  private static final Map<List<String>, Pending> AHEAD = new ConcurrentHashMap<>();

  private static final AtomicBoolean CANCEL_AT_EXIT = new AtomicBoolean();

  /** A listing taken on a thread of its own while the caller goes on. */
  static final class Pending {
    private final FutureTask<byte[]> task;
    private final long startedNanos;
    private Process process;
    private boolean cancelled;

    private Pending(FutureTask<byte[]> task, long startedNanos) {
      this.task = task;
      this.startedNanos = startedNanos;
    }

    private Pending(long startedNanos, List<String> command) {
      this.startedNanos = startedNanos;
      this.task = new FutureTask<>(() -> list(command, this));
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
      } catch (ExecutionException | TimeoutException | CancellationException e) {
        // Ending anyway: the listing was not wanted.
      }
    }

    /**
     * When the listing began, in nanoseconds since the epoch: it stands for the files as they
     * were then, and a file changed shortly before may not have settled ({@link
     * ImageKey#settled}).
     */
    long startedNanos() {
      return startedNanos;
    }

    /**
     * The listing, once taken; null as for {@link #list}. A task that no thread runs (listings
     * {@linkplain #start joined}) runs here; one a thread already runs is only waited for.
     */
    byte[] get() {
      task.run();
      try {
        return task.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
      }
    }
  }

  /**
   * Starts {@link #list listing} {@code sources} on a thread of its own; when every one of them
   * was {@linkplain #listAhead listed ahead} with {@code find}, those listings, one after the
   * other, are the listing, as one run of {@code find} would have printed them.
   */
  static Pending start(String find, List<Path> sources) {
    List<Pending> ahead = new ArrayList<>();
    for (Path source : sources) {
      Pending p = AHEAD.remove(List.of(find, source.toString()));
      if (p == null) {
        return run(find, sources);
      }
      ahead.add(p);
    }
    if (ahead.size() == 1) {
      return ahead.get(0);
    }
    long started = ahead.stream().mapToLong(Pending::startedNanos).min().orElse(now());
    return new Pending(joined(ahead), started);
  }

  /**
   * Starts listing the host path {@code source}, absolute, with {@code find}, for the next build
   * in this process that lists it: a command that evaluates a system and then builds its images
   * lists their trees while it evaluates.
   */
  static void listAhead(String find, Path source) {
    if (CANCEL_AT_EXIT.compareAndSet(false, true)) {
      Runtime.getRuntime().addShutdownHook(new Thread(HostListing::cancelAhead, "ocidsl-find-cancel"));
    }
    AHEAD.computeIfAbsent(List.of(find, source.toString()), k -> run(find, List.of(source)));
  }

  /**
   * Ends the listings taken ahead that no build took, as the JVM exits: a JVM whose child still
   * runs, or whose thread still waits in a read, waits some 0.3 s for them before it ends.
   */
  static void cancelAhead() {
    for (List<String> key : List.copyOf(AHEAD.keySet())) {
      Pending p = AHEAD.remove(key);
      if (p != null) {
        p.cancel();
      }
    }
  }

  private static Pending run(String find, List<Path> sources) {
    Pending pending = new Pending(now(), command(find, sources));
    Thread thread = new Thread(pending.task, "ocidsl-find");
    thread.setDaemon(true);
    thread.start();
    return pending;
  }

  /** The listings of {@code parts} one after the other; null if one of them is null. */
  private static FutureTask<byte[]> joined(List<Pending> parts) {
    return new FutureTask<>(
        () -> {
          ByteArrayOutputStream all = new ByteArrayOutputStream();
          for (Pending p : parts) {
            byte[] listing = p.get();
            if (listing == null) {
              return null;
            }
            all.writeBytes(listing);
          }
          return all.size() > MAX_BYTES ? null : all.toByteArray();
        });
  }

  private static long now() {
    return System.currentTimeMillis() * 1_000_000L;
  }

  /**
   * The listing of {@code sources} by {@code find}, following a host path that is a symlink as
   * the image copies it, and nothing below; null if it could not be taken whole (no such
   * command, a path missing or unreadable, more than {@link #MAX_BYTES}).
   */
  static byte[] list(String find, List<Path> sources) {
    return list(command(find, sources), null);
  }

  /** The command that lists {@code sources}; null if there is nothing to list. */
  private static List<String> command(String find, List<Path> sources) {
    if (sources.isEmpty()) {
      return null;
    }
    List<String> command = new ArrayList<>(List.of(find, "-H", "--"));
    sources.forEach(p -> command.add(p.toString())); // absolute: never read as an expression
    command.add("-printf");
    command.add(FORMAT);
    return command;
  }

  /** What {@code command} prints, as {@link #list(String, List)}; told to {@code pending}. */
  private static byte[] list(List<String> command, Pending pending) {
    if (command == null) {
      return new byte[0];
    }
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
    if (pending != null && !pending.started(p)) {
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
