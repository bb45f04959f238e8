package org.ocidsl.engine.image.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/** The trees and specs the image tests build. */
public final class SampleImages {
  private SampleImages() {}

  /** A small tree: nested directories, an executable, a symlink, a hard link, a big file. */
  public static Path tree(Path root, long mtimeSeconds) throws IOException {
    Files.createDirectories(root.resolve("bin"));
    Files.createDirectories(root.resolve("etc/app"));
    Files.createDirectories(root.resolve("srv/data"));
    Files.writeString(root.resolve("etc/app/app.conf"), "port = 8080\n");
    Path tool = root.resolve("bin/tool");
    Files.writeString(tool, "#!/bin/sh\necho tool\n");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createSymbolicLink(root.resolve("bin/alias"), Path.of("tool"));
    byte[] big = new byte[3 << 20];
    new Random(7).nextBytes(big);
    Files.write(root.resolve("srv/data/big.bin"), big);
    byte[] medium = new byte[200_000];
    new Random(8).nextBytes(medium);
    Files.write(root.resolve("srv/data/medium.bin"), medium);
    Files.createLink(root.resolve("srv/data/medium-again.bin"), root.resolve("srv/data/medium.bin"));
    Files.write(root.resolve("srv/empty"), new byte[0]);
    try (var paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        if (!Files.isSymbolicLink(p)) {
          Files.setLastModifiedTime(p, FileTime.from(Instant.ofEpochSecond(mtimeSeconds)));
        }
      }
    }
    return root;
  }

  /**
   * {@code path}, a tree or a file, with the modes it has on any machine, whatever the umask: 755
   * for directories and bin/tool, 644 for the other files.
   */
  public static Path withModes(Path path) throws IOException {
    try (var paths = Files.walk(path)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        if (!Files.isSymbolicLink(p)) {
          Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
              Files.isDirectory(p) || p.endsWith("bin/tool") ? "rwxr-xr-x" : "rw-r--r--"));
        }
      }
    }
    return path;
  }

  public static ImageSpec spec(ImageContent content, PackOptions options) {
    return ImageSpec.builder()
        .repository("Test App")
        .tag("1.0")
        .content(content)
        .packOptions(options)
        .system("x86_64-linux")
        .build();
  }

  public static PackOptions options() {
    return PackOptions.builder()
        .entryPoint(List.of("/bin/tool", "--serve"))
        .environmentVariable("LANG", "C.UTF-8")
        .environmentVariable("PATH", "/bin")
        .build();
  }
}
