package org.ocidsl.engine.container;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.ocidsl.engine.Mode;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.activation.Activation;
import org.ocidsl.engine.generation.GenerationStore;
import org.ocidsl.engine.supervisor.Supervisor;
import org.ocidsl.engine.supervisor.SupervisorMain;
import org.ocidsl.engine.supervisor.SupervisorOptions;

/**
 * The first program of a system container (what the seed's container runs as the system's
 * {@code boot} script): it gives the empty /etc the accounts every system starts from, activates
 * the generation as root of the container, makes it current and supervises it until halted or
 * interrupted.
 *
 * <pre>
 * ContainerInit --state-dir DIR --hostname NAME [--detached] GENERATION
 * </pre>
 *
 * <p>The secret environment comes on standard input, as {@link SupervisorMain} reads it. Exit
 * status: 0 once halted, 1 when activation or the supervisor fails, 2 on a usage error.
 */
public final class ContainerInit {
  /** The accounts and groups every system has, as Guix's base accounts: root and nobody. */
  static final Map<String, String> BASE_FILES = Map.of(
      "passwd", "root:x:0:0:System administrator:/root:/bin/sh\n"
          + "nobody:x:65534:65534:Unprivileged user:/nonexistent:/usr/sbin/nologin\n",
      "group", "root:x:0:\nusers:x:100:\nnogroup:x:65534:\n",
      "shadow", "root:!:1::::::\nnobody:!:1::::::\n",
      "gshadow", "root:*::\nusers:*::\nnogroup:*::\n");

  private ContainerInit() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    Path stateDir = null;
    Path generation = null;
    String hostname = null;
    boolean detached = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--state-dir" -> stateDir = Path.of(args[++i]);
        case "--hostname" -> hostname = args[++i];
        case "--detached" -> detached = true;
        default -> generation = Path.of(args[i]);
      }
    }
    if (stateDir == null || generation == null || hostname == null) {
      err.println("usage: ContainerInit --state-dir DIR --hostname NAME [--detached] GENERATION");
      System.exit(2);
    }
    try {
      Map<String, Map<String, String>> secrets = SupervisorMain.readSecrets(System.in);
      writeBaseFiles(Path.of("/etc"), hostname);
      Activation.of(Path.of("/"), stateDir).in(Mode.SYSTEM).reportingTo(out::println).activate(generation);
      new GenerationStore(stateDir).makeCurrent(generation);
      Supervisor.runForeground(
          SupervisorOptions.of(stateDir, generation).withSecrets(secrets).withOut(detached ? null : out));
      System.exit(0);
    } catch (OcidslException e) {
      err.println(e.render());
    } catch (IOException e) {
      err.println("error: " + e.getMessage());
    }
    System.exit(1);
  }

  /**
   * Writes the base accounts, {@code hostname} and, unless the host's is there, a hosts file
   * naming it, into {@code etc}: what activation then adds the system's accounts and files to.
   */
  static void writeBaseFiles(Path etc, String hostname) throws IOException {
    for (Map.Entry<String, String> file : BASE_FILES.entrySet()) {
      Path path = etc.resolve(file.getKey());
      Files.writeString(path, file.getValue());
      Files.setPosixFilePermissions(path,
          PosixFilePermissions.fromString(file.getKey().endsWith("shadow") ? "rw-------" : "rw-r--r--"));
    }
    Files.writeString(etc.resolve("hostname"), hostname + "\n");
    Path hosts = etc.resolve("hosts");
    if (!Files.exists(hosts)) {
      Files.writeString(hosts, "127.0.0.1 localhost " + hostname + "\n::1 localhost " + hostname + "\n");
    }
  }
}
