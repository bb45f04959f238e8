package org.ocidsl.engine.supervisor;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.ocidsl.engine.Users;
import org.ocidsl.engine.generation.Generation;
import org.ocidsl.engine.generation.GenerationStore;
import org.ocidsl.engine.generation.SystemManifest.ServiceEntry;

/**
 * Runs a service's launchers as the service asks: in a session (and process group) of its own,
 * as its user and group (when the supervisor is root), with exactly its environment (PATH, its
 * variables, its secrets), in its working directory ({@code /} by default), stdin from {@code
 * /dev/null}, stdout and stderr merged.
 *
 * <p>Java cannot fork, so the session and the identity are set by programs the launcher is
 * exec'd through: {@code setsid} (which does not fork, the JVM's children never leading a process
 * group) and {@code setpriv}; as another user, the launcher's text is run by {@code sh -c},
 * the generation being readable by the supervisor's user only. Either way the launcher's {@code
 * $0} is its real, absolute path. The PID of the returned {@link Process} is thus the launcher's
 * PID, and, a long-running launcher ending with {@code exec}, the service's.
 */
final class Spawner {
  static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private final String path;
  private final boolean root;
  private final String setsid;
  private final String setpriv;
  private final Map<String, long[]> users = new ConcurrentHashMap<>();
  private final Map<String, Long> groups = new ConcurrentHashMap<>();

  Spawner() {
    String inherited = System.getenv("PATH");
    this.path = inherited == null || inherited.isEmpty() ? DEFAULT_PATH : inherited;
    this.root = Users.uid() == 0;
    this.setsid = find("setsid");
    this.setpriv = root ? find("setpriv") : null;
  }

  /** Why a launcher could not be run: its message says it to the user. */
  static final class SpawnException extends Exception {
    private static final long serialVersionUID = 1L;

    SpawnException(String message) {
      super(message);
    }
  }

  /** The launcher file {@code launcher} ({@code start}, {@code stop}, {@code action-X}) of {@code service}. */
  static Path launcher(ServiceController.Definition service, String launcher) {
    return service.generation().resolve(service.entry().launcherDirectory()).resolve(launcher);
  }

  /** The launcher file name of action {@code action}. */
  static String actionLauncher(String action) {
    return "action-" + GenerationStore.fileName(action);
  }

