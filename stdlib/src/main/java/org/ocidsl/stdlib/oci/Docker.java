package org.ocidsl.stdlib.oci;

import static org.ocidsl.engine.config.FieldType.BOOLEAN;
import static org.ocidsl.engine.config.FieldType.LIST_OF_STRINGS;
import static org.ocidsl.engine.config.FieldType.STRING;

import java.util.ArrayList;
import java.util.List;
import org.ocidsl.engine.Diagnostics;
import org.ocidsl.engine.FileLike;
import org.ocidsl.engine.config.Configuration;
import org.ocidsl.engine.config.ConfigurationType;
import org.ocidsl.engine.config.Field;
import org.ocidsl.engine.config.FieldType;
import org.ocidsl.engine.generation.Generation;
import org.ocidsl.engine.generation.GenerationStore;
import org.ocidsl.engine.generation.RequiredProgram;
import org.ocidsl.engine.generation.UserAccount;
import org.ocidsl.engine.generation.UserGroup;
import org.ocidsl.engine.service.ServiceType;
import org.ocidsl.engine.shell.Script;
import org.ocidsl.engine.shell.Shell;
import org.ocidsl.engine.shepherd.ShepherdService;
import org.ocidsl.stdlib.Sanitizers;
import org.ocidsl.stdlib.base.BaseServices;
import org.ocidsl.stdlib.oci.OciRecords.OciContainer;

/**
 * {@code docker-service-type}, {@code containerd-service-type} and the deprecated {@code
 * oci-container-service-type} (seeds/gnu-services-docker.scm).
 */
public final class Docker {
  private Docker() {}

  public static final String DOCKER_PID_FILE = "/var/run/docker.pid";
  public static final String DOCKER_LOG_FILE = "/var/log/docker.log";
  public static final String DOCKER_SOCKET = "/var/run/docker.sock";
  public static final String CONTAINERD_SOCKET = "/run/containerd/containerd.sock";
  public static final String CONTAINERD_LOG_FILE = "/var/log/containerd.log";
  public static final String CONTAINERD_PID_FILE = "/run/containerd/containerd.pid";
  /** Seconds containerd may take to answer, as the seed's {@code #:pid-file-timeout}. */
  public static final int CONTAINERD_PID_FILE_TIMEOUT = 300;

  /** {@code docker-configuration}: the Docker daemon. */
  public static final class DockerConfiguration {
    private DockerConfiguration() {}

    public static final Field<String> DOCKER = Field.of("docker", STRING, "dockerd", "The Docker daemon program.");
    public static final Field<String> DOCKER_CLI =
        Field.of("dockerCli", STRING, "docker", "The Docker client program.");
    public static final Field<String> CONTAINERD =
        Field.of("containerd", STRING, "containerd", "Deprecated.  Do not use.");
    public static final Field<String> PROXY = Field.of("proxy", STRING, "/usr/sbin/docker-proxy",
        "The proxy program to support inter-container and outside-container loop-back communications.");
    public static final Field<Boolean> ENABLE_PROXY =
        Field.of("enableProxy", BOOLEAN, true, "Enable or disable the user-land proxy (enabled by default).");
    public static final Field<Boolean> DEBUG = Field.of("debug", BOOLEAN, false, "Enable or disable debug output.");
    public static final Field<Boolean> ENABLE_IPTABLES =
        Field.of("enableIptables", BOOLEAN, true, "Enable addition of iptables rules (enabled by default).");
    public static final Field<List<String>> ENVIRONMENT_VARIABLES =
        Field.of("environmentVariables", LIST_OF_STRINGS, List.of(), "Environment variables to set for dockerd");
    public static final Field<FileLike> CONFIG_FILE =
        Field.maybe("configFile", FieldType.of("file-like", v -> v instanceof FileLike),
                "JSON configuration file to pass to dockerd: plainFile('daemon.json', CONTENT) or localFile('PATH').")
            .sanitizedBy(Sanitizers.fileLike("configFile", "daemon.json", false));
    public static final Field<Boolean> EXTERNAL = Field.of("external", BOOLEAN, false,
        "When true, the host's own init system runs dockerd: the dockerd service starts no daemon and only "
            + "waits until the daemon answers on its socket (see externalSocket).");
    public static final Field<String> EXTERNAL_SOCKET = Field.of("externalSocket", STRING, DOCKER_SOCKET,
        "With external, the socket on which the host's dockerd answers.");

