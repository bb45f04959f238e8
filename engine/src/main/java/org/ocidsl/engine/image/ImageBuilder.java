package org.ocidsl.engine.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.ocidsl.engine.OcidslException;

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
  private final Path ldSoCache;

  private ImageBuilder(Path cacheDir, BuildListener listener, Path ldSoCache) {
    this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir").toAbsolutePath();
    this.listener = Objects.requireNonNull(listener, "listener");
    this.ldSoCache = Objects.requireNonNull(ldSoCache, "ldSoCache");
  }

  /** A builder keeping its cache in {@code cacheDir} (created when needed). */
  public static ImageBuilder withCache(Path cacheDir) {
    return new ImageBuilder(cacheDir, BuildListener.SILENT, LdSoCache.DEFAULT);
  }

  /** The same builder, telling {@code listener} how it goes. */
  public ImageBuilder listener(BuildListener listener) {
    return new ImageBuilder(cacheDir, listener, ldSoCache);
  }

  /** The same builder, reading the dynamic linker's cache from {@code file} (for tests). */
  ImageBuilder ldSoCache(Path file) {
    return new ImageBuilder(cacheDir, listener, file);
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
            spec.content() instanceof ImageContent.Programs ? LdSoCache.read(ldSoCache) : null);
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
      b.sha256 = index.lookup(b.file);
      if (b.sha256 == null) {
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
        b.sha256 = hashFile(b.file.path(), b.size(), listener);
        bytesRead += b.size();
        index.record(b.file, b.sha256, statTime);
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

    List<Layering.Layer> layers = Layering.split(tree, spec.packOptions().maxLayers());
    cache.cleanTemporaries();
    Path tmp = cache.newTemporary();
    ImageWriter.Written written;
    LayerWriter.Progress progress = new LayerWriter.Progress(listener, totalBytes);
    try (HashPipeline pipeline = new HashPipeline()) {
      written = ImageWriter.write(tmp, spec, format, layers, pipeline, listener, progress);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    bytesRead += progress.done();
    for (ImageTree.Blob b : blobs) {
      index.record(b.file, b.sha256, statTime);
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
      MessageDigest md = HashPipeline.sha256();
      byte[] buf = new byte[1 << 20];
      LayerWriter.Progress progress = new LayerWriter.Progress(listener, hf.size());
      try (InputStream in = Files.newInputStream(source);
          OutputStream out = Files.newOutputStream(tmp)) {
        int n;
        while ((n = in.read(buf)) > 0) {
          md.update(buf, 0, n);
          out.write(buf, 0, n);
          progress.add(n);
        }
      }
      sha = md.digest();
      index.record(hf, sha, statTime);
      index.save();
      TarballInspector.Inspected info = TarballInspector.inspect(tmp);
      Path archive = cache.store(tmp, HashPipeline.hex(sha) + ".tarball.tar");
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
          if (n.kind == ImageTree.Kind.FILE && seen.add(n.blob)) {
            blobs.add(n.blob);
          }
        });
    return blobs;
  }

  private static byte[] hashFile(Path file, long size, BuildListener listener)
      throws IOException {
    MessageDigest md = HashPipeline.sha256();
    long zeros = FileContent.read(file, size, new byte[1 << 16], (b, n) -> md.update(b, 0, n));
    if (zeros > 0) {
      listener.warning(FileContent.shrank(file, zeros));
    }
    return md.digest();
  }
}