  /**
   * Starts {@code launcher} of {@code service} with {@code args}, its output (stdout and stderr)
   * going to {@code log}, timestamped; or, when {@code log} is null, to be read from the process.
   */
  Process spawn(ServiceController.Definition definition, String launcher, List<String> args, LogFile log)
      throws SpawnException {
    ServiceEntry service = definition.entry();
    Path file = launcher(definition, launcher);
    if (!Files.isRegularFile(file)) {
      throw new SpawnException("its launcher " + file + " does not exist");
    }
    if (!Files.isExecutable(file)) {
      throw new SpawnException("its launcher " + file + " is not executable");
    }
    String dir = service.directory() == null ? "/" : service.directory();
    if (!Files.isDirectory(Path.of(dir))) {
      throw new SpawnException("its working directory " + dir + " does not exist");
    }
    // Launchers find their generation from $0 alone (GenerationStore.locate): it is given as
    // their real, absolute path, whatever path the generation was loaded by.
    String zero;
    try {
      zero = file.toRealPath().toString();
    } catch (IOException e) {
      throw new SpawnException("its launcher " + file + " cannot be resolved: " + e.getMessage());
    }
    List<String> command = new ArrayList<>();
    command.add(setsid);
    List<String> identity = identity(service);
    Path archive = definition.generation().resolve(Generation.ImageEntry.archiveOf(service.name()));
    if (identity.isEmpty()) {
      command.add(zero);
    } else {
      if (Files.isRegularFile(archive)) {
        // Nor can the service's user read its image archive: a shell of ours opens it as file
        // descriptor 3 before the launcher takes the user's identity; the loader reads it there.
        command.addAll(List.of("/bin/sh", "-c", "exec 3<\"$0\" && exec \"$@\"", archive.toString()));
      }
      // The generation is only readable by the supervisor's user (the state directory is 0700):
      // the launcher's text is read here and given to sh. Launchers hold no secret.
      command.addAll(identity);
      command.add("/bin/sh");
      command.add("-c");
      try {
        command.add(Files.readString(file, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new SpawnException("its launcher " + file + " cannot be read: " + e.getMessage());
      }
      command.add(zero);
    }
    command.addAll(args);
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(new File(dir))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.clear();
    env.putAll(environment(service, definition.secrets()));
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new SpawnException("it could not be run: " + e.getMessage());
    }
    if (log != null) {
      log.pump(p.getInputStream(), service.name());
    }
    return p;
  }

  /** Exactly the environment of {@code service}: PATH, its variables, then its secrets. */
  Map<String, String> environment(ServiceEntry service, Map<String, String> given) throws SpawnException {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    env.put("PATH", path);
    if (service.environment() != null) {
      for (String variable : service.environment()) {
        int eq = variable.indexOf('=');
        if (eq > 0) {
          env.put(variable.substring(0, eq), variable.substring(eq + 1));
        }
      }
    }
    if (service.secretEnvironment() != null) {
      for (String name : service.secretEnvironment()) {
        if (!given.containsKey(name)) {
          throw new SpawnException(
              "its secret environment variable '" + name + "' was not given to the supervisor");
        }
      }
    }
    env.putAll(given);
    return env;
  }

  /** The {@code setpriv} words that make the launcher run as the service's user and group. */
  private List<String> identity(ServiceEntry service) throws SpawnException {
    if (!root || (service.user() == null && service.group() == null)) {
      return List.of();
    }
    List<String> words = new ArrayList<>();
    words.add(setpriv);
    if (service.user() != null) {
      long[] ids = user(service.user());
      long gid = service.group() != null ? group(service.group()) : ids[1];
      words.add("--reuid=" + ids[0]);
      words.add("--regid=" + gid);
      words.add("--init-groups");
    } else {
      words.add("--regid=" + group(service.group()));
      words.add("--clear-groups");
    }
    words.add("--");
    return words;
  }

  /** The uid and primary gid of {@code user}. */
  private long[] user(String user) throws SpawnException {
    long[] ids = users.get(user);
    if (ids == null) {
      String[] f = getent("passwd", user);
      if (f == null || f.length < 4) {
        throw new SpawnException("its user '" + user + "' does not exist");
      }
      ids = new long[] {Long.parseLong(f[2]), Long.parseLong(f[3])};
      users.put(user, ids);
    }
    return ids;
  }

  private long group(String group) throws SpawnException {
    Long gid = groups.get(group);
    if (gid == null) {
      String[] f = getent("group", group);
      if (f == null || f.length < 3) {
        throw new SpawnException("its group '" + group + "' does not exist");
      }
      gid = Long.parseLong(f[2]);
      groups.put(group, gid);
    }
    return gid;
  }

  /** The fields of {@code key} in the NSS database {@code database}, or null when it is unknown. */
  private static String[] getent(String database, String key) throws SpawnException {
    try {
      Process p =
          new ProcessBuilder("getent", database, "--", key)
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new SpawnException("looking up " + database + " '" + key + "' timed out");
      }
      if (p.exitValue() != 0) {
        return null;
      }
      String[] f = out.strip().split(":", -1);
      return f[0].equals(key) || f.length > 2 && f[2].equals(key) ? f : null;
    } catch (IOException e) {
      throw new SpawnException("getent could not be run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SpawnException("interrupted");
    }
  }

  /** The absolute path of program {@code name}, from the usual places. */
  private static String find(String name) {
    for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin")) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return name;
  }

  boolean root() {
    return root;
  }
}