    public static final ConfigurationType TYPE =
        ConfigurationType.named("docker-configuration")
            .documentation("The configuration of the Docker daemon.")
            .fields(DOCKER, DOCKER_CLI, CONTAINERD, PROXY, ENABLE_PROXY, DEBUG, ENABLE_IPTABLES, ENVIRONMENT_VARIABLES,
                CONFIG_FILE, EXTERNAL, EXTERNAL_SOCKET)
            .build();
  }

  /** {@code containerd-configuration}: the containerd daemon. */
  public static final class ContainerdConfiguration {
    private ContainerdConfiguration() {}

    public static final Field<String> CONTAINERD =
        Field.of("containerd", STRING, "containerd", "The containerd program.");
    public static final Field<Boolean> DEBUG = Field.of("debug", BOOLEAN, false, "Enable or disable debug output.");
    public static final Field<List<String>> ENVIRONMENT_VARIABLES = Field.of("environmentVariables", LIST_OF_STRINGS,
        List.of(), "Environment variables to set for containerd.");

    public static final ConfigurationType TYPE =
        ConfigurationType.named("containerd-configuration")
            .documentation("The configuration of the containerd daemon.")
            .fields(CONTAINERD, DEBUG, ENVIRONMENT_VARIABLES)
            .build();
  }

  public static final ServiceType CONTAINERD =
      ServiceType.named("containerd")
          .description("Run containerd container runtime.")
          .extension(BaseServices.PROFILE, c -> List.of(new RequiredProgram("ctr", "containerd")))
          .extension(BaseServices.SHEPHERD_ROOT, c -> List.of(containerdService((Configuration) c)))
          .extension(BaseServices.ACTIVATION, c -> List.of("/var/lib/containerd"))
          .defaultValue(ContainerdConfiguration.TYPE.defaults())
          .build();

  public static final ServiceType DOCKER =
      ServiceType.named("docker")
          .description("Provide capability to run Docker application bundles in Docker containers.")
          .extension(BaseServices.PROFILE,
              c -> List.of(new RequiredProgram(((Configuration) c).get(DockerConfiguration.DOCKER_CLI), "docker.io")))
          .extension(BaseServices.ACTIVATION, c -> List.of("/var/lib/containerd", "/var/lib/docker"))
          .extension(BaseServices.SHEPHERD_ROOT, c -> List.of(dockerService((Configuration) c)))
          .extension(BaseServices.ACCOUNT, c -> List.of(new UserGroup("docker", true)))
          .defaultValue(DockerConfiguration.TYPE.defaults())
          .build();

  /**
   * How the deprecated service runs docker: as oci-container:docker, with the image references as
   * written (the seed's docker.scm prepends no {@code localhost/}).
   */
  private static final OciService.RuntimeState DEPRECATED_RUNTIME = new OciService.RuntimeState(
      "docker", "docker", "oci-container", "docker", List.of(), List.of(), false, false);

  public static final ServiceType OCI_CONTAINER =
      ServiceType.named("oci-container")
          .extension(BaseServices.PROFILE, c -> List.of(new RequiredProgram("docker", "docker.io")))
          .extension(BaseServices.ACCOUNT, c -> List.of(new UserAccount("oci-container", "docker", List.of(),
              "OCI services account", "/var/empty", false, "/usr/sbin/nologin", true)))
          .extension(BaseServices.SHEPHERD_ROOT, c -> deprecatedContainerServices(BaseServices.castList(c)))
          .extension(BaseServices.SYSTEM, c -> OciService.images(DEPRECATED_RUNTIME, BaseServices.castList(c)))
          .compose(BaseServices::concatenate)
          .extend((initial, more) -> BaseServices.append(BaseServices.castList(initial), BaseServices.castList(more)))
          .defaultValue(List.of())
          .description("This service allows the management of OCI containers as Shepherd services.")
          .build();

