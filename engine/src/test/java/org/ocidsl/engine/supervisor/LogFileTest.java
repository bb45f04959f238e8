package org.ocidsl.engine.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFileTest {
  @TempDir Path dir;

  private static final String STAMP = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d ";

  @Test
  void lines_chunksAreCutIntoTimestampedLines() throws Exception {
    LogFile log = LogFile.openPerWrite(dir.resolve("a/b/x.log"), "rw-r-----");
    LogFile.Lines lines = log.new Lines();
    for (String chunk : List.of("hel", "lo\nwor", "ld\n\nlast")) {
      byte[] b = chunk.getBytes(StandardCharsets.UTF_8);
      lines.take(b, 0, b.length);
    }
    lines.finish();
    List<String> written = Files.readAllLines(dir.resolve("a/b/x.log"));
    assertEquals(4, written.size(), written.toString());
    assertTrue(written.get(0).matches(STAMP + "hello"), written.get(0));
    assertTrue(written.get(1).matches(STAMP + "world"), written.get(1));
    assertTrue(written.get(2).matches(STAMP), written.get(2));
    assertTrue(written.get(3).matches(STAMP + "last"), written.get(3));
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b/x.log"))));
  }

  @Test
  void lines_aVeryLongLineIsCut() throws Exception {
    LogFile log = LogFile.openPerWrite(dir.resolve("x.log"), "rw-r-----");
    LogFile.Lines lines = log.new Lines();
    byte[] b = "y".repeat(100_000).getBytes(StandardCharsets.UTF_8);
    for (int at = 0; at < b.length; at += 4096) {
      lines.take(b, at, Math.min(4096, b.length - at));
    }
    lines.finish();
    List<String> written = Files.readAllLines(dir.resolve("x.log"));
    assertEquals(2, written.size());
    assertEquals(100_000, written.stream().mapToInt(l -> l.length() - 20).sum());
  }

  @Test
  void open_anExistingWorldReadableLogLosesItsOtherBits() throws Exception {
    Path file = dir.resolve("old.log");
    Files.writeString(file, "before\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
    LogFile.openPerWrite(file, "rw-r-----").line("after");
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals("before", Files.readAllLines(file).get(0));
    assertTrue(Files.readAllLines(file).get(1).matches(STAMP + "after"));
  }
}
