package org.ocidsl.stdlib.oci;

import static org.ocidsl.engine.config.FieldType.LIST;
import static org.ocidsl.engine.config.FieldType.STRING;

import java.util.List;
import org.ocidsl.engine.FileLike;
import org.ocidsl.engine.config.Configuration;
import org.ocidsl.engine.config.ConfigurationType;
import org.ocidsl.engine.config.Field;
import org.ocidsl.engine.config.FieldType;
import org.ocidsl.engine.config.Sanitizer;
import org.ocidsl.engine.generation.EtcFile;
import org.ocidsl.engine.generation.PamLimit;
import org.ocidsl.engine.generation.RequiredProgram;
import org.ocidsl.engine.generation.UserGroup;
import org.ocidsl.engine.service.ServiceType;
import org.ocidsl.engine.shell.Script;
import org.ocidsl.engine.shell.Shell;
import org.ocidsl.engine.shepherd.ShepherdService;
import org.ocidsl.stdlib.Sanitizers;
import org.ocidsl.stdlib.base.BaseRecords;
import org.ocidsl.stdlib.base.BaseServices.SubidsExtension;
import org.ocidsl.stdlib.base.BaseServices;

/**
 * {@code rootless-podman-service-type} (seeds 000 and 004): the cgroup group, subids, PAM limits,
 * the containers configuration files, and the one-shots preparing the host for rootless podman.
 */
public final class RootlessPodman {
  private RootlessPodman() {}

  public static final String DEFAULT_REGISTRIES =
      "unqualified-search-registries = ['docker.io','registry.fedora.org','registry.opensuse.org']";
  /**
   * The seed's storage.conf, plus the run and graph roots that podman on Debian requires once
   * /etc/containers/storage.conf exists (Guix's podman has them built in): without them every
   * rootful podman command fails with "runroot must be set". Rootless podman keeps its own.
   */
  public static final String DEFAULT_STORAGE =
      "[storage]\ndriver = \"overlay\"\nrunroot = \"/run/containers/storage\"\ngraphroot = \"/var/lib/containers/storage\"";
  public static final String DEFAULT_POLICY = "{\"default\": [{\"type\": \"insecureAcceptAnything\"}]}";

  /**
   * {@code rootless-podman-configuration}: rootless Podman on the host. What its fields need is
   * here, not in the outer class, whose service type needs this class initialized first.
   */
  public static final class RootlessPodmanConfiguration {
    private RootlessPodmanConfiguration() {}

    /**
     * The type of the containers files, the seed's {@code lowerable}: a file-like value, or a
     * string, here the file's content (a string that reads as a path is refused, pointing at
     * localFile).
     */
    private static final FieldType<Object> FILE_LIKE_OR_CONTENT =
        FieldType.of("file-like-or-string", v -> v instanceof FileLike || v instanceof String);

