package org.ocidsl.engine.image.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ocidsl.engine.image.api.SampleImages.options;
import static org.ocidsl.engine.image.api.SampleImages.spec;
import static org.ocidsl.engine.image.api.SampleImages.tree;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.image.cache.StatIndex;

class ImageBuilderTest {
  @TempDir Path tmp;

  private BuiltImage build(Path root, Path cache, Path out, PackOptions options, Format format) {
    return ImageBuilder.withCache(cache)
        .build(spec(ImageContent.directory(root), options), out, format);
  }

  @Test
  void build_isByteForByteReproducible() throws IOException {
    Path a = tree(tmp.resolve("one/root"), 1_000_000);
    Path b = tree(tmp.resolve("two/other-root"), 1_700_000_000);
    BuiltImage first = build(a, tmp.resolve("cache1"), tmp.resolve("a.tar"), options(),
        Format.DOCKER_ARCHIVE);
    BuiltImage second = build(b, tmp.resolve("cache2"), tmp.resolve("b.tar"), options(),
        Format.DOCKER_ARCHIVE);
    assertEquals(first.imageId(), second.imageId());
    assertArrayEquals(Files.readAllBytes(first.archive()), Files.readAllBytes(second.archive()));
    assertFalse(first.cacheHit());
    assertFalse(second.cacheHit());
  }

  @Test
  void build_writesDockerSaveFormat() throws IOException {
    Path root = tree(tmp.resolve("root"), 1_000_000);
    BuiltImage image =
        build(root, tmp.resolve("cache"), tmp.resolve("out/app.tar"), options(),
            Format.DOCKER_ARCHIVE);
    ArchiveContents archive = ArchiveContents.of(image.archive());

    JsonNode manifest = archive.json("manifest.json");
    assertEquals(1, manifest.size());
    String configName = manifest.path(0).path("Config").asText();
    assertEquals("test.app:1.0", manifest.path(0).path("RepoTags").path(0).asText());
    assertEquals(image.imageId(), "sha256:" + configName.replace(".json", ""));
    assertEquals(
        image.imageId(), "sha256:" + ArchiveContents.sha256(archive.bytes(configName)));

    JsonNode config = archive.json(configName);
    assertEquals("amd64", config.path("architecture").asText());
    assertEquals("linux", config.path("os").asText());
    assertEquals("[\"LANG=C.UTF-8\",\"PATH=/bin\"]", config.path("config").path("Env").toString());
    assertEquals(
        "[\"/bin/tool\",\"--serve\"]", config.path("config").path("Entrypoint").toString());
    assertEquals("layers", config.path("rootfs").path("type").asText());

    // diff_ids are the digests of the layer tars, named by them
    JsonNode layers = manifest.path(0).path("Layers");
    JsonNode diffIds = config.path("rootfs").path("diff_ids");
    assertEquals(layers.size(), diffIds.size());
    for (int i = 0; i < layers.size(); i++) {
      String digest = ArchiveContents.sha256(archive.bytes(layers.path(i).asText()));
      assertEquals("sha256:" + digest, diffIds.path(i).asText());
      assertEquals(digest + "/layer.tar", layers.path(i).asText());
    }
    assertEquals(image.diffIds().size(), diffIds.size());
    assertEquals(
        "{\"test.app\":{\"1.0\":\"" + image.diffIds().get(0).substring(7) + "\"}}",
        new String(archive.bytes("repositories"), StandardCharsets.UTF_8));
  }

