package org.ocidsl.engine.activation;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.generation.RequiredProgram;

class ProgramCheckTest {
  @TempDir Path root;

  private void program(String path, String mode) throws IOException {
    TestRoot.write(HostFiles.under(root, path), "#!/bin/sh\n", mode);
  }

  @Test
  void find_searchesBareNamesInRootsPath() throws IOException {
    program("/usr/bin/podman", "rwxr-xr-x");
    program("/usr/local/bin/podman", "rwxr-xr-x");
    assertEquals(Optional.of(root.resolve("usr/local/bin/podman")), ProgramCheck.find(root, "podman"));
  }

  @Test
  void find_absolutePathInsideTheRoot() throws IOException {
    program("/opt/tools/runc", "rwxr-xr-x");
    assertEquals(Optional.of(root.resolve("opt/tools/runc")), ProgramCheck.find(root, "/opt/tools/runc"));
    assertEquals(Optional.empty(), ProgramCheck.find(root, "runc"));
  }

  @Test
  void find_ignoresFilesThatAreNotExecutable() throws IOException {
    program("/usr/bin/podman", "rw-r--r--");
    assertEquals(Optional.empty(), ProgramCheck.find(root, "podman"));
  }

  @Test
  void requireAll_namesTheDebianPackage() {
    OcidslException e =
        assertThrows(
            OcidslException.class,
            () -> ProgramCheck.requireAll(root, List.of(new RequiredProgram("podman", "podman"))));
    assertEquals(
        "program 'podman' is missing: install the Debian package 'podman' (apt-get install podman)", e.getMessage());
  }

  @Test
  void requireAll_namesEveryMissingProgramOnce() throws IOException {
    program("/usr/bin/podman", "rwxr-xr-x");
    OcidslException e =
        assertThrows(
            OcidslException.class,
            () -> ProgramCheck.requireAll(
                root,
                List.of(
                    new RequiredProgram("newuidmap", "uidmap"),
                    new RequiredProgram("podman", "podman"),
                    new RequiredProgram("newgidmap", "uidmap"),
                    new RequiredProgram("/usr/sbin/iptables", "iptables"))));
    assertEquals(
        "programs 'newuidmap', 'newgidmap' and '/usr/sbin/iptables' are missing: install the Debian packages"
            + " 'uidmap' and 'iptables' (apt-get install uidmap iptables)",
        e.getMessage());
  }

  @Test
  void requireAll_passesWhenEverythingIsThere() throws IOException {
    program("/usr/bin/podman", "rwxr-xr-x");
    assertDoesNotThrow(() -> ProgramCheck.requireAll(root, List.of(new RequiredProgram("podman", "podman"))));
  }
}
