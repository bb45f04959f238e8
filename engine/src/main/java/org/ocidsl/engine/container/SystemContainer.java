package org.ocidsl.engine.container;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.StateLayout;
import org.ocidsl.engine.Users;
import org.ocidsl.engine.activation.ProgramCheck;
import org.ocidsl.engine.activation.Subids;
import org.ocidsl.engine.generation.RequiredProgram;
import org.ocidsl.engine.supervisor.StateDirectory;
import org.ocidsl.engine.supervisor.SupervisorClient;
import org.ocidsl.engine.supervisor.SupervisorLauncher;
import org.ocidsl.engine.supervisor.SupervisorMain;

/**
 * A whole system, its supervisor and every service, in fresh Linux namespaces: the analog of
 * Guix's {@code guix system container} and the script it writes (the seed's {@code
 * container-script}).
 *
 * <p>The namespaces are made by two well-kept tools rather than by system calls of our own:
 * util-linux's {@code unshare} makes the user namespace, because it maps a range of 65,536 ids
 * from the caller's subordinate ranges through shadow's {@code newuidmap}, which bubblewrap
 * cannot; inside it, as root of that namespace, {@code bwrap} makes the mount, PID, UTS, IPC and
 * network namespaces and the file system. As root on the host the range is the host's ids 0 to
 * 65,535, written by this process into the new namespace's maps.
 *
 * <pre>
 * ocidsl ─▶ unshare --user ─▶ sh (waits for the maps; removes the state directory at the end)
 *               └─▶ bwrap (pid 1 of the new PID namespace) ─▶ java ContainerInit ─▶ services
 * </pre>
 *
 * <p>The file system: the host's programs and libraries ({@code /usr} and the {@code /bin},
 * {@code /lib} links) and this JVM's files read-only, as Guix shares its store; {@code /etc}
 * empty but for the programs' own configuration ({@code /etc/alternatives}, the JVM's), filled by
 * the generation's activation inside; private {@code /tmp}, {@code /run}, {@code /var}, {@code
 * /home} and {@code /root}; the contained system's state directory, a host directory, at {@link
 * #STATE_INSIDE}. With a shared network the host's network files ({@link #NETWORK_FILES}) are
 * seen instead of the system's, as the seed's {@code %network-file-mappings}.
 */
public final class SystemContainer {
  /** The state directory of the contained system, as the processes inside see it: root's default. */
  public static final Path STATE_INSIDE = Path.of("/var/lib/ocidsl");
  /** What bwrap writes about the container (its namespaces, its PID) in the state directory. */
  static final String INFO_FILE = StateLayout.of(STATE_INSIDE).containerInfo().getFileName().toString();
  /** The ids a container maps, as the seed's {@code #:host-uids 65536}. */
  static final long IDS = 65_536;
  /** The host's files that a container sharing the host's network sees in its /etc. */
  public static final List<String> NETWORK_FILES =
      List.of("resolv.conf", "hosts", "nsswitch.conf", "services", "protocols", "host.conf", "gai.conf");
  /** The directories the container has before any mount: none of them is made again. */
  private static final Set<String> MADE = Set.of("/tmp", "/run", "/var", "/home", "/root", "/etc", "/var/tmp");
  /** The environment of the processes inside. */
  static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  /**
   * The script between {@code unshare} and {@code bwrap}, in the new user namespace and the
   * host's mount namespace: it waits for the word that the maps are written, runs bwrap with its
   * information written to the state directory, then removes the state directory (as root of the
   * user namespace it can remove what the services' users wrote), and a detached container's
   * output unless it failed.
   */
  static final String WRAPPER = String.join("\n",
      "state=$1",
      "shift",
      "read -r go || exit 1",
      "bwrap --info-fd 3 \"$@\" 3>\"$state/" + INFO_FILE + "\"",
      "status=$?",
      "rm -rf -- \"$state\"",
      "if [ \"$status\" = 0 ]; then rm -f -- \"$state.log\"; fi",
      "exit \"$status\"");


  /** A container to start: its state directory on the host, the generation inside it, and how it is set up. */
  public record Options(
      Path stateDir, Path generation, String hostname, List<Mapping> mappings, boolean sharedNetwork,
      boolean detach) {}