  @Test
  void build_layerEntriesHaveNoHostMetadata() throws IOException {
    Path root = tree(tmp.resolve("root"), 1_000_000);
    BuiltImage image =
        build(root, tmp.resolve("cache"), tmp.resolve("app.tar"), options(),
            Format.DOCKER_ARCHIVE);
    ArchiveContents archive = ArchiveContents.of(image.archive());
    List<TarArchiveEntry> all = new ArrayList<>(archive.entries.values());
    ArchiveContents layer = archive.dockerLayers().get(0);
    all.addAll(layer.entries.values());
    for (TarArchiveEntry e : all) {
      assertEquals(0, e.getLongUserId(), e.getName());
      assertEquals(0, e.getLongGroupId(), e.getName());
      assertEquals("", e.getUserName(), e.getName());
      assertEquals("", e.getGroupName(), e.getName());
      assertEquals(1000, e.getModTime().getTime(), e.getName());
      assertTrue(e.getExtraPaxHeaders().isEmpty(), e.getName());
    }
    assertEquals(
        List.of(
            "bin/", "bin/alias", "bin/tool", "etc/", "etc/app/", "etc/app/app.conf", "srv/",
            "srv/data/", "srv/data/big.bin", "srv/data/medium-again.bin", "srv/data/medium.bin",
            "srv/empty"),
        layer.names());
    TarArchiveEntry alias = layer.entries.get("bin/alias");
    assertTrue(alias.isSymbolicLink());
    assertEquals("tool", alias.getLinkName());
    assertEquals(0755, layer.entries.get("bin/tool").getMode());
    assertEquals(0644, layer.entries.get("etc/app/app.conf").getMode());
    TarArchiveEntry hardLink = layer.entries.get("srv/data/medium.bin");
    assertTrue(hardLink.isLink(), "second name of a hard link is a link");
    assertEquals("srv/data/medium-again.bin", hardLink.getLinkName());
  }

  @Test
  void build_maxLayersBoundsTheLayersAndBigFilesGetTheirOwn() throws IOException {
    Path root = tree(tmp.resolve("root"), 1_000_000);
    PackOptions three = options().toBuilder().maxLayers(3).build();
    BuiltImage image =
        build(root, tmp.resolve("cache"), tmp.resolve("app.tar"), three, Format.DOCKER_ARCHIVE);
    List<ArchiveContents> layers = ArchiveContents.of(image.archive()).dockerLayers();
    assertEquals(3, layers.size());
    assertEquals(List.of("srv/", "srv/data/", "srv/data/big.bin"), layers.get(0).names());
    assertEquals(
        List.of("srv/", "srv/data/", "srv/data/medium-again.bin", "srv/data/medium.bin"),
        layers.get(1).names());
    assertFalse(layers.get(2).names().contains("srv/data/big.bin"));
    assertTrue(layers.get(2).names().contains("bin/tool"));

    PackOptions many = options().toBuilder().maxLayers(50).build();
    BuiltImage fine =
        build(root, tmp.resolve("cache"), tmp.resolve("fine.tar"), many, Format.DOCKER_ARCHIVE);
    assertTrue(fine.diffIds().size() <= 50);
    assertEquals(5, fine.diffIds().size(), "4 non-empty files and the rest");
  }

  @Test
  void build_imagesSharingAFileShareItsLayer() throws IOException {
    Path one = tree(tmp.resolve("one"), 1_000_000);
    Path two = tree(tmp.resolve("two"), 1_500_000);
    Files.writeString(two.resolve("etc/app/app.conf"), "port = 9090\n");
    Files.delete(two.resolve("bin/alias"));
    PackOptions two2 = options().toBuilder().maxLayers(2).build();
    BuiltImage a = build(one, tmp.resolve("cache"), tmp.resolve("a.tar"), two2,
        Format.DOCKER_ARCHIVE);
    BuiltImage b = build(two, tmp.resolve("cache"), tmp.resolve("b.tar"), two2,
        Format.DOCKER_ARCHIVE);
    assertNotEquals(a.imageId(), b.imageId());
    assertEquals(a.diffIds().get(0), b.diffIds().get(0), "big.bin's layer");
    assertNotEquals(a.diffIds().get(1), b.diffIds().get(1));
  }

