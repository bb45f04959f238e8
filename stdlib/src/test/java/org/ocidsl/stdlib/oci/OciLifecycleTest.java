package org.ocidsl.stdlib.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ocidsl.stdlib.TestRecords.record;
import static org.ocidsl.stdlib.oci.OciFixtures.configuration;
import static org.ocidsl.stdlib.oci.OciFixtures.container;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.config.Configuration;
import org.ocidsl.engine.shell.Script;
import org.ocidsl.engine.shell.Shell;
import org.ocidsl.engine.shepherd.ShepherdService;
import org.ocidsl.stdlib.oci.OciRecords.OciHealthCheck;

/**
 * What the seed has not: health checks, one-shot containers and graceful stops. The runtime gets
 * the check too, so that its own {@code ps} shows the health; the supervisor runs it.
 */
class OciLifecycleTest {

  private static Configuration check(Object... fieldsAndValues) {
    return record(OciHealthCheck.TYPE, fieldsAndValues);
  }

  private static final Configuration WGET = check(
      "command", List.of("wget", "-qO-", "http://localhost:8080/it's"), "interval", 2, "timeout", 1.5,
      "retries", 4, "startPeriod", 30);

  private static ShepherdService only(Configuration config) {
    List<ShepherdService> services = OciService.shepherdServices(config);
    assertEquals(1, services.size(), services::toString);
    return services.get(0);
  }

  private static List<String> startLines(ShepherdService service) {
    return service.start().lines();
  }

  @Test
  void podmanTakesTheCheckAsAJsonArrayRunWithoutAShell() {
    String start = only(configuration("runtime", "podman", "containers",
        List.of(container("nginx", "provision", "web", "healthCheck", WGET)))).start().text();
    assertTrue(start.contains(Shell.command(List.of("--health-cmd",
        "[\"wget\",\"-qO-\",\"http://localhost:8080/it's\"]", "--health-interval", "disable",
        "--health-timeout", "1.5s", "--health-retries", "4", "--health-start-period", "30s", "localhost/nginx"))),
        start);
  }

  /** Podman would give one word to /bin/sh -c as it is: it gets it quoted. */
  @Test
  void podmanTakesAOneWordCheckQuotedForItsShell() {
    String start = only(configuration("runtime", "podman", "containers", List.of(container("nginx",
        "healthCheck", check("command", List.of("/usr/bin/is healthy")))))).start().text();
    assertTrue(start.contains(Shell.command(List.of("--health-cmd", "[\"CMD-SHELL\",\"'/usr/bin/is healthy'\"]"))),
        start);
  }

  @Test
  void dockerTakesTheCheckAsAShellCommand() {
    String start = only(configuration("containers",
        List.of(container("nginx", "provision", "web", "healthCheck", WGET)))).start().text();
    assertTrue(start.contains(Shell.command(List.of("--health-cmd",
        Shell.command(List.of("wget", "-qO-", "http://localhost:8080/it's")), "--health-interval"))), start);
  }

  @Test
  void theSupervisorRunsTheCheckThroughTheRuntime() {
    ShepherdService.HealthCheck podman = only(configuration("runtime", "podman", "containers",
        List.of(container("nginx", "provision", "web", "healthCheck", WGET)))).healthCheck().orElseThrow();
    List<String> podmanLines = podman.command().lines();
    assertEquals("exec " + Shell.command(List.of("podman", "healthcheck", "run", "web")),
        podmanLines.get(podmanLines.size() - 1));
    assertTrue(podman.command().text().contains("getent passwd 'oci-container'"), podman.command()::text);
    assertEquals(Duration.ofSeconds(2), podman.interval());
    assertEquals(Duration.ofMillis(1500), podman.timeout());
    assertEquals(4, podman.retries());
    assertEquals(Duration.ofSeconds(30), podman.startPeriod());

    ShepherdService.HealthCheck docker = only(configuration("containers",
        List.of(container("nginx", "provision", "web", "healthCheck", WGET)))).healthCheck().orElseThrow();
    assertEquals(Script.exec(List.of("docker", "exec", "web", "wget", "-qO-", "http://localhost:8080/it's")),
        docker.command());
  }

