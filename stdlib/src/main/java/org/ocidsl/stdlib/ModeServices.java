package org.ocidsl.stdlib;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.ocidsl.engine.Mode;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.config.Configuration;
import org.ocidsl.engine.service.Service;
import org.ocidsl.engine.service.ServiceExtension;
import org.ocidsl.engine.service.ServiceFolder;
import org.ocidsl.engine.service.ServiceType;
import org.ocidsl.stdlib.base.BaseServices;
import org.ocidsl.stdlib.oci.Docker;
import org.ocidsl.stdlib.oci.OciRecords.OciConfiguration;
import org.ocidsl.stdlib.oci.OciService;
import org.ocidsl.stdlib.oci.RootlessPodman;

/**
 * The services a file writes, as a system of a {@link Mode} folds them. One file can be run both
 * ways when it uses only what both allow (an {@code ociServiceType} with podman, its containers,
 * networks and volumes):
 *
 * <ul>
 *   <li>a {@link Mode#SYSTEM system} with a podman {@code ociServiceType} and no {@code
 *       rootlessPodmanServiceType} gets one with its default value, as Guix instantiates a
 *       missing extension target from its default: rootless podman is what the seed's podman
 *       containers require of the host;
 *   <li>a {@link Mode#HOME home system} is Guix Home's {@code home-oci-service-type}: every {@code
 *       ociServiceType} is made {@code for-home} ({@link OciService#forHome}), and a service that
 *       sets up the host (accounts, subids, /etc files, PAM limits, the daemons, rootless podman's
 *       host setup) is an error at the place it was written, raised before anything is written
 *       or started.
 * </ul>
 *
 * <p>A system run in a system container ({@code ocidsl container}) folds as a system, without
 * the services that need a container runtime ({@link #refuseInContainer}).
 */
public final class ModeServices {
  private ModeServices() {}

  /** The service types only a system (root) configuration can have, and what each does to the host. */
  static final Map<ServiceType, String> SYSTEM_ONLY = systemOnly();

  private static Map<ServiceType, String> systemOnly() {
    Map<ServiceType, String> m = new IdentityHashMap<>();
    m.put(BaseServices.ACCOUNT, "it creates users and groups");
    m.put(BaseServices.SUBIDS, "it allocates subordinate ids in /etc/subuid and /etc/subgid");
    m.put(BaseServices.ETC, "it installs files under /etc");
    m.put(BaseServices.PAM_LIMITS, "it installs PAM limits under /etc");
    m.put(BaseServices.ACTIVATION, "it creates directories on the host");
    m.put(RootlessPodman.TYPE, "it sets up the host for rootless podman, which a home system uses as the host has it");
    m.put(Docker.DOCKER, "it runs the docker daemon as root");
    m.put(Docker.CONTAINERD, "it runs containerd as root");
    m.put(Docker.OCI_CONTAINER, "it creates its account and runs docker as root (use ociServiceType)");
    m.put(Docker.SINGULARITY, "it installs setuid programs");
    return m;
  }

  /**
   * Why a service of each type cannot run in a system container: each needs a container runtime,
   * which needs cgroups delegated to it and subordinate id ranges beyond the 65,536 ids the
   * container maps, neither of which the container has.
   */
  static final Map<ServiceType, String> NEEDS_RUNTIME = Map.of(
      RootlessPodman.TYPE, "it sets up the host for rootless podman",
      Docker.DOCKER, "it runs the docker daemon",
      Docker.CONTAINERD, "it runs containerd",
      Docker.OCI_CONTAINER, "it runs a docker container",
      Docker.SINGULARITY, "it installs setuid programs, which a user namespace does not honour");

  /**
   * Refuses, at the place it was written, the first of {@code services} (a folded system's, the
   * instantiated ones included) that cannot run in a system container.
   */
  public static void refuseInContainer(List<Service> services) {
    for (Service service : services) {
      ServiceType type = service.type();
      String why = type == OciService.TYPE
          ? "its containers need " + ((Configuration) service.value()).get(OciConfiguration.RUNTIME)
          : NEEDS_RUNTIME.get(type);
      if (why != null) {
        throw new OcidslException(service.location(), type.name() + " cannot run in a system container: " + why
            + ", and a container runtime needs cgroups and subordinate ids that the container does not have;"
            + " 'ocidsl run' runs this system on the host");
      }
    }
  }

  /** Whether a home system can have a service of {@code type}, in words, as {@code ocidsl describe} says it. */
  public static String homeUse(ServiceType type) {
    if (type == OciService.TYPE) {
      return "yes, for-home: the seed's home- names, no account, the containers run as the user";
    }
    String why = SYSTEM_ONLY.get(type);
    return why == null ? "yes" : "no, it needs a system (root) configuration: " + why;
  }

  /** {@code written}, the services of a file, as a system of {@code mode} that {@code user} runs folds them. */
  public static List<Service> of(Mode mode, List<Service> written, String user) {
    return mode.home() ? home(written, user) : system(written);
  }

  private static List<Service> system(List<Service> written) {
    boolean hasRootlessPodman = written.stream().anyMatch(s -> s.type() == RootlessPodman.TYPE);
    Service podman = written.stream()
        .filter(s -> s.type() == OciService.TYPE
            && "podman".equals(((Configuration) s.value()).get(OciConfiguration.RUNTIME)))
        .findFirst().orElse(null);
    if (hasRootlessPodman || podman == null) {
      return written;
    }
    List<Service> services = new ArrayList<>(written);
    services.add(services.indexOf(podman) + 1, Service.withDefault(RootlessPodman.TYPE, podman.location()));
    return services;
  }

  private static List<Service> home(List<Service> written, String user) {
    for (Service service : written) {
      refuseInHome(service);
    }
    // The oci services that extensions instantiate are home ones too.
    return ServiceFolder.instantiateMissing(written).stream()
        .map(s -> s.type() == OciService.TYPE ? s.withValue(OciService.forHome((Configuration) s.value(), user)) : s)
        .toList();
  }

  /**
   * Refuses a service a home system cannot have: one of a system-only type, or one that extends
   * such a type (a {@code simpleService} adding accounts, say). The oci service extends the
   * account and subids services, with nothing in a home system.
   */
  private static void refuseInHome(Service service) {
    ServiceType type = service.type();
    String why = SYSTEM_ONLY.get(type);
    if (why != null) {
      throw new OcidslException(service.location(),
          type.name() + " needs a system (root) configuration: " + why + "; a home system cannot have it");
    }
    if (type == OciService.TYPE) {
      return;
    }
    for (ServiceExtension extension : type.extensions()) {
      String targetWhy = SYSTEM_ONLY.get(extension.target());
      if (targetWhy != null) {
        throw new OcidslException(service.location(), "service '" + type.name() + "' extends "
            + extension.target().name() + ", which needs a system (root) configuration: " + targetWhy
            + "; a home system cannot have it");
      }
    }
  }
}
