package org.ocidsl.engine.image.api;

import java.util.Locale;
import java.util.Map;

/**
 * The {@code architecture} of an image's configuration, from a Guix system name as {@code
 * guix/docker.scm} maps it ({@code x86_64-linux} → {@code amd64}, …) or from the host.
 */
final class Architecture {
  private Architecture() {}

  /** Guix system names and the OCI architectures they map to. */
  static final Map<String, String> BY_SYSTEM =
      Map.of(
          "x86_64-linux", "amd64",
          "i686-linux", "386",
          "aarch64-linux", "arm64",
          "armhf-linux", "arm",
          "mips64el-linux", "mips64le",
          "powerpc64le-linux", "ppc64le",
          "riscv64-linux", "riscv64");

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
   * The architecture for the Guix system {@code system}.
   *
   * @throws IllegalArgumentException {@code unsupported system: X} for any other name
   */
  static String ofSystem(String system) {
    String arch = system == null ? null : BY_SYSTEM.get(system);
    if (arch == null) {
      throw new IllegalArgumentException("unsupported system: " + system);
    }
    return arch;
  }

  /** The architecture of the machine this runs on ({@code os.arch} translated). */
  static String host() {
    String javaArch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    return BY_JAVA_ARCH.getOrDefault(javaArch, javaArch);
  }
}