  @Test
  void aCheckHasComposesDefaults() {
    ShepherdService.HealthCheck health = only(configuration("containers", List.of(container("nginx",
        "healthCheck", check("command", List.of("true")))))).healthCheck().orElseThrow();
    assertEquals(new ShepherdService.HealthCheck(health.command(), Duration.ofSeconds(30), Duration.ofSeconds(30), 3,
        Duration.ZERO), health);
  }

  @Test
  void withoutACheckTheServiceHasNone() {
    ShepherdService web = only(configuration("containers", List.of(container("nginx"))));
    assertEquals(Optional.empty(), web.healthCheck());
    assertFalse(web.start().text().contains("--health"));
  }

  @Test
  void aOneShotContainerIsAOneShotService() {
    assertTrue(only(configuration("containers", List.of(container("migrate", "oneShot", true)))).oneShot());
    assertFalse(only(configuration("containers", List.of(container("migrate")))).oneShot());
  }

  @Test
  void aOneShotContainerCannotRespawnNorBeChecked() {
    OcidslException respawn = assertThrows(OcidslException.class, () -> OciService.shepherdServices(
        configuration("containers", List.of(container("migrate", "oneShot", true, "respawn", true)))));
    assertTrue(respawn.getMessage().contains("a oneShot container cannot respawn"), respawn::getMessage);
    OcidslException checked = assertThrows(OcidslException.class, () -> OciService.shepherdServices(
        configuration("containers", List.of(container("migrate", "oneShot", true, "healthCheck", WGET)))));
    assertTrue(checked.getMessage().contains("a oneShot container takes no health check"), checked::getMessage);
  }

  @Test
  void aGracefulStopSendsTheStopSignalAndWaitsTheStopTimeout() {
    ShepherdService web = only(configuration("containers",
        List.of(container("nginx", "provision", "web", "stopTimeout", 20, "stopSignal", "INT"))));
    assertTrue(startLines(web).stream().anyMatch(l -> l.contains(
        Shell.command(List.of("--stop-signal", "SIGINT", "--stop-timeout", "20", "localhost/nginx")))),
        () -> web.start().text());
    String stop = web.stop().orElseThrow().text();
    assertTrue(stop.contains(Shell.command(List.of("docker", "stop", "-t", "20")) + " \"$id\""), stop);
    assertFalse(stop.contains("rm -f"), stop);
    assertEquals(Optional.of(Duration.ofSeconds(20)), web.stopTimeout(),
        "the supervisor lets the stop wait its 20 s");
  }

  @Test
  void aStopWithoutWaitHasNoStopTimeout() {
    ShepherdService web = only(configuration("containers", List.of(container("nginx", "provision", "web"))));
    String stop = web.stop().orElseThrow().text();
    assertTrue(stop.contains(Shell.command(List.of("docker", "rm", "-f", "web"))), stop);
    assertEquals(Optional.empty(), web.stopTimeout());
  }

  @Test
  void aStopTimeoutOfZeroIsKept() {
    ShepherdService web = only(configuration("containers",
        List.of(container("nginx", "provision", "web", "stopTimeout", 0))));
    assertEquals(Optional.of(Duration.ZERO), web.stopTimeout());
  }

  @Test
  void aStopSignalAloneWaitsTheRuntimesDefaultTen() {
    ShepherdService web = only(configuration("runtime", "podman", "containers",
        List.of(container("nginx", "provision", "web", "stopSignal", "SIGQUIT"))));
    String stop = web.stop().orElseThrow().text();
    assertTrue(stop.contains(Shell.command(List.of("podman", "stop", "-t", "10")) + " \"$id\""), stop);
    assertEquals(Optional.of(Duration.ofSeconds(10)), web.stopTimeout());
  }

  @Test
  void theDurationsAreGoDurations() {
    assertEquals("2s", OciService.goDuration(2));
    assertEquals("0.5s", OciService.goDuration(0.5));
    assertEquals("30s", OciService.goDuration(30.0));
  }
}
