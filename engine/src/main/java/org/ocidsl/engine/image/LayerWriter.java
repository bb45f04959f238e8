package org.ocidsl.engine.image;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.ocidsl.engine.OcidslException;

/**
 * Writes one layer tar straight into the outer archive while the {@link HashPipeline} computes
 * its diff ID (the SHA-256 of the uncompressed layer) and, for files the stat index did not
 * know, their own SHA-256: each input file is read once.
 */
final class LayerWriter {
  /** Counts content bytes and reports progress every few MiB. */
  static final class Progress {
    private static final long STEP = 8L << 20;
    private final BuildListener listener;
    private final long total;
    private long done;
    private long reported;

    Progress(BuildListener listener, long total) {
      this.listener = listener;
      this.total = total;
    }

    void add(long n) {
      done += n;
      if (done - reported >= STEP || done == total) {
        reported = done;
        listener.progress(done, total);
      }
    }

    long done() {
      return done;
    }
  }

  /** A written layer: its digest and size. */
  record Written(byte[] diffId, long size) {
    String hex() {
      return HashPipeline.hex(diffId);
    }
  }

  private LayerWriter() {}

  static Written write(
      List<ImageTree.Node> entries, OutputStream out, HashPipeline pipeline, Progress progress)
      throws IOException {
    MessageDigest layerDigest = HashPipeline.sha256();
    Sink sink = new Sink(out, pipeline, layerDigest);
    TarArchiveOutputStream tar =
        new TarArchiveOutputStream(sink, StandardCharsets.UTF_8.name());
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    Map<ImageTree.Blob, String> written = new IdentityHashMap<>();
    Reader reader = new Reader(pipeline);
    for (ImageTree.Node n : entries) {
      String name = n.path().substring(1);
      switch (n.kind) {
        case DIRECTORY:
          put(tar, TarEntries.directory(name, n.mode));
          break;
        case SYMLINK:
          put(tar, TarEntries.symlink(name, n.linkTarget));
          break;
        case FILE:
          String first = written.get(n.blob);
          if (first != null) {
            put(tar, TarEntries.hardLink(name, first, n.mode));
          } else {
            written.put(n.blob, name);
            tar.putArchiveEntry(TarEntries.file(name, n.mode, n.blob.size()));
            reader.copy(n.blob, tar, progress);
            tar.closeArchiveEntry();
          }
          break;
        default:
          throw new IllegalStateException(n.kind.toString());
      }
    }
    tar.finish();
    reader.finish();
    sink.flushChunk();
    byte[][] digest = new byte[1][];
    pipeline.finish(layerDigest, d -> digest[0] = d);
    pipeline.await();
    return new Written(digest[0], sink.count);
  }

  private static void put(TarArchiveOutputStream tar, TarArchiveEntry e) throws IOException {
    tar.putArchiveEntry(e);
    tar.closeArchiveEntry();
  }

  /**
   * Reads files into pooled buffers, many small files per buffer, and hands each full buffer to
   * the hashing thread with the digest updates it needs.
   */
  private static final class Reader {
    private final HashPipeline pipeline;
    private byte[] buffer;
    private int used;
    private List<Runnable> ops = new ArrayList<>();

    Reader(HashPipeline pipeline) {
      this.pipeline = pipeline;
    }

    /** Copies a file's content into the tar, hashing it too if its digest is not known yet. */
    void copy(ImageTree.Blob blob, OutputStream tar, Progress progress) throws IOException {
      MessageDigest digest = blob.sha256 == null ? HashPipeline.sha256() : null;
      long left = blob.size();
      // FileInputStream: opening and reading many small files costs less than with FileChannel.
      try (FileInputStream in = new FileInputStream(blob.file.path().toFile())) {
        while (left > 0) {
          if (buffer == null || used == buffer.length) {
            next();
          }
          byte[] b = buffer;
          int off = used;
          int want = (int) Math.min(left, b.length - off);
          int n = readFully(in, b, off, want);
          if (n < want) {
            throw new OcidslException("file changed while it was read: " + blob.file.path());
          }
          tar.write(b, off, n);
          if (digest != null) {
            ops.add(() -> digest.update(b, off, n));
          }
          used += n;
          left -= n;
          progress.add(n);
        }
        // Its size is the one listed or stated before: a file that grew since is not cut short.
        if (in.read() >= 0) {
          throw new OcidslException("file changed while it was read: " + blob.file.path());
        }
      } catch (FileNotFoundException e) {
        throw new OcidslException("file disappeared while the image was built: " + e.getMessage());
      }
      if (digest != null) {
        if (buffer == null) {
          next();
        }
        ops.add(() -> blob.sha256 = digest.digest());
      }
    }

    private void next() throws IOException {
      finish();
      buffer = pipeline.take();
      used = 0;
    }

    /** Hands over the buffer being filled. */
    void finish() throws IOException {
      if (buffer != null) {
        pipeline.submit(buffer, ops);
        buffer = null;
        ops = new ArrayList<>();
      }
    }
  }

  /** Reads in pieces of at most 64 KiB, which the JDK copies without a heap allocation. */
  private static int readFully(FileInputStream in, byte[] b, int off, int want)
      throws IOException {
    int done = 0;
    while (done < want) {
      int n = in.read(b, off + done, Math.min(want - done, 1 << 16));
      if (n < 0) {
        break;
      }
      done += n;
    }
    return done;
  }

  /** Collects the tar stream into pooled chunks: each is written, then hashed on the side. */
  private static final class Sink extends OutputStream {
    private final OutputStream out;
    private final HashPipeline pipeline;
    private final MessageDigest digest;
    private byte[] chunk;
    private int length;
    long count;

    Sink(OutputStream out, HashPipeline pipeline, MessageDigest digest) {
      this.out = out;
      this.pipeline = pipeline;
      this.digest = digest;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      count += len;
      while (len > 0) {
        if (chunk == null) {
          chunk = pipeline.take();
        }
        int n = Math.min(len, chunk.length - length);
        System.arraycopy(b, off, chunk, length, n);
        length += n;
        off += n;
        len -= n;
        if (length == chunk.length) {
          flushChunk();
        }
      }
    }

    void flushChunk() throws IOException {
      if (chunk == null) {
        return;
      }
      if (length == 0) {
        pipeline.release(chunk);
      } else {
        out.write(chunk, 0, length);
        byte[] c = chunk;
        int n = length;
        pipeline.submit(c, List.of(() -> digest.update(c, 0, n)));
      }
      chunk = null;
      length = 0;
    }

    @Override
    public void close() {
      // the outer archive stays open
    }
  }
}
