package org.ocidsl.engine.image;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Cache keys of an image: SHA-256 digests of everything that decides its archive's bytes (the
 * writer's version, the format, name, architecture and pack options, and for every entry of the
 * tree its path, kind, mode and link target), with each file given either
 *
 * <ul>
 *   <li>by its content digest: the {@linkplain #content content key}; equal content keys mean
 *       equal archives, so an archive recorded under one is reused as is; or
 *   <li>by what {@code lstat} says of it (device, inode, size, modification and change times):
 *       the {@linkplain #stat stat key}, computed without reading any file, which leads to the
 *       content key recorded by the last build of the same, untouched, inputs.
 * </ul>
 */
final class ImageKey {
  /** Change this whenever the bytes written for the same inputs change. */
  static final String WRITER_VERSION = "ocidsl-image-writer-1";

  private ImageKey() {}

  /** The content key, or null if a file's content digest is not known yet. */
  static String content(ImageSpec spec, Format format, ImageTree tree) {
    return of(spec, format, tree, false, 0);
  }

  /**
   * The stat key, or null if a file was modified so shortly before {@code statTimeNanos} that
   * its times cannot be trusted to change with its content (see {@link StatIndex}).
   */
  static String stat(ImageSpec spec, Format format, ImageTree tree, long statTimeNanos) {
    return of(spec, format, tree, true, statTimeNanos - StatIndex.RACY_MARGIN_NANOS);
  }

  private static String of(
      ImageSpec spec, Format format, ImageTree tree, boolean byStat, long trustedBefore) {
    Feed feed = new Feed();
    feed.text(WRITER_VERSION);
    feed.text(byStat ? "stat" : "content");
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
          if (!complete[0]) {
            return;
          }
          feed.text(n.name);
          feed.number(depth(n));
          feed.number(n.kind.ordinal());
          feed.number(n.mode);
          switch (n.kind) {
            case SYMLINK:
              feed.text(n.linkTarget);
              break;
            case FILE:
              HostFile f = n.blob.file;
              if (byStat) {
                if (Math.max(f.mtimeNanos(), f.ctimeNanos()) >= trustedBefore) {
                  complete[0] = false;
                  return;
                }
                feed.text(f.path().toString());
                feed.number(f.dev());
                feed.number(f.ino());
                feed.number(f.mtimeNanos());
                feed.number(f.ctimeNanos());
                feed.number(f.mode());
              } else {
                if (n.blob.sha256 == null) {
                  complete[0] = false;
                  return;
                }
                feed.bytes(n.blob.sha256);
              }
              feed.number(n.blob.size());
              feed.number(blobIds.computeIfAbsent(n.blob, b -> blobIds.size())); // hard links
              feed.number(n.users);
              break;
            default:
              break;
          }
        });
    return complete[0] ? feed.hex() : null;
  }

  private static int depth(ImageTree.Node n) {
    int d = 0;
    for (ImageTree.Node p = n.parent; p != null; p = p.parent) {
      d++;
    }
    return d;
  }

  /** A key for a tarball used as is: its content digest. */
  static String ofTarball(byte[] sha256) {
    Feed feed = new Feed();
    feed.text(WRITER_VERSION);
    feed.text("tarball");
    feed.bytes(sha256);
    return feed.hex();
  }

  /** Length-prefixed fields into a digest, through a buffer. */
  private static final class Feed {
    private final MessageDigest md = HashPipeline.sha256();
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16);

    void text(String s) {
      bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    void bytes(byte[] b) {
      number(b.length);
      if (b.length > buf.remaining()) {
        drain();
      }
      if (b.length > buf.remaining()) {
        md.update(b);
      } else {
        buf.put(b);
      }
    }

    void number(long n) {
      if (buf.remaining() < 8) {
        drain();
      }
      buf.putLong(n);
    }

    private void drain() {
      md.update(buf.array(), 0, buf.position());
      buf.clear();
    }

    String hex() {
      drain();
      return HashPipeline.hex(md.digest());
    }
  }
}
