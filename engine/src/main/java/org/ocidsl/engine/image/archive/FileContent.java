package org.ocidsl.engine.image.archive;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.image.api.BuildListener;

/**
 * The content of host files, read as large as they were when the image's tree was made, as GNU
 * tar copies a file whose header it wrote: a file that grew since is cut there, one that shrank
 * is padded with zeros, which the build warns of ({@link #shrank}).
 */
public final class FileContent {
  private FileContent() {}

  /**
   * The SHA-256 of the {@code size} bytes of {@code file}, read as the archive would hold it; a
   * file that shrank is told to {@code listener}.
   */
  public static byte[] sha256(Path file, long size, BuildListener listener) throws IOException {
    MessageDigest md = Digests.sha256();
    long zeros = read(file, size, new byte[1 << 16], (b, n) -> md.update(b, 0, n));
    if (zeros > 0) {
      listener.warning(shrank(file, zeros));
    }
    return md.digest();
  }

  /** Takes a file's content a piece at a time. */
  interface Pieces {
    void take(byte[] b, int length) throws IOException;
  }

  /**
   * Reads {@code size} bytes of {@code file} through {@code buffer} into {@code pieces}, zeros
   * past its end; returns how many zeros that took.
   */
  static long read(Path file, long size, byte[] buffer, Pieces pieces) throws IOException {
    long zeros = 0;
    try (FileInputStream in = open(file)) {
      long left = size;
      while (left > 0) {
        int want = (int) Math.min(buffer.length, left);
        int n = zeros == 0 ? in.read(buffer, 0, want) : -1;
        if (n < 0) {
          Arrays.fill(buffer, 0, want, (byte) 0);
          n = want;
          zeros += want;
        }
        pieces.take(buffer, n);
        left -= n;
      }
    }
    return zeros;
  }

  /** The file, open for reading; gone, a user error. */
  static FileInputStream open(Path file) {
    try {
      return new FileInputStream(file.toFile());
    } catch (FileNotFoundException e) {
      throw new OcidslException("file disappeared while the image was built: " + e.getMessage());
    }
  }

  /** The warning for {@code file}, whose last {@code zeros} bytes in the image are zeros. */
  static String shrank(Path file, long zeros) {
    return file + " shrank while the image was built: its last " + zeros
        + " byte(s) in the image are zeros";
  }
}
