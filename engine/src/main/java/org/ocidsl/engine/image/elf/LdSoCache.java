package org.ocidsl.engine.image.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The libraries {@code /etc/ld.so.cache} lists (what {@code ldconfig -p} prints): for each
 * library name, the paths it maps to, in the cache's order (the dynamic linker takes the first
 * compatible one). Reads glibc's {@code glibc-ld.so.cache1.1} format, alone or after the old
 * {@code ld.so-1.7.0} table. Entries for {@code glibc-hwcaps} subdirectories are skipped: the
 * baseline library is enough for the closure.
 */
public final class LdSoCache {
  /** Where glibc keeps it. */
  public static final Path DEFAULT = Path.of("/etc/ld.so.cache");

  private static final byte[] OLD_MAGIC = "ld.so-1.7.0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NEW_MAGIC =
      "glibc-ld.so.cache1.1".getBytes(StandardCharsets.US_ASCII);
  private static final long HWCAP_EXTENSION = 1L << 62;

  private static final LdSoCache EMPTY = new LdSoCache(Map.of());

  private final Map<String, List<String>> byName;

  private LdSoCache(Map<String, List<String>> byName) {
    this.byName = byName;
  }

  /** The paths listed for library {@code name}, best first; empty if none. */
  List<String> lookup(String name) {
    return byName.getOrDefault(name, List.of());
  }

  int size() {
    return byName.size();
  }

  /** The cache at {@code file}; an empty cache if the file does not exist. */
  public static LdSoCache read(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return EMPTY;
    }
    return parse(bytes, file);
  }

  static LdSoCache parse(byte[] bytes, Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
    int start = 0;
    if (startsWith(bytes, 0, OLD_MAGIC)) {
      int oldCount = b.getInt(12);
      start = 16 + oldCount * 12;
      start = (start + 7) & ~7;
    }
    if (!startsWith(bytes, start, NEW_MAGIC)) {
      throw new IOException("not a glibc ld.so.cache (format 1.1): " + file);
    }
    int count = b.getInt(start + 20);
    int entries = start + 48;
    if (count < 0 || entries + (long) count * 24 > bytes.length) {
      throw new IOException("truncated ld.so.cache: " + file);
    }
    Map<String, List<String>> byName = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      int e = entries + i * 24;
      int key = b.getInt(e + 4);
      int value = b.getInt(e + 8);
      long hwcap = b.getLong(e + 16);
      if ((hwcap & HWCAP_EXTENSION) != 0) {
        continue;
      }
      String name = cString(bytes, start + key, file);
      String path = cString(bytes, start + value, file);
      byName.computeIfAbsent(name, k -> new ArrayList<>()).add(path);
    }
    return new LdSoCache(byName);
  }

  private static boolean startsWith(byte[] bytes, int offset, byte[] magic) {
    if (bytes.length < offset + magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if (bytes[offset + i] != magic[i]) {
        return false;
      }
    }
    return true;
  }

  private static String cString(byte[] bytes, int offset, Path file) throws IOException {
    if (offset < 0 || offset >= bytes.length) {
      throw new IOException("string offset out of range in " + file);
    }
    int end = offset;
    while (end < bytes.length && bytes[end] != 0) {
      end++;
    }
    return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
  }
}
