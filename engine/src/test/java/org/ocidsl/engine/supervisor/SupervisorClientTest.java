package org.ocidsl.engine.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a client sees the files a supervisor names, wherever it sees the state directory from. */
class SupervisorClientTest {
  @TempDir Path tmp;

  @Test
  void aFileInTheStateDirectory_comesRelativeToIt() {
    assertEquals(tmp.resolve("logs/web.log").toString(), SupervisorClient.of(tmp).seen("logs/web.log"));
    assertEquals("/var/log/web.log", SupervisorClient.of(tmp).seen("/var/log/web.log"));
  }

  @Test
  void throughAContainersProcessRoot_anAbsoluteFileIsSeenThroughItToo() {
    SupervisorClient client = SupervisorClient.of(Path.of("/proc/4135/root/var/lib/ocidsl"));
    assertEquals("/proc/4135/root/var/log/web.log", client.seen("/var/log/web.log"));
    assertEquals("/proc/4135/root/var/lib/ocidsl/logs/web.log", client.seen("logs/web.log"));
  }

  @Test
  void aContainersStateDirectoryOnTheHost_isSeenThroughItsFirstProcess() throws IOException {
    // This process stands for the container's first one: its root is the host's, so the record
    // is not taken for a container seen from outside.
    long self = ProcessHandle.current().pid();
    Files.writeString(tmp.resolve("container.json"), "{\n    \"child-pid\": " + self + ",\n    \"pid-namespace\": 1\n}\n");
    assertEquals("/var/log/web.log", SupervisorClient.of(tmp).seen("/var/log/web.log"));
    assertEquals(java.util.Optional.of(self), SupervisorClient.containerPid(Files.readString(tmp.resolve("container.json"))));
  }
}