    /** The program's name, or {@code false}. */
    public static final Field<Object> PODMAN =
        Field.of("podman", FieldType.of("program-or-false", v -> v instanceof String || Boolean.FALSE.equals(v)),
            "podman", "The Podman program the system needs on the host; false suppresses the check.");
    public static final Field<String> GROUP_NAME = Field.of("groupName", STRING, "cgroup",
        "The name of the group that will own /sys/fs/cgroup resources. Users that want to use rootless Podman have to be in this group.");
    public static final Field<FileLike> CONTAINERS_REGISTRIES =
        Field.of("containersRegistries", FILE_LIKE_OR_CONTENT, FileLike.plain("registries.conf", DEFAULT_REGISTRIES),
            "Podman's containers/registries.conf configuration file: plainFile('registries.conf', CONTENT), "
                + "localFile('PATH'), or its content as a string.")
            .sanitizedBy(Sanitizers.fileLike("containersRegistries", "registries.conf", true));
    public static final Field<FileLike> CONTAINERS_STORAGE =
        Field.of("containersStorage", FILE_LIKE_OR_CONTENT, FileLike.plain("storage.conf", DEFAULT_STORAGE),
            "Podman's containers/storage.conf configuration file: plainFile('storage.conf', CONTENT), "
                + "localFile('PATH'), or its content as a string.")
            .sanitizedBy(Sanitizers.fileLike("containersStorage", "storage.conf", true));
    public static final Field<FileLike> CONTAINERS_POLICY =
        Field.of("containersPolicy", FILE_LIKE_OR_CONTENT, FileLike.plain("policy.json", DEFAULT_POLICY),
            "Podman's containers/policy.json configuration file: plainFile('policy.json', CONTENT), "
                + "localFile('PATH'), or its content as a string.")
            .sanitizedBy(Sanitizers.fileLike("containersPolicy", "policy.json", true));
    public static final Field<List<PamLimit>> PAM_LIMITS =
        Field.of("pamLimits", LIST, List.of(new PamLimit("*", "both", "nofile", "100000")),
            "The PAM limits to be set for rootless Podman (pamLimitsEntry records).")
            .sanitizedBy(Sanitizers.listOf("pam-limits", PamLimit.class, v -> true, "pam-limits-entry records"));
    public static final Field<List<Configuration>> SUBGIDS = Field.of("subgids", LIST, List.of(),
            "A list of subid ranges representing the subgids that will be available for each configured user.")
        .sanitizedBy(subidRanges("subgids"));
    public static final Field<List<Configuration>> SUBUIDS = Field.of("subuids", LIST, List.of(),
            "A list of subid ranges representing the subuids that will be available for each configured user.")
        .sanitizedBy(subidRanges("subuids"));

    public static final ConfigurationType TYPE =
        ConfigurationType.named("rootless-podman-configuration")
            .documentation("The configuration of rootless Podman on the host.")
            .fields(PODMAN, GROUP_NAME, CONTAINERS_REGISTRIES, CONTAINERS_STORAGE, CONTAINERS_POLICY, PAM_LIMITS,
                SUBGIDS, SUBUIDS)
            .build();

