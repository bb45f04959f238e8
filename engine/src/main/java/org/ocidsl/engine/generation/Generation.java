package org.ocidsl.engine.generation;

import java.util.List;
import java.util.Objects;
import org.ocidsl.engine.shepherd.ShepherdService;

/**
 * Everything a system needs on the host, as the root of the fold computes it: the shepherd
 * services to supervise and what activation prepares for them.
 */
public record Generation(
    List<ShepherdService> services,
    List<UserAccount> users,
    List<UserGroup> groups,
    List<SubidRange> subuids,
    List<SubidRange> subgids,
    List<PamLimit> pamLimits,
    List<EtcFile> etcFiles,
    List<RequiredProgram> programs,
    List<String> activationDirectories,
    List<ImageEntry> images) {

  /**
   * An image the system loads before running the container {@code name}, and the reference it
   * gets; {@code source} says what to build it from (the build step knows how), and the archive
   * is stored in the generation as {@code images/NAME.tar}.
   */
  public record ImageEntry(String name, String reference, Object source) {
    public ImageEntry {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(reference, "reference");
      Objects.requireNonNull(source, "source");
    }

    public String archive() {
      return "images/" + name + ".tar";
    }
  }

  public Generation {
    services = List.copyOf(services);
    users = List.copyOf(users);
    groups = List.copyOf(groups);
    subuids = List.copyOf(subuids);
    subgids = List.copyOf(subgids);
    pamLimits = List.copyOf(pamLimits);
    etcFiles = List.copyOf(etcFiles);
    programs = List.copyOf(programs);
    activationDirectories = List.copyOf(activationDirectories);
    images = List.copyOf(images);
  }

  /** A generation with services only. */
  public static Generation ofServices(List<ShepherdService> services) {
    return new Generation(
        services, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
        List.of(), List.of());
  }
}
