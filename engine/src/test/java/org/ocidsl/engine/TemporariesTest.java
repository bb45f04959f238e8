package org.ocidsl.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemporariesTest {
  @TempDir Path dir;

  @Test
  void newFile_isEmptyOwnerOnlyAndNamedByPrefixAndSuffix() throws IOException {
    Path a = Temporaries.newFile(dir, ".index.", ".tmp");
    Path b = Temporaries.newFile(dir, ".index.", ".tmp");

    assertNotEquals(a, b);
    assertEquals(dir, a.getParent());
    assertTrue(a.getFileName().toString().startsWith(".index." + ProcessHandle.current().pid() + "-"));
    assertTrue(a.getFileName().toString().endsWith(".tmp"));
    assertEquals(0, Files.size(a));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(a)));
  }

  @Test
  void newDirectory_isEmptyAndOwnerOnly() throws IOException {
    Path d = Temporaries.newDirectory(dir, ".building-");

    assertTrue(Files.isDirectory(d));
    try (var entries = Files.list(d)) {
      assertEquals(0, entries.count());
    }
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(d)));
  }

  @Test
  void newFile_stepsOverNamesAnEarlierProcessLeft() throws IOException {
    String prefix = "x" + ProcessHandle.current().pid() + "-";
    long last = Long.parseLong(Temporaries.newFile(dir, "x", "").getFileName().toString().substring(prefix.length()));
    for (long n = last + 1; n <= last + 5; n++) {
      Files.writeString(dir.resolve(prefix + n), "left behind " + n);
    }

    Path next = Temporaries.newFile(dir, "x", "");

    assertEquals(dir.resolve(prefix + (last + 6)), next);
    assertEquals("left behind " + (last + 1), Files.readString(dir.resolve(prefix + (last + 1))));
  }
}