  @Test
  void build_unchangedInputsAreNotReadAgain() throws Exception {
    Path root = tree(tmp.resolve("root"), 1_000_000);
    Thread.sleep(1100); // older than the racy margin: times of fresh files are not trusted
    Path cache = tmp.resolve("cache");
    ImageSpec spec = spec(ImageContent.directory(root), options());
    ImageBuilder builder = ImageBuilder.withCache(cache);
    BuiltImage first = builder.build(spec, tmp.resolve("a.tar"));
    assertFalse(first.cacheHit());
    assertTrue(first.bytesRead() > 3_000_000);

    // With its stat index away, only the stat snapshot can tell that nothing changed.
    Path index = cache.resolve(StatIndex.FILE_NAME);
    Files.move(index, tmp.resolve("index-aside"));
    BuiltImage second = builder.build(spec, tmp.resolve("b.tar"));
    Files.move(tmp.resolve("index-aside"), index, StandardCopyOption.REPLACE_EXISTING);
    assertTrue(second.cacheHit());
    assertEquals(0, second.bytesRead());
    assertEquals(first.imageId(), second.imageId());
    assertTrue(Files.isSameFile(first.cachedArchive(), second.archive()), "a hard link");

    // Touched, not changed: only that file is read, nothing is written.
    Files.setLastModifiedTime(root.resolve("etc/app/app.conf"),
        FileTime.from(Instant.ofEpochSecond(42)));
    Thread.sleep(1100);
    BuiltImage touched = builder.build(spec, tmp.resolve("c.tar"));
    assertTrue(touched.cacheHit());
    assertEquals("port = 8080\n".length(), touched.bytesRead());
    BuiltImage again = builder.build(spec, tmp.resolve("c.tar"));
    assertTrue(again.cacheHit());
    assertEquals(0, again.bytesRead());

    // Changed: rebuilt.
    Files.writeString(root.resolve("etc/app/app.conf"), "port = 8081\n");
    BuiltImage changed = builder.build(spec, tmp.resolve("c.tar"));
    assertFalse(changed.cacheHit());
    assertNotEquals(first.imageId(), changed.imageId());
    assertEquals(first.imageId(), ArchiveContents.of(tmp.resolve("a.tar")).json("manifest.json")
        .path(0).path("Config").asText().replace(".json", "").replaceFirst("^", "sha256:"));
  }

  /** A listener gathering the warnings a build tells. */
  private static class Warnings implements BuildListener {
    final List<String> said = new ArrayList<>();

    @Override
    public void warning(String message) {
      said.add(message);
    }
  }

  @Test
  void build_otherContentOfTheSameSizeAndModificationTimeIsRebuilt() throws Exception {
    Path root = tree(tmp.resolve("root"), 1_000_000);
    Thread.sleep(1100); // older than the racy margin
    ImageSpec spec = spec(ImageContent.directory(root), options());
    ImageBuilder builder = ImageBuilder.withCache(tmp.resolve("cache"));
    BuiltImage first = builder.build(spec, tmp.resolve("a.tar"));
    assertTrue(builder.build(spec, tmp.resolve("b.tar")).cacheHit());

    // Only the change time tells, once its clock (as coarse as a few milliseconds) has ticked.
    Path conf = root.resolve("etc/app/app.conf");
    Object ctime = Files.getAttribute(conf, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
    while (ctime.equals(Files.getAttribute(conf, "unix:ctime", LinkOption.NOFOLLOW_LINKS))) {
      Thread.sleep(2);
      Files.writeString(conf, "port = 9090\n");
      Files.setLastModifiedTime(conf, FileTime.from(Instant.ofEpochSecond(1_000_000)));
    }
    BuiltImage changed = builder.build(spec, tmp.resolve("c.tar"));
    assertFalse(changed.cacheHit());
    assertNotEquals(first.imageId(), changed.imageId());
  }

  @Test
  void statSnapshot_ofFilesJustChangedIsNotRecorded() throws Exception {
    Path root = tree(tmp.resolve("root"), 1_000_000); // changed now, whatever their mtime says
    ImageSpec spec = spec(ImageContent.directory(root), options());
    Path cache = tmp.resolve("cache");
    ImageBuilder builder = ImageBuilder.withCache(cache);
    BuiltImage first = builder.build(spec, tmp.resolve("a.tar"));
    BuiltImage again = builder.build(spec, tmp.resolve("b.tar"));
    assertEquals(first.imageId(), again.imageId());
    assertFalse(Files.exists(cache.resolve("stat-keys")), "no snapshot was recorded");
    assertTrue(again.bytesRead() > 3_000_000, "nor any file in the index: " + again.bytesRead());

    Thread.sleep(1100);
    builder.build(spec, tmp.resolve("c.tar"));
    assertEquals(1, fileCount(cache.resolve("stat-keys")), "a settled snapshot was");
    assertEquals(0, builder.build(spec, tmp.resolve("d.tar")).bytesRead());
  }

  private static long fileCount(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files.count();
    }
  }

