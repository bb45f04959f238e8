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
}
