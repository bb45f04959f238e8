package org.ocidsl.stdlib.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ocidsl.stdlib.TestRecords.record;
import static org.ocidsl.stdlib.oci.OciFixtures.container;
import static org.ocidsl.stdlib.oci.OciFixtures.extensionValue;
import static org.ocidsl.stdlib.oci.OciFixtures.image;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.ocidsl.engine.config.Configuration;
import org.ocidsl.engine.generation.RequiredProgram;
import org.ocidsl.engine.generation.UserAccount;
import org.ocidsl.engine.generation.UserGroup;
import org.ocidsl.engine.shell.Script;
import org.ocidsl.engine.shepherd.ShepherdAction;
import org.ocidsl.engine.shepherd.ShepherdService;
import org.ocidsl.stdlib.base.BaseRecords;
import org.ocidsl.stdlib.base.BaseServices;

/**
 * seeds/gnu-services-docker.scm: {@code docker-shepherd-service}, {@code
 * containerd-shepherd-service}, the docker service type's other extensions, and the deprecated
 * {@code oci-container-service-type}.
 */
class DockerTest {

  private static final List<String> DOCKERD_REQUIREMENT =
      List.of("containerd", "dbus-system", "elogind", "file-system-/sys/fs/cgroup", "networking", "udev");

  @Test
  void dockerShepherdService_byDefault() {
    ShepherdService dockerd = Docker.dockerService(Docker.DockerConfiguration.TYPE.defaults());
    assertEquals("dockerd", dockerd.name());
    assertEquals("Docker daemon.", dockerd.documentation());
    assertEquals(DOCKERD_REQUIREMENT, dockerd.requirement());
    assertEquals(Script.exec(List.of("dockerd", "-p", "/var/run/docker.pid",
            "--userland-proxy=true", "--userland-proxy-path=/usr/sbin/docker-proxy",
            "--iptables", "--containerd", "/run/containerd/containerd.sock")),
        dockerd.start());
    assertEquals(Optional.of("/var/run/docker.pid"), dockerd.pidFile());
    assertEquals(Optional.of("/var/log/docker.log"), dockerd.logFile());
  }

  @Test
  void dockerShepherdService_debugWithoutProxyOrIptables() {
    ShepherdService dockerd = Docker.dockerService(record(Docker.DockerConfiguration.TYPE,
        "environmentVariables", List.of("HTTP_PROXY=http://proxy:3128"),
        "enableIptables", false,
        "enableProxy", false,
        "debug", true));
    assertEquals(Script.exec(List.of("dockerd", "-p", "/var/run/docker.pid", "--debug", "--log-level=debug",
            "--userland-proxy=false", "--iptables=false", "--containerd", "/run/containerd/containerd.sock")),
        dockerd.start());
    assertEquals(List.of("HTTP_PROXY=http://proxy:3128"), dockerd.environmentVariables());
  }

  @Test
  void dockerServiceType_theDockerGroupTheClientAndTheStateDirectory() {
    Configuration config = Docker.DockerConfiguration.TYPE.defaults();
    assertEquals(List.of(new UserGroup("docker", true)), extensionValue(Docker.DOCKER, BaseServices.ACCOUNT, config));
    assertEquals(List.of(new RequiredProgram("docker", "docker.io")),
        extensionValue(Docker.DOCKER, BaseServices.PROFILE, config));
    assertTrue(((List<?>) extensionValue(Docker.DOCKER, BaseServices.ACTIVATION, config)).contains("/var/lib/docker"));
  }

  @Test
  void containerdShepherdService_byDefaultAndWithDebug() {
    ShepherdService containerd = Docker.containerdService(Docker.ContainerdConfiguration.TYPE.defaults());
    assertEquals("containerd", containerd.name());
    assertEquals("containerd daemon.", containerd.documentation());
    assertEquals(List.of(), containerd.requirement());
    assertTrue(containerd.start().text().endsWith("\nexec 'containerd'\n"), containerd.start().text());
    assertTrue(containerd.start().text().contains("PATH=$(dirname \"$containerd\")"), "the seed's PATH");
    assertEquals(Optional.of("/run/containerd/containerd.pid"), containerd.pidFile());
    assertEquals(300, containerd.pidFileTimeout());
    assertEquals(Optional.of("/var/log/containerd.log"), containerd.logFile());

    ShepherdService debug = Docker.containerdService(record(Docker.ContainerdConfiguration.TYPE,
        "debug", true, "environmentVariables", List.of("TMPDIR=/var/tmp")));
    assertTrue(debug.start().text().endsWith("\nexec 'containerd' '--log-level=debug'\n"), debug.start().text());
    assertEquals(List.of("TMPDIR=/var/tmp"), debug.environmentVariables());
  }

  @Test
  void containerdServiceType_ctrOnTheHost() {
    assertEquals(List.of(new RequiredProgram("ctr", "containerd")),
        extensionValue(Docker.CONTAINERD, BaseServices.PROFILE, Docker.ContainerdConfiguration.TYPE.defaults()));
  }

  /** The deprecated service runs as oci-container:docker, after dockerd, with the reference as written. */
  @Test
  void ociContainerShepherdService_deprecatedRunsTheImageAsWritten() {
    ShepherdService web = Docker.deprecatedContainerServices(List.of(
        container("nginx:1.25", "requirement", List.of("db"), "ports", List.of("8080:80")))).get(0);
    assertEquals("docker-nginx", web.name());
    assertEquals(List.of("dockerd", "user-processes", "db"), web.requirement());
    assertEquals(Optional.of("oci-container"), web.user());
    assertEquals(Optional.of("docker"), web.group());
    List<String> start = web.start().lines();
    assertEquals(Script.exec(List.of("docker", "run", "--rm", "--name", "docker-nginx", "-p", "8080:80", "nginx:1.25")).lines(),
        start.subList(start.size() - 1, start.size()));
    assertEquals(Script.run(List.of("docker", "rm", "-f", "docker-nginx")), web.stop().orElseThrow());
  }

  @Test
  void ociContainerShepherdService_deprecatedActions() {
    Configuration reload = record(BaseRecords.ShepherdAction.TYPE, "name", "reload", "procedure", List.of("kill", "-HUP"));
    List<ShepherdService> services = Docker.deprecatedContainerServices(List.of(
        container("nginx", "shepherdActions", List.of(reload)),
        container(image("guile", "3"), "shepherdActions", List.of(reload))));
    assertEquals(List.of("pull", "reload"), services.get(0).actions().stream().map(ShepherdAction::name).toList());
    assertEquals(List.of(), services.get(1).actions());
  }

  @Test
  void ociContainerAccounts_theDeprecatedServicesSystemUser() {
    List<?> accounts = (List<?>) extensionValue(Docker.OCI_CONTAINER, BaseServices.ACCOUNT, List.of());
    assertEquals(1, accounts.size());
    UserAccount user = (UserAccount) accounts.get(0);
    assertEquals("oci-container", user.name());
    assertEquals("docker", user.group());
    assertEquals("OCI services account", user.comment());
    assertEquals("/var/empty", user.homeDirectory());
    assertTrue(user.system());
  }

  @Test
  void ociContainerServiceType_composesByConcatenationAndExtendsByAppending() {
    Configuration a = container("a");
    Configuration b = container("b");
    Configuration c = container("c");
    Object composed = Docker.OCI_CONTAINER.compose().apply(List.of(List.of(b), List.of(c)));
    assertEquals(List.of(b, c), composed);
    assertEquals(List.of(a, b, c), Docker.OCI_CONTAINER.extend().apply(List.of(a), composed));
  }
}