  @Test
  void build_keepsModesAndFollowsLinkedSourcesAndSkipsWhatIsNoFile() throws Exception {
    Path root = tree(tmp.resolve("root"), 1_000_000);
    Path setuid = Files.writeString(root.resolve("bin/su"), "#!/bin/sh\n");
    assertEquals(0, new ProcessBuilder("chmod", "4755", setuid.toString()).start().waitFor());
    Files.createDirectories(root.resolve("var/empty"));
    Files.createSymbolicLink(root.resolve("srv/link-to-dir"), Path.of("data"));
    Path fifo = root.resolve("srv/fifo");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    Path other = Files.createDirectories(tmp.resolve("other/conf.d"));
    Files.writeString(other.resolve("a.conf"), "a\n");
    Path linkedFile = Files.createSymbolicLink(tmp.resolve("current.conf"), other.resolve("a.conf"));
    Path linkedDir = Files.createSymbolicLink(tmp.resolve("conf"), other);
    ImageSpec files =
        spec(
            ImageContent.files(
                List.of(
                    FileEntry.directory(root, "/opt/app"),
                    FileEntry.file(linkedFile, "/etc/app.conf"),
                    FileEntry.directory(linkedDir, "/etc/conf"))),
            PackOptions.builder().extraFile(FileEntry.file(setuid, "/usr/bin/su")).build());
    Warnings warnings = new Warnings();
    BuiltImage image =
        ImageBuilder.withCache(tmp.resolve("cache")).listener(warnings).build(files, tmp.resolve("a.tar"));
    ArchiveContents layer = ArchiveContents.of(image.archive()).dockerLayers().get(0);
    assertEquals(04755, layer.entries.get("usr/bin/su").getMode());
    assertEquals(04755, layer.entries.get("opt/app/bin/su").getMode());
    assertTrue(layer.entries.containsKey("opt/app/var/empty/"));
    assertEquals("data", layer.entries.get("opt/app/srv/link-to-dir").getLinkName());
    assertEquals("a\n", new String(layer.bytes("etc/app.conf"), StandardCharsets.UTF_8));
    assertEquals("a\n", new String(layer.bytes("etc/conf/a.conf"), StandardCharsets.UTF_8));
    assertFalse(layer.entries.containsKey("opt/app/srv/fifo"));
    assertEquals(List.of("skipped " + fifo + ": not a file, directory or symlink"), warnings.said);
  }

  /**
   * A file that changes size once the tree is made, before it is read, is written as large as
   * the tree says, as GNU tar writes it: cut, or padded with zeros and a warning. The next build
   * finds it changed.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"grew", "shrank", "grew, long name", "shrank, long name"})
  void build_ofAFileChangedWhileItIsBuiltHasTheSizeStated(String how) throws Exception {
    Path root = tree(tmp.resolve("root"), 1_000_000);
    // A name of 100 bytes or more goes through the tar library's own stream.
    String name = how.endsWith("long name") ? "n".repeat(120) + ".conf" : "app.conf";
    Path file = Files.writeString(root.resolve("etc/app/" + name), "port = 8080\n");
    String now = how.startsWith("grew") ? "port = 8080\nmore = yes\n" : "port\n";
    ImageSpec spec = spec(ImageContent.directory(root), options());
    ImageBuilder builder = ImageBuilder.withCache(tmp.resolve("cache"));
    Warnings changing =
        new Warnings() {
          @Override
          public void step(String description) {
            if (description.startsWith("writing layer ")) {
              try {
                Files.writeString(file, now);
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            }
          }
        };
    BuiltImage image = builder.listener(changing).build(spec, tmp.resolve("a.tar"));
    byte[] written = ArchiveContents.of(image.archive()).dockerLayers().get(0)
        .bytes("etc/app/" + name);
    byte[] expected = Arrays.copyOf(now.getBytes(StandardCharsets.UTF_8), "port = 8080\n".length());
    assertEquals(new String(expected, StandardCharsets.UTF_8), new String(written, StandardCharsets.UTF_8));
    assertEquals(
        how.startsWith("grew")
            ? List.of()
            : List.of(file + " shrank while the image was built: its last 7 byte(s) in the image are zeros"),
        changing.said);

    BuiltImage next = builder.build(spec, tmp.resolve("b.tar"));
    assertFalse(next.cacheHit());
    assertEquals(now, new String(ArchiveContents.of(next.archive()).dockerLayers().get(0)
        .bytes("etc/app/" + name), StandardCharsets.UTF_8));
  }

  /** An image of one host file, copied to {@code destination}. */
  private static ImageSpec copying(Path source, String destination, PackOptions options) {
    return spec(ImageContent.files(List.of(FileEntry.file(source, destination))), options);
  }

