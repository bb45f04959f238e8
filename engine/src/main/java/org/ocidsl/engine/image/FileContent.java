package org.ocidsl.engine.image;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import org.ocidsl.engine.OcidslException;

/**
 * The content of host files whose size was listed or stated before the build read them: a file
 * that is gone, shorter or longer since changed while the image was built, and fails it rather
 * than giving an image of half the old file, or of part of the new one.
 */
final class FileContent {
  private FileContent() {}

  /** Takes a file's content a piece at a time. */
  interface Pieces {
    void take(byte[] b, int length) throws IOException;
  }

  /** Reads the {@code size} bytes of {@code file} through {@code buffer} into {@code pieces}. */
  static void read(Path file, long size, byte[] buffer, Pieces pieces) throws IOException {
    try (FileInputStream in = open(file)) {
      long left = size;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw changed(file);
        }
        pieces.take(buffer, n);
        left -= n;
      }
      if (in.read() >= 0) {
        throw changed(file);
      }
    }
  }

  /** The file, open for reading; gone, a user error. */
  static FileInputStream open(Path file) {
    try {
      return new FileInputStream(file.toFile());
    } catch (FileNotFoundException e) {
      throw new OcidslException("file disappeared while the image was built: " + e.getMessage());
    }
  }

  static OcidslException changed(Path file) {
    return new OcidslException("file changed while it was read: " + file);
  }
}
