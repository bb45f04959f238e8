package org.ocidsl.stdlib.oci;

import static org.ocidsl.engine.config.FieldType.BOOLEAN;
import static org.ocidsl.engine.config.FieldType.LIST;
import static org.ocidsl.engine.config.FieldType.LIST_OF_STRINGS;
import static org.ocidsl.engine.config.FieldType.STRING;

import java.util.List;
import java.util.Map;
import org.ocidsl.engine.FileLike;
import org.ocidsl.engine.Values;
import org.ocidsl.engine.config.Configuration;
import org.ocidsl.engine.config.ConfigurationType;
import org.ocidsl.engine.config.Field;
import org.ocidsl.engine.config.FieldType;
import org.ocidsl.engine.image.api.ImageContent;
import org.ocidsl.stdlib.Sanitizers;
import org.ocidsl.stdlib.base.BaseRecords;

/**
 * The records of the OCI service (seeds/gnu-services-containers.scm): images, containers,
 * networks, volumes, the service's configuration and its extensions, with the seed's fields,
 * defaults, sanitizers and messages.
 */
public final class OciRecords {
  private OciRecords() {}

  public static final List<String> SUPPORTED_RUNTIMES = List.of("docker", "podman");

  /** The keys {@code packOptions} takes, as {@code guix pack} does. */
  public static final List<String> PACK_OPTIONS =
      List.of("entryPoint", "environment", "symlinks", "maxLayers", "extraFiles");

  public static final ConfigurationType OCI_IMAGE =
      ConfigurationType.named("oci-image")
          .documentation("An OCI image built from host files, loaded and tagged before the container runs.")
          .field(Field.required("repository", STRING,
              "A string like myregistry.local:5000/testing/test-image that names the OCI image."))
          .field(Field.of("tag", STRING, "latest", "A string representing the OCI image tag. Defaults to latest."))
          .field(Field.required("value", FieldType.of("oci-lowerable-image", v -> v instanceof ImageContent),
              "What the image holds: directory('path'), files { ... }, programs('/bin/busybox', ...) "
                  + "or tarball('image.tar'), an existing docker-archive or OCI archive (localFile('image.tar') too, "
                  + "Guix's file-like archive).")
              .sanitizedBy(OciRecords::sanitizeImageValue))
          .field(Field.of("packOptions", FieldType.of("pack-options", v -> v instanceof Map<?, ?>), Map.of(),
              "Options as guix pack takes them: entryPoint, environment, symlinks, maxLayers, extraFiles.")
              .sanitizedBy(OciRecords::sanitizePackOptions))
          .field(Field.maybe("system", STRING,
              "Build for a given system, e.g. \"aarch64-linux\"; it sets the image's architecture by its prefix, as "
                  + "guix pack does: x86_64 amd64, i686 386, arm arm, aarch64 arm64, mips64 mips64le (any other is unsupported)."))
          .build();

