package org.ocidsl.engine.image.archive;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, which names every layer, configuration, archive and cache key of an image. */
public final class Digests {
  private Digests() {}

  /** Never updated: only cloned, which is safe from any thread. */
  private static final MessageDigest SHA256 = newSha256();

  /**
   * A fresh SHA-256 digest. A build takes one per input file it has to hash: a clone copies a few
   * arrays, where {@link MessageDigest#getInstance} looks the algorithm up among the providers.
   */
  public static MessageDigest sha256() {
    try {
      return (MessageDigest) SHA256.clone();
    } catch (CloneNotSupportedException e) {
      return newSha256();
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code digest} in lower-case hexadecimal. */
  public static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }

  /** The SHA-256 of {@code bytes}, in lower-case hexadecimal. */
  static String sha256Hex(byte[] bytes) {
    return hex(sha256().digest(bytes));
  }
}
