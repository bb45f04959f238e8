package org.ocidsl.engine.supervisor;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ocidsl.engine.OcidslException;

/**
 * Starts a supervisor detached from the terminal ({@code ocidsl run -d}): a new JVM in a new
 * session, its output appended to {@code STATE/logs/supervisor.log}, the secrets written to its
 * standard input (never to its command line or a file), and returns once it has started the
 * auto-start services.
 */
public final class SupervisorLauncher {
  private SupervisorLauncher() {}

  /**
   * The options of the supervisor's JVM: those of this one, the command's, so that they are
   * written in one place (scripts/jvm-options), less an agent (a debugger's would want the same
   * port) and what writes files as the JVM exits.
   */
  public static List<String> jvmOptions() {
    List<String> options = new ArrayList<>();
    for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!option.startsWith("-agentlib:") && !option.startsWith("-agentpath:") && !option.startsWith("-javaagent:")
          && !option.startsWith("-XX:DumpLoadedClassList") && !option.startsWith("-XX:ArchiveClassesAtExit")) {
        options.add(option);
      }
    }
    return options;
  }

  /**
   * Runs {@code java -cp <this JVM's class path> org.ocidsl.engine.supervisor.SupervisorMain} in a
   * new session for {@code generation}, and waits until its auto-start services have started.
   *
   * @return the supervisor's PID
   * @throws OcidslException if a system already runs in {@code stateDir}, or the supervisor fails
   */
  public static long detach(Path stateDir, Path generation, Map<String, Map<String, String>> secrets)
      throws IOException {
    StateDirectory state = StateDirectory.of(stateDir);
    SupervisorClient client = SupervisorClient.of(state.dir());
    if (client.isRunning()) {
      throw state.alreadyRunning();
    }
    state.ensure();
    Path log = state.supervisorLog();
    LogFile.open(log, "rw-------").close();
    long offset = Files.size(log);

    List<String> argv = new ArrayList<>();
    argv.add(setsid());
    argv.addAll(javaCommand(SupervisorMain.class));
    argv.addAll(
        List.of(
            "--state-dir", state.dir().toString(), "--secrets-from-stdin", "--detached",
            generation.toAbsolutePath().toString()));
    ProcessBuilder pb =
        new ProcessBuilder(argv)
            .directory(new File("/"))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Process p = pb.start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(Protocol.write(secrets == null ? Map.of() : secrets).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // It died before reading: reported below.
    }
    while (true) {
      if (!p.isAlive()) {
        throw new OcidslException("the supervisor failed to start: " + errorSince(log, offset));
      }
      try {
        SupervisorClient.Ping ping = client.ping();
        if (ping.pid() == p.pid() && ping.ready()) {
          return p.pid();
        }
      } catch (OcidslException notYet) {
        // Not listening yet.
      }
      StateDirectory.sleep(20);
    }
  }

  /** This JVM's java, options and class path, running the main class {@code main}. */
  public static List<String> javaCommand(Class<?> main) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions());
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classPath().stream().map(Path::toString).toList()));
    command.add(main.getName());
    return command;
  }

  /** The entries of this JVM's class path, absolute. */
  public static List<Path> classPath() {
    List<Path> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        entries.add(Path.of(entry).toAbsolutePath());
      }
    }
    return entries;
  }

  public static String setsid() {
    for (String p : List.of("/usr/bin/setsid", "/bin/setsid")) {
      if (Files.isExecutable(Path.of(p))) {
        return p;
      }
    }
    return "setsid";
  }

  /** The last error line the supervisor wrote to its log after {@code offset}. */
  private static String errorSince(Path log, long offset) {
    String tail;
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
      long length = f.length();
      long from = Math.max(offset, length - 64 * 1024);
      byte[] bytes = new byte[(int) (length - from)];
      f.seek(from);
      f.readFully(bytes);
      tail = new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "see " + log;
    }
    String last = null;
    for (String line : tail.split("\n")) {
      String l = line.strip();
      int at = l.indexOf("error: ");
      if (at >= 0) {
        last = l.substring(at + "error: ".length());
      }
    }
    return last != null ? last : "see " + log;
  }
}
