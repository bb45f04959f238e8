package org.ocidsl.stdlib.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ocidsl.stdlib.oci.OciFixtures.configuration;
import static org.ocidsl.stdlib.oci.OciFixtures.container;
import static org.ocidsl.stdlib.oci.OciFixtures.network;
import static org.ocidsl.stdlib.oci.OciFixtures.volume;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ocidsl.engine.config.Configuration;
import org.ocidsl.engine.shell.Script;
import org.ocidsl.engine.shepherd.ShepherdService;

/**
 * The command lines of the seed: {@code oci-*-configuration->options}, {@code
 * oci-container-run-invocation} and {@code oci-object-create-invocation}. Fields are written in
 * another order than the seed's options, so that only the seed's order passes.
 */
class OciOptionsTest {

  @Test
  void ociContainerConfigurationToOptions_inTheSeedsOrder() {
    Configuration c = container("nginx",
        "volumes", List.of("/srv:/srv", Map.entry("data", "/data")),
        "ports", List.of("8080:80", Map.entry("10443", "443")),
        "workdir", "/app",
        "containerUser", "www",
        "network", "backend",
        "environment", List.of("A=1", Map.entry("B", "2")),
        "entrypoint", "/bin/sh",
        "command", List.of("-c", "true"),
        "extraArguments", List.of("--cap-add", "NET_ADMIN"));
    assertEquals(List.of(
            "--entrypoint", "/bin/sh",
            "--env", "A=1", "--env", "B=2",
            "--network", "backend",
            "--user", "www",
            "--workdir", "/app",
            "-p", "8080:80", "-p", "10443:443",
            "-v", "/srv:/srv", "-v", "data:/data"),
        OciService.containerOptions(c));
  }

  @Test
  void ociContainerConfigurationToOptions_noneForABareContainer() {
    assertEquals(List.of(), OciService.containerOptions(container("nginx")));
  }

  @Test
  void ociNetworkConfigurationToOptions_inTheSeedsOrder() {
    Configuration n = network("backend",
        "labels", List.of("a=b", Map.entry("c", "d")),
        "subnet", "10.0.0.0/24",
        "ipv6", true,
        "ipamDriver", "host-local",
        "ipRange", "10.0.0.0/28",
        "internal", true,
        "gateway", "10.0.0.1",
        "driver", "bridge",
        "extraArguments", List.of("--opt", "mtu=1400"));
    assertEquals(List.of(
            "--driver", "bridge",
            "--gateway", "10.0.0.1",
            "--internal",
            "--ip-range", "10.0.0.0/28",
            "--ipam-driver", "host-local",
            "--ipv6",
            "--subnet", "10.0.0.0/24",
            "--label", "a=b", "--label", "c=d"),
        OciService.networkOptions(n));
  }

  @Test
  void ociNetworkConfigurationToOptions_noneForABareNetwork() {
    assertEquals(List.of(), OciService.networkOptions(network("backend")));
  }

  @Test
  void ociVolumeConfigurationToOptions_isItsLabels() {
    Configuration v = volume("data",
        "extraArguments", List.of("--driver", "local"),
        "labels", List.of(Map.entry("app", "web"), "tier=db"));
    assertEquals(List.of("--label", "app=web", "--label", "tier=db"), OciService.volumeOptions(v));
    assertEquals(List.of(), OciService.volumeOptions(volume("data")));
  }

  @Test
  void ociContainerRunInvocation_docker() {
    OciService.RuntimeState rt = OciService.runtimeState(
        configuration("runtimeExtraArguments", List.of("--log-level", "debug")));
    Configuration c = container("nginx:1.25",
        "command", List.of("nginx", "-g", "daemon off;"),
        "extraArguments", List.of("--cap-add", "NET_ADMIN"),
        "ports", List.of("8080:80"));
    assertEquals(List.of("docker", "--log-level", "debug", "run", "--rm", "--name", "docker-nginx",
            "-p", "8080:80", "--cap-add", "NET_ADMIN", "localhost/nginx:1.25", "nginx", "-g", "daemon off;"),
        OciService.runInvocation(rt, c));
  }

  @Test
  void ociContainerRunInvocation_podmanReplacesTheContainer() {
    OciService.RuntimeState rt = OciService.runtimeState(
        configuration("runtime", "podman", "runtimeCli", "/usr/bin/podman"));
    assertEquals(List.of("/usr/bin/podman", "run", "--rm", "--replace", "--name", "web", "docker.io/library/nginx"),
        OciService.runInvocation(rt, container("docker.io/library/nginx", "provision", "web")));
  }

  /** Documented difference: a name podman could take for an ID prefix gets no --replace. */
  @Test
  void ociContainerRunInvocation_podmanDoesNotReplaceANameThatCouldBeAnId() {
    OciService.RuntimeState rt = OciService.runtimeState(configuration("runtime", "podman"));
    assertEquals(List.of("podman", "run", "--rm", "--name", "cafe", "localhost/nginx"),
        OciService.runInvocation(rt, container("nginx", "provision", "cafe")));
  }

  @Test
  void ociObjectCreateInvocation_networksAndVolumesAsTheCommandLineActionShowsThem() {
    Configuration config = configuration("runtime", "podman",
        "runtimeExtraArguments", List.of("--log-level", "debug"),
        "networks", List.of(
            network("backend", "driver", "bridge", "extraArguments", List.of("--opt", "mtu=1400")),
            network("frontend")),
        "volumes", List.of(volume("data", "labels", List.of("app=web"), "extraArguments", List.of("--driver", "local"))));
    List<ShepherdService> services = OciService.shepherdServices(config);
    assertEquals(printed("podman --log-level debug network create --driver bridge --opt mtu=1400 backend\n"
            + "podman --log-level debug network create frontend"),
        invocationLine(services.get(0)));
    assertEquals(printed("podman --log-level debug volume create --label app=web --driver local data"),
        invocationLine(services.get(1)));
  }

  /** The line of a service's command-line action that prints its invocation. */
  private static String invocationLine(ShepherdService service) {
    List<String> lines = service.action("command-line").orElseThrow().procedure().lines();
    return lines.get(lines.indexOf(printed("Invocation:")) + 1);
  }

  private static String printed(String text) {
    return Script.builder().print(text).build().lines().get(0);
  }
}
