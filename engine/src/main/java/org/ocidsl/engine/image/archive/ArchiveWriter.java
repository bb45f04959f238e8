package org.ocidsl.engine.image.archive;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * The outer tar of an image archive, written in one pass to a file.
 *
 * <p>A layer is stored under its own digest ({@code <diff-id>/layer.tar}, {@code
 * blobs/sha256/<digest>}), which is known only once the layer is written. So a layer's header is
 * reserved, the layer streamed after it while being hashed, and the header written into its
 * place at the end: no temporary file, and each input file is read once.
 */
final class ArchiveWriter implements Closeable {
  private final FileChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
  private long position;

  ArchiveWriter(Path file) throws IOException {
    channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
  }

  /** An entry whose content is {@code content}. */
  void file(String name, byte[] content) throws IOException {
    write(header(TarEntries.file(name, 0644, content.length)));
    write(content, 0, content.length);
    pad();
  }

  void directory(String name) throws IOException {
    write(header(TarEntries.directory(name, 0755)));
  }

  /** Reserves a header record; {@link #patch} fills it in once the entry is known. */
  long reserveHeader() throws IOException {
    long at = position;
    write(new byte[TarEntries.RECORD]);
    return at;
  }

  /** Writes the header of {@code entry} into the record reserved at {@code at}. */
  void patch(long at, TarArchiveEntry entry) throws IOException {
    flush();
    ByteBuffer h = ByteBuffer.wrap(header(entry));
    long p = at;
    while (h.hasRemaining()) {
      p += channel.write(h, p);
    }
  }

  /** Writes the bytes {@code src} has left (an entry's content after its header), all of them. */
  void write(ByteBuffer src) throws IOException {
    flush();
    position += src.remaining();
    while (src.hasRemaining()) {
      channel.write(src);
    }
  }

  /** Zero bytes up to the next record boundary, after an entry's content. */
  void pad() throws IOException {
    write(new byte[TarEntries.padding(position)]);
  }

  /** The zeros that end an archive ({@link TarEntries#end}). */
  void finish() throws IOException {
    write(new byte[TarEntries.end(position)]);
    flush();
  }

  private static byte[] header(TarArchiveEntry e) throws IOException {
    if (!TarEntries.plain(e)) {
      throw new IllegalStateException("outer archive entry name too long: " + e.getName());
    }
    byte[] h = new byte[TarEntries.RECORD];
    TarEntries.header(e, h);
    return h;
  }

  private void write(byte[] b) throws IOException {
    write(b, 0, b.length);
  }

  private void write(byte[] b, int off, int len) throws IOException {
    position += len;
    if (len >= buffer.capacity()) {
      flush();
      ByteBuffer src = ByteBuffer.wrap(b, off, len);
      while (src.hasRemaining()) {
        channel.write(src);
      }
      return;
    }
    if (len > buffer.remaining()) {
      flush();
    }
    buffer.put(b, off, len);
  }

  private void flush() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear();
  }

  @Override
  public void close() throws IOException {
    try {
      flush();
    } finally {
      channel.close();
    }
  }
}
