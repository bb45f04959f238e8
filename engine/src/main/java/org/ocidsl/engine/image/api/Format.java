package org.ocidsl.engine.image.api;

/** The kind of archive {@link ImageBuilder} writes. */
public enum Format {
  /**
   * The {@code docker save} format ({@code manifest.json}, {@code <config>.json}, {@code
   * <diff-id>/layer.tar}, {@code repositories}): {@code docker load} and {@code podman load}
   * accept it. The default.
   */
  DOCKER_ARCHIVE,

  /**
   * An OCI image layout in a tar ({@code oci-layout}, {@code index.json} naming the image, {@code
   * blobs/sha256/…}): {@code podman load} accepts it, Docker 20.10 does not.
   */
  OCI_LAYOUT
}