    private static Sanitizer<List<Configuration>> subidRanges(String name) {
      Sanitizer<List<Configuration>> members = Sanitizers.listOf(
          name, Configuration.class, c -> c.type() == BaseRecords.SubidRange.TYPE, "subid-range records");
      return value -> {
        List<Configuration> ranges = members.sanitize(value);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Configuration r : ranges) {
          String rangeName = r.get(BaseRecords.SubidRange.NAME);
          if (!seen.add(rangeName)) {
            throw new IllegalArgumentException("Duplicated subid-range: " + rangeName
                + ". subid-ranges names should be unique, please remove the duplicate.");
          }
        }
        return ranges;
      };
    }
  }

  public static final ServiceType TYPE =
      ServiceType.named("rootless-podman")
          .extension(BaseServices.SUBIDS, c -> subids((Configuration) c))
          .extension(BaseServices.ACCOUNT,
              c -> List.of(new UserGroup(((Configuration) c).get(RootlessPodmanConfiguration.GROUP_NAME), true)))
          .extension(BaseServices.PROFILE, c -> profile((Configuration) c))
          .extension(BaseServices.SHEPHERD_ROOT, c -> shepherdServices((Configuration) c))
          .extension(BaseServices.PAM_LIMITS, c -> ((Configuration) c).get(RootlessPodmanConfiguration.PAM_LIMITS))
          .extension(BaseServices.ETC, c -> etc((Configuration) c))
          .defaultValue(RootlessPodmanConfiguration.TYPE.defaults())
          .description("This service configures rootless podman on the host.")
          .build();

  static SubidsExtension subids(Configuration c) {
    return new SubidsExtension(
        c.get(RootlessPodmanConfiguration.SUBUIDS).stream().map(BaseRecords::subidRange).toList(),
        c.get(RootlessPodmanConfiguration.SUBGIDS).stream().map(BaseRecords::subidRange).toList());
  }

  static List<RequiredProgram> profile(Configuration c) {
    Object podman = c.get(RootlessPodmanConfiguration.PODMAN);
    return podman instanceof String program ? List.of(new RequiredProgram(program, "podman")) : List.of();
  }

  static List<EtcFile> etc(Configuration c) {
    return List.of(
        new EtcFile("containers/registries.conf", c.get(RootlessPodmanConfiguration.CONTAINERS_REGISTRIES).content()),
        new EtcFile("containers/storage.conf", c.get(RootlessPodmanConfiguration.CONTAINERS_STORAGE).content()),
        new EtcFile("containers/policy.json", c.get(RootlessPodmanConfiguration.CONTAINERS_POLICY).content()));
  }

  /**
   * Lines that end the script successfully, saying why, on a host whose /sys/fs/cgroup is not a
   * cgroup v2 file system (cgroup v1 or hybrid): there is nothing to set up and containers must
   * not be blocked.
   */
  private static void unlessCgroup2(Script.Builder script, String service) {
    script.raw("if ! grep -qs '^cgroup2 /sys/fs/cgroup ' /proc/mounts; then")
        .raw("  printf '%s\\n' " + Shell.quote(service
            + ": /sys/fs/cgroup is not a cgroup v2 file system (cgroup v1 or hybrid host): nothing to do"))
        .raw("  exit 0")
        .raw("fi");
  }

  static List<ShepherdService> shepherdServices(Configuration c) {
    String group = c.get(RootlessPodmanConfiguration.GROUP_NAME);
    ShepherdService sharedRoot = ShepherdService.builder("rootless-podman-shared-root-fs")
        .requirement(List.of("user-processes"))
        .oneShot(true)
        .respawn(false)
        .documentation("Buildah/Podman running as rootless expects the bind mount to be shared. This service sets it so.")
        .start(Script.run(List.of("mount", "--make-shared", "/")))
        .build();

    Script.Builder limits = Script.builder();
    unlessCgroup2(limits, "cgroups2-limits");
    limits.print("Setting cgroups v2 limits")
        .raw("echo '+cpu +cpuset +io +memory +pids' >> /sys/fs/cgroup/cgroup.subtree_control");
    ShepherdService cgroupsLimits = ShepherdService.builder("cgroups2-limits")
        .requirement(List.of("user-processes", "dbus-system", "elogind", "networking", "udev",
            "file-system-/sys/fs/cgroup", "rootless-podman-shared-root-fs"))
        .oneShot(true)
        .respawn(false)
        .documentation("Allow setting cgroups limits: cpu, cpuset, io, memory and pids.")
        .start(limits.build())
        .build();

    String owner = "root:" + group;
    Script.Builder fsOwner = Script.builder();
    unlessCgroup2(fsOwner, "cgroups2-fs-owner");
    fsOwner.print("Setting /sys/fs/cgroup group ownership to " + group)
        .run(List.of("chown", "-v", owner, "/sys/fs/cgroup"))
        .run(List.of("chmod", "-v", "775", "/sys/fs/cgroup"))
        .run(List.of("chown", "-v", owner, "/sys/fs/cgroup/cgroup.procs", "/sys/fs/cgroup/cgroup.subtree_control",
            "/sys/fs/cgroup/cgroup.threads"))
        .run(List.of("chmod", "-v", "664", "/sys/fs/cgroup/cgroup.procs", "/sys/fs/cgroup/cgroup.subtree_control",
            "/sys/fs/cgroup/cgroup.threads"));
    ShepherdService cgroupsOwner = ShepherdService.builder("cgroups2-fs-owner")
        .requirement(List.of("user-processes", "dbus-system", "elogind", "file-system-/sys/fs/cgroup",
            "networking", "udev", "cgroups2-limits"))
        .oneShot(true)
        .respawn(false)
        .documentation("Set ownership of /sys/fs/cgroup to the configured group.")
        .start(fsOwner.build())
        .build();
    return List.of(sharedRoot, cgroupsLimits, cgroupsOwner);
  }
}