  /** A started container: the process that runs it, and the PID (on the host) of its first process. */
  public record Running(Process process, long pid) {}

  private SystemContainer() {}

  /**
   * Checks that this machine can make a container for the caller: the tools, and when not root,
   * subordinate id ranges of 65,536 ids (65,535 and the caller's own).
   */
  public static void checkHost() throws IOException {
    List<RequiredProgram> programs = new ArrayList<>(List.of(
        new RequiredProgram("unshare", "util-linux"), new RequiredProgram("bwrap", "bubblewrap")));
    boolean root = Users.uid() == 0;
    if (!root) {
      programs.add(new RequiredProgram("newuidmap", "uidmap"));
      programs.add(new RequiredProgram("newgidmap", "uidmap"));
    }
    ProgramCheck.requireAll(Path.of("/"), programs);
    if (root) {
      return;
    }
    String user = System.getProperty("user.name");
    for (String kind : List.of("subuid", "subgid")) {
      Optional<String> add = Subids.rangeToAdd(Path.of("/etc", kind), kind, user, Users.uid(), IDS - 1, IDS);
      if (add.isPresent()) {
        throw new OcidslException("user '" + user + "' has no " + kind + " range of " + (IDS - 1)
            + " ids in /etc/" + kind + ", which a system container maps; as root: usermod --add-" + kind + "s "
            + add.get() + " " + user);
      }
    }
  }

  /**
   * The state directory on the host of the container whose first process is {@code pid}, seen
   * through that process's root.
   *
   * @throws OcidslException when no system container runs as {@code pid}
   */
  public static Path stateDirOf(long pid) {
    if (Files.exists(Path.of("/proc", Long.toString(pid))) && !Files.isReadable(Path.of("/proc", Long.toString(pid), "root"))) {
      throw new OcidslException("cannot look into process " + pid + ": permission denied (another user's system container?)");
    }
    Path dir = insideRoot(pid);
    if (!Files.isRegularFile(dir.resolve(INFO_FILE))) {
      throw new OcidslException("no system container runs as PID " + pid);
    }
    return dir;
  }

  /**
   * The command that runs {@code command} as root in every namespace of the container whose first
   * process is {@code pid} that is not this process's too (a shared network is the host's, which
   * a user namespace could not enter), with the environment the container's processes have (and
   * the caller's {@code term}, when not null).
   */
  public static List<String> execCommand(long pid, List<String> command, String term) throws IOException {
    List<String> argv = new ArrayList<>(List.of("nsenter", "--target", Long.toString(pid)));
    for (String ns : List.of("user", "mnt", "uts", "ipc", "net", "pid", "cgroup")) {
      Path theirs = Path.of("/proc", Long.toString(pid), "ns", ns);
      if (!Files.readSymbolicLink(theirs).equals(Files.readSymbolicLink(Path.of("/proc/self/ns", ns)))) {
        argv.add("--" + (ns.equals("mnt") ? "mount" : ns));
      }
    }
    argv.addAll(List.of("--", "/usr/bin/env", "-i", "PATH=" + PATH, "HOME=/root", "TMPDIR=/tmp"));
    if (term != null) {
      argv.add("TERM=" + term);
    }
    argv.addAll(command);
    return argv;
  }

