package org.ocidsl.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * What a state directory holds, and where: one system's generations and its {@code current}
 * link, the image cache, the logs, the supervisor's socket, pid file and locks, the key of the
 * secrets' digests. The directory and its logs are readable by their owner only (0700),
 * created so in one place ({@link #ensure}).
 *
 * <pre>
 * generations/N/         each generation (system.json, launchers, etc, images)
 * current                the generation that runs, a relative link
 * images/                the content-addressed image cache
 * logs/                  the services' logs and the supervisor's
 * supervisor.sock        the control socket (0600)
 * supervisor.pid         the running supervisor's pid
 * supervisor.lock        held while a supervisor lives
 * supervisor.children    the sessions it runs, for the next one after a crash
 * switch.lock            held by a command switching the system
 * fingerprint.key        the key of the secrets' digests (0600)
 * container.json         in a system container's: bwrap's record of it, with its first PID
 * </pre>
 */
public record StateLayout(Path dir) {
  public StateLayout {
    dir = dir.toAbsolutePath().normalize();
  }

  public static StateLayout of(Path dir) {
    return new StateLayout(dir);
  }

  public Path generations() {
    return dir.resolve("generations");
  }

  public Path current() {
    return dir.resolve("current");
  }

  public Path images() {
    return dir.resolve("images");
  }

  public Path logs() {
    return dir.resolve("logs");
  }

  /** In the state directory of a system container: what bwrap says of the container. */
  public Path containerInfo() {
    return dir.resolve("container.json");
  }

  public Path socket() {
    return dir.resolve("supervisor.sock");
  }

  public Path pidFile() {
    return dir.resolve("supervisor.pid");
  }

  public Path supervisorLock() {
    return dir.resolve("supervisor.lock");
  }

  public Path children() {
    return dir.resolve("supervisor.children");
  }

  public Path switchLock() {
    return dir.resolve("switch.lock");
  }

  public Path fingerprintKey() {
    return dir.resolve("fingerprint.key");
  }

  /** Creates the state directory and its logs directory when missing, and makes both 0700. */
  public void ensure() throws IOException {
    for (Path d : new Path[] {dir, logs()}) {
      Files.createDirectories(d);
      Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
    }
  }
}
