package org.ocidsl.stdlib.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ocidsl.stdlib.TestRecords.record;
import static org.ocidsl.stdlib.oci.OciFixtures.configuration;
import static org.ocidsl.stdlib.oci.OciFixtures.container;
import static org.ocidsl.stdlib.oci.OciFixtures.image;
import static org.ocidsl.stdlib.oci.OciFixtures.network;
import static org.ocidsl.stdlib.oci.OciFixtures.volume;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.ocidsl.engine.config.Configuration;
import org.ocidsl.engine.shell.Script;
import org.ocidsl.engine.shepherd.ShepherdAction;
import org.ocidsl.engine.shepherd.ShepherdService;
import org.ocidsl.stdlib.oci.OciRecords.OciConfiguration;
import org.ocidsl.stdlib.base.BaseRecords;

/**
 * The shepherd services of the OCI service: the seed's {@code oci-container-shepherd-service},
 * {@code oci-object-shepherd-service} and {@code oci-configuration->shepherd-services}. The start
 * launchers of containers are GoldenLaunchersTest's (test-fixtures).
 */
class OciShepherdServicesTest {

  private static ShepherdService only(Configuration config) {
    List<ShepherdService> services = OciService.shepherdServices(config);
    assertEquals(1, services.size(), services::toString);
    return services.get(0);
  }

  @Test
  void ociContainerShepherdService_requirementInTheSeedsOrder() {
    ShepherdService web = OciService.shepherdServices(configuration("runtime", "podman",
        "containers", List.of(container("nginx", "requirement", List.of("db", "cache"))),
        "networks", List.of(network("backend")),
        "volumes", List.of(volume("data")))).get(0);
    assertEquals(List.of("db", "cache", "cgroups2-fs-owner", "cgroups2-limits", "rootless-podman-shared-root-fs",
        "user-processes", "podman-networks", "podman-volumes"), web.requirement());
  }

  @Test
  void ociContainerShepherdService_requiresNoNetworksOrVolumesServiceWhenThereIsNone() {
    assertEquals(List.of("dockerd", "user-processes"),
        only(configuration("containers", List.of(container("nginx")))).requirement());
  }

  @Test
  void ociContainerShepherdService_documentationNamesTheImageOrTheService() {
    assertEquals("Docker backed Shepherd service for nginx:1.25.",
        only(configuration("containers", List.of(container("nginx:1.25")))).documentation());
    assertEquals("Podman backed Shepherd service for podman-guile.",
        only(configuration("runtime", "podman", "containers", List.of(container(image("guile", "3"))))).documentation());
  }

  @Test
  void ociContainerShepherdService_userAndGroupOfTheConfigurationUnlessTheContainerSetsThem() {
    ShepherdService docker = only(configuration("containers", List.of(container("nginx"))));
    assertEquals(Optional.of("oci-container"), docker.user());
    assertEquals(Optional.of("docker"), docker.group());

    ShepherdService own = only(configuration("containers", List.of(container("nginx", "user", "bob", "group", "staff"))));
    assertEquals(Optional.of("bob"), own.user());
    assertEquals(Optional.of("staff"), own.group());

    ShepherdService podman = only(configuration("runtime", "podman", "containers", List.of(container("nginx"))));
    assertEquals(Optional.of("oci-container"), podman.user());
    assertEquals(Optional.empty(), podman.group());
  }

  @Test
  void ociContainerShepherdService_respawnAutoStartAndLogFile() {
    ShepherdService byDefault = only(configuration("containers", List.of(container("nginx"))));
    assertFalse(byDefault.respawn());
    assertTrue(byDefault.autoStart());
    assertEquals(Optional.empty(), byDefault.logFile());

    ShepherdService set = only(configuration("containers", List.of(
        container("nginx", "respawn", true, "autoStart", false, "logFile", "/var/log/nginx.log"))));
    assertTrue(set.respawn());
    assertFalse(set.autoStart());
    assertEquals(Optional.of("/var/log/nginx.log"), set.logFile());
  }

  /** The seed stops with {@code CLI rm -f NAME}: the runtime CLI alone, without its extra arguments. */
  @Test
  void ociContainerShepherdService_stopRemovesTheContainerByName() {
    ShepherdService web = only(configuration("runtimeCli", "/usr/bin/docker", "runtimeExtraArguments", List.of("--debug"),
        "containers", List.of(container("nginx", "provision", "web"))));
    assertEquals(Script.run(List.of("/usr/bin/docker", "rm", "-f", "web")), web.stop().orElseThrow());
  }