  /**
   * Starts the container of {@code options}; its supervisor gets {@code secrets}. Its output goes
   * to this process's (or, detached, to {@link #logOf} its state directory). Returns once its
   * first process runs in its file system.
   *
   * @throws OcidslException when it ends before that
   */
  public static Running start(Options options, Map<String, Map<String, String>> secrets) throws IOException {
    Path state = options.stateDir().toAbsolutePath();
    boolean root = Users.uid() == 0;
    // A session of its own, detached or not: Ctrl-C on the terminal would kill the bwrap outside
    // the namespaces, and with it every process inside, before the supervisor could stop them;
    // the caller passes the signal on to the supervisor ({@link #stop}).
    List<String> argv = new ArrayList<>(List.of(SupervisorLauncher.setsid(), "unshare", "--user"));
    if (!root) {
      argv.addAll(List.of("--map-auto", "--map-root-user"));
    }
    argv.addAll(List.of("--", "/bin/sh", "-c", WRAPPER, "ocidsl-container", state.toString()));
    argv.addAll(bwrapArguments(options));
    argv.add("--");
    argv.addAll(SupervisorLauncher.javaCommand(ContainerInit.class));
    argv.addAll(List.of("--state-dir", STATE_INSIDE.toString(), "--hostname", options.hostname()));
    if (options.detach()) {
      argv.add("--detached");
    }
    argv.add(STATE_INSIDE.resolve(state.relativize(options.generation().toAbsolutePath())).toString());

    ProcessBuilder pb = new ProcessBuilder(argv).directory(state.toFile());
    if (options.detach()) {
      Path log = logOf(state);
      if (!Files.exists(log)) {
        Files.createFile(log, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logOf(state).toFile()));
    } else {
      pb.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
    }
    Process process = pb.start();
    try (OutputStream in = process.getOutputStream()) {
      if (root) {
        mapIdentity(process);
      }
      in.write(("go\n" + SupervisorMain.secretsText(secrets)).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // It ended before reading: reported below.
    }
    return new Running(process, firstPid(process, state.resolve(INFO_FILE)));
  }

  /**
   * Where the output of the detached container of state directory {@code state} goes: beside it,
   * kept when the container fails.
   */
  public static Path logOf(Path state) {
    return state.resolveSibling(state.getFileName() + ".log");
  }

  /**
   * Maps ids 0 to 65,535 of the new user namespace of {@code process} to the same host ids, once
   * {@code unshare} has made it: root may write any map; others go through newuidmap.
   */
  private static void mapIdentity(Process process) throws IOException {
    Path proc = Path.of("/proc", Long.toString(process.pid()));
    Path ours = Files.readSymbolicLink(Path.of("/proc/self/ns/user"));
    while (true) {
      if (!process.isAlive()) {
        return;
      }
      try {
        if (!Files.readSymbolicLink(proc.resolve("ns/user")).equals(ours)) {
          break;
        }
      } catch (NoSuchFileException gone) {
        return;
      }
      StateDirectory.sleep(2);
    }
    String map = "0 0 " + IDS + "\n";
    Files.writeString(proc.resolve("uid_map"), map);
    Files.writeString(proc.resolve("gid_map"), map);
  }

  /**
   * The host PID of the container's first process, from bwrap's information file, once its file
   * system is made (bwrap writes the file before).
   */
  private static long firstPid(Process process, Path info) {
    long pid = 0;
    while (true) {
      if (pid == 0) {
        try {
          pid = SupervisorClient.containerPid(Files.readString(info)).orElse(0L);
        } catch (IOException notYet) {
          // Not written yet.
        }
      }
      if (pid != 0 && Files.isRegularFile(insideRoot(pid).resolve(INFO_FILE))) {
        return pid;
      }
      if (!process.isAlive()) {
        throw new OcidslException("the system container failed to start (exit status " + process.exitValue() + ")");
      }
      StateDirectory.sleep(5);
    }
  }

  /** The state directory of the container whose first process is {@code pid}, seen through its root. */
  private static Path insideRoot(long pid) {
    return Path.of("/proc", Long.toString(pid), "root").resolve(STATE_INSIDE.toString().substring(1));
  }

  /**
   * Asks the supervisor of the container whose first process is {@code pid} to stop every service
   * and exit, as Ctrl-C does to {@code ocidsl run}.
   */
  public static void stop(long pid) {
    ProcessHandle.of(pid).ifPresent(first -> first.children().forEach(ProcessHandle::destroy));
  }

  /** What bwrap is told: the namespaces, the file system, the environment. */
  static List<String> bwrapArguments(Options options) throws IOException {
    List<String> args = new ArrayList<>(List.of("--unshare-pid", "--unshare-ipc", "--unshare-uts"));
    if (!options.sharedNetwork()) {
      args.add("--unshare-net");
    }
    args.addAll(List.of("--unshare-cgroup-try", "--die-with-parent", "--hostname", options.hostname(),
        "--cap-add", "ALL"));
    args.addAll(List.of("--ro-bind", "/usr", "/usr"));
    for (String top : List.of("bin", "sbin", "lib", "lib32", "lib64", "libx32")) {
      Path p = Path.of("/", top);
      if (Files.isSymbolicLink(p)) {
        args.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), p.toString()));
      } else if (Files.isDirectory(p)) {
        args.addAll(List.of("--ro-bind", p.toString(), p.toString()));
      }
    }
    args.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--tmpfs", "/dev/shm",
        "--perms", "1777", "--tmpfs", "/tmp"));
    for (String dir : List.of("/run", "/var", "/home", "/root")) {
      args.addAll(List.of("--tmpfs", dir));
    }
    args.addAll(List.of("--perms", "1777", "--dir", "/var/tmp", "--dir", "/etc"));
    Set<Path> programs = programFiles();
    List<Path> targets = new ArrayList<>(programs);
    targets.add(STATE_INSIDE);
    options.mappings().forEach(m -> targets.add(m.guest()));
    // The directories that hold what is mounted, 0755 as the host's usually are (bwrap would
    // make them 0700, which the services' users could not enter).
    Set<Path> made = new LinkedHashSet<>();
    for (Path target : targets) {
      for (int i = 1; i < target.getNameCount(); i++) {
        Path dir = target.getRoot().resolve(target.subpath(0, i));
        if (!MADE.contains(dir.toString()) && !dir.startsWith("/usr") && made.add(dir)) {
          args.addAll(List.of("--dir", dir.toString()));
        }
      }
    }
    for (Path p : programs) {
      args.addAll(List.of("--ro-bind", p.toString(), p.toString()));
    }
    args.addAll(List.of("--bind", options.stateDir().toAbsolutePath().toString(), STATE_INSIDE.toString()));
    if (options.sharedNetwork()) {
      for (String name : NETWORK_FILES) {
        args.addAll(List.of("--ro-bind-try", "/etc/" + name, "/etc/" + name));
      }
    }
    for (Mapping m : options.mappings()) {
      args.addAll(List.of(m.writable() ? "--bind" : "--ro-bind", m.host().toString(), m.guest().toString()));
    }
    args.addAll(List.of("--clearenv", "--setenv", "PATH", PATH, "--setenv", "HOME", "/root",
        "--setenv", "TMPDIR", "/tmp", "--chdir", "/"));
    return args;
  }

  /**
   * The host files outside /usr that the programs inside need, read-only: the alternatives links
   * of Debian's /usr/bin, the dynamic linker's cache, this JVM (its home, the configuration its
   * home links to under /etc, its class path and class-data archive).
   */
  static Set<Path> programFiles() throws IOException {
    Set<Path> files = new LinkedHashSet<>();
    for (String p : List.of("/etc/alternatives", "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d")) {
      if (Files.exists(Path.of(p))) {
        files.add(Path.of(p));
      }
    }
    Path javaHome = Path.of(System.getProperty("java.home")).toRealPath();
    if (!javaHome.startsWith("/usr/")) {
      files.add(javaHome);
    }
    Path conf = javaHome.resolve("conf");
    if (Files.isDirectory(conf)) {
      try (Stream<Path> walk = Files.walk(conf)) {
        for (Path link : walk.filter(Files::isSymbolicLink).toList()) {
          Path target = link.toRealPath();
          if (target.startsWith("/etc/") && target.getNameCount() > 1) {
            files.add(Path.of("/etc").resolve(target.getName(1)));
          }
        }
      } catch (NoSuchFileException dangling) {
        // A link to nothing needs nothing.
      }
    }
    for (Path entry : SupervisorLauncher.classPath()) {
      if (!entry.startsWith("/usr/") && Files.exists(entry)) {
        files.add(entry);
      }
    }
    for (String option : SupervisorLauncher.jvmOptions()) {
      if (option.startsWith("-XX:SharedArchiveFile=")) {
        Path archive = Path.of(option.substring("-XX:SharedArchiveFile=".length())).toAbsolutePath();
        if (Files.exists(archive) && !archive.startsWith("/usr/")) {
          files.add(archive);
        }
      }
    }
    return files;
  }
}
