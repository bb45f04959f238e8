package org.ocidsl.stdlib.oci;

import static org.ocidsl.engine.config.FieldType.BOOLEAN;
import static org.ocidsl.engine.config.FieldType.LIST;
import static org.ocidsl.engine.config.FieldType.LIST_OF_STRINGS;
import static org.ocidsl.engine.config.FieldType.STRING;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ocidsl.engine.FileLike;
import org.ocidsl.engine.Values;
import org.ocidsl.engine.config.Configuration;
import org.ocidsl.engine.config.ConfigurationType;
import org.ocidsl.engine.config.Field;
import org.ocidsl.engine.config.FieldType;
import org.ocidsl.engine.image.api.ImageContent;
import org.ocidsl.engine.shell.Script;
import org.ocidsl.engine.shepherd.ShepherdService;
import org.ocidsl.stdlib.Sanitizers;
import org.ocidsl.stdlib.base.BaseRecords;

/**
 * The records of the OCI service (seeds/gnu-services-containers.scm): images, containers,
 * networks, volumes, the service's configuration and its extensions, with the seed's fields,
 * defaults, sanitizers and messages. Each record has a class of its own holding its typed fields
 * and its {@code TYPE}, built from them in order, as Guix generates a record's accessors.
 */
public final class OciRecords {
  private OciRecords() {}

  public static final List<String> SUPPORTED_RUNTIMES = List.of("docker", "podman");

  /** The keys {@code packOptions} takes, as {@code guix pack} does. */
  public static final List<String> PACK_OPTION_KEYS =
      List.of("entryPoint", "environment", "symlinks", "maxLayers", "extraFiles");

  /** {@code oci-image}: an image built from host files. */
  public static final class OciImage {
    private OciImage() {}

    public static final Field<String> REPOSITORY = Field.required("repository", STRING,
        "A string like myregistry.local:5000/testing/test-image that names the OCI image.");
    public static final Field<String> TAG =
        Field.of("tag", STRING, "latest", "A string representing the OCI image tag. Defaults to latest.");
    public static final Field<ImageContent> VALUE =
        Field.required("value", FieldType.of("oci-lowerable-image", v -> v instanceof ImageContent),
            "What the image holds: directory('path'), files { ... }, programs('/bin/busybox', ...) "
                + "or tarball('image.tar'), an existing docker-archive or OCI archive (localFile('image.tar') too, "
                + "Guix's file-like archive).")
            .sanitizedBy(OciRecords::sanitizeImageValue);
    public static final Field<Map<String, Object>> PACK_OPTIONS =
        Field.of("packOptions", FieldType.of("pack-options", v -> v instanceof Map<?, ?>), Map.of(),
            "Options as guix pack takes them: entryPoint, environment, symlinks, maxLayers, extraFiles.")
            .sanitizedBy(OciRecords::sanitizePackOptions);
    public static final Field<String> SYSTEM = Field.maybe("system", STRING,
        "Build for a given system, e.g. \"aarch64-linux\"; it sets the image's architecture by its prefix, as "
            + "guix pack does: x86_64 amd64, i686 386, arm arm, aarch64 arm64, mips64 mips64le (any other is unsupported).");

    public static final ConfigurationType TYPE =
        ConfigurationType.named("oci-image")
            .documentation("An OCI image built from host files, loaded and tagged before the container runs.")
            .fields(REPOSITORY, TAG, VALUE, PACK_OPTIONS, SYSTEM)
            .build();
  }

  /**
   * {@code oci-health-check}: how to tell that a service is healthy, in the terms of Compose's
   * {@code healthcheck} and podman's {@code --health-*} options; times in seconds.
   */
  public static final class OciHealthCheck {
    private OciHealthCheck() {}

