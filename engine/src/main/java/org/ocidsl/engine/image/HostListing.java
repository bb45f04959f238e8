package org.ocidsl.engine.image;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

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

  /** A listing taken on a thread of its own while the caller goes on. */
  static final class Pending {
    private final FutureTask<byte[]> task;

    private Pending(FutureTask<byte[]> task) {
      this.task = task;
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
  }

  /** Starts {@link #list listing} {@code sources} on a thread of its own. */
  static Pending start(String find, List<Path> sources) {
    FutureTask<byte[]> task = new FutureTask<>(() -> list(find, sources));
    Thread thread = new Thread(task, "ocidsl-find");
    thread.setDaemon(true);
    thread.start();
    return new Pending(task);
  }

  /**
   * The listing of {@code sources} by {@code find}, following a host path that is a symlink as
   * the image copies it, and nothing below; null if it could not be taken whole (no such
   * command, a path missing or unreadable, more than {@link #MAX_BYTES}).
   */
  static byte[] list(String find, List<Path> sources) {
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
