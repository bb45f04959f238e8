package org.ocidsl.engine.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequiredProgramTest {
  @Test
  void programsNeededTwiceAreOneProgram() {
    List<RequiredProgram> needed =
        List.of(
            new RequiredProgram("podman", "podman"),
            new RequiredProgram("newuidmap", "uidmap"),
            new RequiredProgram("podman", "podman"));
    assertEquals(
        List.of(new RequiredProgram("podman", "podman"), new RequiredProgram("newuidmap", "uidmap")),
        List.copyOf(new LinkedHashSet<>(needed)));
  }

  @Test
  void theProgramAndItsPackageBothCount() {
    RequiredProgram runc = new RequiredProgram("runc", "runc");
    assertNotEquals(runc, new RequiredProgram("runc", "crun"));
    assertNotEquals(runc, new RequiredProgram("crun", "runc"));
    assertNotEquals(runc, "runc");
    assertEquals(runc.hashCode(), new RequiredProgram("runc", "runc").hashCode());
  }
}
