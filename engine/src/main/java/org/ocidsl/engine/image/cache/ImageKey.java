package org.ocidsl.engine.image.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import org.ocidsl.engine.image.api.Format;
import org.ocidsl.engine.image.api.ImageSpec;
import org.ocidsl.engine.image.api.PackOptions;
import org.ocidsl.engine.image.archive.Digests;
import org.ocidsl.engine.image.tree.HostFile;
import org.ocidsl.engine.image.tree.ImageTree;

/**
 * Cache keys of an image. The content key is a SHA-256 digest of everything that decides its
 * archive's bytes (the writer's version, the format, name, architecture and pack options, and
 * for every entry of the tree its path, kind, mode, link target and content digest): equal
 * content keys mean equal archives, so an archive recorded under one is reused as is.
 *
 * <p>The {@linkplain #stat stat snapshot} says the same with what {@code lstat} says of each
 * file (device, inode, size, modification and change times) instead of its digest, computed
 * without reading any file. It is kept, byte for byte, with the content key of the last build
 * of the same image, and compared byte for byte: no digest of it is computed, which on a fresh
 * JVM (SHA-256 not yet compiled, its provider not yet loaded) would cost more than the whole
 * comparison.
 */
public final class ImageKey {
  /** Change this whenever the bytes written for the same inputs change. */
  static final String WRITER_VERSION = "ocidsl-image-writer-2";

  /**
   * What {@code lstat} said of an image's inputs, with the image's name and options, in {@code
   * bytes}; {@code place} names where the last one of the same name and options is kept.
   */
  public record StatSnapshot(String place, byte[] bytes) {}

  private ImageKey() {}

  /** The content key, or null if a file's content digest is not known yet. */
  public static String content(ImageSpec spec, Format format, ImageTree tree) {
    Feed feed = new Feed();
    header(feed, spec, format, "content");
    return entries(feed, tree, false) ? feed.hex() : null;
  }

  /**
   * The stat snapshot, or null if a file was modified so shortly before {@code statTimeNanos}
   * that its times cannot be trusted to change with its content (see {@link StatIndex}).
   */
  public static StatSnapshot stat(
      ImageSpec spec, Format format, ImageTree tree, long statTimeNanos) {
    if (!settled(tree, statTimeNanos)) {
      return null;
    }
    Feed feed = new Feed();
    header(feed, spec, format, "stat");
    String place = place(feed);
    entries(feed, tree, true);
    return new StatSnapshot(place, feed.bytes());
  }

  /** Only a name: the bytes compared are the whole snapshot, what names it included. */
  private static String place(Feed feed) {
    return Integer.toHexString(Arrays.hashCode(feed.bytes()));
  }

  /** Whether every file of {@code tree} had {@linkplain StatIndex#settled settled}. */
  private static boolean settled(ImageTree tree, long statTimeNanos) {
    for (ImageTree.Node n : tree.nodes()) {
      if (n.kind() == ImageTree.Kind.FILE && !StatIndex.settled(n.blob().file(), statTimeNanos)) {
        return false;
      }
    }
    return true;
  }

  private static void header(Feed feed, ImageSpec spec, Format format, String kind) {
    feed.text(WRITER_VERSION);
    feed.text(kind);
    feed.text(format.name());
    feed.text(spec.repoTag());
    feed.text(spec.architecture());
    PackOptions o = spec.packOptions();
    feed.number(o.entryPoint().size());
    o.entryPoint().forEach(feed::text);
    feed.number(o.environment().size());
    o.environment().forEach((k, v) -> feed.text(k + "=" + v));
    feed.number(o.maxLayers());
  }

  /** Feeds every entry of {@code tree}; false if one is not known well enough to be keyed. */
  private static boolean entries(Feed feed, ImageTree tree, boolean byStat) {
    Map<ImageTree.Blob, Integer> blobIds = new IdentityHashMap<>();
    boolean[] complete = {true};
    tree.walk(
        n -> {
          if (!complete[0]) {
            return;
          }
          feed.text(n.name());
          feed.number(depth(n));
          feed.number(n.kind().ordinal());
          feed.number(n.mode());
          switch (n.kind()) {
            case SYMLINK:
              feed.text(n.linkTarget());
              break;
            case FILE:
              HostFile f = n.blob().file();
              if (byStat) {
                feed.number(f.dev());
                feed.number(f.ino());
                feed.number(f.mtimeNanos());
                feed.number(f.ctimeNanos());
                feed.number(f.mode());
              } else {
                if (n.blob().sha256() == null) {
                  complete[0] = false;
                  return;
                }
                feed.bytes(n.blob().sha256());
              }
              feed.number(n.blob().size());
              feed.number(blobIds.computeIfAbsent(n.blob(), b -> blobIds.size())); // hard links
              feed.number(n.users());
              break;
            default:
              break;
          }
        });
    return complete[0];
  }

  private static int depth(ImageTree.Node n) {
    int d = 0;
    for (ImageTree.Node p = n.parent(); p != null; p = p.parent()) {
      d++;
    }
    return d;
  }

  /** A key for a tarball used as is: its content digest. */
  public static String ofTarball(byte[] sha256) {
    Feed feed = new Feed();
    feed.text(WRITER_VERSION);
    feed.text("tarball");
    feed.bytes(sha256);
    return feed.hex();
  }

  /**
   * Length-prefixed fields, gathered in an array that grows as needed. Written byte by byte: a
   * build walks every file here once, mostly before the JIT compiled anything, where each call
   * through a {@code ByteBuffer} costs.
   */
  private static final class Feed {
    private byte[] buf = new byte[1 << 16];
    private int length;

    void text(String s) {
      bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    void bytes(byte[] b) {
      number(b.length);
      room(b.length);
      System.arraycopy(b, 0, buf, length, b.length);
      length += b.length;
    }

    void number(long n) {
      room(Long.BYTES);
      byte[] b = buf;
      int i = length;
      b[i] = (byte) (n >>> 56);
      b[i + 1] = (byte) (n >>> 48);
      b[i + 2] = (byte) (n >>> 40);
      b[i + 3] = (byte) (n >>> 32);
      b[i + 4] = (byte) (n >>> 24);
      b[i + 5] = (byte) (n >>> 16);
      b[i + 6] = (byte) (n >>> 8);
      b[i + 7] = (byte) n;
      length = i + Long.BYTES;
    }

    private void room(int n) {
      if (buf.length - length < n) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + n));
      }
    }

    byte[] bytes() {
      return Arrays.copyOf(buf, length);
    }

    String hex() {
      MessageDigest md = Digests.sha256();
      md.update(buf, 0, length);
      return Digests.hex(md.digest());
    }
  }
}
