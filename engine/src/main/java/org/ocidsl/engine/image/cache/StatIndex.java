package org.ocidsl.engine.image.cache;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import org.ocidsl.engine.Temporaries;
import org.ocidsl.engine.image.tree.HostFile;

/**
 * What the cache knows about host files, like git's index: for a path, the size, inode, device,
 * modification and change times it had when its SHA-256 was computed. When all of these still
 * match, the content is taken as unchanged and not read again.
 *
 * <p>An entry is only kept if the file had {@linkplain #settled settled} when it was stated: a
 * file changed in the same clock tick as it was read could keep the same times (git's "racily
 * clean" entries). The {@linkplain ImageKey#stat stat snapshot} of an image follows the same rule.
 */
public final class StatIndex {
  public static final String FILE_NAME = "stat-index";

  /** How long before its stat a file must have been changed last for its times to be trusted. */
  private static final long RACY_MARGIN_NANOS = 1_000_000_000L;

  private static final int MAGIC = 0x4f534931; // "OSI1"

  private record Entry(
      long size, long dev, long ino, long mtimeNanos, long ctimeNanos, int mode, byte[] sha256) {
    boolean matches(HostFile f) {
      return size == f.size()
          && dev == f.dev()
          && ino == f.ino()
          && mtimeNanos == f.mtimeNanos()
          && ctimeNanos == f.ctimeNanos()
          && mode == f.mode();
    }
  }

  private final Path file;
  private final Map<String, Entry> entries;
  private boolean dirty;

  private StatIndex(Path file, Map<String, Entry> entries) {
    this.file = file;
    this.entries = entries;
  }

  /**
   * Whether {@code f}, stated at {@code statTimeNanos} (wall clock), was last modified or changed
   * long enough before that its times will move if its content does.
   */
  static boolean settled(HostFile f, long statTimeNanos) {
    return Math.max(f.mtimeNanos(), f.ctimeNanos()) < statTimeNanos - RACY_MARGIN_NANOS;
  }

  /** The index in {@code cacheDir}; empty if there is none or it cannot be read. */
  public static StatIndex load(Path cacheDir) {
    Path file = cacheDir.resolve(FILE_NAME);
    Map<String, Entry> entries = new HashMap<>();
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
      if (in.readInt() != MAGIC) {
        return new StatIndex(file, new HashMap<>());
      }
      int count = in.readInt();
      for (int i = 0; i < count; i++) {
        String path = in.readUTF();
        long size = in.readLong();
        long dev = in.readLong();
        long ino = in.readLong();
        long mtime = in.readLong();
        long ctime = in.readLong();
        int mode = in.readInt();
        byte[] sha = new byte[32];
        in.readFully(sha);
        entries.put(path, new Entry(size, dev, ino, mtime, ctime, mode, sha));
      }
    } catch (NoSuchFileException e) {
      // first use
    } catch (EOFException e) {
      entries.clear(); // a truncated index is an empty one
    } catch (IOException e) {
      entries.clear();
    }
    return new StatIndex(file, entries);
  }

  /** The SHA-256 recorded for {@code f} if its stat still matches, else null. */
  public byte[] lookup(HostFile f) {
    Entry e = entries.get(f.path().toString());
    return e != null && e.matches(f) ? e.sha256() : null;
  }

  /**
   * Records {@code sha256} as the content of {@code f} as stated at {@code statTimeNanos}, if it
   * had {@linkplain #settled settled} then.
   */
  public void record(HostFile f, byte[] sha256, long statTimeNanos) {
    if (!settled(f, statTimeNanos)) {
      return;
    }
    Entry e = new Entry(f.size(), f.dev(), f.ino(), f.mtimeNanos(), f.ctimeNanos(), f.mode(),
        sha256.clone());
    Entry old = entries.put(f.path().toString(), e);
    if (old == null || !old.matches(f)) {
      dirty = true;
    }
  }

  /** Writes the index if it changed: to a temporary file renamed into place. */
  public void save() throws IOException {
    if (!dirty) {
      return;
    }
    Files.createDirectories(file.getParent());
    Path tmp = Temporaries.newFile(file.getParent(), FILE_NAME, ".tmp");
    try {
      try (OutputStream raw = Files.newOutputStream(tmp);
          DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
        out.writeInt(MAGIC);
        out.writeInt(entries.size());
        for (Map.Entry<String, Entry> me : entries.entrySet()) {
          Entry e = me.getValue();
          out.writeUTF(me.getKey());
          out.writeLong(e.size());
          out.writeLong(e.dev());
          out.writeLong(e.ino());
          out.writeLong(e.mtimeNanos());
          out.writeLong(e.ctimeNanos());
          out.writeInt(e.mode());
          out.write(e.sha256());
        }
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      dirty = false;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
