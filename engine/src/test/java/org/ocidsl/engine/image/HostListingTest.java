package org.ocidsl.engine.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostListingTest {
  @TempDir Path tmp;

  /** A find that notes its PID in {@code pidFile}, then lists nothing for a long while. */
  private Path slowFind(Path pidFile) throws IOException {
    Path script = tmp.resolve("slow-find");
    Files.writeString(script, "#!/bin/sh\necho $$ > '" + pidFile + "'\nexec sleep 60\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  private static long pidIn(Path pidFile) throws Exception {
    for (int i = 0; i < 1000 && Files.size(pidFile) == 0; i++) {
      Thread.sleep(10);
    }
    return Long.parseLong(Files.readString(pidFile).strip());
  }

  @Test
  void cancelAhead_endsTheListingsNoBuildTook() throws Exception {
    Path pidFile = Files.createFile(tmp.resolve("pid"));
    String find = slowFind(pidFile).toString();
    List<Path> sources = List.of(Files.createDirectories(tmp.resolve("tree")));
    HostListing.listAhead(find, sources);
    long pid = pidIn(pidFile);
    assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "listing");
    assertTrue(HostListing.listedAhead(find, sources));

    HostListing.cancelAhead();
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "killed and reaped");
    assertFalse(HostListing.listedAhead(find, sources), "nothing left for a build to take");
  }

  @Test
  void start_takesTheListingAheadOfTheSamePathsOnly() throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a/sub"));
    Files.writeString(a.resolve("file"), "a\n");
    Path b = Files.writeString(tmp.resolve("b.txt"), "b\n");
    List<Path> both = List.of(tmp.resolve("a"), b);
    HostListing.listAhead(HostListing.FIND, both);
    HostListing.Pending other = HostListing.start(HostListing.FIND, List.of(b));
    assertTrue(HostListing.listedAhead(HostListing.FIND, both), "not taken for other paths");
    byte[] ahead = HostListing.start(HostListing.FIND, both).get();
    assertFalse(HostListing.listedAhead(HostListing.FIND, both), "taken");
    assertNotNull(ahead);
    assertArrayEquals(HostListing.start(HostListing.FIND, both).get(), ahead);
    assertNotNull(other.get());
  }

  private static byte[] listing(String... fields) {
    return (String.join("\0", fields) + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void entries_readWhatFindPrints() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    byte[] listed =
        listing(
            "", "d755 4096 2049 12 3 1700000000.5 1700000001.1234567890", "",
            "bin", "d755 4096 2049 13 2 1700000000 1700000002.0000000010", "",
            "bin/su", "f4755 5 2049 14 1 1700000000.25 1700000003", "",
            "bin/sh", "l777 7 2049 15 1 1700000000 1700000003", "busybox",
            "fifo", "p644 0 2049 16 1 1700000000 1700000003", "");
    List<HostListing.Entry> entries = HostListing.entries(listed, List.of(root)).get(0);
    assertEquals(5, entries.size());
    HostFile top = entries.get(0).file();
    assertEquals(root, top.path());
    assertTrue(top.isDirectory());
    assertEquals(1_700_000_000_500_000_000L, top.mtimeNanos());
    assertEquals(1_700_000_001_123_456_789L, top.ctimeNanos());
    assertEquals(3, top.nlink());
    HostFile su = entries.get(2).file();
    assertEquals(root.toRealPath().resolve("bin/su"), su.path());
    assertTrue(su.isRegularFile());
    assertEquals(04755, su.permissions());
    assertEquals(5, su.size());
    assertEquals(2049, su.dev());
    assertEquals(14, su.ino());
    assertEquals(1_700_000_000_250_000_000L, su.mtimeNanos());
    assertEquals(1_700_000_003_000_000_000L, su.ctimeNanos());
    assertTrue(entries.get(3).file().isSymlink());
    assertEquals("busybox", entries.get(3).linkTarget());
    HostFile fifo = entries.get(4).file();
    assertFalse(fifo.isDirectory() || fifo.isRegularFile() || fifo.isSymlink(), "skipped later");
  }

  @Test
  void entries_ofWhatCannotBeReadAreNone() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    String dir = "d755 4096 2049 12 3 1700000000.5 1700000001.5";
    assertNull(HostListing.entries(listing("", "d75x 4096 2049 12 3 1 1", ""), List.of(root)));
    assertNull(HostListing.entries(listing("", "d755 4096 2049 12 3 1 1 9", ""), List.of(root)));
    assertNull(HostListing.entries(listing("", "d755 4096 2049", ""), List.of(root)));
    assertNull(HostListing.entries(listing("a", dir, ""), List.of(root)), "no source first");
    assertNull(HostListing.entries(listing("", dir, ""), List.of(root, root)), "a source missing");
    assertNull(HostListing.entries(listing("", dir, "", "", dir, ""), List.of(root)), "one too many");
    assertNull(HostListing.entries(listing("", dir, ""), List.of(tmp.resolve("gone"))), "gone since");
    assertNull(HostListing.entries("x\0d755".getBytes(), List.of(root)), "cut short");
  }

  @Test
  void entries_sayWhatTheJvmStates() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Path sticky = Files.createDirectories(root.resolve("tmp"));
    Path su = Files.writeString(root.resolve("su"), "#!/bin/sh\n");
    Files.createLink(root.resolve("su-again"), su);
    Files.createSymbolicLink(root.resolve("link"), Path.of("su"));
    assertEquals(0, new ProcessBuilder("chmod", "1777", sticky.toString()).start().waitFor());
    assertEquals(0, new ProcessBuilder("chmod", "4755", su.toString()).start().waitFor());
    assertEquals(0, new ProcessBuilder("mkfifo", root.resolve("fifo").toString()).start().waitFor());
    assertEquals(0, new ProcessBuilder("touch", "-d", "2020-01-02 03:04:05.123456789", su.toString())
        .start().waitFor());
    Path linkToRoot = Files.createSymbolicLink(tmp.resolve("root-link"), root);
    List<Path> sources = List.of(linkToRoot);
    byte[] listed = HostListing.start(HostListing.FIND, sources).get();
    List<HostListing.Entry> entries = HostListing.entries(listed, sources).get(0);
    assertEquals(6, entries.size());
    assertEquals(HostFile.stat(linkToRoot), entries.get(0).file(), "the source, followed");
    for (HostListing.Entry e : entries.subList(1, entries.size())) {
      assertEquals(HostFile.lstat(e.file().path()), e.file(), e.relative());
    }
  }
}