  @Test
  void ociContainerShepherdService_actionsOfAStringImage() {
    Configuration reload = record(BaseRecords.ShepherdAction.TYPE, "name", "reload", "procedure", List.of("kill", "-HUP"));
    ShepherdService web = only(configuration("containers", List.of(
        container("nginx:1.25", "shepherdActions", List.of(reload)))));
    assertEquals(List.of("command-line", "pull", "reload"), web.actions().stream().map(ShepherdAction::name).toList());

    ShepherdAction pull = web.action("pull").orElseThrow();
    assertEquals("Pull docker-nginx's image (nginx:1.25).", pull.documentation());
    assertEquals(Script.exec(List.of("docker", "pull", "nginx:1.25")), pull.procedure());
  }

  @Test
  void ociContainerShepherdService_noPullActionForABuiltImage() {
    Configuration reload = record(BaseRecords.ShepherdAction.TYPE, "name", "reload", "procedure", List.of("kill", "-HUP"));
    ShepherdService guile = only(configuration("containers", List.of(
        container(image("guile", "3"), "shepherdActions", List.of(reload)))));
    assertEquals(List.of("command-line", "reload"), guile.actions().stream().map(ShepherdAction::name).toList());
  }

  @Test
  void ociCommandLineShepherdAction_printsTheRunInvocation() {
    Configuration config = configuration("containers", List.of(container("nginx", "ports", List.of("8080:80"))));
    ShepherdAction commandLine = only(config).action("command-line").orElseThrow();
    assertEquals("Prints docker-nginx's OCI runtime command line invocation.", commandLine.documentation());
    String invocation = String.join(" ",
        OciService.runInvocation(OciService.runtimeState(config), config.get(OciConfiguration.CONTAINERS).get(0)));
    assertTrue(commandLine.procedure().lines().contains(Script.builder().print(invocation).build().lines().get(0)),
        commandLine.procedure()::toString);
  }

  /** The seed passes them to the process environment; ocidsl also keeps their values out of every launcher. */
  @Test
  void ociContainerShepherdService_hostEnvironmentReachesTheProcessEnvironmentOnly() {
    ShepherdService web = only(configuration("containers", List.of(
        container("nginx", "hostEnvironment", List.of("TOKEN=s3cret", Map.entry("LANG", "C"))))));
    assertEquals(Map.of("TOKEN", "s3cret", "LANG", "C"), web.secretEnvironment());
    assertFalse(web.start().text().contains("s3cret"));
    assertFalse(web.action("command-line").orElseThrow().procedure().text().contains("s3cret"));
  }

  @Test
  void ociConfigurationToShepherdServices_containersThenNetworksThenVolumes() {
    List<ShepherdService> services = OciService.shepherdServices(configuration("runtime", "podman",
        "volumes", List.of(volume("data")),
        "networks", List.of(network("backend")),
        "containers", List.of(container("nginx"), container("redis"))));
    assertEquals(List.of("podman-nginx", "podman-redis", "podman-networks", "podman-volumes"),
        services.stream().map(ShepherdService::name).toList());
  }

  @Test
  void ociObjectShepherdService_oneShotsRequiringTheRuntime() {
    List<ShepherdService> services = OciService.shepherdServices(configuration(
        "networks", List.of(network("backend")), "volumes", List.of(volume("data"))));
    ShepherdService networks = services.get(0);
    assertEquals("docker-networks", networks.name());
    assertTrue(networks.oneShot());
    assertEquals("Docker network provisioning service", networks.documentation());
    assertEquals(List.of("dockerd", "user-processes", "networking"), networks.requirement());
    assertEquals(Optional.of("oci-container"), networks.user());
    assertEquals(Optional.of("docker"), networks.group());

    ShepherdService volumes = services.get(1);
    assertEquals("docker-volumes", volumes.name());
    assertTrue(volumes.oneShot());
    assertEquals("Docker volume provisioning service", volumes.documentation());
    assertEquals(List.of("dockerd", "user-processes"), volumes.requirement());
  }

  @Test
  void ociConfigurationToShepherdServices_homeFormsRequireNothingOfTheSystem() {
    List<ShepherdService> services = OciService.shepherdServices(configuration("runtime", "podman", "homeService", true,
        "networks", List.of(network("backend")), "volumes", List.of(volume("data")),
        "containers", List.of(container("nginx"))));
    assertEquals(List.of("podman-nginx", "home-podman-networks", "home-podman-volumes"),
        services.stream().map(ShepherdService::name).toList());
    assertEquals(List.of("home-podman-networks", "home-podman-volumes"), services.get(0).requirement());
    assertEquals(List.of(), services.get(1).requirement());
    assertEquals(List.of(), services.get(2).requirement());
    assertEquals(Optional.empty(), services.get(0).user());
  }
}