  public static final ConfigurationType OCI_CONTAINER =
      ConfigurationType.named("oci-container-configuration")
          .documentation("A container run as a supervised service.")
          .field(Field.maybe("user", STRING,
              "The user name under whose authority OCI commands will be run. This field will override the user field of oci-configuration."))
          .field(Field.maybe("group", STRING,
              "The group name under whose authority OCI commands will be run. When using the podman OCI runtime, this field will be ignored and the default group of the user configured in the user field will be used. This field will override the group field of oci-configuration."))
          .field(Field.of("command", LIST_OF_STRINGS, List.of(), "Overwrite the default command (CMD) of the image."))
          .field(Field.maybe("entrypoint", STRING, "Overwrite the default entrypoint (ENTRYPOINT) of the image."))
          .field(Field.of("hostEnvironment", mixed("oci-container-host-environment"), List.of(),
              "Set environment variables in the host environment where docker run or podman run are invoked, "
                  + "never on their command line nor in any file: with --env NAME in extraArguments a secret "
                  + "reaches the container. Strings NAME=VALUE and pairs, even mixed.")
              .sanitizedBy(Sanitizers.hostEnvironment())
              .secret())
          .field(Field.of("environment", mixed("oci-container-environment"), List.of(),
              "Set environment variables inside the container: strings NAME=VALUE and pairs, even mixed.")
              .sanitizedBy(Sanitizers.mixedList("environment", "=")))
          .field(Field.required("image", FieldType.of("string-or-oci-image", OciRecords::isStringOrImage),
              "The image used to build the container. It can be a string or an oci-image record. Strings are "
                  + "resolved by the OCI runtime, and follow the usual format myregistry.local:5000/testing/test-image:tag."))
          .field(Field.maybe("provision", STRING, "Set the name of the provisioned Shepherd service."))
          .field(Field.of("requirement", LIST_OF_STRINGS, List.of(),
              "Set additional Shepherd services dependencies to the provisioned Shepherd service."))
          .field(Field.maybe("logFile", STRING,
              "When set, it names the file to which the service's standard output and standard error are redirected; created if it does not exist, otherwise appended to."))
          .field(Field.of("autoStart", BOOLEAN, true,
              "Whether this service should be started automatically. If false the service has to be started manually with ocidsl start."))
          .field(Field.of("respawn", BOOLEAN, false,
              "Whether to restart the service when it stops, for instance when the underlying process dies."))
          .field(Field.of("shepherdActions", LIST, List.of(),
              "A list of shepherd-action records defining actions supported by the service.")
              .sanitizedBy(Sanitizers.listOf("shepherd-actions", BaseRecords::isShepherdAction, "shepherd-action records")))
          .field(Field.maybe("network", STRING, "Set an OCI network for the spawned container."))
          .field(Field.of("ports", mixed("oci-container-ports"), List.of(),
              "Set the port or port ranges to expose from the spawned container: strings \"8080:80\" and pairs, even mixed.")
              .sanitizedBy(Sanitizers.mixedList("ports", ":")))
          .field(Field.of("volumes", mixed("oci-container-volumes"), List.of(),
              "Set volume mappings for the spawned container: strings \"/mnt/dir:/dir\" and pairs, even mixed.")
              .sanitizedBy(Sanitizers.mixedList("volumes", ":")))
          .field(Field.maybe("containerUser", STRING, "Set the current user inside the spawned container."))
          .field(Field.maybe("workdir", STRING, "Set the current working directory for the spawned container."))
          .field(Field.of("extraArguments", LIST, List.of(),
              "A list of strings that will be directly passed to the docker run or podman run invocation.")
              .sanitizedBy(Sanitizers.extraArguments()))
          .build();

  public static final ConfigurationType OCI_NETWORK =
      ConfigurationType.named("oci-network-configuration")
          .documentation("An OCI network to provision.")
          .field(Field.required("name", STRING, "The name of the OCI network to provision."))
          .field(Field.maybe("driver", STRING, "The driver to manage the network."))
          .field(Field.maybe("gateway", STRING, "IPv4 or IPv6 gateway for the subnet."))
          .field(Field.of("internal", BOOLEAN, false, "Restrict external access to the network"))
          .field(Field.maybe("ipRange", STRING, "Allocate container ip from a sub-range in CIDR format."))
          .field(Field.maybe("ipamDriver", STRING, "IP Address Management Driver."))
          .field(Field.of("ipv6", BOOLEAN, false, "Enable IPv6 networking."))
          .field(Field.maybe("subnet", STRING, "Subnet in CIDR format that represents a network segment."))
          .field(labels("network"))
          .field(extraArguments("network create"))
          .build();

  public static final ConfigurationType OCI_VOLUME =
      ConfigurationType.named("oci-volume-configuration")
          .documentation("An OCI volume to provision.")
          .field(Field.required("name", STRING, "The name of the OCI volume to provision."))
          .field(labels("volume"))
          .field(extraArguments("volume create"))
          .build();