  /** Where Singularity 2.6 mounts its containers, created 0755 as its install hook does. */
  public static final List<String> SINGULARITY_DIRECTORIES = List.of(
      "/var/singularity/mnt/container", "/var/singularity/mnt/final", "/var/singularity/mnt/overlay",
      "/var/singularity/mnt/session");

  /**
   * {@code singularity-service-type}: Singularity's mount directories, and its three helpers,
   * which must be installed setuid root. Debian has no Singularity package: the helpers are
   * listed in the generation (privilegedPrograms), not run or checked.
   */
  public static final ServiceType SINGULARITY =
      ServiceType.named("singularity")
          .description("Install the Singularity application bundle tool.")
          .extension(BaseServices.ACTIVATION, prefix -> SINGULARITY_DIRECTORIES)
          .extension(BaseServices.SYSTEM, prefix -> Generation.EMPTY.withPrivilegedPrograms(List.of(
              prefix + "/libexec/singularity/bin/action-suid",
              prefix + "/libexec/singularity/bin/mount-suid",
              prefix + "/libexec/singularity/bin/start-suid")))
          .defaultValue("/usr")
          .build();

  /**
   * containerd, as the seed runs it: with {@code PATH} the directory of the containerd program
   * (where its shims are), unless the user's variables set one, and started once its PID file
   * names it, within 300 s. containerd writes no PID file of its own (Debian's 1.6 does not): a
   * watcher of the launcher's writes it once containerd answers on its socket, so that dockerd,
   * which requires containerd, never starts before that socket does.
   */
  static ShepherdService containerdService(Configuration c) {
    String program = c.get(ContainerdConfiguration.CONTAINERD);
    List<String> argv = new ArrayList<>(List.of(program));
    if (c.get(ContainerdConfiguration.DEBUG)) {
      argv.add("--log-level=debug");
    }
    List<String> environment = c.get(ContainerdConfiguration.ENVIRONMENT_VARIABLES);
    // $$ is the launcher's PID, which exec makes containerd's.
    Script.Builder start = Script.builder()
        .raw("(")
        .raw("  until " + Shell.command(List.of("ctr", "--address", CONTAINERD_SOCKET, "version")) + " >/dev/null 2>&1; do")
        .raw("    kill -0 $$ 2>/dev/null || exit 0")
        .raw("    sleep 0.1")
        .raw("  done")
        .raw("  printf '%s\\n' $$ > " + Shell.quote(CONTAINERD_PID_FILE))
        .raw(") &");
    if (environment.stream().noneMatch(v -> v.startsWith("PATH="))) {
      start.raw("containerd=$(command -v " + Shell.quote(program) + ") || {")
          .raw("  printf '%s\\n' " + Shell.quote("containerd: " + program + " not found") + " >&2")
          .raw("  exit 127")
          .raw("}")
          .raw("PATH=$(dirname \"$containerd\")")
          .raw("export PATH");
    }
    return ShepherdService.builder("containerd")
        .documentation("containerd daemon.")
        .start(start.exec(argv).build())
        .environmentVariables(environment)
        .pidFile(CONTAINERD_PID_FILE, CONTAINERD_PID_FILE_TIMEOUT)
        .logFile(CONTAINERD_LOG_FILE)
        .build();
  }

