package org.ocidsl.engine.generation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.ocidsl.engine.FileLike;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.StateLayout;
import org.ocidsl.engine.Temporaries;
import org.ocidsl.engine.shell.Script;
import org.ocidsl.engine.shepherd.ShepherdAction;
import org.ocidsl.engine.shepherd.ShepherdService;

/**
 * The generations under a state directory: {@code generations/N/} and the {@code current} link.
 *
 * <p>A generation is written to a temporary directory beside its final place and renamed into
 * it, so a failed build leaves nothing behind.
 */
public final class GenerationStore {
  public static final String LAUNCHERS = "launchers";

  private final Path stateDir;

  public GenerationStore(Path stateDir) {
    this.stateDir = stateDir.toAbsolutePath();
  }

  public Path stateDir() {
    return stateDir;
  }

  public Path generationsDir() {
    return StateLayout.of(stateDir).generations();
  }

  public Path currentLink() {
    return StateLayout.of(stateDir).current();
  }

  /** The numbers of the generations present, in increasing order. */
  public List<Integer> numbers() {
    Path dir = generationsDir();
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches("[1-9][0-9]*"))
          .map(Integer::valueOf)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path generation(int number) {
    return generationsDir().resolve(Integer.toString(number));
  }

  /** The generation {@code current} points to, if any. */
  public Optional<Path> current() {
    Path link = currentLink();
    if (!Files.isSymbolicLink(link)) {
      return Optional.empty();
    }
    try {
      return Optional.of(link.toRealPath());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Writes {@code generation} as the next numbered generation and returns its directory. The
   * {@code current} link is not moved: activation does that.
   */
  public Path add(Generation generation, String source, Map<String, ImageArchive> archives) throws IOException {
    StateLayout.of(stateDir).ensure();
    Files.createDirectories(generationsDir());
    Path tmp = Temporaries.newDirectory(generationsDir(), ".building-");
    try {
      writeInto(generation, source, archives, Fingerprints.of(stateDir), tmp);
      while (true) {
        int next = numbers().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        try {
          // rename(2) of a directory fails on an existing non-empty one: a concurrent build
          // that took the number first keeps it, and this one takes the next.
          Files.move(tmp, generation(next), StandardCopyOption.ATOMIC_MOVE);
          return generation(next);
        } catch (FileSystemException raced) {
          if (!Files.exists(generation(next))) {
            throw raced;
          }
        }
      }
    } finally {
      deleteRecursively(tmp);
    }
  }

  /** An image archive built for a generation, and the image ID it loads as. */
  public record ImageArchive(Path path, String id) {}

  /** Points {@code current} at {@code generationDir}, atomically. */
  public void makeCurrent(Path generationDir) throws IOException {
    Path tmp = stateDir.resolve(".current.tmp");
    Files.deleteIfExists(tmp);
    Files.createSymbolicLink(tmp, stateDir.relativize(generationDir.toAbsolutePath()));
    Files.move(tmp, currentLink(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Writes {@code generation} into {@code target}, which must not exist yet, through a temporary
   * sibling directory renamed into place. {@code archives} gives the built archive of each image
   * entry, by name: it is hard-linked into the generation (copied across file systems).
   */
  public static Path write(
      Generation generation, String source, Map<String, ImageArchive> archives, Fingerprints fingerprints,
      Path target) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    if (Files.exists(target)) {
      throw new FileAlreadyExistsException(target.toString());
    }
    Path tmp = Temporaries.newDirectory(parent, ".building-");
    try {
      writeInto(generation, source, archives, fingerprints, tmp);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target);
      }
      return target;
    } finally {
      deleteRecursively(tmp);
    }
  }

  private static void writeInto(
      Generation generation, String source, Map<String, ImageArchive> archives, Fingerprints fingerprints,
      Path dir) throws IOException {
    Map<String, String> imageIds = new java.util.LinkedHashMap<>();
    for (Generation.ImageEntry image : generation.images()) {
      ImageArchive archive = archives.get(image.name());
      if (archive == null) {
        throw new IllegalArgumentException("no archive was built for image " + image.name());
      }
      imageIds.put(image.name(), archive.id());
      Path into = dir.resolve(image.archive());
      Files.createDirectories(into.getParent());
      try {
        Files.createLink(into, archive.path());
      } catch (IOException | UnsupportedOperationException e) {
        Files.copy(archive.path(), into);
      }
    }
    for (ShepherdService service : generation.services()) {
      Path launchers = dir.resolve(launchers(service.name()));
      Files.createDirectories(launchers);
      writeExecutable(launchers.resolve("start"), launcherText(service.start(), imageIds));
      if (service.stop().isPresent()) {
        writeExecutable(launchers.resolve("stop"), launcherText(service.stop().get(), imageIds));
      }
      if (service.healthCheck().isPresent()) {
        writeExecutable(launchers.resolve("health"), launcherText(service.healthCheck().get().command(), imageIds));
      }
      for (ShepherdAction action : service.actions()) {
        writeExecutable(launchers.resolve("action-" + fileName(action.name())), launcherText(action.procedure(), imageIds));
      }
      for (FileLike file : service.files()) {
        // Two services may hand the same file: its path is its content's, written once.
        Path into = dir.resolve(file.generationPath());
        if (!Files.exists(into)) {
          Files.createDirectories(into.getParent());
          Files.writeString(into, file.content(), StandardCharsets.UTF_8);
        }
      }
    }
    for (EtcFile etc : generation.etcFiles()) {
      Path file = dir.resolve("etc").resolve(etc.path());
      Files.createDirectories(file.getParent());
      Files.writeString(file, etc.content(), StandardCharsets.UTF_8);
    }
    Files.writeString(
        dir.resolve(SystemManifest.FILE_NAME),
        SystemManifest.of(generation, source, imageIds, fingerprints::of).toJson(),
        StandardCharsets.UTF_8);
  }

  /**
   * A service or action name as a file name: '%' and '/' percent-encoded, and a leading '.' too,
   * so that {@code file-system-/sys/fs/cgroup} is {@code file-system-%2Fsys%2Ffs%2Fcgroup}.
   */
  public static String fileName(String name) {
    if (name.isEmpty() || name.indexOf('\0') >= 0) {
      throw new OcidslException("invalid service or action name: '" + name + "'");
    }
    String encoded = name.replace("%", "%25").replace("/", "%2F");
    return encoded.startsWith(".") ? "%2E" + encoded.substring(1) : encoded;
  }

  /** The launcher directory of service {@code name}, relative to its generation. */
  public static String launchers(String name) {
    return LAUNCHERS + "/" + fileName(name);
  }

  /**
   * Adds to {@code script}, a launcher, the lines that set {@code $generation} to the directory
   * of the generation it belongs to. A launcher the supervisor runs has its real, absolute path
   * as {@code $0} ({@code …/launchers/NAME/FILE}), from which the directory is cut without entering
   * it: the service's user may not enter the generation (the state directory is its owner's
   * alone). A launcher run by hand from a relative path finds it by entering its directory.
   */
  public static void locate(Script.Builder script) {
    script.raw("case $0 in")
        .raw("  /*) generation=${0%/" + LAUNCHERS + "/*} ;;")
        .raw("  *) generation=$(cd \"$(dirname \"$0\")/../..\" && pwd -P) ;;")
        .raw("esac");
  }

  /** The text of {@code script} with the IDs of the images built for it in place. */
  public static String launcherText(Script script, Map<String, String> imageIds) {
    String text = script.text();
    if (text.contains("@@ocidsl-image-id-")) {
      for (Map.Entry<String, String> id : imageIds.entrySet()) {
        text = text.replace(Generation.ImageEntry.idPlaceholder(id.getKey()), id.getValue());
      }
    }
    return text;
  }

  private static void writeExecutable(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** Deletes {@code root} and everything under it, if it exists; symlinks are not followed. */
  public static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