    public static final Field<List<String>> COMMAND =
        Field.required("command", LIST_OF_STRINGS,
            "The command that exits 0 when the service is healthy: for a container, run in it (podman healthcheck "
                + "run, docker exec); for a shepherdService, run as the service runs.")
            .sanitizedBy(Sanitizers.nonEmptyStrings("a health check's command"));
    public static final Field<Number> INTERVAL =
        Field.of("interval", SECONDS, 30, "Seconds between two checks, the first one after a start included.")
            .sanitizedBy(Sanitizers.seconds("a health check's interval", false));
    public static final Field<Number> TIMEOUT =
        Field.of("timeout", SECONDS, 30, "Seconds a check may take; one that takes longer failed.")
            .sanitizedBy(Sanitizers.seconds("a health check's timeout", false));
    public static final Field<Number> RETRIES =
        Field.of("retries", FieldType.INTEGER, 3, "Failed checks in a row that make the service unhealthy.")
            .sanitizedBy(Sanitizers.atLeastOne("a health check's retries"));
    public static final Field<Number> START_PERIOD =
        Field.of("startPeriod", SECONDS, 0,
            "Seconds after a start during which failed checks do not count, until the service was healthy once.")
            .sanitizedBy(Sanitizers.seconds("a health check's start period", true));

    public static final ConfigurationType TYPE =
        ConfigurationType.named("oci-health-check")
            .documentation("A health check: the service counts as started once it passes, its dependents start after "
                + "that, and a service that fails it retries times in a row is unhealthy (restarted with respawn).")
            .fields(COMMAND, INTERVAL, TIMEOUT, RETRIES, START_PERIOD)
            .build();

    /** The supervisor's health check of {@code health}, which runs {@code command}. */
    public static ShepherdService.HealthCheck supervised(Configuration health, Script command) {
      return new ShepherdService.HealthCheck(command, duration(health.get(INTERVAL)), duration(health.get(TIMEOUT)),
          health.get(RETRIES).intValue(), duration(health.get(START_PERIOD)));
    }

    private static Duration duration(Number seconds) {
      return Duration.ofMillis(new BigDecimal(seconds.toString()).movePointRight(3).longValue());
    }
  }

  /** A number of seconds, whole or not. */
  private static final FieldType<Number> SECONDS = FieldType.NUMBER;

  /** {@code oci-container-configuration}: a container run as a supervised service. */
  public static final class OciContainer {
    private OciContainer() {}

    public static final Field<String> USER = Field.maybe("user", STRING,
        "The user name under whose authority OCI commands will be run. This field will override the user field of oci-configuration.");
    public static final Field<String> GROUP = Field.maybe("group", STRING,
        "The group name under whose authority OCI commands will be run. When using the podman OCI runtime, this field will be ignored and the default group of the user configured in the user field will be used. This field will override the group field of oci-configuration.");
    public static final Field<List<String>> COMMAND =
        Field.of("command", LIST_OF_STRINGS, List.of(), "Overwrite the default command (CMD) of the image.");
    public static final Field<String> ENTRYPOINT =
        Field.maybe("entrypoint", STRING, "Overwrite the default entrypoint (ENTRYPOINT) of the image.");
    public static final Field<List<String>> HOST_ENVIRONMENT =
        Field.of("hostEnvironment", mixed("oci-container-host-environment"), List.of(),
            "Set environment variables in the host environment where docker run or podman run are invoked, "
                + "never on their command line nor in any file: with --env NAME in extraArguments a secret "
                + "reaches the container. Strings NAME=VALUE and pairs, even mixed.")
            .sanitizedBy(Sanitizers.hostEnvironment())
            .secret();
    public static final Field<List<String>> ENVIRONMENT =
        Field.of("environment", mixed("oci-container-environment"), List.of(),
            "Set environment variables inside the container: strings NAME=VALUE and pairs, even mixed.")
            .sanitizedBy(Sanitizers.mixedList("environment", "="));
    /** A string, resolved by the runtime, or an {@link OciImage} record. */
    public static final Field<Object> IMAGE =
        Field.required("image", FieldType.of("string-or-oci-image", OciRecords::isStringOrImage),
            "The image used to build the container. It can be a string or an oci-image record. Strings are "
                + "resolved by the OCI runtime, and follow the usual format myregistry.local:5000/testing/test-image:tag.");
    public static final Field<String> PROVISION =
        Field.maybe("provision", STRING, "Set the name of the provisioned Shepherd service.");
    public static final Field<List<String>> REQUIREMENT = Field.of("requirement", LIST_OF_STRINGS, List.of(),
        "Set additional Shepherd services dependencies to the provisioned Shepherd service.");
    public static final Field<String> LOG_FILE = Field.maybe("logFile", STRING,
        "When set, it names the file to which the service's standard output and standard error are redirected; created if it does not exist, otherwise appended to.");
    public static final Field<Boolean> AUTO_START = Field.of("autoStart", BOOLEAN, true,
        "Whether this service should be started automatically. If false the service has to be started manually with ocidsl start.");
    public static final Field<Boolean> RESPAWN = Field.of("respawn", BOOLEAN, false,
        "Whether to restart the service when it stops, for instance when the underlying process dies.");
    public static final Field<List<Configuration>> SHEPHERD_ACTIONS = Field.of("shepherdActions", LIST, List.of(),
            "A list of shepherd-action records defining actions supported by the service.")
        .sanitizedBy(Sanitizers.listOf("shepherd-actions", Configuration.class, BaseRecords::isShepherdAction,
            "shepherd-action records"));
    public static final Field<String> NETWORK =
        Field.maybe("network", STRING, "Set an OCI network for the spawned container.");
    public static final Field<List<String>> PORTS = Field.of("ports", mixed("oci-container-ports"), List.of(),
            "Set the port or port ranges to expose from the spawned container: strings \"8080:80\" and pairs, even mixed.")
        .sanitizedBy(Sanitizers.mixedList("ports", ":"));
    public static final Field<List<String>> VOLUMES = Field.of("volumes", mixed("oci-container-volumes"), List.of(),
            "Set volume mappings for the spawned container: strings \"/mnt/dir:/dir\" and pairs, even mixed.")
        .sanitizedBy(Sanitizers.mixedList("volumes", ":"));
    public static final Field<String> CONTAINER_USER =
        Field.maybe("containerUser", STRING, "Set the current user inside the spawned container.");
    public static final Field<String> WORKDIR =
        Field.maybe("workdir", STRING, "Set the current working directory for the spawned container.");
    public static final Field<List<String>> EXTRA_ARGUMENTS = Field.of("extraArguments", LIST, List.of(),
            "A list of strings that will be directly passed to the docker run or podman run invocation.")
        .sanitizedBy(Sanitizers.extraArguments());

