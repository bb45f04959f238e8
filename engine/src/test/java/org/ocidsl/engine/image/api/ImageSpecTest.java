package org.ocidsl.engine.image.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageSpecTest {
  private static ImageSpec.Builder spec() {
    return ImageSpec.builder().repository("site").content(ImageContent.directory(Path.of(".")));
  }

  @Test
  void canonicalRepositoryName_followsGuix() {
    assertEquals("site", ImageSpec.canonicalRepositoryName("site"));
    assertEquals("my.site", ImageSpec.canonicalRepositoryName("My Site"));
    assertEquals("web-app_1.2", ImageSpec.canonicalRepositoryName("Web-App_1.2"));
    assertEquals("x.y", ImageSpec.canonicalRepositoryName("__x+y--"));
    assertEquals("aa", ImageSpec.canonicalRepositoryName("a"));
    assertEquals("aa", ImageSpec.canonicalRepositoryName("..."));
    assertEquals("caf.", ImageSpec.canonicalRepositoryName("café"));
    assertEquals(255, ImageSpec.canonicalRepositoryName("x".repeat(300)).length());
  }

  @Test
  void canonicalRepositoryName_keepsPathComponents() {
    assertEquals("org/my.app", ImageSpec.canonicalRepositoryName("Org/My App"));
    assertEquals("localhost/site", ImageSpec.canonicalRepositoryName("localhost//site/"));
  }

  @Test
  void repoTag_isCanonicalNameAndTag() {
    assertEquals("my.site:1.0", spec().repository("My Site").tag("1.0").build().repoTag());
    assertEquals("site:latest", spec().build().repoTag());
  }

  @Test
  void tag_invalidIsRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> spec().tag("-bad").build());
    assertEquals("Invalid tag (letters, digits, _ . - and at most 128 characters): -bad",
        e.getMessage());
  }

  @Test
  void architecture_mapsGuixSystemsByPrefix() {
    Map<String, String> expected =
        Map.of(
            "x86_64-linux", "amd64",
            "x86_64-gnu", "amd64",
            "i686-linux", "386",
            "i686-gnu", "386",
            "armhf-linux", "arm",
            "aarch64-linux", "arm64",
            "aarch64-linux-gnu", "arm64",
            "mips64el-linux", "mips64le");
    expected.forEach(
        (system, arch) -> assertEquals(arch, spec().system(system).build().architecture(), system));
  }

  @Test
  void architecture_defaultsToHost() {
    String expected = System.getProperty("os.arch").equals("amd64") ? "amd64" : Architecture.host();
    assertEquals(expected, spec().build().architecture());
  }

  @Test
  void system_unsupportedThrowsWithItsName() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> spec().system("sparc-linux"));
    assertEquals("unsupported system: sparc-linux", e.getMessage());
    // The seed knows five prefixes only: these are unsupported there too.
    for (String system : List.of("powerpc64le-linux", "riscv64-linux", "i586-gnu", "amd64", "")) {
      assertThrows(IllegalArgumentException.class, () -> Architecture.ofSystem(system), system);
    }
  }

  @Test
  void packOptions_checkTheirValues() {
    assertEquals(
        "maxLayers must be between 1 and 127: 0",
        assertThrows(IllegalArgumentException.class,
                () -> PackOptions.builder().maxLayers(0).build())
            .getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> PackOptions.builder().environmentVariable("A=B", "c").build());
    PackOptions o =
        PackOptions.builder()
            .entryPoint(List.of("/bin/sh"))
            .environmentVariable("B", "2")
            .environmentVariable("A", "1")
            .build();
    assertEquals(List.of("B", "A"), List.copyOf(o.environment().keySet()));
    assertEquals(o, o.toBuilder().build());
  }

  @Test
  void fileEntry_destinationMustBeAbsolute() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> FileEntry.file(Path.of("a"), "app/a"));
    assertEquals("Destination does not start with forward slash (/): app/a", e.getMessage());
    assertEquals("/usr/bin", FileEntry.symlink("//usr/./lib/../bin/", "x").link());
    assertThrows(IllegalArgumentException.class, () -> FileEntry.symlink("/../etc", "x"));
  }
}