  static ShepherdService dockerService(Configuration c) {
    ShepherdService.Builder service = ShepherdService.builder("dockerd")
        .documentation("Docker daemon.")
        .requirement(List.of("containerd", "dbus-system", "elogind", "file-system-/sys/fs/cgroup", "networking", "udev"));
    if (c.get(DockerConfiguration.EXTERNAL)) {
      String socket = c.get(DockerConfiguration.EXTERNAL_SOCKET);
      Script wait = Script.builder()
          .raw("i=0")
          .raw("until "
              + Shell.command(List.of(c.get(DockerConfiguration.DOCKER_CLI), "-H", "unix://" + socket, "version"))
              + " >/dev/null 2>&1; do")
          .raw("  i=$((i + 1))")
          .raw("  if [ \"$i\" -ge 600 ]; then")
          .raw("    printf '%s\\n' " + Shell.quote("dockerd does not answer on " + socket + " after 60 s") + " >&2")
          .raw("    exit 1")
          .raw("  fi")
          .raw("  sleep 0.1")
          .raw("done")
          .print("dockerd answers on " + socket + ".")
          .build();
      // The host's dockerd has its own containerd: only the host's milestones are required.
      return service.oneShot(true).respawn(false)
          .requirement(List.of("dbus-system", "elogind", "file-system-/sys/fs/cgroup", "networking", "udev"))
          .documentation("Docker daemon run by the host's own init system, on " + socket + ".")
          .start(wait).build();
    }
    Script.Builder start = Script.builder();
    List<String> argv = new ArrayList<>(List.of(c.get(DockerConfiguration.DOCKER), "-p", DOCKER_PID_FILE));
    // The seed passes the store file: ours is in the generation, found from the launcher's path.
    String configFile = "";
    List<FileLike> files = new ArrayList<>();
    if (c.isSet(DockerConfiguration.CONFIG_FILE)) {
      FileLike file = c.get(DockerConfiguration.CONFIG_FILE);
      files.add(file);
      GenerationStore.locate(start);
      start.raw("config_file=\"$generation\"/" + Shell.quote(file.generationPath()));
      configFile = " \"--config-file=$config_file\"";
    }
    List<String> options = new ArrayList<>();
    if (c.get(DockerConfiguration.DEBUG)) {
      options.addAll(List.of("--debug", "--log-level=debug"));
    }
    if (c.get(DockerConfiguration.ENABLE_PROXY)) {
      options.addAll(List.of("--userland-proxy=true", "--userland-proxy-path=" + c.get(DockerConfiguration.PROXY)));
    } else {
      options.add("--userland-proxy=false");
    }
    options.add(c.get(DockerConfiguration.ENABLE_IPTABLES) ? "--iptables" : "--iptables=false");
    options.addAll(List.of("--containerd", CONTAINERD_SOCKET));
    start.raw("exec " + Shell.command(argv) + configFile + " " + Shell.command(options));
    return service.start(start.build())
        .files(files)
        .environmentVariables(c.get(DockerConfiguration.ENVIRONMENT_VARIABLES))
        .pidFile(DOCKER_PID_FILE, ShepherdService.DEFAULT_PID_FILE_TIMEOUT)
        .logFile(DOCKER_LOG_FILE)
        .build();
  }

  /** The deprecated service: docker only, user oci-container, group docker, no --replace. */
  static List<ShepherdService> deprecatedContainerServices(List<Configuration> containers) {
    Diagnostics.warnOnce(containers.isEmpty() ? null : containers.get(0).location(),
        "'oci-container-service-type' is deprecated; use 'ociServiceType' instead");
    List<ShepherdService> services = new ArrayList<>();
    for (Configuration c : containers) {
      ShepherdService modern = OciService.containerService(DEPRECATED_RUNTIME, c, false, false, false);
      List<String> requirement = new ArrayList<>(List.of("dockerd", "user-processes"));
      requirement.addAll(c.get(OciContainer.REQUIREMENT));
      boolean built = c.get(OciContainer.IMAGE) instanceof Configuration;
      services.add(modern.toBuilder()
          .requirement(requirement)
          // The seed's deprecated service has only the pull action, and the user's, for string images.
          .actions(built ? List.of() : modern.actions().stream().filter(a -> !a.name().equals("command-line")).toList())
          .build());
    }
    return services;
  }
}
