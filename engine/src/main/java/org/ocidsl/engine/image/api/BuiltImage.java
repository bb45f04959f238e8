package org.ocidsl.engine.image.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The result of {@link ImageBuilder#build}.
 *
 * @param imageId {@code sha256:} and the hex digest of the configuration JSON (what {@code docker
 *     images --no-trunc} shows after loading)
 * @param repoTag the name and tag the archive loads as ({@code site:1.0})
 * @param archive the requested output: a hard link to (or a copy of) {@code cachedArchive}
 * @param cachedArchive the archive in the cache, named by the digest of its manifest, which
 *     addresses every byte of it
 * @param format the archive's format
 * @param diffIds {@code sha256:} digests of the uncompressed layers, base layer first
 * @param cacheHit true when nothing was written: an archive for the same inputs existed
 * @param bytesRead content bytes read from input files during this build (0 on a full hit)
 */
public record BuiltImage(
    String imageId,
    String repoTag,
    Path archive,
    Path cachedArchive,
    Format format,
    List<String> diffIds,
    boolean cacheHit,
    long bytesRead) {
  public BuiltImage {
    Objects.requireNonNull(imageId, "imageId");
    Objects.requireNonNull(repoTag, "repoTag");
    Objects.requireNonNull(archive, "archive");
    Objects.requireNonNull(cachedArchive, "cachedArchive");
    Objects.requireNonNull(format, "format");
    diffIds = List.copyOf(diffIds);
  }
}
