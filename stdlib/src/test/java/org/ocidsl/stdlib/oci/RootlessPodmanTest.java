package org.ocidsl.stdlib.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ocidsl.stdlib.TestRecords.record;
import static org.ocidsl.stdlib.oci.OciFixtures.extensionValue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ocidsl.engine.config.Configuration;
import org.ocidsl.engine.generation.EtcFile;
import org.ocidsl.engine.generation.PamLimit;
import org.ocidsl.engine.generation.RequiredProgram;
import org.ocidsl.engine.generation.SubidRange;
import org.ocidsl.engine.generation.UserGroup;
import org.ocidsl.engine.shell.Script;
import org.ocidsl.engine.shell.Shell;
import org.ocidsl.engine.shepherd.ShepherdService;
import org.ocidsl.stdlib.base.BaseRecords;
import org.ocidsl.stdlib.base.BaseServices;
import org.ocidsl.stdlib.base.BaseServices.SubidsExtension;

/**
 * {@code rootless-podman-service-type}: what each of the seed's {@code rootless-podman-service-*}
 * procedures contributes, through the service type's own extensions.
 */
class RootlessPodmanTest {

  private static Configuration rootlessPodman(Object... fieldsAndValues) {
    return record(RootlessPodman.RootlessPodmanConfiguration.TYPE, fieldsAndValues);
  }

  @Test
  void rootlessPodmanServiceSubids_theConfiguredRanges() {
    Configuration config = rootlessPodman(
        "subuids", List.of(record(BaseRecords.SubidRange.TYPE, "name", "alice", "start", 100000)),
        "subgids", List.of(record(BaseRecords.SubidRange.TYPE, "name", "alice"), record(BaseRecords.SubidRange.TYPE, "name", "bob")));
    assertEquals(new SubidsExtension(
            List.of(new SubidRange("alice", 100000L, SubidRange.DEFAULT_COUNT)),
            List.of(SubidRange.of("alice"), SubidRange.of("bob"))),
        extensionValue(RootlessPodman.TYPE, BaseServices.SUBIDS, config));
    assertEquals(SubidsExtension.EMPTY, extensionValue(RootlessPodman.TYPE, BaseServices.SUBIDS, rootlessPodman()));
  }

  @Test
  void rootlessPodmanServiceAccounts_theSystemGroupOwningTheCgroups() {
    assertEquals(List.of(new UserGroup("cgroup", true)),
        extensionValue(RootlessPodman.TYPE, BaseServices.ACCOUNT, rootlessPodman()));
    assertEquals(List.of(new UserGroup("podmen", true)),
        extensionValue(RootlessPodman.TYPE, BaseServices.ACCOUNT, rootlessPodman("groupName", "podmen")));
  }

  @Test
  void rootlessPodmanServiceProfile_podmanUnlessFalse() {
    assertEquals(List.of(new RequiredProgram("podman", "podman")),
        extensionValue(RootlessPodman.TYPE, BaseServices.PROFILE, rootlessPodman()));
    assertEquals(List.of(), extensionValue(RootlessPodman.TYPE, BaseServices.PROFILE, rootlessPodman("podman", false)));
  }

  @Test
  void rootlessPodmanServiceEtc_theThreeContainersFiles() {
    List<?> files = (List<?>) extensionValue(RootlessPodman.TYPE, BaseServices.ETC, rootlessPodman());
    assertEquals(List.of("containers/registries.conf", "containers/storage.conf", "containers/policy.json"),
        files.stream().map(f -> ((EtcFile) f).path()).toList());
  }

  @Test
  void rootlessPodmanConfigurationPamLimits_nofileByDefault() {
    assertEquals(List.of(new PamLimit("*", "both", "nofile", "100000")),
        extensionValue(RootlessPodman.TYPE, BaseServices.PAM_LIMITS, rootlessPodman()));
  }

  @Test
  void rootlessPodmanShepherdServices_threeOneShotsInTheSeedsOrder() {
    List<ShepherdService> services = RootlessPodman.shepherdServices(rootlessPodman());
    assertEquals(List.of("rootless-podman-shared-root-fs", "cgroups2-limits", "cgroups2-fs-owner"),
        services.stream().map(ShepherdService::name).toList());
    assertTrue(services.stream().allMatch(ShepherdService::oneShot));
    assertEquals(List.of("user-processes"), services.get(0).requirement());
    assertEquals(List.of("user-processes", "dbus-system", "elogind", "networking", "udev",
        "file-system-/sys/fs/cgroup", "rootless-podman-shared-root-fs"), services.get(1).requirement());
    assertEquals(List.of("user-processes", "dbus-system", "elogind", "file-system-/sys/fs/cgroup",
        "networking", "udev", "cgroups2-limits"), services.get(2).requirement());
  }

  @Test
  void rootlessPodmanSharedRootFsService_makesTheRootMountShared() {
    assertEquals(Script.run(List.of("mount", "--make-shared", "/")),
        RootlessPodman.shepherdServices(rootlessPodman()).get(0).start());
  }

  @Test
  void rootlessPodmanCgroupsFsOwnerService_givesTheCgroupsToTheGroup() {
    List<String> start = RootlessPodman.shepherdServices(rootlessPodman("groupName", "podmen")).get(2).start().lines();
    assertTrue(start.contains(Shell.command(List.of("chown", "-v", "root:podmen", "/sys/fs/cgroup"))), start::toString);
    assertTrue(start.contains(Shell.command(List.of("chown", "-v", "root:podmen", "/sys/fs/cgroup/cgroup.procs",
        "/sys/fs/cgroup/cgroup.subtree_control", "/sys/fs/cgroup/cgroup.threads"))), start::toString);
  }
}
