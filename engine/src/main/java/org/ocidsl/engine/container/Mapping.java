package org.ocidsl.engine.container;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ocidsl.engine.OcidslException;

/**
 * A host file or directory made visible inside a system container, as Guix's {@code
 * file-system-mapping}: {@code --share H=G} read-write, {@code --expose H=G} read-only; {@code H}
 * alone means {@code H=H}. What the container makes itself cannot be mapped: its root, {@code
 * /usr}, {@code /proc}, {@code /dev}, its state directory and the directories holding it, and,
 * writable, its {@code /etc}, which activation writes.
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
    guestPath = guestPath.normalize();
    String taken = taken(guestPath, writable);
    if (taken != null) {
      throw new OcidslException(option + " " + value + ": " + guestPath + " cannot be mapped: " + taken);
    }
    return new Mapping(hostPath, guestPath, writable);
  }

  /** Why the container's {@code guest} is its own and cannot be mapped, or null when it can be. */
  private static String taken(Path guest, boolean writable) {
    if (guest.getNameCount() == 0) {
      return "it is the container's root";
    }
    for (String own : List.of("/usr", "/proc", "/dev")) {
      if (guest.startsWith(own)) {
        return own + " is the container's own";
      }
    }
    if (SystemContainer.STATE_INSIDE.startsWith(guest) || guest.startsWith(SystemContainer.STATE_INSIDE)) {
      return "the system's state directory is " + SystemContainer.STATE_INSIDE;
    }
    if (guest.equals(Path.of("/etc")) || writable && guest.startsWith("/etc")) {
      return "activation makes the container's /etc (--expose can show a host file in it)";
    }
    return null;
  }
}
