package org.ocidsl.engine.image.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.image.archive.Digests;
import org.ocidsl.engine.image.archive.FileContent;
import org.ocidsl.engine.image.archive.ImageWriter;
import org.ocidsl.engine.image.archive.Tarballs;
import org.ocidsl.engine.image.cache.ImageCache;
import org.ocidsl.engine.image.cache.ImageKey;
import org.ocidsl.engine.image.cache.StatIndex;
import org.ocidsl.engine.image.elf.LdSoCache;
import org.ocidsl.engine.image.tree.HostFile;
import org.ocidsl.engine.image.tree.ImageTree;
import org.ocidsl.engine.image.tree.TreeAssembler;

/**
 * Builds image archives, the Java twin of {@code guix pack -f docker}, through a
 * content-addressed cache.
 *
 * <pre>{@code
 * BuiltImage image = ImageBuilder.withCache(stateDir.resolve("images"))
 *     .listener(new TerminalProgress(System.err))
 *     .build(spec, generation.resolve("images/site.tar"));
 * // image.imageId() = "sha256:…", image.archive() = the requested path
 * }</pre>
 *
 * <p>The archive holds the image's layers (uncompressed tars with sorted entries, owner 0:0,
 * modification time 1 s after the epoch, nothing else from the host), its configuration and
 * manifest: the same inputs give the same bytes, on any run and any machine. A build that finds
 * an archive for the same inputs in the cache writes nothing: it stats the input files, and
 * reads none of those whose size, times and inode are unchanged ({@link StatIndex}, {@link
 * ImageKey#stat}). The requested output is then a hard link into the cache (a copy across file
 * systems).
 *
 * <p>User mistakes (a missing file, a library that cannot be found) throw {@link
 * OcidslException} without a location: the caller locates it. I/O failures throw {@link
 * UncheckedIOException}. Instances are immutable and may be shared.
 */
public final class ImageBuilder {
  private final Path cacheDir;
  private final BuildListener listener;