    public static final Field<Configuration> HEALTH_CHECK = Field.maybe("healthCheck",
        FieldType.record(OciHealthCheck.TYPE),
        "An oci-health-check: the container counts as started once it is healthy. The check is also given to the "
            + "runtime (--health-cmd, …), so that podman ps and docker ps show the health.");
    public static final Field<Boolean> ONE_SHOT = Field.of("oneShot", BOOLEAN, false,
        "Whether the container runs to completion, as a one-shot service: its dependents start after it exited 0.");
    public static final Field<Number> STOP_TIMEOUT = Field.maybe("stopTimeout", FieldType.INTEGER,
            "Seconds a stop waits for the container to end after its stop signal (podman stop -t / docker stop -t), "
                + "before it is killed; the supervisor gives the stop this much time beyond its usual 60 s. Unset, a "
                + "stop removes it at once (rm -f), as Guix does.")
        .sanitizedBy(Sanitizers.atLeastZero("stopTimeout"));
    public static final Field<String> STOP_SIGNAL = Field.maybe("stopSignal", STRING,
            "The signal that asks the container to end (--stop-signal), e.g. SIGINT; it makes a stop graceful, "
                + "as stopTimeout does.")
        .sanitizedBy(Sanitizers.signalName());

    public static final ConfigurationType TYPE =
        ConfigurationType.named("oci-container-configuration")
            .documentation("A container run as a supervised service.")
            .fields(USER, GROUP, COMMAND, ENTRYPOINT, HOST_ENVIRONMENT, ENVIRONMENT, IMAGE, PROVISION, REQUIREMENT,
                LOG_FILE, AUTO_START, RESPAWN, SHEPHERD_ACTIONS, NETWORK, PORTS, VOLUMES, CONTAINER_USER, WORKDIR,
                EXTRA_ARGUMENTS, HEALTH_CHECK, ONE_SHOT, STOP_TIMEOUT, STOP_SIGNAL)
            .build();
  }

  /** {@code oci-network-configuration}: a network to provision. */
  public static final class OciNetwork {
    private OciNetwork() {}

