package org.ocidsl.engine.supervisor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.StateLayout;
import org.ocidsl.engine.generation.GenerationStore;
import org.ocidsl.engine.generation.SystemManifest;

/**
 * Talks to the supervisor of a state directory through its control socket: what {@code status},
 * {@code start}, {@code stop}, {@code restart}, {@code action}, {@code logs} and {@code halt}
 * call. Every method throws {@link OcidslException} with the message to print: "no system is
 * running in STATE", "STATE cannot be read by user U: permission denied", "service 'X' could not
 * be found", and so on.
 */
public final class SupervisorClient {
  private static final Pattern PROCESS_ROOT = Pattern.compile("^/proc/(\\d+)/root(/.*)?$");
  private static final Pattern CHILD_PID = Pattern.compile("\"child-pid\"\\s*:\\s*(\\d+)");

  private final StateDirectory state;
  /**
   * The root of the supervisor's file system as this process sees it, when it differs: {@code
   * /proc/PID/root} for a supervisor in a system container, whose state directory is reached
   * through that process or found on the host by the record of the container it holds.
   */
  private final Path supervisorRoot;

  private SupervisorClient(StateDirectory state) {
    this.state = state;
    Matcher m = PROCESS_ROOT.matcher(state.dir().toString());
    Optional<Long> first = m.matches() ? Optional.of(Long.parseLong(m.group(1))) : outsideContainerPid(state.dir());
    this.supervisorRoot = first.map(pid -> Path.of("/proc", Long.toString(pid), "root")).orElse(null);
  }

  /**
   * The first PID of the system container whose state directory is {@code dir}, when it is one's
   * seen from outside (inside, the container's root is this process's own).
   */
  private static Optional<Long> outsideContainerPid(Path dir) {
    try {
      Optional<Long> pid = containerPid(Files.readString(StateLayout.of(dir).containerInfo()));
      if (pid.isPresent() && !Files.isSameFile(Path.of("/proc", pid.get().toString(), "root"), Path.of("/"))) {
        return pid;
      }
    } catch (IOException noneOrNotOurs) {
      // No container's state directory, or one this process cannot look into.
    }
    return Optional.empty();
  }

  /** The first PID of a system container in the record bwrap writes of it, {@code container.json}. */
  public static Optional<Long> containerPid(String record) {
    Matcher m = CHILD_PID.matcher(record);
    return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
  }

  /**
   * A file the supervisor named, as this process sees it: one in the state directory comes
   * relative to it; another, in a system container, is seen through the container's root.
   */
  String seen(String path) {
    if (path == null) {
      return null;
    }
    if (!path.startsWith("/")) {
      return state.dir().resolve(path).toString();
    }
    return supervisorRoot == null ? path : supervisorRoot.resolve(path.substring(1)).toString();
  }

  public static SupervisorClient of(Path stateDir) {
    return new SupervisorClient(StateDirectory.of(stateDir));
  }

  /** What a running supervisor says of itself. */
  public record Ping(long pid, boolean ready, String generation) {}

  /** Whether a supervisor answers on this state directory's socket. */
  public boolean isRunning() {
    try {
      ping();
      return true;
    } catch (OcidslException e) {
      return false;
    }
  }

  public Ping ping() {
    Protocol.Reply r = call(Protocol.Request.of("ping"));
    return new Ping(r.pid(), Boolean.TRUE.equals(r.ready()), r.generation());
  }

  public List<ServiceStatus> status() {
    return call(Protocol.Request.of("status")).services().stream().map(s -> s.withLogFile(seen(s.logFile()))).toList();
  }

  public ServiceStatus status(String service) {
    ServiceStatus s = call(Protocol.Request.of("status", service)).services().get(0);
    return s.withLogFile(seen(s.logFile()));
  }

  /** Starts {@code service}; returns the messages to print. */
  public List<String> start(String service) {
    return call(Protocol.Request.of("start", service)).messages();
  }

  public List<String> stop(String service) {
    return call(Protocol.Request.of("stop", service)).messages();
  }

  public List<String> restart(String service) {
    return call(Protocol.Request.of("restart", service)).messages();
  }

  /** Runs {@code action} of {@code service}; returns its output and exit status. */
  public Supervisor.ActionResult action(String service, String action, List<String> args) {
    Protocol.Reply r = call(new Protocol.Request("action", service, action, List.copyOf(args), null, null, null, null, null));
    return new Supervisor.ActionResult(r.output() == null ? "" : r.output(), r.exitStatus());
  }

  /**
   * The log file of {@code service}: as the running supervisor says, or, when none runs, as the
   * current generation says.
   */
  public Path logFile(String service) {
    checkReadable();
    if (Files.exists(state.socket())) {
      try {
        return Path.of(seen(call(Protocol.Request.of("log-file", service)).logFile()));
      } catch (NotRunning e) {
        // Fall back on the current generation.
      }
    }
    Optional<Path> current = new GenerationStore(state.dir()).current();
    if (current.isEmpty()) {
      throw notRunning();
    }
    SystemManifest.ServiceEntry entry;
    try {
      entry = SystemManifest.read(current.get()).service(service);
    } catch (IOException e) {
      throw new OcidslException("cannot read the current generation: " + e.getMessage());
    }
    return entry.logFile() == null || entry.logFile().isEmpty()
        ? state.defaultLog(entry.name())
        : state.dir().resolve(entry.logFile());
  }

