package org.ocidsl.stdlib;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ocidsl.engine.config.ConfigurationType;
import org.ocidsl.engine.service.ServiceType;
import org.ocidsl.stdlib.base.BaseRecords;
import org.ocidsl.stdlib.base.BaseServices;
import org.ocidsl.stdlib.oci.Docker;
import org.ocidsl.stdlib.oci.OciRecords;
import org.ocidsl.stdlib.oci.RootlessPodman;
import org.ocidsl.stdlib.oci.OciService;

/**
 * The standard records and service types, by the names scripts use ({@code ociContainer}, {@code
 * ociServiceType}, …), in the order {@code ocidsl describe} lists them.
 */
public final class Catalog {
  private Catalog() {}

  /** The records, by builder name. */
  public static final Map<String, ConfigurationType> RECORDS = records();

  /** The service types, by variable name. */
  public static final Map<String, ServiceType> SERVICE_TYPES = serviceTypes();

  private static Map<String, ConfigurationType> records() {
    Map<String, ConfigurationType> m = new LinkedHashMap<>();
    m.put("ociImage", OciRecords.OciImage.TYPE);
    m.put("ociContainer", OciRecords.OciContainer.TYPE);
    m.put("ociHealthCheck", OciRecords.OciHealthCheck.TYPE);
    m.put("ociNetwork", OciRecords.OciNetwork.TYPE);
    m.put("ociVolume", OciRecords.OciVolume.TYPE);
    m.put("ociConfiguration", OciRecords.OciConfiguration.TYPE);
    m.put("ociExtension", OciRecords.OciExtension.TYPE);
    m.put("rootlessPodman", RootlessPodman.RootlessPodmanConfiguration.TYPE);
    m.put("dockerConfiguration", Docker.DockerConfiguration.TYPE);
    m.put("containerdConfiguration", Docker.ContainerdConfiguration.TYPE);
    m.put("shepherdService", BaseRecords.ShepherdService.TYPE);
    m.put("shepherdAction", BaseRecords.ShepherdAction.TYPE);
    m.put("subidRange", BaseRecords.SubidRange.TYPE);
    m.put("userAccount", BaseRecords.UserAccount.TYPE);
    m.put("userGroup", BaseRecords.UserGroup.TYPE);
    return java.util.Collections.unmodifiableMap(m);
  }

  private static Map<String, ServiceType> serviceTypes() {
    Map<String, ServiceType> m = new LinkedHashMap<>();
    m.put("systemServiceType", BaseServices.SYSTEM);
    m.put("shepherdRootServiceType", BaseServices.SHEPHERD_ROOT);
    m.put("profileServiceType", BaseServices.PROFILE);
    m.put("accountServiceType", BaseServices.ACCOUNT);
    m.put("etcServiceType", BaseServices.ETC);
    m.put("subidsServiceType", BaseServices.SUBIDS);
    m.put("pamLimitsServiceType", BaseServices.PAM_LIMITS);
    m.put("activationServiceType", BaseServices.ACTIVATION);
    m.put("ociServiceType", OciService.TYPE);
    m.put("rootlessPodmanServiceType", RootlessPodman.TYPE);
    m.put("dockerServiceType", Docker.DOCKER);
    m.put("containerdServiceType", Docker.CONTAINERD);
    m.put("ociContainerServiceType", Docker.OCI_CONTAINER);
    m.put("singularityServiceType", Docker.SINGULARITY);
    return java.util.Collections.unmodifiableMap(m);
  }

  /**
   * What to add to a system whose services require {@code requirement} when nothing provides it,
   * or null: a podman system needs rootless podman, a docker system needs docker.
   */
  public static String providerHint(String requirement) {
    return switch (requirement) {
      case "cgroups2-fs-owner", "cgroups2-limits", "rootless-podman-shared-root-fs" ->
          "add 'service rootlessPodmanServiceType' to the system";
      case "dockerd" -> "add 'service dockerServiceType' to the system";
      case "containerd" -> "add 'service containerdServiceType' to the system";
      default -> null;
    };
  }
}
