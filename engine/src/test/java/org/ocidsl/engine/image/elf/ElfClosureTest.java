package org.ocidsl.engine.image.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Runs on the build host's own programs (Debian 12: /bin/ls, /usr/bin/curl, busybox-static). */
class ElfClosureTest {
  private static final Path LS = Path.of("/bin/ls");
  private static final Path CURL = Path.of("/usr/bin/curl");
  private static final Path BUSYBOX = Path.of("/bin/busybox");

  private static List<String> closureOf(Path program) throws IOException {
    return new ElfClosure(LdSoCache.read(LdSoCache.DEFAULT))
        .closure(List.of(program)).files().stream()
            .map(Path::toString)
            .collect(Collectors.toList());
  }

  @Test
  void read_lsIsDynamicWithAnInterpreter() throws IOException {
    ElfFile elf = ElfFile.read(LS.toRealPath());
    assertTrue(elf.is64());
    assertTrue(elf.interpreter().isPresent());
    assertTrue(elf.needed().contains("libc.so.6"), elf.needed().toString());
    assertFalse(elf.isStatic());
  }

  @Test
  void ldSoCache_listsLibc() throws IOException {
    LdSoCache cache = LdSoCache.read(LdSoCache.DEFAULT);
    assumeTrue(Files.exists(LdSoCache.DEFAULT));
    assertTrue(cache.size() > 10);
    assertTrue(
        cache.lookup("libc.so.6").stream().anyMatch(p -> p.endsWith("/libc.so.6")),
        cache.lookup("libc.so.6").toString());
  }

  @Test
  void closure_lsHasLibcAndTheInterpreter() throws IOException {
    List<String> files = closureOf(LS);
    assertEquals("/bin/ls", files.get(0));
    String interp = ElfFile.read(LS.toRealPath()).interpreter().get();
    assertTrue(files.contains(interp), files.toString());
    assertTrue(files.stream().anyMatch(f -> f.endsWith("/libc.so.6")), files.toString());
  }

  @Test
  void closure_curlHasEveryLibraryLddLists() throws Exception {
    assumeTrue(Files.isRegularFile(CURL), "curl is not installed");
    List<String> files = closureOf(CURL);
    Process ldd = new ProcessBuilder("ldd", CURL.toString()).start();
    String out = new String(ldd.getInputStream().readAllBytes());
    assertEquals(0, ldd.waitFor());
    for (String line : out.split("\n")) {
      String[] w = line.trim().split("\\s+");
      String path = w.length >= 3 && w[1].equals("=>") ? w[2] : w[0];
      if (path.startsWith("/")) {
        Path real = Path.of(path).toRealPath();
        assertTrue(
            files.stream().anyMatch(f -> realPath(f).equals(real)),
            "missing " + path + " in " + files);
      }
    }
    assertTrue(files.size() > 20, files.toString());
  }

  @Test
  void closure_staticBusyboxIsItselfOnly() throws IOException {
    assumeTrue(Files.isRegularFile(BUSYBOX), "busybox-static is not installed");
    assertTrue(ElfFile.read(BUSYBOX.toRealPath()).isStatic());
    assertEquals(List.of("/bin/busybox"), closureOf(BUSYBOX));
  }

  @Test
  void closure_scriptBringsItsInterpreter(@org.junit.jupiter.api.io.TempDir Path dir)
      throws IOException {
    Path script = dir.resolve("hello");
    Files.writeString(script, "#!/bin/sh -e\necho hello\n");
    List<String> files = closureOf(script);
    assertEquals(script.toString(), files.get(0));
    assertTrue(files.contains("/bin/sh"), files.toString());
    assertTrue(files.stream().anyMatch(f -> f.endsWith("/libc.so.6")), files.toString());
  }

  @Test
  void expand_originAndLib() throws IOException {
    ElfFile elf = ElfFile.read(LS.toRealPath());
    assertEquals("/opt/app/../lib", ElfClosure.expand("$ORIGIN/../lib", Path.of("/opt/app"), elf));
    assertEquals("/opt/app/x", ElfClosure.expand("${ORIGIN}/x", Path.of("/opt/app"), elf));
  }

  private static Path realPath(String p) {
    try {
      return Path.of(p).toRealPath();
    } catch (IOException e) {
      return Path.of(p);
    }
  }
}
