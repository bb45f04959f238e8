package org.ocidsl.engine.image.api;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code architecture} of an image's configuration, from a Guix system name as {@code
 * guix/docker.scm} maps it (by prefix: {@code x86_64…} → {@code amd64}, …) or from the host.
 */
final class Architecture {
  private Architecture() {}

  /**
   * The prefixes of Guix system names and their OCI architectures, tried in this order as {@code
   * guix/docker.scm} tries them: {@code x86_64-linux} and {@code x86_64-gnu} are {@code amd64},
   * {@code armhf-linux} is {@code arm}, {@code mips64el-linux} is {@code mips64le}.
   */
  private static final List<Map.Entry<String, String>> BY_SYSTEM_PREFIX =
      List.of(
          Map.entry("x86_64", "amd64"),
          Map.entry("i686", "386"),
          Map.entry("arm", "arm"),
          Map.entry("aarch64", "arm64"),
          Map.entry("mips64", "mips64le"));

  private static final Map<String, String> BY_JAVA_ARCH =
      Map.ofEntries(
          Map.entry("amd64", "amd64"),
          Map.entry("x86_64", "amd64"),
          Map.entry("x86", "386"),
          Map.entry("i386", "386"),
          Map.entry("i686", "386"),
          Map.entry("aarch64", "arm64"),
          Map.entry("arm", "arm"),
          Map.entry("mips64el", "mips64le"),
          Map.entry("ppc64le", "ppc64le"),
          Map.entry("riscv64", "riscv64"),
          Map.entry("s390x", "s390x"));

  /**
   * The architecture for the Guix system {@code system}: that of the first prefix it starts with.
   *
   * @throws IllegalArgumentException {@code unsupported system: X} when it starts with none, as
   *     the seed raises for {@code powerpc64le-linux} or {@code riscv64-linux}
   */
  static String ofSystem(String system) {
    if (system != null) {
      for (Map.Entry<String, String> prefix : BY_SYSTEM_PREFIX) {
        if (system.startsWith(prefix.getKey())) {
          return prefix.getValue();
        }
      }
    }
    throw new IllegalArgumentException("unsupported system: " + system);
  }

  /** The architecture of the machine this runs on ({@code os.arch} translated). */
  static String host() {
    String javaArch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    return BY_JAVA_ARCH.getOrDefault(javaArch, javaArch);
  }
}
