package org.ocidsl.engine.image;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The cache key of an image: a SHA-256 of everything that decides its archive's bytes: the
 * writer's version, the format, name, architecture and pack options, and for every entry of the
 * tree its path, kind, mode, link target or content digest (never times or inodes). Equal keys
 * mean equal archives, so an archive recorded under a key is reused as is.
 */
final class ImageKey {
  /** Change this whenever the bytes written for the same inputs change. */
  static final String WRITER_VERSION = "ocidsl-image-writer-1";

  private ImageKey() {}

  /** The key, or null if a file's content digest is not known yet. */
  static String of(ImageSpec spec, Format format, ImageTree tree) {
    MessageDigest md = HashPipeline.sha256();
    Feed feed = new Feed(md);
    feed.text(WRITER_VERSION);
    feed.text(format.name());
    feed.text(spec.repoTag());
    feed.text(spec.architecture());
    PackOptions o = spec.packOptions();
    feed.number(o.entryPoint().size());
    o.entryPoint().forEach(feed::text);
    feed.number(o.environment().size());
    o.environment().forEach((k, v) -> feed.text(k + "=" + v));
    feed.number(o.maxLayers());
    Map<ImageTree.Blob, Integer> blobIds = new IdentityHashMap<>();
    boolean[] complete = {true};
    tree.walk(
        n -> {
          feed.text(n.path());
          feed.text(n.kind.name());
          feed.number(n.mode);
          switch (n.kind) {
            case SYMLINK:
              feed.text(n.linkTarget);
              break;
            case FILE:
              if (n.blob.sha256 == null) {
                complete[0] = false;
                return;
              }
              md.update(n.blob.sha256);
              feed.number(n.blob.size());
              feed.number(blobIds.computeIfAbsent(n.blob, b -> blobIds.size())); // hard links
              feed.number(n.users);
              break;
            default:
              break;
          }
        });
    return complete[0] ? HashPipeline.hex(md.digest()) : null;
  }

  /** A key for a tarball used as is: its content digest. */
  static String ofTarball(byte[] sha256) {
    MessageDigest md = HashPipeline.sha256();
    Feed feed = new Feed(md);
    feed.text(WRITER_VERSION);
    feed.text("tarball");
    md.update(sha256);
    return HashPipeline.hex(md.digest());
  }

  private static final class Feed {
    private final MessageDigest md;

    Feed(MessageDigest md) {
      this.md = md;
    }

    void text(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      number(b.length);
      md.update(b);
    }

    void number(long n) {
      for (int i = 7; i >= 0; i--) {
        md.update((byte) (n >>> (8 * i)));
      }
    }
  }
}
