package org.ocidsl.engine.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
    Path tree = Files.createDirectories(tmp.resolve("tree"));
    HostListing.listAhead(find, tree);
    long pid = pidIn(pidFile);
    assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "listing");

    HostListing.cancelAhead();
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "killed and reaped");
    // Nothing is left for a build to take: it lists on its own.
    assertArrayEquals(
        HostListing.list(HostListing.FIND, List.of(tree)),
        HostListing.start(HostListing.FIND, List.of(tree)).get());
  }

  @Test
  void start_joinsListingsTakenAheadAsOneRunPrintsThem() throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a/sub"));
    Files.writeString(a.resolve("file"), "a\n");
    Path b = Files.writeString(tmp.resolve("b.txt"), "b\n");
    List<Path> sources = List.of(tmp.resolve("a"), b);
    sources.forEach(source -> HostListing.listAhead(HostListing.FIND, source));
    byte[] joined = HostListing.start(HostListing.FIND, sources).get();
    assertNotNull(joined);
    assertArrayEquals(HostListing.list(HostListing.FIND, sources), joined);
  }
}
