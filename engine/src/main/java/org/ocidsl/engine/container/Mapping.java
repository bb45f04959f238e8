package org.ocidsl.engine.container;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ocidsl.engine.OcidslException;

/**
 * A host file or directory made visible inside a system container, as Guix's {@code
 * file-system-mapping}: {@code --share H=G} read-write, {@code --expose H=G} read-only; {@code H}
 * alone means {@code H=H}.
 */
public record Mapping(Path host, Path guest, boolean writable) {

  /**
   * The mapping that {@code value} of option {@code option} ({@code --share} or {@code --expose})
   * writes; {@code writable} for {@code --share}.
   *
   * @throws OcidslException when the host side does not exist or the container side is not an
   *     absolute path
   */
  public static Mapping parse(String option, String value, boolean writable) {
    int eq = value.indexOf('=');
    String host = eq < 0 ? value : value.substring(0, eq);
    String guest = eq < 0 ? value : value.substring(eq + 1);
    if (host.isEmpty() || guest.isEmpty()) {
      throw new OcidslException(option + " " + value + ": expected HOST=CONTAINER or HOST");
    }
    Path hostPath = Path.of(host).toAbsolutePath().normalize();
    if (!Files.exists(hostPath)) {
      throw new OcidslException(option + " " + value + ": " + hostPath + " does not exist on the host");
    }
    Path guestPath = Path.of(guest);
    if (!guestPath.isAbsolute()) {
      if (eq >= 0) {
        throw new OcidslException(option + " " + value + ": the place in the container, " + guest
            + ", must be an absolute path");
      }
      guestPath = hostPath;
    }
    return new Mapping(hostPath, guestPath.normalize(), writable);
  }
}