  @Test
  void keys_standForTheEntriesAndTheFilesTheyName() throws Exception {
    Path a = Files.writeString(tmp.resolve("a.txt"), "alpha\n");
    Path b = Files.writeString(tmp.resolve("b.txt"), "bravo\n");
    Path link = Files.createSymbolicLink(tmp.resolve("current"), a);
    Thread.sleep(1100);
    ImageBuilder builder = ImageBuilder.withCache(tmp.resolve("cache"));
    ImageSpec spec = copying(link, "/etc/motd", PackOptions.defaults());
    BuiltImage first = builder.build(spec, tmp.resolve("1.tar"));
    assertTrue(builder.build(spec, tmp.resolve("2.tar")).cacheHit());

    // The same host file elsewhere in the image, or beside a new link: other images.
    ImageSpec elsewhere = copying(link, "/etc/issue", PackOptions.defaults());
    BuiltImage moved = builder.build(elsewhere, tmp.resolve("3.tar"));
    assertFalse(moved.cacheHit());
    ImageSpec linked =
        copying(link, "/etc/motd", PackOptions.builder().symlink("/motd", "/etc/motd").build());
    BuiltImage withLink = builder.build(linked, tmp.resolve("4.tar"));
    assertFalse(withLink.cacheHit());
    assertNotEquals(moved.imageId(), withLink.imageId());
    assertTrue(builder.build(linked, tmp.resolve("4.tar")).cacheHit());
    ImageSpec otherLink =
        copying(link, "/etc/motd", PackOptions.builder().symlink("/greeting", "/etc/motd").build());
    BuiltImage withOtherLink = builder.build(otherLink, tmp.resolve("4.tar"));
    assertFalse(withOtherLink.cacheHit());
    assertNotEquals(withLink.imageId(), withOtherLink.imageId());

    // The file behind the link is rewritten, then the link leads to another one of the same size.
    Files.writeString(a, "ALPHA\n");
    BuiltImage rewritten = builder.build(spec, tmp.resolve("5.tar"));
    assertFalse(rewritten.cacheHit());
    assertNotEquals(first.imageId(), rewritten.imageId());
    Files.delete(link);
    Files.createSymbolicLink(link, b);
    BuiltImage relinked = builder.build(spec, tmp.resolve("6.tar"));
    assertFalse(relinked.cacheHit());
    assertNotEquals(rewritten.imageId(), relinked.imageId());
    assertEquals(
        List.of("etc/", "etc/motd"),
        ArchiveContents.of(relinked.archive()).dockerLayers().get(0).names());
    assertEquals(
        "bravo\n",
        new String(
            ArchiveContents.of(relinked.archive()).dockerLayers().get(0).bytes("etc/motd"),
            StandardCharsets.UTF_8));
  }

  @Test
  void build_optionsArePartOfTheKey() throws IOException {
    Path root = tree(tmp.resolve("root"), 1_000_000);
    Path cache = tmp.resolve("cache");
    BuiltImage a = build(root, cache, tmp.resolve("a.tar"), options(), Format.DOCKER_ARCHIVE);
    PackOptions other = options().toBuilder().environmentVariable("LANG", "C").build();
    BuiltImage b = build(root, cache, tmp.resolve("b.tar"), other, Format.DOCKER_ARCHIVE);
    assertFalse(b.cacheHit());
    assertNotEquals(a.imageId(), b.imageId());
    assertEquals(a.diffIds(), b.diffIds());
  }