    public static final Field<String> NAME = Field.required("name", STRING, "The name of the OCI network to provision.");
    public static final Field<String> DRIVER = Field.maybe("driver", STRING, "The driver to manage the network.");
    public static final Field<String> GATEWAY = Field.maybe("gateway", STRING, "IPv4 or IPv6 gateway for the subnet.");
    public static final Field<Boolean> INTERNAL =
        Field.of("internal", BOOLEAN, false, "Restrict external access to the network");
    public static final Field<String> IP_RANGE =
        Field.maybe("ipRange", STRING, "Allocate container ip from a sub-range in CIDR format.");
    public static final Field<String> IPAM_DRIVER = Field.maybe("ipamDriver", STRING, "IP Address Management Driver.");
    public static final Field<Boolean> IPV6 = Field.of("ipv6", BOOLEAN, false, "Enable IPv6 networking.");
    public static final Field<String> SUBNET =
        Field.maybe("subnet", STRING, "Subnet in CIDR format that represents a network segment.");
    public static final Field<List<String>> LABELS = labels("network");
    public static final Field<List<String>> EXTRA_ARGUMENTS = extraArguments("network create");

    public static final ConfigurationType TYPE =
        ConfigurationType.named("oci-network-configuration")
            .documentation("An OCI network to provision.")
            .fields(NAME, DRIVER, GATEWAY, INTERNAL, IP_RANGE, IPAM_DRIVER, IPV6, SUBNET, LABELS, EXTRA_ARGUMENTS)
            .build();
  }

  /** {@code oci-volume-configuration}: a volume to provision. */
  public static final class OciVolume {
    private OciVolume() {}

    public static final Field<String> NAME = Field.required("name", STRING, "The name of the OCI volume to provision.");
    public static final Field<List<String>> LABELS = labels("volume");
    public static final Field<List<String>> EXTRA_ARGUMENTS = extraArguments("volume create");

    public static final ConfigurationType TYPE =
        ConfigurationType.named("oci-volume-configuration")
            .documentation("An OCI volume to provision.")
            .fields(NAME, LABELS, EXTRA_ARGUMENTS)
            .build();
  }

  /** {@code oci-configuration}: the OCI service's runtime, and what it provisions. */
  public static final class OciConfiguration {
    private OciConfiguration() {}

    public static final Field<String> RUNTIME =
        Field.of("runtime", FieldType.of("oci-runtime", SUPPORTED_RUNTIMES::contains), "docker",
            "The OCI runtime to use to run commands. It can be either docker or podman.")
            .sanitizedBy(OciRecords::sanitizeRuntime);
    public static final Field<String> RUNTIME_CLI = Field.maybe("runtimeCli", STRING,
        "The OCI runtime command line, the name or absolute file name of a program on the host. "
            + "When unset it is podman for the podman runtime and docker for docker.");
    public static final Field<List<String>> RUNTIME_EXTRA_ARGUMENTS =
        Field.of("runtimeExtraArguments", LIST, List.of(),
            "A list of strings that will be placed after each docker or podman invocation.")
            .sanitizedBy(Sanitizers.extraArguments());
    public static final Field<String> USER = Field.of("user", STRING, "oci-container",
        "The user name under whose authority OCI runtime commands will be run.");
    public static final Field<String> GROUP = Field.maybe("group", STRING,
        "The group name under whose authority OCI commands will be run. When using the podman OCI runtime, "
            + "this field will be ignored and the default group of the user configured in the user field will be used.");
    public static final Field<Configuration> SUBUIDS_RANGE =
        Field.maybe("subuidsRange", FieldType.record(BaseRecords.SubidRange.TYPE),
            "An optional subid-range record allocating subuids for the user from the user field. When unset, "
                + "with the rootless Podman OCI runtime, it defaults to subidRange { name 'oci-container' }.");
    public static final Field<Configuration> SUBGIDS_RANGE =
        Field.maybe("subgidsRange", FieldType.record(BaseRecords.SubidRange.TYPE),
            "An optional subid-range record allocating subgids for the user from the user field. When unset, "
                + "with the rootless Podman OCI runtime, it defaults to subidRange { name 'oci-container' }.");
    public static final Field<List<Configuration>> CONTAINERS = records("containers", OciContainer.TYPE,
        "The containers to provision. The use of ociExtension should be preferred for most cases.");
    public static final Field<List<Configuration>> NETWORKS = records("networks", OciNetwork.TYPE,
        "The networks to provision. The use of ociExtension should be preferred for most cases.");
    public static final Field<List<Configuration>> VOLUMES = records("volumes", OciVolume.TYPE,
        "The volumes to provision. The use of ociExtension should be preferred for most cases.");
    public static final Field<Boolean> VERBOSE = Field.of("verbose", BOOLEAN, false,
        "When true, additional output will be printed, allowing to better follow the flow of execution.");
    public static final Field<Boolean> HOME_SERVICE = Field.of("homeService", BOOLEAN, false,
        "Internal: whether this configuration is used for a user's home services rather than the system.");

