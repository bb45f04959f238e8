package org.ocidsl.engine.activation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.ocidsl.engine.OcidslException;

/**
 * The files a system owns under {@code /etc}, installed from its generation.
 *
 * <p>A file present before ocidsl installed its own is copied to {@code STATE/etc-backup/PATH}
 * and put back when no generation owns the path any more. What activation wrote is recorded in
 * {@link OwnedFiles}; a file edited since is never lost: when a generation replaces it, the
 * edited copy goes to {@code STATE/etc-edits/PATH}, and when no generation owns it any more it is
 * left in place.
 */
final class EtcFiles {
  static final String BACKUP = "etc-backup";
  static final String EDITS = "etc-edits";

  /** A file the generation wants at {@code /etc/PATH}. */
  record Wanted(String path, byte[] content) {
    Wanted {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(content, "content");
      checkPath(path);
    }
  }

  private final Path etc;
  private final Path stateDir;
  private final Consumer<String> report;

  EtcFiles(Path root, Path stateDir, Consumer<String> report) {
    this.etc = root.resolve("etc");
    this.stateDir = stateDir;
    this.report = report;
  }

  /**
   * Installs {@code wanted}, then gives back the files activation owned that {@code wanted} no
   * longer has.
   */
  void activate(List<Wanted> wanted) throws IOException {
    Map<String, Wanted> byPath = new LinkedHashMap<>();
    for (Wanted w : wanted) {
      if (byPath.putIfAbsent(w.path(), w) != null) {
        throw new OcidslException("the system installs /etc/" + w.path() + " more than once");
      }
    }
    OwnedFiles owned = OwnedFiles.load(stateDir);
    try {
      for (Wanted w : byPath.values()) {
        install(w, owned);
      }
      for (String path : owned.all().keySet().stream().sorted().toList()) {
        if (!byPath.containsKey(path)) {
          release(path, owned);
        }
      }
    } finally {
      owned.save();
    }
  }

  private void install(Wanted wanted, OwnedFiles owned) throws IOException {
    String path = wanted.path();
    Path target = etc.resolve(path);
    String sha = HostFiles.sha256(wanted.content());
    String recorded = owned.sha256(path);
    boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
    if (exists && Files.isDirectory(target)) {
      throw new OcidslException("cannot install /etc/" + path + ": it is a directory");
    }
    byte[] current = exists ? readOrNull(target) : null;
    if (current != null && Arrays.equals(current, wanted.content())) {
      if (recorded == null) {
        // Already what the system wants: take it over, keeping the original to give back.
        keepOriginal(path, target);
      }
      if (!sha.equals(recorded)) {
        owned.own(path, sha);
        owned.save();
      }
      return;
    }
    String note = "";
    String verb = "installed";
    if (exists && recorded == null) {
      note = keepOriginal(path, target) ? " (kept the previous one)" : " (kept the previous one in " + keepEdited(path, target) + ")";
    } else if (exists) {
      verb = "updated";
      if (current == null || !HostFiles.sha256(current).equals(recorded)) {
        note = " (local changes kept in " + keepEdited(path, target) + ")";
      }
    }
    HostFiles.replace(target, wanted.content(), HostFiles.FILE_MODE);
    owned.own(path, sha);
    owned.save();
    report.accept(verb + " /etc/" + path + note);
  }

  private void release(String path, OwnedFiles owned) throws IOException {
    Path target = etc.resolve(path);
    Path backup = backup(path);
    boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
    boolean hasBackup = Files.exists(backup, LinkOption.NOFOLLOW_LINKS);
    byte[] current = exists && !Files.isDirectory(target) ? readOrNull(target) : null;
    boolean ours = current != null && HostFiles.sha256(current).equals(owned.sha256(path));
    if (ours && hasBackup && Files.isRegularFile(backup, LinkOption.NOFOLLOW_LINKS)
        && Arrays.equals(current, Files.readAllBytes(backup))) {
      // The file is what it was before ocidsl took it over: nothing to give back.
      Files.delete(backup);
    } else if (exists && !ours) {
      report.accept(
          "left /etc/" + path + " in place: it was changed after ocidsl installed it"
              + (hasBackup ? " (the file it replaced is in " + backup + ")" : ""));
    } else if (hasBackup) {
      HostFiles.copyOver(backup, target);
      Files.delete(backup);
      report.accept("restored /etc/" + path);
    } else if (exists) {
      Files.delete(target);
      report.accept("removed /etc/" + path);
    }
    owned.release(path);
    owned.save();
  }

  /**
   * Copies {@code target}, not yet owned, to the backup directory, unless a backup is there
   * already (an original kept from an earlier takeover): returns whether it made the copy.
   */
  private boolean keepOriginal(String path, Path target) throws IOException {
    Path backup = backup(path);
    if (Files.exists(backup, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    HostFiles.copy(target, backup);
    return true;
  }

  /** Copies {@code target} to the directory of local changes and returns where. */
  private Path keepEdited(String path, Path target) throws IOException {
    Path copy = stateDir.resolve(EDITS).resolve(path);
    HostFiles.copy(target, copy);
    return copy;
  }

  private Path backup(String path) {
    return stateDir.resolve(BACKUP).resolve(path);
  }

  /** The content of {@code file}, or null when it cannot be read (a dangling link). */
  private static byte[] readOrNull(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    return Files.readAllBytes(file);
  }

  /** Checks that {@code path} names a file inside {@code /etc}. */
  static void checkPath(String path) {
    Path p = Path.of(path);
    if (path.isEmpty() || p.isAbsolute() || !p.normalize().equals(p) || p.startsWith("..")
        || path.endsWith("/") || path.indexOf('\0') >= 0) {
      throw new OcidslException("etc file path must be relative and stay inside /etc: '" + path + "'");
    }
  }
}
