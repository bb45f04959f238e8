package org.ocidsl.engine.image.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images from {@link ImageBuilder} loaded and run by the real runtimes that {@code
 * scripts/setup-runtime} installs: rootful podman and a private dockerd. As root (CI runs the
 * setup first) a missing runtime fails these tests; otherwise they are skipped.
 */
class ImageRuntimeIT {
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));
  private static final String TAG = "it" + ProcessHandle.current().pid();

  @TempDir Path tmp;
  private final List<String> podmanImages = new ArrayList<>();

  @AfterEach
  void removeImages() throws Exception {
    for (String image : podmanImages) {
      run(List.of("podman", "rmi", "--force", image), 60);
    }
  }

  /** The runtime {@code program} is installed, or this test fails (as root) or is skipped. */
  private static void requireProgram(String program) throws Exception {
    boolean present = run(List.of("sh", "-c", "command -v " + program), 10).code == 0;
    if (!present && ROOT) {
      fail(program + " is not installed: run scripts/setup-runtime first");
    }
    assumeTrue(present, program + " is not installed and this is not root: skipped");
    assumeTrue(ROOT, "the runtimes run rootful here: skipped when not root");
  }

  private BuiltImage busyboxImage(Path cache, Path out, Format format) {
    ImageSpec spec =
        ImageSpec.builder()
            .repository("ocidsl-it/busybox")
            .tag(TAG)
            .content(ImageContent.programs(List.of(Path.of("/bin/busybox"))))
            .packOptions(
                PackOptions.builder()
                    .symlink("/bin/sh", "busybox")
                    .symlink("/bin/echo", "busybox")
                    .entryPoint(List.of("/bin/echo", "from-entry-point"))
                    .environmentVariable("GREETING", "hello from ocidsl")
                    .environmentVariable("PATH", "/bin")
                    .build())
            .build();
    return ImageBuilder.withCache(cache).build(spec, out, format);
  }

  @Test
  void podman_loadsAndRunsABusyboxImage() throws Exception {
    requireProgram("podman");
    BuiltImage image =
        busyboxImage(tmp.resolve("cache"), tmp.resolve("busybox.tar"), Format.DOCKER_ARCHIVE);
    String ref = "localhost/ocidsl-it/busybox:" + TAG;
    podmanImages.add(ref);
    ok(List.of("podman", "load", "-i", image.archive().toString()), 120);

    assertEquals("from-entry-point hi",
        ok(List.of("podman", "run", "--rm", "--network", "none", "--pull", "never", ref, "hi"),
            120).trim());
    assertEquals("hello from ocidsl",
        ok(List.of("podman", "run", "--rm", "--network", "none", "--pull", "never",
            "--entrypoint", "/bin/sh", ref, "-c", "echo \"$GREETING\""), 120).trim());
    String inspect =
        ok(List.of("podman", "image", "inspect", "--format",
            "{{.Id}}|{{json .Config.Entrypoint}}|{{json .Config.Env}}", ref), 60).trim();
    assertEquals(
        image.imageId().substring(7)
            + "|[\"/bin/echo\",\"from-entry-point\"]|[\"GREETING=hello from ocidsl\",\"PATH=/bin\"]",
        inspect);
  }

  @Test
  void podman_loadsTheOciLayout() throws Exception {
    requireProgram("podman");
    BuiltImage image =
        busyboxImage(tmp.resolve("cache"), tmp.resolve("busybox.oci.tar"), Format.OCI_LAYOUT);
    String ref = "localhost/ocidsl-it/busybox:" + TAG;
    podmanImages.add(ref);
    ok(List.of("podman", "load", "-i", image.archive().toString()), 120);
    assertEquals("from-entry-point oci",
        ok(List.of("podman", "run", "--rm", "--network", "none", "--pull", "never", ref, "oci"),
            120).trim());
  }

  @Test
  void podman_runsCurlWithItsWholeClosure() throws Exception {
    requireProgram("podman");
    Path curl = Path.of("/usr/bin/curl");
    if (!Files.isRegularFile(curl)) {
      fail("/usr/bin/curl is missing");
    }
    ImageSpec spec =
        ImageSpec.builder()
            .repository("ocidsl-it/curl")
            .tag(TAG)
            .content(ImageContent.programs(List.of(curl)))
            .packOptions(
                PackOptions.builder().entryPoint(List.of("/usr/bin/curl")).maxLayers(4).build())
            .build();
    BuiltImage image = ImageBuilder.withCache(tmp.resolve("cache")).build(spec,
        tmp.resolve("curl.tar"));
    assertEquals(4, image.diffIds().size());
    String ref = "localhost/ocidsl-it/curl:" + TAG;
    podmanImages.add(ref);
    ok(List.of("podman", "load", "-i", image.archive().toString()), 120);
    String version =
        ok(List.of("podman", "run", "--rm", "--network", "none", "--pull", "never", ref,
            "--version"), 120);
    String host = ok(List.of("/usr/bin/curl", "--version"), 30);
    assertTrue(version.startsWith("curl "), version);
    assertEquals(host.lines().findFirst().get(), version.lines().findFirst().get());
  }

  @Test
  void docker_loadsAndRunsABusyboxImage() throws Exception {
    requireProgram("dockerd");
    requireProgram("docker");
    BuiltImage image =
        busyboxImage(tmp.resolve("cache"), tmp.resolve("busybox.tar"), Format.DOCKER_ARCHIVE);
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "ocidsl-dockerd");
    Path sock = dir.resolve("docker.sock");
    String host = "unix://" + sock;
    Process dockerd =
        new ProcessBuilder(
                "dockerd", "-H", host, "--data-root", dir.resolve("data").toString(),
                "--exec-root", dir.resolve("exec").toString(),
                "--pidfile", dir.resolve("docker.pid").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("dockerd.log").toFile())
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (run(List.of("docker", "-H", host, "version"), 10).code != 0) {
        if (!dockerd.isAlive() || System.nanoTime() > deadline) {
          fail("dockerd did not come up: " + Files.readString(dir.resolve("dockerd.log")));
        }
        Thread.sleep(200);
      }
      String ref = "ocidsl-it/busybox:" + TAG;
      ok(List.of("docker", "-H", host, "load", "-i", image.archive().toString()), 120);
      assertEquals("from-entry-point docker",
          ok(List.of("docker", "-H", host, "run", "--rm", "--network", "none", ref, "docker"),
              120).trim());
      assertEquals(
          image.imageId() + "|[\"/bin/echo\",\"from-entry-point\"]",
          ok(List.of("docker", "-H", host, "image", "inspect", "--format",
              "{{.Id}}|{{json .Config.Entrypoint}}", ref), 60).trim());
      ok(List.of("docker", "-H", host, "rmi", ref), 60);
    } finally {
      dockerd.destroy(); // SIGTERM: dockerd stops its containerd too
      if (!dockerd.waitFor(60, TimeUnit.SECONDS)) {
        dockerd.destroyForcibly();
        dockerd.waitFor(10, TimeUnit.SECONDS);
      }
      run(List.of("rm", "-rf", dir.toString()), 60);
    }
  }

  @Test
  void build_twiceGivesTheSameArchiveBytes() throws Exception {
    BuiltImage one =
        busyboxImage(tmp.resolve("cache1"), tmp.resolve("one.tar"), Format.DOCKER_ARCHIVE);
    BuiltImage two =
        busyboxImage(tmp.resolve("cache2"), tmp.resolve("two.tar"), Format.DOCKER_ARCHIVE);
    assertEquals(sha256(one.archive()), sha256(two.archive()));
    assertEquals(one.imageId(), two.imageId());
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    md.update(Files.readAllBytes(file));
    return HexFormat.of().formatHex(md.digest());
  }

  private record Result(int code, String out) {}

  private static Result run(List<String> command, int timeoutSeconds) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("timed out: " + command);
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private static String ok(List<String> command, int timeoutSeconds) throws Exception {
    Result r = run(command, timeoutSeconds);
    if (r.code != 0) {
      fail(String.join(" ", command) + " exited with " + r.code + ":\n" + r.out);
    }
    return r.out;
  }
}
