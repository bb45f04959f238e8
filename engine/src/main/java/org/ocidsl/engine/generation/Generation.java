package org.ocidsl.engine.generation;

import java.util.List;
import java.util.Objects;
import org.ocidsl.engine.SourceLocation;
import org.ocidsl.engine.image.api.ImageSpec;
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
    List<ImageEntry> images,
    List<String> privilegedPrograms) {

  /** A generation with nothing in it: the start of every part a service type contributes. */
  public static final Generation EMPTY =
      new Generation(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
          List.of(), List.of(), List.of());

  /**
   * An image the system loads before running the container {@code name}, and the reference it
   * gets; {@code spec} says what to build it from, {@code location} is the {@code ociImage}
   * record that asked for it (where a build error is reported), and the archive is stored in the
   * generation at {@link #archiveOf}.
   */
  public record ImageEntry(String name, String reference, ImageSpec spec, SourceLocation location) {
    public ImageEntry {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(reference, "reference");
      Objects.requireNonNull(spec, "spec");
      Objects.requireNonNull(location, "location");
    }

    /** Whether {@code name} names this image: its container, reference, repository or repository:tag. */
    public boolean isNamed(String name) {
      return name.equals(this.name) || name.equals(reference) || name.equals(spec.repository())
          || name.equals(spec.repository() + ":" + spec.tag());
    }

    public String archive() {
      return archiveOf(name);
    }

    /**
     * What a launcher writes where the image ID of service {@code service}'s archive belongs: the
     * ID is known once the image is built, after the fold, and the generation writer puts it
     * there (as Guix lowers a reference to a built image into the launcher). Shell-safe: letters,
     * digits and '@' only.
     */
    public static String idPlaceholder(String service) {
      return "@@ocidsl-image-id-" + java.util.HexFormat.of().formatHex(
          service.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "@@";
    }

    /**
     * Where the image archive of service {@code service} is, relative to its generation: {@code
     * images/NAME.tar}, the name encoded as launcher directories are ({@link
     * GenerationStore#fileName}).
     */
    public static String archiveOf(String service) {
      return "images/" + GenerationStore.fileName(service) + ".tar";
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
    privilegedPrograms = List.copyOf(privilegedPrograms);
  }

  /** A generation with services only. */
  public static Generation ofServices(List<ShepherdService> services) {
    return EMPTY.withServices(services);
  }

  /** This generation followed by {@code other}: every list appended. */
  public Generation plus(Generation other) {
    return new Generation(
        append(services, other.services), append(users, other.users), append(groups, other.groups),
        append(subuids, other.subuids), append(subgids, other.subgids), append(pamLimits, other.pamLimits),
        append(etcFiles, other.etcFiles), append(programs, other.programs),
        append(activationDirectories, other.activationDirectories), append(images, other.images),
        append(privilegedPrograms, other.privilegedPrograms));
  }

  private static <T> List<T> append(List<T> a, List<T> b) {
    List<T> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  public Generation withServices(List<ShepherdService> value) {
    return new Generation(value, users, groups, subuids, subgids, pamLimits, etcFiles, programs,
        activationDirectories, images, privilegedPrograms);
  }

  public Generation withAccounts(List<UserAccount> usersValue, List<UserGroup> groupsValue) {
    return new Generation(services, usersValue, groupsValue, subuids, subgids, pamLimits, etcFiles, programs,
        activationDirectories, images, privilegedPrograms);
  }

  public Generation withSubids(List<SubidRange> subuidsValue, List<SubidRange> subgidsValue) {
    return new Generation(services, users, groups, subuidsValue, subgidsValue, pamLimits, etcFiles, programs,
        activationDirectories, images, privilegedPrograms);
  }

  public Generation withPamLimits(List<PamLimit> value) {
    return new Generation(services, users, groups, subuids, subgids, value, etcFiles, programs,
        activationDirectories, images, privilegedPrograms);
  }

  public Generation withEtcFiles(List<EtcFile> value) {
    return new Generation(services, users, groups, subuids, subgids, pamLimits, value, programs,
        activationDirectories, images, privilegedPrograms);
  }

  public Generation withPrograms(List<RequiredProgram> value) {
    return new Generation(services, users, groups, subuids, subgids, pamLimits, etcFiles, value,
        activationDirectories, images, privilegedPrograms);
  }

  public Generation withActivationDirectories(List<String> value) {
    return new Generation(services, users, groups, subuids, subgids, pamLimits, etcFiles, programs, value,
        images, privilegedPrograms);
  }

  public Generation withImages(List<ImageEntry> value) {
    return new Generation(services, users, groups, subuids, subgids, pamLimits, etcFiles, programs,
        activationDirectories, value, privilegedPrograms);
  }

  /** Programs the system needs installed setuid root, as Guix's privileged programs; listed, not run. */
  public Generation withPrivilegedPrograms(List<String> value) {
    return new Generation(services, users, groups, subuids, subgids, pamLimits, etcFiles, programs,
        activationDirectories, images, value);
  }
}