  @Test
  void build_ociLayout() throws IOException {
    Path root = tree(tmp.resolve("root"), 1_000_000);
    PackOptions two = options().toBuilder().maxLayers(2).build();
    BuiltImage image = build(root, tmp.resolve("cache"), tmp.resolve("app.oci.tar"), two,
        Format.OCI_LAYOUT);
    ArchiveContents oci = ArchiveContents.of(image.archive());
    assertEquals("{\"imageLayoutVersion\":\"1.0.0\"}",
        new String(oci.bytes("oci-layout"), StandardCharsets.UTF_8));
    JsonNode index = oci.json("index.json");
    JsonNode desc = index.path("manifests").path(0);
    assertEquals("test.app:1.0",
        desc.path("annotations").path("org.opencontainers.image.ref.name").asText());
    byte[] manifestBytes = oci.bytes("blobs/sha256/" + desc.path("digest").asText().substring(7));
    assertEquals(desc.path("size").asLong(), manifestBytes.length);
    assertEquals(desc.path("digest").asText(), "sha256:" + ArchiveContents.sha256(manifestBytes));
    JsonNode manifest = oci.json("blobs/sha256/" + desc.path("digest").asText().substring(7));
    assertEquals(2, manifest.path("schemaVersion").asInt());
    assertEquals(image.imageId(), manifest.path("config").path("digest").asText());
    assertEquals(2, manifest.path("layers").size());
    for (JsonNode l : manifest.path("layers")) {
      byte[] blob = oci.bytes("blobs/sha256/" + l.path("digest").asText().substring(7));
      assertEquals(l.path("digest").asText(), "sha256:" + ArchiveContents.sha256(blob));
      assertEquals(l.path("size").asLong(), blob.length);
      assertEquals("application/vnd.oci.image.layer.v1.tar", l.path("mediaType").asText());
    }
    // Same image, same config and layers as the docker archive.
    BuiltImage docker = build(root, tmp.resolve("cache"), tmp.resolve("app.tar"), two,
        Format.DOCKER_ARCHIVE);
    assertEquals(docker.imageId(), image.imageId());
    assertEquals(docker.diffIds(), image.diffIds());
  }

  @Test
  void build_tarballIsKeptAsIs() throws IOException {
    Path root = tree(tmp.resolve("root"), 1_000_000);
    BuiltImage built = build(root, tmp.resolve("cache"), tmp.resolve("base.tar"), options(),
        Format.DOCKER_ARCHIVE);
    Path copy = tmp.resolve("base-copy.tar");
    Files.copy(built.archive(), copy);
    ImageSpec spec = spec(ImageContent.tarball(copy), PackOptions.defaults());
    BuiltImage fromTarball =
        ImageBuilder.withCache(tmp.resolve("cache2")).build(spec, tmp.resolve("out.tar"));
    assertEquals(built.imageId(), fromTarball.imageId());
    assertEquals("test.app:1.0", fromTarball.repoTag());
    assertEquals(built.diffIds(), fromTarball.diffIds());
    assertArrayEquals(Files.readAllBytes(copy), Files.readAllBytes(fromTarball.archive()));

    BuiltImage oci = build(root, tmp.resolve("cache"), tmp.resolve("base.oci.tar"), options(),
        Format.OCI_LAYOUT);
    BuiltImage fromOci =
        ImageBuilder.withCache(tmp.resolve("cache2"))
            .build(spec(ImageContent.tarball(oci.archive()), PackOptions.defaults()),
                tmp.resolve("out2.tar"));
    assertEquals(oci.imageId(), fromOci.imageId());
    assertEquals(Format.OCI_LAYOUT, fromOci.format());

    OcidslException e = assertThrows(OcidslException.class,
        () -> ImageBuilder.withCache(tmp.resolve("cache2"))
            .build(spec(ImageContent.tarball(tmp.resolve("nope.tar")), PackOptions.defaults()),
                null));
    assertTrue(e.getMessage().startsWith("no such image archive: "), e.getMessage());
  }

