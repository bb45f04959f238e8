package org.ocidsl.engine.image;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Tar entries with nothing from the host: owner 0:0 without names, a fixed modification time,
 * only the permission bits in the mode field. commons-compress otherwise fills in the current
 * user's name and the current time.
 */
final class TarEntries {
  private TarEntries() {}

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