  /**
   * Stops every service and the supervisor; returns the messages to print once the supervisor
   * process has exited (or after 10 s).
   */
  public List<String> halt() {
    // In a system container the recorded pid is of its PID namespace: wait for the container's
    // first process instead, which ends with the supervisor.
    Optional<Long> pid = supervisorRoot == null
        ? state.recordedPid()
        : Optional.of(Long.parseLong(supervisorRoot.getParent().getFileName().toString()));
    List<String> messages = call(Protocol.Request.of("halt")).messages();
    pid.flatMap(ProcessHandle::of)
        .ifPresent(
            h -> {
              try {
                h.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
              } catch (Exception e) {
                // It said it halted; the pid may belong to another process by now.
              }
            });
    return messages;
  }

  /** No supervisor answers. */
  private static final class NotRunning extends OcidslException {
    private static final long serialVersionUID = 1L;

    NotRunning(String message) {
      super(message);
    }
  }

  private OcidslException notRunning() {
    return new NotRunning("no system is running in " + state.dir());
  }

  /**
   * Fails saying so when this user may not look into the state directory (or a directory above
   * it): a supervisor's state directory is its user's alone (0700), and whether a system runs
   * there cannot be known from outside.
   */
  private void checkReadable() {
    Path denied = null;
    Path dir = state.dir().getRoot();
    for (Path name : state.dir()) {
      dir = dir.resolve(name);
      try {
        dir.getFileSystem().provider().checkAccess(dir, AccessMode.EXECUTE);
      } catch (AccessDeniedException e) {
        denied = dir;
        break;
      } catch (IOException e) {
        return; // missing: no system runs there, as the caller finds
      }
    }
    if (denied == null) {
      return;
    }
    String owner = "";
    try {
      PosixFileAttributes attributes = Files.readAttributes(denied, PosixFileAttributes.class);
      owner = " (it is " + attributes.owner().getName() + "'s, mode "
          + PosixFilePermissions.toString(attributes.permissions()) + ")";
    } catch (IOException | UnsupportedOperationException e) {
      // Its owner is not known to this user either: the message goes without it.
    }
    throw new OcidslException(
        denied + " cannot be read by user " + System.getProperty("user.name") + ": permission denied" + owner
            + (denied.equals(state.dir()) ? "" : ", so the state directory " + state.dir() + " cannot be either"));
  }

  /**
   * Switches the running system to {@code generation}, whose services' secret environment is
   * {@code secrets}: see {@link Supervisor#switchTo}. A switch that failed returns its result
   * too, its {@code failure} saying why.
   */
  public Supervisor.SwitchResult switchTo(
      Path generation, Map<String, Map<String, String>> secrets, boolean restart, boolean rollback,
      Duration settle) {
    Protocol.Reply r =
        call(new Protocol.Request("switch", null, null, null, generation.toAbsolutePath().toString(),
            secrets, restart, rollback, settle.toMillis()), false);
    return new Supervisor.SwitchResult(r.plan(), r.messages() == null ? List.of() : r.messages(),
        r.generation(), r.ok() ? null : r.error());
  }

  private Protocol.Reply call(Protocol.Request request) {
    return call(request, true);
  }

  private Protocol.Reply call(Protocol.Request request, boolean failOnError) {
    SocketChannel channel;
    try {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    } catch (IOException e) {
      throw new OcidslException("cannot open a Unix domain socket: " + e.getMessage());
    }
    try (channel) {
      try {
        channel.connect(UnixDomainSocketAddress.of(state.socket()));
      } catch (IOException e) {
        checkReadable();
        if (!Files.exists(state.socket())
            || String.valueOf(e.getMessage()).contains("refused")) {
          throw notRunning();
        }
        throw new OcidslException(
            "cannot reach the supervisor in " + state.dir() + ": " + e.getMessage());
      }
      Channels.newOutputStream(channel)
          .write((request.toJson() + "\n").getBytes(StandardCharsets.UTF_8));
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
      String line = in.readLine();
      if (line == null) {
        throw new OcidslException("the supervisor in " + state.dir() + " closed the connection");
      }
      Protocol.Reply reply;
      try {
        reply = Protocol.Reply.fromJson(line);
      } catch (Protocol.MalformedException e) {
        throw new OcidslException("the supervisor in " + state.dir() + " answered nonsense: " + e.getMessage());
      }
      if (!reply.ok() && (failOnError || reply.plan() == null)) {
        throw new OcidslException(reply.error());
      }
      return reply;
    } catch (IOException e) {
      throw new OcidslException(
          "lost the connection to the supervisor in " + state.dir() + ": " + e.getMessage());
    }
  }
}
