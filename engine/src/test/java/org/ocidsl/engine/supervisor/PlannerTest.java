package org.ocidsl.engine.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ocidsl.engine.SourceLocation;
import org.ocidsl.engine.generation.Fingerprints;
import org.ocidsl.engine.generation.Generation;
import org.ocidsl.engine.generation.GenerationStore;
import org.ocidsl.engine.generation.GenerationView;
import org.ocidsl.engine.image.api.ImageContent;
import org.ocidsl.engine.image.api.ImageSpec;
import org.ocidsl.engine.shell.Script;
import org.ocidsl.engine.shepherd.ShepherdService;

/** The plan of a switch, from generations held in memory: what changed, and the words for it. */
class PlannerTest {
  @TempDir Path tmp;
  Fingerprints fingerprints;

  @BeforeEach
  void key() throws IOException {
    fingerprints = Fingerprints.of(tmp.resolve("state"));
  }

  static ShepherdService.Builder service(String name, String... start) {
    return ShepherdService.builder(name).start(Script.exec(List.of(start)));
  }

  GenerationView view(List<ShepherdService> services, Map<String, String> imageIds) {
    List<Generation.ImageEntry> images = new ArrayList<>();
    Map<String, GenerationStore.ImageArchive> archives = new java.util.LinkedHashMap<>();
    imageIds.forEach((name, id) -> {
      ImageSpec spec = ImageSpec.builder().repository("app").content(ImageContent.directory(tmp)).build();
      images.add(new Generation.ImageEntry(name, "localhost/app:latest", spec, SourceLocation.UNKNOWN));
      archives.put(name, new GenerationStore.ImageArchive(tmp.resolve(name + ".tar"), id));
    });
    return GenerationView.of(Generation.ofServices(services).withImages(images), "test", archives, fingerprints);
  }

  GenerationView view(ShepherdService... services) {
    return view(List.of(services), Map.of());
  }

  /** Every service of {@code view} loaded, running when {@code running}. */
  static List<Planner.Current> loaded(GenerationView view, boolean running) {
    return view.manifest().services().stream().map(s -> new Planner.Current(s, view, running)).toList();
  }

  @Test
  void wordDiff_showsTheChangedWordsWithTheirOption() {
    assertEquals("--env LEVEL=1 → --env LEVEL=2",
        Planner.wordDiff("exec podman run --env LEVEL=1 --name web img", "exec podman run --env LEVEL=2 --name web img"));
    assertEquals("(nothing) → -p 8080:80",
        Planner.wordDiff("exec podman run --name web img", "exec podman run -p 8080:80 --name web img"));
    assertEquals("(nothing) → --internal (and 1 more line)", Planner.wordDiff(
        "if x; then\n  'podman' 'network' 'create' 'net'\nelse\n  'podman' 'network' 'create' 'net'\nfi\n",
        "if x; then\n  'podman' 'network' 'create' '--internal' 'net'\nelse\n  'podman' 'network' 'create' '--internal' 'net'\nfi\n"));
  }

  @Test
  void anImageRebuiltUnderTheSameTagIsAChangeOfItsContainer() {
    ShepherdService web = service("web", "podman", "run", Generation.ImageEntry.idPlaceholder("web")).build();
    GenerationView before = view(List.of(web), Map.of("web", "sha256:" + "a".repeat(64)));
    GenerationView after = view(List.of(web), Map.of("web", "sha256:" + "b".repeat(64)));

    Plan plan = Planner.plan(loaded(before, true), after, true);

    assertEquals(List.of(new Plan.Entry("web", List.of(
        "image localhost/app:latest changed: aaaaaaaaaaaa → bbbbbbbbbbbb"))), plan.restart());
  }

  @Test
  void anEditedMountedFileIsAChangeOfTheServicesMountingItOnly() throws IOException {
    Path conf = tmp.resolve("app.conf");
    Files.writeString(conf, "one");
    ShepherdService reader = service("reader", "cat").inputFiles(List.of(conf.toString())).build();
    ShepherdService other = service("other", "true").build();
    List<Planner.Current> current = loaded(view(reader, other), true);
    Files.writeString(conf, "two");

    Plan plan = Planner.plan(current, view(reader, other), true);

    assertEquals(List.of(new Plan.Entry("reader", List.of("file " + conf + " changed"))), plan.restart());
    assertEquals(List.of(new Plan.Entry("other", List.of())), plan.keep());
  }