  public static final ConfigurationType OCI_CONFIGURATION =
      ConfigurationType.named("oci-configuration")
          .documentation("The configuration of the OCI service: its runtime, and the containers, networks and volumes to provision.")
          .field(Field.of("runtime", FieldType.of("oci-runtime", SUPPORTED_RUNTIMES::contains), "docker",
              "The OCI runtime to use to run commands. It can be either docker or podman.")
              .sanitizedBy(OciRecords::sanitizeRuntime))
          .field(Field.maybe("runtimeCli", STRING,
              "The OCI runtime command line, the name or absolute file name of a program on the host. "
                  + "When unset it is podman for the podman runtime and docker for docker."))
          .field(Field.of("runtimeExtraArguments", LIST, List.of(),
              "A list of strings that will be placed after each docker or podman invocation.")
              .sanitizedBy(Sanitizers.extraArguments()))
          .field(Field.of("user", STRING, "oci-container", "The user name under whose authority OCI runtime commands will be run."))
          .field(Field.maybe("group", STRING,
              "The group name under whose authority OCI commands will be run. When using the podman OCI runtime, "
                  + "this field will be ignored and the default group of the user configured in the user field will be used."))
          .field(Field.maybe("subuidsRange", FieldType.record(BaseRecords.SUBID_RANGE),
              "An optional subid-range record allocating subuids for the user from the user field. When unset, "
                  + "with the rootless Podman OCI runtime, it defaults to subidRange { name 'oci-container' }."))
          .field(Field.maybe("subgidsRange", FieldType.record(BaseRecords.SUBID_RANGE),
              "An optional subid-range record allocating subgids for the user from the user field. When unset, "
                  + "with the rootless Podman OCI runtime, it defaults to subidRange { name 'oci-container' }."))
          .field(records("containers", OCI_CONTAINER, "The containers to provision. The use of ociExtension should be preferred for most cases."))
          .field(records("networks", OCI_NETWORK, "The networks to provision. The use of ociExtension should be preferred for most cases."))
          .field(records("volumes", OCI_VOLUME, "The volumes to provision. The use of ociExtension should be preferred for most cases."))
          .field(Field.of("verbose", BOOLEAN, false,
              "When true, additional output will be printed, allowing to better follow the flow of execution."))
          .field(Field.of("homeService", BOOLEAN, false,
              "Internal: whether this configuration is used for a user's home services rather than the system."))
          .build();

  public static final ConfigurationType OCI_EXTENSION =
      ConfigurationType.named("oci-extension")
          .documentation("Containers, networks and volumes that a service adds to the OCI service.")
          .field(records("containers", OCI_CONTAINER, "The containers to add."))
          .field(records("networks", OCI_NETWORK, "The networks to add."))
          .field(records("volumes", OCI_VOLUME, "The volumes to add."))
          .build();

  private static FieldType mixed(String name) {
    return FieldType.of(name, v -> v instanceof List<?>);
  }

  private static Field labels(String object) {
    return Field.of("labels", mixed("oci-object-labels"), List.of(),
            "The list of labels that will be used to tag the current " + object + ".")
        .sanitizedBy(Sanitizers.mixedList("labels", "="));
  }

  private static Field extraArguments(String command) {
    return Field.of("extraArguments", LIST, List.of(),
            "A list of strings that will be directly passed to the docker " + command + " or podman " + command + " invocation.")
        .sanitizedBy(Sanitizers.extraArguments());
  }

  private static Field records(String name, ConfigurationType type, String doc) {
    return Field.of(name, FieldType.of("list-of-" + type.name() + "s", v -> v instanceof List<?>), List.of(), doc)
        .sanitizedBy(Sanitizers.listOfRecords(name, v -> v instanceof Configuration c && c.type() == type));
  }

  static boolean isStringOrImage(Object v) {
    return v instanceof String || (v instanceof Configuration c && c.type() == OCI_IMAGE);
  }

  private static Object sanitizeRuntime(Object value) {
    if (!SUPPORTED_RUNTIMES.contains(value)) {
      throw new IllegalArgumentException(
          "OCI runtime must be one of (docker podman), but " + Values.displayed(value) + " was found");
    }
    return value;
  }

  /** An image's value; {@code localFile('image.tar')}, Guix's file-like archive, is {@code tarball('image.tar')}. */
  private static Object sanitizeImageValue(Object value) {
    if (value instanceof FileLike file) {
      return ImageContent.tarball(file.source().orElseThrow(() -> new IllegalArgumentException(
          "an image's value may be localFile('ARCHIVE'), an image archive, but not a plainFile, which holds text")));
    }
    if (!(value instanceof ImageContent)) {
      throw new IllegalArgumentException("invalid value " + Values.written(value) + " for field 'value'");
    }
    return value;
  }

  private static Object sanitizePackOptions(Object value) {
    if (!(value instanceof Map<?, ?> options)) {
      throw new IllegalArgumentException("invalid value " + Values.written(value) + " for field 'packOptions'");
    }
    for (Object key : options.keySet()) {
      if (!PACK_OPTIONS.contains(key)) {
        throw new IllegalArgumentException("unknown pack option '" + key + "'; expected one of " + String.join(", ", PACK_OPTIONS));
      }
    }
    return value;
  }
}
