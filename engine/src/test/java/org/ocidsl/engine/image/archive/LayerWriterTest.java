package org.ocidsl.engine.image.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ocidsl.engine.image.api.SampleImages.options;
import static org.ocidsl.engine.image.api.SampleImages.spec;
import static org.ocidsl.engine.image.api.SampleImages.tree;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ocidsl.engine.image.api.ArchiveContents;
import org.ocidsl.engine.image.api.BuiltImage;
import org.ocidsl.engine.image.api.ImageBuilder;
import org.ocidsl.engine.image.api.ImageContent;

class LayerWriterTest {
  @TempDir Path tmp;

  @Test
  void build_layerHasTheBytesTheTarLibraryWrites() throws IOException {
    Path root = tree(tmp.resolve("root"), 1_000_000);
    String longDir = "d".repeat(60) + "/" + "e".repeat(60);
    Files.createDirectories(root.resolve(longDir));
    Path longName = Files.writeString(root.resolve(longDir + "/long-named.txt"), "long\n");
    Files.createLink(root.resolve("srv/again.txt"), longName);
    Files.createSymbolicLink(root.resolve("srv/far"), Path.of("/" + longDir + "/long-named.txt"));
    Files.writeString(root.resolve("srv/caf\u00e9.txt"), "au lait\n");
    // Sizes around the writer's 1 MiB buffers: contents that end on a buffer's last byte, or
    // one byte short of it.
    Files.write(root.resolve("srv/data/one-mib.bin"), new byte[1 << 20]);
    Files.write(root.resolve("srv/data/under.bin"), new byte[(1 << 20) - 1537]);
    Files.write(root.resolve("srv/data/x.bin"), new byte[511]);
    BuiltImage image =
        ImageBuilder.withCache(tmp.resolve("cache"))
            .build(spec(ImageContent.directory(root), options()), tmp.resolve("a.tar"));
    ArchiveContents archive = ArchiveContents.of(image.archive());
    String layerName = archive.json("manifest.json").path(0).path("Layers").path(0).asText();
    byte[] layer = archive.bytes(layerName);
    ArchiveContents parsed = ArchiveContents.of(layer);
    assertTrue(parsed.names().contains(longDir + "/long-named.txt"), parsed.names().toString());
    assertEquals("/" + longDir + "/long-named.txt", parsed.entries.get("srv/far").getLinkName());
    assertEquals(longDir + "/long-named.txt", parsed.entries.get("srv/again.txt").getLinkName());

    // The same entries, written by the library alone.
    ByteArrayOutputStream reference = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(reference, StandardCharsets.UTF_8.name())) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (TarArchiveEntry e : parsed.entries.values()) {
        TarArchiveEntry copy =
            e.isDirectory() ? TarEntries.directory(e.getName(), e.getMode())
                : e.isSymbolicLink() ? TarEntries.symlink(e.getName(), e.getLinkName())
                : e.isLink() ? TarEntries.hardLink(e.getName(), e.getLinkName(), e.getMode())
                : TarEntries.file(e.getName(), e.getMode(), e.getSize());
        tar.putArchiveEntry(copy);
        tar.write(parsed.bytes(e.getName()));
        tar.closeArchiveEntry();
      }
    }
    // Both end with zero records, up to a whole block of 10240 bytes: the library counts only
    // its headers' records to get there.
    byte[] expected = reference.toByteArray();
    assertArrayEquals(
        Arrays.copyOf(expected, withoutTrailingZeros(expected)),
        Arrays.copyOf(layer, withoutTrailingZeros(layer)));
    assertEquals(0, layer.length % 10240);
    assertTrue(layer.length - withoutTrailingZeros(layer) >= 1024, "two zero records at least");
  }

  private static int withoutTrailingZeros(byte[] b) {
    int n = b.length;
    while (n > 0 && b[n - 1] == 0) {
      n--;
    }
    return n;
  }
}