  @Test
  void build_filesAndSymlinksResolveInsideTheImage() throws IOException {
    Path jar = Files.writeString(tmp.resolve("app.jar"), "jar");
    Path www = Files.createDirectories(tmp.resolve("www"));
    Files.writeString(www.resolve("index.html"), "<p>hi</p>");
    ImageContent content =
        ImageContent.files(
            List.of(
                FileEntry.symlink("/bin", "usr/bin"),
                FileEntry.file(jar, "/app/app.jar"),
                FileEntry.directory(www, "/srv/www"),
                FileEntry.emptyDirectory("/tmp", 01777)));
    PackOptions options =
        PackOptions.builder()
            .symlink("/bin/sh", "busybox")
            .extraFile(FileEntry.file(jar, "/bin/run.jar"))
            .build();
    BuiltImage image =
        ImageBuilder.withCache(tmp.resolve("cache")).build(spec(content, options),
            tmp.resolve("f.tar"));
    ArchiveContents layer = ArchiveContents.of(image.archive()).dockerLayers().get(0);
    assertEquals(
        List.of("app/", "app/app.jar", "bin", "srv/", "srv/www/", "srv/www/index.html", "tmp/",
            "usr/", "usr/bin/", "usr/bin/run.jar", "usr/bin/sh"),
        layer.names());
    assertEquals(01777, layer.entries.get("tmp/").getMode());
  }

  @Test
  void build_missingInputIsAUserError() {
    OcidslException e =
        assertThrows(
            OcidslException.class,
            () -> ImageBuilder.withCache(tmp.resolve("cache"))
                .build(spec(ImageContent.directory(tmp.resolve("nope")), options()), null));
    assertTrue(e.getMessage().startsWith("no such directory: "), e.getMessage());
    e = assertThrows(
        OcidslException.class,
        () -> ImageBuilder.withCache(tmp.resolve("cache"))
            .build(spec(ImageContent.programs(List.of(Path.of("/no/such/program"))), options()),
                null));
    assertEquals("no such program: /no/such/program", e.getMessage());
  }

  @Test
  void build_programsKeepTheSymlinksLeadingToThem() throws IOException {
    Path ls = Path.of("/bin/ls");
    ImageSpec spec = spec(ImageContent.programs(List.of(ls)), PackOptions.defaults());
    List<String> progress = new ArrayList<>();
    BuiltImage image = ImageBuilder.withCache(tmp.resolve("cache"))
        .listener(new BuildListener() {
          @Override
          public void step(String description) {
            progress.add(description);
          }
        })
        .build(spec, tmp.resolve("ls.tar"));
    ArchiveContents layer = ArchiveContents.of(image.archive()).dockerLayers().get(0);
    Set<String> names = new HashSet<>(layer.names());
    // Every path the loader and the user use leads to a file of the image.
    for (String path : List.of("bin/ls", "lib64/ld-linux-x86-64.so.2", "lib/x86_64-linux-gnu/libc.so.6")) {
      assertTrue(resolves(layer, path, 0), path + " in " + names);
    }
    assertTrue(progress.stream().anyMatch(s -> s.startsWith("resolving shared libraries")),
        progress.toString());
  }

  /** Does {@code path} lead to a regular file of {@code layer}, following its symlinks? */
  private static boolean resolves(ArchiveContents layer, String path, int hops) {
    if (hops > 40) {
      return false;
    }
    String[] parts = path.split("/");
    String cur = "";
    for (int i = 0; i < parts.length; i++) {
      String next = cur.isEmpty() ? parts[i] : cur + "/" + parts[i];
      TarArchiveEntry e = layer.entries.get(next);
      if (e == null) {
        e = layer.entries.get(next + "/");
      }
      if (e == null) {
        return false;
      }
      if (e.isSymbolicLink()) {
        String target = e.getLinkName();
        String base = target.startsWith("/") ? target.substring(1)
            : Path.of("/" + cur).resolve(target).normalize().toString().substring(1);
        String rest = String.join("/", java.util.Arrays.asList(parts).subList(i + 1, parts.length));
        return resolves(layer, rest.isEmpty() ? base : base + "/" + rest, hops + 1);
      }
      if (i == parts.length - 1) {
        return e.isFile();
      }
      cur = next;
    }
    return false;
  }

  @Test
  void build_progressReportsBytes() throws IOException {
    Path root = tree(tmp.resolve("root"), 1_000_000);
    long[] last = {0, 0};
    ImageBuilder.withCache(tmp.resolve("cache"))
        .listener(new BuildListener() {
          @Override
          public void progress(long done, long total) {
            last[0] = done;
            last[1] = total;
          }
        })
        .build(spec(ImageContent.directory(root), options()), tmp.resolve("p.tar"));
    assertEquals(last[1], last[0]);
    assertEquals((3 << 20) + 200_000 + "port = 8080\n".length() + "#!/bin/sh\necho tool\n".length(),
        last[1]);
  }

}
