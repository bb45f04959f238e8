package org.ocidsl.engine.image.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What an image is made of: the analog of the manifest, operating system or file-like value that
 * Guix packs. Made with one of the static factories:
 *
 * <pre>{@code
 * ImageContent.directory(Path.of("rootfs"))                       // a host tree is the image's /
 * ImageContent.files(List.of(FileEntry.file(jar, "/app/app.jar"))) // chosen files
 * ImageContent.programs(List.of(Path.of("/bin/busybox")))          // executables + their libraries
 * ImageContent.tarball(Path.of("base.tar"))                        // an archive, used as is
 * }</pre>
 */
public sealed interface ImageContent
    permits ImageContent.Directory, ImageContent.Files, ImageContent.Programs,
        ImageContent.Tarball {

  /** The host directory {@code root} becomes the image's root; symlinks are kept as symlinks. */
  static Directory directory(Path root) {
    return new Directory(root);
  }

  /** The given entries, in order (later files and symlinks replace earlier ones). */
  static Files files(List<FileEntry> entries) {
    return new Files(entries);
  }

  /**
   * Host executables plus everything the dynamic linker loads for them: the interpreter ({@code
   * PT_INTERP}) and the shared libraries ({@code DT_NEEDED}, found through {@code DT_RPATH}, {@code
   * DT_RUNPATH}, {@code /etc/ld.so.cache} and the default directories), each at its host path,
   * with the symlinks leading to it. A name without a slash is looked up in {@code PATH}.
   * Scripts bring their {@code #!} interpreter.
   */
  static Programs programs(List<Path> programs) {
    return new Programs(programs);
  }

  /**
   * An existing docker-archive ({@code docker save}) or OCI archive, stored in the cache and
   * linked as is: repository, tag and pack options do not change it.
   */
  static Tarball tarball(Path archive) {
    return new Tarball(archive);
  }

  /** See {@link ImageContent#directory}. */
  record Directory(Path root) implements ImageContent {
    public Directory {
      Objects.requireNonNull(root, "root");
    }
  }

  /** See {@link ImageContent#files}. */
  record Files(List<FileEntry> entries) implements ImageContent {
    public Files {
      entries = List.copyOf(entries);
    }
  }

  /** See {@link ImageContent#programs}. */
  record Programs(List<Path> programs) implements ImageContent {
    public Programs {
      programs = List.copyOf(programs);
      if (programs.isEmpty()) {
        throw new IllegalArgumentException("programs needs at least one program");
      }
    }
  }

  /** See {@link ImageContent#tarball}. */
  record Tarball(Path archive) implements ImageContent {
    public Tarball {
      Objects.requireNonNull(archive, "archive");
    }
  }
}
