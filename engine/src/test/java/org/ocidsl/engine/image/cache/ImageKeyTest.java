package org.ocidsl.engine.image.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.ocidsl.engine.image.api.SampleImages.options;
import static org.ocidsl.engine.image.api.SampleImages.spec;
import static org.ocidsl.engine.image.api.SampleImages.tree;
import static org.ocidsl.engine.image.api.SampleImages.withModes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ocidsl.engine.image.api.ArchiveContents;
import org.ocidsl.engine.image.api.BuildListener;
import org.ocidsl.engine.image.api.BuiltImage;
import org.ocidsl.engine.image.api.Format;
import org.ocidsl.engine.image.api.ImageBuilder;
import org.ocidsl.engine.image.api.ImageContent;
import org.ocidsl.engine.image.api.ImageSpec;
import org.ocidsl.engine.image.tree.ImageTree;
import org.ocidsl.engine.image.tree.TreeAssembler;

class ImageKeyTest {
  @TempDir Path tmp;

  /**
   * The image ID of {@link SampleImages#tree} as this writer writes it. Cached archives are kept under keys
   * that name the writer ({@link ImageKey#WRITER_VERSION}): a writer that writes other bytes for
   * the same inputs must change it, or a cache made before would give the old bytes.
   */
  @Test
  void build_writerVersionNamesTheBytesWritten() throws IOException {
    Path root = withModes(tree(tmp.resolve("root"), 1_000_000));
    BuiltImage image =
        ImageBuilder.withCache(tmp.resolve("cache"))
            .build(spec(ImageContent.directory(root), options()), tmp.resolve("a.tar"));
    String message = "the bytes written changed: change ImageKey.WRITER_VERSION, then both here";
    assertEquals("ocidsl-image-writer-2", ImageKey.WRITER_VERSION, message);
    assertEquals("sha256:1e1ce9ee6fdaa8cfb065aca259189e622052f088352c5ce0e49cb1d071cb2701", image.imageId(), message);
  }

  @Test
  void keys_dependOnContentNotTimes() throws IOException {
    Path a = tree(tmp.resolve("a"), 1_000_000);
    Path b = tree(tmp.resolve("b"), 2_000_000);
    Map<String, String> keys = new HashMap<>();
    for (Path root : List.of(a, b)) {
      ImageSpec spec = spec(ImageContent.directory(root), options());
      ImageTree tree = TreeAssembler.assemble(spec, BuildListener.SILENT, null);
      for (ImageTree.Node n : tree.nodes()) {
        if (n.kind() == ImageTree.Kind.FILE) {
          n.blob().setSha256(ArchiveContents.sha256(Files.readAllBytes(n.blob().file().path()))
              .getBytes(StandardCharsets.US_ASCII));
        }
      }
      keys.put(root.getFileName().toString(), ImageKey.content(spec, Format.DOCKER_ARCHIVE, tree));
    }
    assertNotNull(keys.get("a"), "every digest is known: there is a key");
    assertEquals(keys.get("a"), keys.get("b"));
  }

  @Test
  void statSnapshot_answersOnlyForInputsFoundExactlySo() throws Exception {
    Path root = tree(tmp.resolve("root"), 1_000_000);
    ImageSpec spec = spec(ImageContent.directory(root), options());
    ImageCache cache = new ImageCache(tmp.resolve("cache"));
    long later = System.currentTimeMillis() * 1_000_000L + 10_000_000_000L;
    ImageKey.StatSnapshot before =
        ImageKey.stat(spec, Format.DOCKER_ARCHIVE, TreeAssembler.assemble(spec, BuildListener.SILENT, null), later);
    String keyBefore = "a".repeat(64);
    cache.recordStatKey(before, keyBefore);
    assertEquals(Optional.of(keyBefore), cache.contentKeyOf(before));

    // The same modification time written again: only the change time moves, once the clock that
    // stamps it (as coarse as a few milliseconds) has ticked.
    Path conf = root.resolve("etc/app/app.conf");
    Object changed = Files.getAttribute(conf, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
    while (changed.equals(Files.getAttribute(conf, "unix:ctime", LinkOption.NOFOLLOW_LINKS))) {
      Thread.sleep(2);
      Files.setLastModifiedTime(conf, Files.getLastModifiedTime(conf));
    }
    ImageKey.StatSnapshot after =
        ImageKey.stat(spec, Format.DOCKER_ARCHIVE, TreeAssembler.assemble(spec, BuildListener.SILENT, null), later);
    assertEquals(before.place(), after.place(), "kept in the same place");
    assertEquals(before.bytes().length, after.bytes().length);
    assertEquals(Optional.empty(), cache.contentKeyOf(after));

    String keyAfter = "b".repeat(64);
    cache.recordStatKey(after, keyAfter);
    assertEquals(Optional.of(keyAfter), cache.contentKeyOf(after));
    assertEquals(Optional.empty(), cache.contentKeyOf(before), "the last build's inputs only");

    // Other options, the same files: a snapshot of its own, whatever place it is kept in.
    ImageSpec other = spec(ImageContent.directory(root), options().toBuilder().maxLayers(3).build());
    ImageKey.StatSnapshot otherSnapshot =
        ImageKey.stat(other, Format.DOCKER_ARCHIVE, TreeAssembler.assemble(other, BuildListener.SILENT, null), later);
    assertEquals(Optional.empty(), cache.contentKeyOf(new ImageKey.StatSnapshot(after.place(), otherSnapshot.bytes())));

    // Files changed within the racy margin of the stat are not trusted at all.
    long now = System.currentTimeMillis() * 1_000_000L;
    assertNull(ImageKey.stat(spec, Format.DOCKER_ARCHIVE, TreeAssembler.assemble(spec, BuildListener.SILENT, null), now));
  }
}
