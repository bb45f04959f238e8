package org.ocidsl.engine.image.archive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipEncoding;
import org.apache.commons.compress.archivers.zip.ZipEncodingHelper;

/**
 * Tar entries with nothing from the host: owner 0:0 without names, a fixed modification time,
 * only the permission bits in the mode field. commons-compress otherwise fills in the current
 * user's name and the current time. Also the records around them: headers, the zeros after
 * content and those that end an archive, for the layers and for the archive that holds them.
 */
final class TarEntries {
  private TarEntries() {}

  static final int RECORD = TarConstants.DEFAULT_RCDSIZE;
  static final int BLOCK = TarConstants.DEFAULT_BLKSIZE;

  private static final ZipEncoding UTF_8 = ZipEncodingHelper.getZipEncoding(StandardCharsets.UTF_8);

  /**
   * Whether {@code e}'s header is all there is to it: no name or link of 100 bytes or more, no
   * size beyond what the header's octal field holds, which would need PAX records first.
   */
  static boolean plain(TarArchiveEntry e) {
    return e.getSize() <= TarConstants.MAXSIZE
        && fits(e.getName())
        && (e.getLinkName() == null || e.getLinkName().isEmpty() || fits(e.getLinkName()));
  }

  private static boolean fits(String name) {
    // At most 3 bytes per char in UTF-8: only long names need encoding to tell.
    return name.length() * 3 < TarConstants.NAMELEN
        || name.getBytes(StandardCharsets.UTF_8).length < TarConstants.NAMELEN;
  }

  /** Formats the header of the {@linkplain #plain plain} entry {@code e} into {@code record}. */
  static void header(TarArchiveEntry e, byte[] record) throws IOException {
    e.writeEntryHeader(record, UTF_8, false);
  }

  /** The zeros after {@code size} bytes of an entry's content, up to the next record. */
  static int padding(long size) {
    return (int) ((RECORD - size % RECORD) % RECORD);
  }

  /**
   * The zeros that end an archive of {@code size} bytes: two zero records, then up to a whole
   * block of 10240 bytes, as GNU tar ends one.
   */
  static int end(long size) {
    long ended = size + 2 * RECORD;
    return (int) (2 * RECORD + (BLOCK - ended % BLOCK) % BLOCK);
  }

  /** Modification time of every entry, in seconds since the epoch (1, as Guix packs). */
  static final long MTIME_SECONDS = 1;

  static TarArchiveEntry directory(String name, int mode) {
    return fill(new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR),
        mode, 0);
  }

  static TarArchiveEntry file(String name, int mode, long size) {
    return fill(new TarArchiveEntry(name, TarConstants.LF_NORMAL), mode, size);
  }

  static TarArchiveEntry symlink(String name, String target) {
    TarArchiveEntry e = fill(new TarArchiveEntry(name, TarConstants.LF_SYMLINK), 0777, 0);
    e.setLinkName(target);
    return e;
  }

  static TarArchiveEntry hardLink(String name, String target, int mode) {
    TarArchiveEntry e = fill(new TarArchiveEntry(name, TarConstants.LF_LINK), mode, 0);
    e.setLinkName(target);
    return e;
  }

  private static TarArchiveEntry fill(TarArchiveEntry e, int mode, long size) {
    e.setMode(mode & 07777);
    e.setIds(0, 0);
    e.setNames("", "");
    e.setModTime(MTIME_SECONDS * 1000);
    e.setSize(size);
    return e;
  }
}
