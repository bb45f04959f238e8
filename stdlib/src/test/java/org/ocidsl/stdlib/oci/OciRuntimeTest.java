package org.ocidsl.stdlib.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.ocidsl.stdlib.oci.OciFixtures.configuration;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.generation.RequiredProgram;
import org.ocidsl.stdlib.oci.OciRecords.OciConfiguration;

/**
 * The seed's {@code oci-runtime-*} procedures and {@code oci-configuration->oci-runtime-state}:
 * what every command of a configuration shares.
 */
class OciRuntimeTest {

  @Test
  void ociRuntime_isDockerByDefaultAndOnlyDockerOrPodman() {
    assertEquals("docker", configuration().get(OciConfiguration.RUNTIME));
    OcidslException e = assertThrows(OcidslException.class, () -> configuration("runtime", "crio"));
    assertEquals("OCI runtime must be one of (docker podman), but crio was found", e.getMessage());
  }

  @Test
  void ociRuntimeName_podmanOrDocker() {
    assertEquals("Podman", OciService.runtimeName("podman"));
    assertEquals("Docker", OciService.runtimeName("docker"));
  }

  @Test
  void ociRuntimeSystemRequirement_podman() {
    assertEquals(List.of("cgroups2-fs-owner", "cgroups2-limits", "rootless-podman-shared-root-fs", "user-processes"),
        OciService.runtimeState(configuration("runtime", "podman")).requirement());
  }

  @Test
  void ociRuntimeSystemRequirement_docker() {
    assertEquals(List.of("dockerd", "user-processes"), OciService.runtimeState(configuration()).requirement());
  }

  @Test
  void ociRuntimeSystemRequirement_noneForAHomeService() {
    assertEquals(List.of(),
        OciService.runtimeState(configuration("runtime", "podman", "homeService", true)).requirement());
  }

  @Test
  void ociRuntimeGroup_dockerByDefaultForDocker() {
    assertEquals("docker", OciService.runtimeState(configuration()).group());
    assertEquals("ops", OciService.runtimeState(configuration("group", "ops")).group());
  }

  /** The seed looks up the user's primary group; the supervisor does that when the group is null. */
  @Test
  void ociRuntimeGroup_theUsersPrimaryGroupForPodman() {
    assertNull(OciService.runtimeState(configuration("runtime", "podman", "group", "ops")).group());
  }

  @Test
  void ociConfigurationToOciRuntimeState_userAndGroupAreUnsetForAHomeService() {
    OciService.RuntimeState home = OciService.runtimeState(configuration("homeService", true, "group", "ops"));
    assertNull(home.user());
    assertNull(home.group());
    assertEquals("oci-container", OciService.runtimeState(configuration()).user());
  }

  @Test
  void ociRuntimeCli_theRuntimeUnlessRuntimeCliIsSet() {
    assertEquals("podman", OciService.runtimeCli(configuration("runtime", "podman")));
    assertEquals("docker", OciService.runtimeCli(configuration()));
    assertEquals("/opt/podman/bin/podman",
        OciService.runtimeCli(configuration("runtime", "podman", "runtimeCli", "/opt/podman/bin/podman")));
  }

  @Test
  void ociRuntimeStateRuntimeExtraArguments_followTheCliInEveryCommand() {
    OciService.RuntimeState rt = OciService.runtimeState(
        configuration("runtimeCli", "/usr/bin/docker", "runtimeExtraArguments", List.of("--host", "unix:///d.sock")));
    assertEquals(List.of("/usr/bin/docker", "--host", "unix:///d.sock", "volume", "create"), rt.command("volume", "create"));
  }

  @Test
  void ociServiceProfile_theRuntimesProgramUnlessRuntimeCliIsSet() {
    assertEquals(List.of(new RequiredProgram("podman", "podman")), OciService.profile(configuration("runtime", "podman")));
    assertEquals(List.of(new RequiredProgram("docker", "docker.io")), OciService.profile(configuration()));
    assertEquals(List.of(), OciService.profile(configuration("runtimeCli", "/usr/local/bin/docker")));
  }
}