  private ImageBuilder(Path cacheDir, BuildListener listener) {
    this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir").toAbsolutePath();
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** A builder keeping its cache in {@code cacheDir} (created when needed). */
  public static ImageBuilder withCache(Path cacheDir) {
    return new ImageBuilder(cacheDir, BuildListener.SILENT);
  }

  /** The same builder, telling {@code listener} how it goes. */
  public ImageBuilder listener(BuildListener listener) {
    return new ImageBuilder(cacheDir, listener);
  }

  /**
   * Deletes the archives of the cache in {@code cacheDir} that nothing else links to: generations
   * hard-link the archives they load, so an archive whose only link is the cache's belongs to no
   * generation any more. Their content keys then miss, and a later build writes them again.
   *
   * @return how many archives were deleted
   */
  public static int dropUnusedArchives(Path cacheDir) throws IOException {
    return new ImageCache(cacheDir).dropUnlinkedArchives();
  }

  /** Builds {@code spec} as a docker-save archive at {@code output}. */
  public BuiltImage build(ImageSpec spec, Path output) {
    return build(spec, output, Format.DOCKER_ARCHIVE);
  }

  /**
   * Builds {@code spec} as an archive of {@code format} at {@code output} (replaced if it
   * exists; {@code null}: only in the cache).
   */
  public BuiltImage build(ImageSpec spec, Path output, Format format) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(format, "format");
    try {
      BuiltImage image =
          spec.content() instanceof ImageContent.Tarball t
              ? buildTarball(spec, t, output)
              : buildTree(spec, output, format);
      listener.finished(image);
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private BuiltImage buildTree(ImageSpec spec, Path output, Format format) throws IOException {
    long statTime = System.currentTimeMillis() * 1_000_000L;
    ImageCache cache = new ImageCache(cacheDir);
    listener.step("reading the content of " + spec.repoTag());
    ImageTree tree =
        TreeAssembler.assemble(
            spec,
            listener,
            spec.content() instanceof ImageContent.Programs ? LdSoCache.read(LdSoCache.DEFAULT) : null);
    // Nothing touched since a build of the same inputs: no file needs reading, nor the index.
    ImageKey.StatSnapshot snapshot = ImageKey.stat(spec, format, tree, statTime);
    if (snapshot != null) {
      Optional<ImageCache.Entry> hit = cache.contentKeyOf(snapshot).flatMap(cache::lookup);
      if (hit.isPresent()) {
        return hit(hit.get(), output, format, 0);
      }
    }
    List<ImageTree.Blob> blobs = blobs(tree);
    StatIndex index = StatIndex.load(cacheDir);
    List<ImageTree.Blob> unknown = new ArrayList<>();
    long totalBytes = 0;
    long unknownBytes = 0;
    for (ImageTree.Blob b : blobs) {
      totalBytes += b.size();
      b.setSha256(index.lookup(b.file()));
      if (b.sha256() == null) {
        unknown.add(b);
        unknownBytes += b.size();
      }
    }
    long bytesRead = 0;
    // A few changed files: hash them first, the image may well be cached (files touched, or
    // changed back). Many: build straight away, reading each file once.
    if (!unknown.isEmpty() && unknown.size() < blobs.size() && unknownBytes <= totalBytes / 4) {
      listener.step("checking " + unknown.size() + " changed file(s)");
      for (ImageTree.Blob b : unknown) {
        b.setSha256(FileContent.sha256(b.file().path(), b.size(), listener));
        bytesRead += b.size();
        index.record(b.file(), b.sha256(), statTime);
      }
      unknown.clear();
    }
    if (unknown.isEmpty()) {
      String key = ImageKey.content(spec, format, tree);
      Optional<ImageCache.Entry> hit = cache.lookup(key);
      if (hit.isPresent()) {
        index.save();
        if (snapshot != null) {
          cache.recordStatKey(snapshot, key);
        }
        return hit(hit.get(), output, format, bytesRead);
      }
    }

    cache.cleanTemporaries();
    Path tmp = cache.newTemporary();
    ImageWriter.Written written;
    try {
      written = ImageWriter.write(tmp, spec, format, tree, totalBytes, listener);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    bytesRead += written.bytesRead();
    for (ImageTree.Blob b : blobs) {
      index.record(b.file(), b.sha256(), statTime);
    }
    index.save();
    String suffix = format == Format.OCI_LAYOUT ? ".oci.tar" : ".docker.tar";
    Path archive = cache.store(tmp, written.address() + suffix);
    String key = ImageKey.content(spec, format, tree);
    cache.record(
        key,
        new ImageCache.Entry(
            written.imageId(), spec.repoTag(), format, archive, written.diffIds()));
    if (snapshot != null) {
      cache.recordStatKey(snapshot, key);
    }
    Path out = linkOutput(archive, output);
    return new BuiltImage(
        written.imageId(), spec.repoTag(), out, archive, format, written.diffIds(), false,
        bytesRead);
  }

  private BuiltImage hit(ImageCache.Entry e, Path output, Format format, long bytesRead)
      throws IOException {
    Path out = linkOutput(e.archive(), output);
    listener.step("up to date: " + e.archive().getFileName());
    return new BuiltImage(
        e.imageId(), e.repoTag(), out, e.archive(), format, e.diffIds(), true, bytesRead);
  }

  private BuiltImage buildTarball(ImageSpec spec, ImageContent.Tarball t, Path output)
      throws IOException {
    long statTime = System.currentTimeMillis() * 1_000_000L;
    ImageCache cache = new ImageCache(cacheDir);
    Path source = t.archive().toAbsolutePath();
    HostFile hf;
    try {
      hf = HostFile.stat(source);
    } catch (NoSuchFileException e) {
      throw new OcidslException("no such image archive: " + t.archive());
    }
    if (!hf.isRegularFile()) {
      throw new OcidslException("not a file: " + t.archive());
    }
    StatIndex index = StatIndex.load(cacheDir);
    byte[] sha = index.lookup(hf);
    if (sha != null) {
      Optional<ImageCache.Entry> hit = cache.lookup(ImageKey.ofTarball(sha));
      if (hit.isPresent()) {
        ImageCache.Entry e = hit.get();
        return new BuiltImage(
            e.imageId(), e.repoTag(), linkOutput(e.archive(), output), e.archive(), e.format(),
            e.diffIds(), true, 0);
      }
    }
    listener.step("copying " + t.archive() + " into the image cache");
    Path tmp = cache.newTemporary();
    try {
      sha = Tarballs.copy(source, tmp, hf.size(), listener);
      index.record(hf, sha, statTime);
      index.save();
      Tarballs.Inspected info = Tarballs.inspect(tmp);
      Path archive = cache.store(tmp, Digests.hex(sha) + ".tarball.tar");
      String repoTag = info.repoTag() != null ? info.repoTag() : spec.repoTag();
      cache.record(
          ImageKey.ofTarball(sha),
          new ImageCache.Entry(info.imageId(), repoTag, info.format(), archive, info.diffIds()));
      return new BuiltImage(
          info.imageId(), repoTag, linkOutput(archive, output), archive, info.format(),
          info.diffIds(), false, hf.size());
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static Path linkOutput(Path archive, Path output) throws IOException {
    if (output == null) {
      return archive;
    }
    ImageCache.link(archive, output);
    return output.toAbsolutePath();
  }

  private static List<ImageTree.Blob> blobs(ImageTree tree) {
    Set<ImageTree.Blob> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<ImageTree.Blob> blobs = new ArrayList<>();
    tree.walk(
        n -> {
          if (n.kind() == ImageTree.Kind.FILE && seen.add(n.blob())) {
            blobs.add(n.blob());
          }
        });
    return blobs;
  }
}
