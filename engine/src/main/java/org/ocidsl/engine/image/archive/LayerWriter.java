package org.ocidsl.engine.image.archive;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.ocidsl.engine.image.api.BuildListener;
import org.ocidsl.engine.image.tree.ImageTree;

/**
 * Writes one layer tar straight into the outer archive while the {@link HashPipeline} computes
 * its diff ID (the SHA-256 of the uncompressed layer) and, for files the stat index did not
 * know, their own SHA-256: each input file is read once, by the kernel into a direct buffer that
 * is written from and hashed, as {@code tar} would copy it.
 *
 * <p>commons-compress makes every header. Most it formats into a record, and the content follows
 * it without going through the library's stream; entries whose names or links are too long for
 * a plain header (which need PAX records before it) go through that stream whole. The bytes are
 * the ones {@link TarArchiveOutputStream} alone would write, but for the zeros at the end: the
 * layer ends on a whole block of 10240 bytes, as GNU tar ends an archive (the library counts only
 * its headers to get there).
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
      return Digests.hex(diffId);
    }
  }

  private LayerWriter() {}

  private static final byte[] ZEROS = new byte[TarEntries.BLOCK];

  static Written write(
      List<ImageTree.Node> entries,
      ArchiveWriter out,
      HashPipeline pipeline,
      BuildListener listener,
      Progress progress)
      throws IOException {
    MessageDigest layerDigest = Digests.sha256();
    Sink sink = new Sink(out, pipeline, layerDigest, listener);
    Map<ImageTree.Blob, String> written = new IdentityHashMap<>();
    for (ImageTree.Node n : entries) {
      String name = n.path().substring(1);
      switch (n.kind()) {
        case DIRECTORY:
          sink.entry(TarEntries.directory(name, n.mode()));
          break;
        case SYMLINK:
          sink.entry(TarEntries.symlink(name, n.linkTarget()));
          break;
        case FILE:
          String first = written.get(n.blob());
          if (first != null) {
            sink.entry(TarEntries.hardLink(name, first, n.mode()));
          } else {
            written.put(n.blob(), name);
            TarArchiveEntry e = TarEntries.file(name, n.mode(), n.blob().size());
            if (TarEntries.plain(e)) {
              sink.header(e);
              sink.copy(n.blob(), progress);
              sink.zeros(TarEntries.padding(n.blob().size()));
            } else {
              sink.copyThroughLibrary(e, n.blob(), progress);
            }
          }
          break;
        default:
          throw new IllegalStateException(n.kind().toString());
      }
    }
    sink.zeros(TarEntries.end(sink.count));
    sink.flush();
    byte[][] digest = new byte[1][];
    pipeline.finish(layerDigest, d -> digest[0] = d);
    pipeline.await();
    return new Written(digest[0], sink.count);
  }

  /**
   * The layer being written, in pooled direct buffers: each full one is written to the archive,
   * then handed to the hashing thread with the ranges of it that are content of files whose
   * digests are computed too.
   */
  private static final class Sink {
    private final ArchiveWriter out;
    private final HashPipeline pipeline;
    private final MessageDigest digest;
    private final BuildListener listener;
    private ByteBuffer chunk;
    private List<HashPipeline.Range> files = new ArrayList<>();
    private TarArchiveOutputStream library;
    private final byte[] record = new byte[TarEntries.RECORD];
    private final byte[] buffer = new byte[1 << 16];
    long count;

    Sink(ArchiveWriter out, HashPipeline pipeline, MessageDigest digest, BuildListener listener) {
      this.out = out;
      this.pipeline = pipeline;
      this.digest = digest;
      this.listener = listener;
    }

    /** The buffer being filled, with room in it. */
    private ByteBuffer room() throws IOException {
      if (chunk != null && !chunk.hasRemaining()) {
        flush();
      }
      if (chunk == null) {
        chunk = pipeline.take();
      }
      return chunk;
    }

    void put(byte[] b, int off, int len) throws IOException {
      count += len;
      while (len > 0) {
        ByteBuffer c = room();
        int n = Math.min(len, c.remaining());
        c.put(b, off, n);
        off += n;
        len -= n;
      }
    }

    void zeros(int n) throws IOException {
      for (int left = n; left > 0; left -= ZEROS.length) {
        put(ZEROS, 0, Math.min(left, ZEROS.length));
      }
    }

    /** Writes the header record of a {@linkplain TarEntries#plain plain} entry. */
    void header(TarArchiveEntry e) throws IOException {
      TarEntries.header(e, record);
      put(record, 0, TarEntries.RECORD);
    }

    /** Writes an entry without content. */
    void entry(TarArchiveEntry e) throws IOException {
      if (TarEntries.plain(e)) {
        header(e);
      } else {
        TarArchiveOutputStream tar = library();
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
      }
    }

    /**
     * Copies a file's content, hashing it too if its digest is not known yet, as large as it was
     * stated ({@link FileContent}).
     */
    void copy(ImageTree.Blob blob, Progress progress) throws IOException {
      MessageDigest fileDigest = blob.sha256() == null ? Digests.sha256() : null;
      Path path = blob.file().path();
      long left = blob.size();
      long zeros = 0;
      // A FileInputStream's channel: opening many small files costs less than FileChannel.open.
      try (FileInputStream in = FileContent.open(path);
          FileChannel channel = in.getChannel()) {
        boolean ended = false;
        while (left > 0) {
          ByteBuffer c = room();
          int from = c.position();
          int want = (int) Math.min(left, c.remaining());
          c.limit(from + want);
          while (!ended && c.hasRemaining()) {
            ended = channel.read(c) < 0;
          }
          zeros += c.remaining();
          while (c.hasRemaining()) {
            c.put(ZEROS, 0, Math.min(c.remaining(), ZEROS.length));
          }
          c.limit(c.capacity());
          count += want;
          left -= want;
          if (fileDigest != null) {
            files.add(new HashPipeline.Range(fileDigest, from, from + want, null));
          }
          progress.add(want);
        }
      }
      if (zeros > 0) {
        listener.warning(FileContent.shrank(path, zeros));
      }
      if (fileDigest != null) {
        // The header was put before: there is a buffer, whose end this may be.
        int at = chunk.position();
        files.add(new HashPipeline.Range(fileDigest, at, at, blob));
      }
    }

    /** Writes an entry that needs more than its header, content included, through the library. */
    void copyThroughLibrary(TarArchiveEntry e, ImageTree.Blob blob, Progress progress)
        throws IOException {
      TarArchiveOutputStream tar = library();
      tar.putArchiveEntry(e);
      MessageDigest fileDigest = blob.sha256() == null ? Digests.sha256() : null;
      long zeros = FileContent.read(blob.file().path(), blob.size(), buffer, (b, n) -> {
        tar.write(b, 0, n);
        if (fileDigest != null) {
          fileDigest.update(b, 0, n);
        }
        progress.add(n);
      });
      if (zeros > 0) {
        listener.warning(FileContent.shrank(blob.file().path(), zeros));
      }
      tar.closeArchiveEntry();
      if (fileDigest != null) {
        blob.setSha256(fileDigest.digest());
      }
    }

    /**
     * The library's stream into this sink, in records of 512 bytes: whatever it is given reaches
     * the sink by the time the entry is closed. It is never finished: the layer's end is written
     * with the other entries.
     */
    private TarArchiveOutputStream library() {
      if (library == null) {
        OutputStream into =
            new OutputStream() {
              @Override
              public void write(int b) throws IOException {
                put(new byte[] {(byte) b}, 0, 1);
              }

              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                put(b, off, len);
              }
            };
        library = new TarArchiveOutputStream(into, TarEntries.RECORD, StandardCharsets.UTF_8.name());
        library.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        library.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      }
      return library;
    }

    /** Writes the buffer being filled to the archive and hands it over for hashing. */
    void flush() throws IOException {
      if (chunk == null) {
        return;
      }
      int n = chunk.position();
      chunk.flip();
      out.write(chunk);
      pipeline.submit(chunk, n, digest, files);
      chunk = null;
      files = new ArrayList<>();
    }
  }

}