  @Test
  void aChangedOneShotRunsAgainWithoutRestartingWhatRequiresIt() {
    ShepherdService net = service("net", "true").oneShot(true).build();
    ShepherdService web = service("web", "sleep", "1").requirement(List.of("net")).build();
    GenerationView before = view(net, web);
    GenerationView after = view(service("net", "false").oneShot(true).build(), web);

    Plan plan = Planner.plan(loaded(before, true), after, true);

    assertEquals(List.of("net"), plan.restart().stream().map(Plan.Entry::service).toList());
  }

  @Test
  void aChangedStoppedServiceStartsOnlyWhenItStartsAutomatically() {
    GenerationView before = view(service("auto", "a").build(), service("manual", "m").autoStart(false).build());
    GenerationView after = view(service("auto", "b").build(), service("manual", "n").autoStart(false).build(),
        service("fresh", "f").autoStart(false).build());

    Plan plan = Planner.plan(loaded(before, false), after, true);

    assertEquals(List.of(new Plan.Entry("auto", List.of("start command changed: a → b"))), plan.start());
    assertEquals(List.of("manual", "fresh"), plan.keep().stream().map(Plan.Entry::service).toList());
    assertEquals(List.of("new service, started on demand"), plan.keep().get(1).reasons());
    assertTrue(plan.restart().isEmpty());
  }

  @Test
  void definitionChangesAreNamedOneByOne() {
    GenerationView before = view(service("s", "x").user("alice").requirement(List.of()).build(), service("t", "y").build());
    GenerationView after = view(service("s", "x").user("bob").requirement(List.of("t")).respawn(false).build(),
        service("t", "y").build());

    Plan plan = Planner.plan(loaded(before, true), after, true);

    assertEquals(List.of("requirements changed: +t", "user changed: alice → bob", "respawn changed: true → false"),
        plan.restart().get(0).reasons());
  }

  static ShepherdService.HealthCheck check(String command, long intervalSeconds) {
    return new ShepherdService.HealthCheck(Script.exec(List.of(command)), java.time.Duration.ofSeconds(intervalSeconds),
        java.time.Duration.ofSeconds(1), 3, java.time.Duration.ZERO);
  }

  @Test
  void aChangedHealthCheckIsAChange_itsCommandAndItsTimesEach() {
    GenerationView before = view(service("a", "x").healthCheck(check("ok", 2)).build(),
        service("b", "x").healthCheck(check("ok", 2)).build(), service("c", "x").build());
    GenerationView after = view(service("a", "x").healthCheck(check("better", 2)).build(),
        service("b", "x").healthCheck(check("ok", 5)).build(), service("c", "x").healthCheck(check("ok", 2)).build());

    Plan plan = Planner.plan(loaded(before, true), after, true);

    assertEquals(List.of("health command changed: ok → better"), plan.restart().get(0).reasons());
    assertEquals(List.of("health check changed: every 2 s, timeout 1 s, 3 retries, start period 0 s → "
        + "every 5 s, timeout 1 s, 3 retries, start period 0 s"), plan.restart().get(1).reasons());
    assertEquals(List.of("health command added", "health check changed: none → every 2 s, timeout 1 s, 3 retries, "
        + "start period 0 s"), plan.restart().get(2).reasons());
  }

  @Test
  void aNetworkWithOtherOptionsIsRecreatedWithTheContainersOnIt_aVolumeOnlyWarns() {
    GenerationView before = view(
        service("podman-networks", "create").oneShot(true).inputs(Map.of("network net", "aaaa")).build(),
        service("podman-volumes", "create").oneShot(true).inputs(Map.of("volume data", "cccc")).build(),
        service("web", "run").requirement(List.of("podman-networks")).inputs(Map.of("network net", "aaaa")).build(),
        service("db", "run").requirement(List.of("podman-networks")).build());
    GenerationView after = view(
        service("podman-networks", "create").oneShot(true).inputs(Map.of("network net", "bbbb")).build(),
        service("podman-volumes", "create").oneShot(true).inputs(Map.of("volume data", "dddd")).build(),
        service("web", "run").requirement(List.of("podman-networks")).inputs(Map.of("network net", "bbbb")).build(),
        service("db", "run").requirement(List.of("podman-networks")).build());

    Plan plan = Planner.plan(loaded(before, true), after, true);

    assertEquals(List.of(
        new Plan.Entry("podman-networks", List.of("network net changed: it is recreated")),
        new Plan.Entry("podman-volumes", List.of("volume data changed")),
        new Plan.Entry("web", List.of("network net changed: it is recreated"))), plan.restart());
    assertEquals(List.of("volume data's options changed, but a reconfigure never recreates a volume (its data"
        + " would be lost): remove it by hand for it to be created anew"), plan.warnings());
    assertTrue(plan.text().contains("warning: volume data's options changed"), plan.text());
  }
}