    public static final ConfigurationType TYPE =
        ConfigurationType.named("oci-configuration")
            .documentation("The configuration of the OCI service: its runtime, and the containers, networks and volumes to provision.")
            .fields(RUNTIME, RUNTIME_CLI, RUNTIME_EXTRA_ARGUMENTS, USER, GROUP, SUBUIDS_RANGE, SUBGIDS_RANGE,
                CONTAINERS, NETWORKS, VOLUMES, VERBOSE, HOME_SERVICE)
            .build();
  }

  /** {@code oci-extension}: what a service adds to the OCI service. */
  public static final class OciExtension {
    private OciExtension() {}

    public static final Field<List<Configuration>> CONTAINERS =
        records("containers", OciContainer.TYPE, "The containers to add.");
    public static final Field<List<Configuration>> NETWORKS =
        records("networks", OciNetwork.TYPE, "The networks to add.");
    public static final Field<List<Configuration>> VOLUMES =
        records("volumes", OciVolume.TYPE, "The volumes to add.");

    public static final ConfigurationType TYPE =
        ConfigurationType.named("oci-extension")
            .documentation("Containers, networks and volumes that a service adds to the OCI service.")
            .fields(CONTAINERS, NETWORKS, VOLUMES)
            .build();
  }

  private static FieldType<Object> mixed(String name) {
    return FieldType.of(name, v -> v instanceof List<?>);
  }

  private static Field<List<String>> labels(String object) {
    return Field.of("labels", mixed("oci-object-labels"), List.of(),
            "The list of labels that will be used to tag the current " + object + ".")
        .sanitizedBy(Sanitizers.mixedList("labels", "="));
  }

  private static Field<List<String>> extraArguments(String command) {
    return Field.of("extraArguments", LIST, List.of(),
            "A list of strings that will be directly passed to the docker " + command + " or podman " + command + " invocation.")
        .sanitizedBy(Sanitizers.extraArguments());
  }

  private static Field<List<Configuration>> records(String name, ConfigurationType type, String doc) {
    return Field.of(name, FieldType.of("list-of-" + type.name() + "s", v -> v instanceof List<?>), List.of(), doc)
        .sanitizedBy(Sanitizers.listOfRecords(name, type));
  }

  static boolean isStringOrImage(Object v) {
    return v instanceof String || (v instanceof Configuration c && c.type() == OciImage.TYPE);
  }

  private static String sanitizeRuntime(Object value) {
    if (!(value instanceof String runtime && SUPPORTED_RUNTIMES.contains(runtime))) {
      throw new IllegalArgumentException(
          "OCI runtime must be one of (docker podman), but " + Values.displayed(value) + " was found");
    }
    return runtime;
  }

  /** An image's value; {@code localFile('image.tar')}, Guix's file-like archive, is {@code tarball('image.tar')}. */
  private static ImageContent sanitizeImageValue(Object value) {
    if (value instanceof FileLike file) {
      return ImageContent.tarball(file.source().orElseThrow(() -> new IllegalArgumentException(
          "an image's value may be localFile('ARCHIVE'), an image archive, but not a plainFile, which holds text")));
    }
    if (!(value instanceof ImageContent content)) {
      throw new IllegalArgumentException("invalid value " + Values.written(value) + " for field 'value'");
    }
    return content;
  }

  private static Map<String, Object> sanitizePackOptions(Object value) {
    if (!(value instanceof Map<?, ?> options)) {
      throw new IllegalArgumentException("invalid value " + Values.written(value) + " for field 'packOptions'");
    }
    Map<String, Object> result = new LinkedHashMap<>();
    options.forEach((key, option) -> {
      if (!(key instanceof String name && PACK_OPTION_KEYS.contains(name))) {
        throw new IllegalArgumentException("unknown pack option '" + key + "'; expected one of " + String.join(", ", PACK_OPTION_KEYS));
      }
      result.put(name, option);
    });
    return result;
  }
}
