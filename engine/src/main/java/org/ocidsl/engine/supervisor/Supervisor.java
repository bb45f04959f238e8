package org.ocidsl.engine.supervisor;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ocidsl.engine.OcidslException;

/**
 * A supervisor for the services of one generation, as GNU Shepherd supervises its services.
 *
 * <ul>
 *   <li>Auto-start services start when it starts, each after its requirements; independent
 *       services start in parallel. A one-shot service is done once its start exits with status
 *       0; a long-running service runs while its start process lives (its launcher {@code exec}s
 *       the real process).
 *   <li>Stopping a service stops its dependents first, then runs its {@code stop} launcher if it
 *       has one, then sends SIGTERM to its session (its process group and any it made), and
 *       SIGKILL after {@link SupervisorOptions#stopGrace()}.
 *   <li>A respawnable service that dies is started again after 0.1 s; after more than 5 respawns
 *       within 7 s it is disabled ("Service X has been disabled."). When a service's process
 *       dies, whatever remains of its session is killed.
 *   <li>It answers {@link SupervisorClient}s on {@code STATE/supervisor.sock} (0600), holds
 *       {@code STATE/supervisor.lock} while it lives and writes {@code STATE/supervisor.pid}; a
 *       second supervisor on the same state directory is refused, and the files of a killed one
 *       are cleaned up (and the services it left are ended) by the next.
 * </ul>
 *
 * <p>Use: {@link #runForeground} (the {@code run} command, {@link SupervisorMain}), or {@link
 * #start(SupervisorOptions)} then {@link #halt()}.
 */
public final class Supervisor implements AutoCloseable {
  private static final long POLL_MILLIS = 20;
  private static final long KILL_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final SupervisorOptions options;
  private final StateDirectory state;
  private final Path generation;
  private final List<Unit> units = new ArrayList<>();
  private final Map<String, Unit> byProvision = new LinkedHashMap<>();
  private final Spawner spawner;
  private final LogPump pump;
  private final ProcessTable table = new ProcessTable();
  private final ExecutorService pool;
  private final ScheduledExecutorService timer;
  private final PrintWriter out;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();

  private LogFile log;
  private FileLock lock;
  private ControlServer server;
  private CompletableFuture<List<String>> stoppingAll;
  private boolean halting;
  private boolean shutDown;
  private boolean childrenWriteScheduled;

  /** A service and where it stands; guarded by the supervisor's monitor. */
  private static final class Unit {
    final ServiceSpec entry;
    final List<Unit> requirements = new ArrayList<>();
    final List<Unit> dependents = new ArrayList<>();
    final ArrayDeque<Long> respawns = new ArrayDeque<>();
    ServiceState state = ServiceState.STOPPED;
    boolean enabled = true;
    /** The start process: the running service, or a one-shot start still running. */
    Process process;
    long startTime;
    /** The session a finished one-shot start leaves, ended when the service is stopped. */
    long oneShotSession;
    /** Bumped by every start and stop, so that a stale start in flight gives up. */
    int epoch;
    CompletableFuture<Boolean> starting;
    CompletableFuture<Boolean> stopping;
    ScheduledFuture<?> pendingRespawn;
    String failure;
    LogFile log;

    Unit(ServiceSpec entry) {
      this.entry = entry;
    }

    String name() {
      return entry.name();
    }
  }

  private Supervisor(SupervisorOptions options) throws IOException {
    this.options = options;
    this.state = StateDirectory.of(options.stateDir());
    this.generation = options.generation();
    this.out = options.out();
    List<ServiceSpec> services;
    try {
      services = ManifestReader.services(generation);
    } catch (IOException e) {
      throw new OcidslException(
          "cannot read the generation " + generation + ": " + e.getMessage());
    }
    for (ServiceSpec entry : services) {
      Unit unit = new Unit(entry);
      units.add(unit);
      for (String name : entry.provision()) {
        if (byProvision.putIfAbsent(name, unit) != null) {
          throw new OcidslException("service '" + name + "' provided more than once");
        }
      }
    }
    for (Unit unit : units) {
      for (String required : unit.entry.requirement()) {
        Unit r = byProvision.get(required);
        if (r == null) {
          throw new OcidslException(
              "service '" + unit.name() + "' requires '" + required
                  + "', which is not provided by any service");
        }
        if (!unit.requirements.contains(r)) {
          unit.requirements.add(r);
          r.dependents.add(unit);
        }
      }
    }
    checkAcyclic();
    this.pump = LogPump.startIfAvailable();
    this.spawner = new Spawner(generation, options.secrets(), pump);
    this.pool =
        new ThreadPoolExecutor(
            4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads("supervisor"));
    ((ThreadPoolExecutor) pool).allowCoreThreadTimeOut(true);
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, threads("supervisor timer"));
    scheduler.setRemoveOnCancelPolicy(true);
    this.timer = scheduler;
  }

  /**
   * Starts a supervisor: takes the state directory (refusing if a supervisor runs there),
   * opens the control socket, and starts the auto-start services in the background ({@link
   * #awaitReady()} waits for them).
   *
   * @throws OcidslException if a system already runs in the state directory, or the generation
   *     cannot be read
   */
  public static Supervisor start(SupervisorOptions options) throws IOException {
    Supervisor supervisor = new Supervisor(options);
    supervisor.open();
    supervisor.startAutoStart();
    return supervisor;
  }

  /**
   * Runs a supervisor in the foreground until SIGINT or SIGTERM (or a {@code halt} request),
   * then stops every service in reverse dependency order and returns.
   *
   * @param secrets the secret environment of the services, by service name; kept in memory only
   * @param out where the supervisor's messages are echoed, or null
   */
  public static void runForeground(
      Path stateDir, Path generation, Map<String, Map<String, String>> secrets, PrintWriter out)
      throws IOException {
    runForeground(SupervisorOptions.of(stateDir, generation).withSecrets(secrets).withOut(out));
  }

  /** {@link #runForeground(Path, Path, Map, PrintWriter)} with every option. */
  public static void runForeground(SupervisorOptions options) throws IOException {
    Supervisor supervisor = start(options);
    Thread hook = new Thread(() -> supervisor.halt().join(), "supervisor shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    Signals.Registration signals = Signals.onTermination(supervisor::halt);
    try {
      supervisor.awaitTermination();
    } finally {
      signals.restore();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running or has run: nothing to undo.
      }
    }
  }

  // ---------------------------------------------------------------- life cycle

  private void open() throws IOException {
    state.ensure();
    lock = state.lock();
    try {
      state.removeRuntimeFiles();
      log = LogFile.open(state.supervisorLog(), "rw-------");
      say("Supervising " + generation + " (" + units.size() + " services), pid "
          + ProcessHandle.current().pid() + ".");
      endLeftovers();
      state.writePid();
      server = new ControlServer(state.socket(), this::handle, this::haltAfterReply);
      server.start();
    } catch (IOException | RuntimeException e) {
      releaseFiles();
      if (pump != null) {
        pump.close();
      }
      pool.shutdownNow();
      timer.shutdownNow();
      throw e;
    }
  }

  private void startAutoStart() {
    List<CompletableFuture<Boolean>> started = new ArrayList<>();
    synchronized (this) {
      for (Unit unit : units) {
        if (unit.entry.autoStart()) {
          started.add(startAsync(unit, false));
        }
      }
    }
    CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
        .whenComplete((v, e) -> ready.complete(null));
  }

  /** Completes when the auto-start services have started, or failed to. */
  public CompletableFuture<Void> ready() {
    return ready;
  }

  public void awaitReady() {
    join(ready);
  }

  public void awaitTermination() {
    join(terminated);
  }

  /**
   * Stops every service (dependents first), closes the socket, removes the pid file and
   * releases the state directory. Idempotent.
   */
  public CompletableFuture<Void> halt() {
    return stopEverything().thenRun(this::shutdown);
  }

  @Override
  public void close() {
    halt().join();
  }

  private void haltAfterReply() {
    halt();
  }

  private synchronized CompletableFuture<List<String>> stopEverything() {
    if (stoppingAll != null) {
      return stoppingAll;
    }
    halting = true;
    say("Stopping every service.");
    Map<Unit, CompletableFuture<Void>> memo = new HashMap<>();
    List<String> messages = Collections.synchronizedList(new ArrayList<>());
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (Unit unit : units) {
      all.add(stopCascade(unit, memo, messages));
    }
    stoppingAll =
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
            .handle((v, e) -> List.copyOf(messages));
    return stoppingAll;
  }

  private void shutdown() {
    synchronized (this) {
      if (shutDown) {
        return;
      }
      shutDown = true;
    }
    if (server != null) {
      server.close();
    }
    state.removeChildrenFile();
    say("Exiting.");
    synchronized (this) {
      for (Unit unit : units) {
        if (unit.log != null) {
          unit.log.close();
        }
      }
    }
    if (pump != null) {
      pump.close();
    }
    releaseFiles();
    pool.shutdown();
    timer.shutdownNow();
    terminated.complete(null);
  }

  private void releaseFiles() {
    state.removeRuntimeFiles();
    if (log != null) {
      log.close();
    }
    if (lock != null) {
      try {
        lock.channel().close();
      } catch (IOException e) {
        // The lock goes with the process anyway.
      }
    }
  }

  /** Ends the sessions that a killed supervisor of this state directory left running. */
  private void endLeftovers() {
    List<Long> sessions = new ArrayList<>();
    for (StateDirectory.Child child : state.recordedChildren()) {
      ProcessTable.stat(child.pid())
          .filter(s -> !s.zombie() && s.startTime() == child.startTime() && s.session() == child.pid())
          .ifPresent(
              s -> {
                say("Ending process " + child.pid() + " of service " + child.service()
                    + ", left by a supervisor that died.");
                table.signalSession(child.pid(), false);
                sessions.add(child.pid());
              });
    }
    long deadline = System.nanoTime() + options.stopGrace().toNanos();
    boolean killed = false;
    while (!sessions.isEmpty()) {
      sessions.removeIf(sid -> table.membersNow(sid).isEmpty());
      if (sessions.isEmpty()) {
        break;
      }
      if (System.nanoTime() > deadline) {
        if (killed) {
          break;
        }
        sessions.forEach(sid -> table.signalSession(sid, true));
        killed = true;
        deadline = System.nanoTime() + KILL_WAIT_NANOS;
      }
      StateDirectory.sleep(POLL_MILLIS);
    }
    state.removeChildrenFile();
  }

  // ---------------------------------------------------------------- the API of the commands

  /** The status of every service, in the generation's order. */
  public synchronized List<ServiceStatus> status() {
    return units.stream().map(this::statusOf).toList();
  }

  /** The status of service {@code name} (any of its provisions). */
  public synchronized ServiceStatus status(String name) {
    return statusOf(unit(name));
  }

  /**
   * Starts service {@code name} and what it requires; returns the messages to print.
   *
   * @throws OcidslException if it is unknown or fails to start
   */
  public List<String> start(String name) {
    Unit unit = unit(name);
    CompletableFuture<Boolean> started;
    synchronized (this) {
      refuseWhileHalting();
      if (unit.state == ServiceState.RUNNING || unit.state == ServiceState.DONE) {
        return List.of("Service " + unit.name() + " is already running.");
      }
      started = startAsync(unit, true);
    }
    if (!join(started)) {
      throw new OcidslException(failedToStart(unit));
    }
    return List.of("Service " + unit.name() + " has been started.");
  }

  /** Stops service {@code name} and, first, the services that require it. */
  public List<String> stop(String name) {
    Unit unit = unit(name);
    List<String> messages = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Void> stopped;
    synchronized (this) {
      refuseWhileHalting();
      if (!active(unit)) {
        return List.of("Service " + unit.name() + " is not running.");
      }
      stopped = stopCascade(unit, new HashMap<>(), messages);
    }
    join(stopped);
    return List.copyOf(messages);
  }

  /** Stops service {@code name} (and its dependents), then starts it and the dependents that ran. */
  public List<String> restart(String name) {
    Unit unit = unit(name);
    List<String> messages = Collections.synchronizedList(new ArrayList<>());
    List<Unit> again = new ArrayList<>();
    CompletableFuture<Void> stopped;
    synchronized (this) {
      refuseWhileHalting();
      for (Unit d : dependentClosure(unit)) {
        if (d != unit && active(d)) {
          again.add(d);
        }
      }
      stopped = stopCascade(unit, new HashMap<>(), messages);
    }
    join(stopped);
    List<String> result = new ArrayList<>(messages);
    result.addAll(start(name));
    for (Unit d : again) {
      CompletableFuture<Boolean> started;
      synchronized (this) {
        started = startAsync(d, true);
      }
      result.add(join(started)
          ? "Service " + d.name() + " has been started."
          : failedToStart(d));
    }
    return result;
  }

  /** What an action printed (stdout and stderr together) and its exit status. */
  public record ActionResult(String output, int exitStatus) {}

  /**
   * Runs action {@code action} of service {@code name} with {@code args}, as the service runs
   * (user, environment, directory), and returns what it printed.
   */
  public ActionResult action(String name, String action, List<String> args) {
    Unit unit = unit(name);
    boolean known = unit.entry.actions().contains(action);
    if (!known) {
      throw new OcidslException(
          "service '" + unit.name() + "' does not have an action '" + action + "'");
    }
    Process p;
    try {
      p = spawner.spawn(unit.entry, Spawner.actionLauncher(action), args == null ? List.of() : args, null);
    } catch (Spawner.SpawnException e) {
      throw new OcidslException(
          "action '" + action + "' of service '" + unit.name() + "' could not be run: "
              + e.getMessage());
    }
    try (InputStream in = p.getInputStream()) {
      String output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new ActionResult(output, p.waitFor());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      table.signalSession(p.pid(), true);
      throw new OcidslException("interrupted while running action '" + action + "'");
    } finally {
      // An action leaves nothing behind.
      table.signalSession(p.pid(), true);
    }
  }

  /** The log file of service {@code name}. */
  public Path logFile(String name) {
    return logPath(unit(name).entry);
  }

  // ---------------------------------------------------------------- starting

  /** Starts {@code unit} after its requirements; completes with whether it runs (or is done). */
  private synchronized CompletableFuture<Boolean> startAsync(Unit unit, boolean manual) {
    if (halting) {
      return CompletableFuture.completedFuture(false);
    }
    switch (unit.state) {
      case RUNNING, DONE:
        return CompletableFuture.completedFuture(true);
      case STARTING:
        return unit.starting;
      case STOPPING:
        return unit.stopping
            .handle((v, e) -> null)
            .thenComposeAsync(v -> startAsync(unit, manual), pool);
      case DISABLED:
        if (!manual) {
          return CompletableFuture.completedFuture(false);
        }
        break;
      default:
        break;
    }
    if (manual) {
      unit.enabled = true;
      unit.respawns.clear();
    }
    unit.state = ServiceState.STARTING;
    unit.failure = null;
    int epoch = ++unit.epoch;
    List<CompletableFuture<Boolean>> requirements = new ArrayList<>();
    for (Unit r : unit.requirements) {
      requirements.add(startAsync(r, manual));
    }
    CompletableFuture<Boolean> started =
        CompletableFuture.allOf(requirements.toArray(CompletableFuture[]::new))
            .handle((v, e) -> null)
            .thenComposeAsync(
                v -> {
                  for (int i = 0; i < requirements.size(); i++) {
                    if (!requirements.get(i).getNow(false)) {
                      return requirementFailed(unit, epoch, unit.requirements.get(i));
                    }
                  }
                  return launch(unit, epoch);
                },
                pool)
            .exceptionally(e -> failed(unit, epoch, "internal error: " + e));
    unit.starting = started;
    return started;
  }

  /** Runs the start launcher of {@code unit}, unless a stop came in the meantime. */
  private CompletableFuture<Boolean> launch(Unit unit, int epoch) {
    synchronized (this) {
      if (unit.epoch != epoch || unit.state != ServiceState.STARTING || halting) {
        return CompletableFuture.completedFuture(
            unit.state == ServiceState.RUNNING || unit.state == ServiceState.DONE);
      }
      try {
        openLog(unit);
      } catch (IOException e) {
        return CompletableFuture.completedFuture(
            failed(unit, epoch, "its log file could not be opened: " + e.getMessage()));
      }
    }
    if (unit.entry.pidFile() != null) {
      try {
        // A PID file left by an earlier run must not make a new start look ready.
        Files.deleteIfExists(Path.of(unit.entry.pidFile()));
      } catch (IOException e) {
        return CompletableFuture.completedFuture(
            failed(unit, epoch, "its stale PID file could not be removed: " + e.getMessage()));
      }
    }
    Process p;
    try {
      p = spawner.spawn(unit.entry, "start", List.of(), unit.log);
    } catch (Spawner.SpawnException e) {
      return CompletableFuture.completedFuture(failed(unit, epoch, e.getMessage()));
    }
    long startTime = ProcessTable.stat(p.pid()).map(ProcessTable.Stat::startTime).orElse(0L);
    synchronized (this) {
      if (unit.epoch != epoch || unit.state != ServiceState.STARTING) {
        // Stopped while we spawned: end what we started.
        table.signalSession(p.pid(), true);
        return CompletableFuture.completedFuture(false);
      }
      unit.process = p;
      unit.startTime = startTime;
      state.recordChild(new StateDirectory.Child(p.pid(), startTime, unit.name()));
      childrenChanged();
      if (unit.entry.oneShot()) {
        return p.onExit().thenApplyAsync(q -> oneShotDone(unit, q), pool);
      }
      if (unit.entry.pidFile() != null) {
        return CompletableFuture.supplyAsync(() -> awaitPidFile(unit, epoch, p), pool);
      }
      unit.state = ServiceState.RUNNING;
      say("Service " + unit.name() + " has been started.");
      p.onExit().thenAcceptAsync(q -> exited(unit, q), pool);
      return CompletableFuture.completedFuture(true);
    }
  }

  /**
   * Waits until the PID file of {@code unit} names a live process, as Shepherd's {@code
   * #:pid-file} does: only then is the daemon started. A daemon that exits first, or whose file
   * does not appear in time, failed to start.
   */
  private boolean awaitPidFile(Unit unit, int epoch, Process p) {
    Path pidFile = Path.of(unit.entry.pidFile());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(unit.entry.pidFileTimeout());
    while (true) {
      synchronized (this) {
        if (unit.epoch != epoch || unit.state != ServiceState.STARTING || unit.process != p) {
          return false;
        }
        if (!p.isAlive()) {
          return failed(unit, epoch, "it exited with status " + p.exitValue() + " before writing its PID file " + pidFile);
        }
        if (namesLiveProcess(pidFile)) {
          unit.state = ServiceState.RUNNING;
          say("Service " + unit.name() + " has been started.");
          p.onExit().thenAcceptAsync(q -> exited(unit, q), pool);
          return true;
        }
        if (System.nanoTime() > deadline) {
          table.signalSession(p.pid(), true);
          return failed(unit, epoch, "its PID file " + pidFile + " did not appear within "
              + unit.entry.pidFileTimeout() + " s");
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  private static boolean namesLiveProcess(Path pidFile) {
    try {
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    } catch (IOException | NumberFormatException e) {
      return false;
    }
  }

  private synchronized boolean oneShotDone(Unit unit, Process p) {
    if (unit.process != p) {
      return false;
    }
    unit.process = null;
    unit.oneShotSession = p.pid();
    childrenChanged();
    if (unit.state != ServiceState.STARTING) {
      return false; // stopped while it ran
    }
    int status = p.exitValue();
    if (status == 0) {
      unit.state = ServiceState.DONE;
      say("Service " + unit.name() + " has been started.");
      return true;
    }
    unit.state = ServiceState.FAILED;
    unit.failure = "its start exited with status " + status;
    say("Service " + unit.name() + " failed to start: " + unit.failure + ".");
    return false;
  }

  private synchronized boolean failed(Unit unit, int epoch, String why) {
    if (unit.epoch == epoch && unit.state == ServiceState.STARTING) {
      unit.state = ServiceState.FAILED;
      unit.failure = why;
      say("Service " + unit.name() + " failed to start: " + why + ".");
    }
    return false;
  }

  private synchronized CompletableFuture<Boolean> requirementFailed(Unit unit, int epoch, Unit requirement) {
    if (unit.epoch == epoch && unit.state == ServiceState.STARTING) {
      unit.state = ServiceState.STOPPED;
      unit.failure = "its requirement '" + requirement.name() + "' could not be started";
      say("Service " + unit.name() + " could not be started: its requirement "
          + requirement.name() + " is not running.");
    }
    return CompletableFuture.completedFuture(false);
  }

  /** The start process of a long-running service ended. */
  private synchronized void exited(Unit unit, Process p) {
    if (unit.process != p || unit.state != ServiceState.RUNNING) {
      return; // a stop in progress handles it
    }
    unit.process = null;
    childrenChanged();
    long session = p.pid();
    pool.execute(() -> table.signalSession(session, true));
    int status = p.exitValue();
    unit.failure = "it exited with status " + status;
    say("Service " + unit.name() + " (PID " + p.pid() + ") exited with status " + status + ".");
    if (!unit.entry.respawn() || halting) {
      unit.state = ServiceState.STOPPED;
      return;
    }
    long now = System.nanoTime();
    long window = options.respawnWindow().toNanos();
    while (!unit.respawns.isEmpty() && now - unit.respawns.peekFirst() > window) {
      unit.respawns.removeFirst();
    }
    if (unit.respawns.size() >= options.respawnLimit()) {
      unit.state = ServiceState.DISABLED;
      unit.enabled = false;
      unit.respawns.clear();
      say("Service " + unit.name() + " has been disabled.");
      say("  (Respawning too fast.)");
      return;
    }
    unit.respawns.addLast(now);
    unit.state = ServiceState.STARTING;
    int epoch = ++unit.epoch;
    CompletableFuture<Boolean> respawned = new CompletableFuture<>();
    unit.starting = respawned;
    say("Respawning " + unit.name() + ".");
    unit.pendingRespawn =
        timer.schedule(
            () ->
                pool.execute(
                    () -> {
                      synchronized (this) {
                        unit.pendingRespawn = null;
                      }
                      launch(unit, epoch)
                          .whenComplete((ok, e) -> respawned.complete(ok != null && ok));
                    }),
            options.respawnDelay().toNanos(),
            TimeUnit.NANOSECONDS);
  }

  // ---------------------------------------------------------------- stopping

  /** Stops the dependents of {@code unit}, then {@code unit}; adds a message per stopped service. */
  private synchronized CompletableFuture<Void> stopCascade(
      Unit unit, Map<Unit, CompletableFuture<Void>> memo, List<String> messages) {
    CompletableFuture<Void> known = memo.get(unit);
    if (known != null) {
      return known;
    }
    List<CompletableFuture<Void>> dependents = new ArrayList<>();
    for (Unit d : unit.dependents) {
      dependents.add(stopCascade(d, memo, messages));
    }
    CompletableFuture<Void> stopped =
        CompletableFuture.allOf(dependents.toArray(CompletableFuture[]::new))
            .handle((v, e) -> null)
            .thenComposeAsync(v -> stopOne(unit), pool)
            .handle(
                (done, e) -> {
                  if (e != null) {
                    say("Service " + unit.name() + " could not be stopped: " + e);
                  } else if (done) {
                    messages.add("Service " + unit.name() + " has been stopped.");
                  }
                  return null;
                });
    memo.put(unit, stopped);
    return stopped;
  }

  /** Stops {@code unit} alone; completes with whether there was something to stop. */
  private synchronized CompletableFuture<Boolean> stopOne(Unit unit) {
    switch (unit.state) {
      case STOPPED, FAILED, DISABLED:
        return CompletableFuture.completedFuture(false);
      case STOPPING:
        return unit.stopping;
      case STARTING: {
        unit.epoch++;
        if (unit.pendingRespawn != null) {
          unit.pendingRespawn.cancel(false);
          unit.pendingRespawn = null;
        }
        Process p = unit.process;
        if (p == null) {
          unit.state = ServiceState.STOPPED;
          if (unit.starting != null) {
            unit.starting.complete(false);
          }
          return CompletableFuture.completedFuture(false);
        }
        // A one-shot start still running.
        unit.state = ServiceState.STOPPING;
        unit.stopping = terminate(unit, p).handle((v, e) -> stopped(unit));
        return unit.stopping;
      }
      case RUNNING: {
        unit.epoch++;
        Process p = unit.process;
        unit.state = ServiceState.STOPPING;
        unit.stopping =
            CompletableFuture.supplyAsync(() -> runStopLauncher(unit), pool)
                .thenCompose(f -> f)
                .handle((v, e) -> null) // whatever the stop launcher did, the processes go
                .thenCompose(v -> terminate(unit, p))
                .handle((v, e) -> stopped(unit));
        return unit.stopping;
      }
      case DONE: {
        unit.epoch++;
        unit.state = ServiceState.STOPPING;
        long session = unit.oneShotSession;
        unit.stopping =
            CompletableFuture.supplyAsync(() -> runStopLauncher(unit), pool)
                .thenCompose(f -> f)
                .handle((v, e) -> null)
                .thenCompose(v -> session == 0 ? CompletableFuture.<Void>completedFuture(null) : endSession(unit, session))
                .handle((v, e) -> stopped(unit));
        return unit.stopping;
      }
      default:
        throw new IllegalStateException("unknown state " + unit.state);
    }
  }

  private synchronized boolean stopped(Unit unit) {
    if (unit.state == ServiceState.STOPPING) {
      unit.state = ServiceState.STOPPED;
    }
    unit.process = null;
    unit.oneShotSession = 0;
    childrenChanged();
    say("Service " + unit.name() + " has been stopped.");
    return true;
  }

  /** Runs the stop launcher of {@code unit}, if it has one; completes when it has exited. */
  private CompletableFuture<Void> runStopLauncher(Unit unit) {
    if (!unit.entry.stop()) {
      return CompletableFuture.completedFuture(null);
    }
    Process p;
    try {
      openLog(unit);
      p = spawner.spawn(unit.entry, "stop", List.of(), unit.log);
    } catch (IOException | Spawner.SpawnException e) {
      say("Service " + unit.name() + ": its stop launcher could not be run: " + e.getMessage() + ".");
      return CompletableFuture.completedFuture(null);
    }
    ScheduledFuture<?> timeout =
        timer.schedule(
            () -> {
              if (p.isAlive()) {
                say("Service " + unit.name() + ": its stop launcher still runs after "
                    + options.stopLauncherTimeout().toSeconds() + " s; killing it.");
                table.signalSession(p.pid(), true);
              }
            },
            options.stopLauncherTimeout().toMillis(),
            TimeUnit.MILLISECONDS);
    return p.onExit()
        .thenAcceptAsync(
            q -> {
              timeout.cancel(false);
              if (q.exitValue() != 0) {
                say("Service " + unit.name() + ": its stop launcher exited with status "
                    + q.exitValue() + ".");
              }
              table.signalSession(q.pid(), true);
            },
            pool);
  }

  /**
   * Sends SIGTERM to the session of {@code p}, waits for it to empty, and sends SIGKILL after
   * the grace period.
   */
  private CompletableFuture<Void> terminate(Unit unit, Process p) {
    // Off the supervisor's monitor: reading /proc takes a while with many processes.
    return CompletableFuture.supplyAsync(
            () -> {
              if (!p.isAlive() && table.members(p.pid()).isEmpty()) {
                return CompletableFuture.<Void>completedFuture(null);
              }
              table.signalSession(p.pid(), false);
              return awaitSessionEnd(unit, p.pid(), p);
            },
            pool)
        .thenCompose(f -> f);
  }

  /** Ends what remains of session {@code sid} (a finished one-shot's): SIGTERM, then SIGKILL. */
  private CompletableFuture<Void> endSession(Unit unit, long sid) {
    return CompletableFuture.supplyAsync(
            () -> {
              if (table.members(sid).isEmpty()) {
                return CompletableFuture.<Void>completedFuture(null);
              }
              table.signalSession(sid, false);
              return awaitSessionEnd(unit, sid, null);
            },
            pool)
        .thenCompose(f -> f);
  }

  private CompletableFuture<Void> awaitSessionEnd(Unit unit, long sid, Process leader) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    long graceEnd = System.nanoTime() + options.stopGrace().toNanos();
    Runnable check =
        new Runnable() {
          boolean killed;
          long killEnd;

          @Override
          public void run() {
            try {
              boolean gone = (leader == null || !leader.isAlive()) && table.members(sid).isEmpty();
              long now = System.nanoTime();
              if (gone) {
                done.complete(null);
                return;
              }
              if (!killed && now >= graceEnd) {
                killed = true;
                killEnd = now + KILL_WAIT_NANOS;
                say("Service " + unit.name() + " did not stop within "
                    + options.stopGrace().toMillis() / 1000.0 + " s of SIGTERM; sending SIGKILL.");
                table.signalSession(sid, true);
              } else if (killed && now >= killEnd) {
                say("Service " + unit.name() + ": processes of session " + sid + " survived SIGKILL.");
                done.complete(null);
                return;
              }
              timer.schedule(this, POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
              done.complete(null);
            }
          }
        };
    timer.schedule(check, 5, TimeUnit.MILLISECONDS);
    return done;
  }

  // ---------------------------------------------------------------- the control socket

  private Protocol.Reply handle(Protocol.Request request) {
    try {
      String op = request.op() == null ? "" : request.op();
      switch (op) {
        case "ping":
          return Protocol.Reply.ping(
              ProcessHandle.current().pid(), ready.isDone(), generation.toString());
        case "status":
          return Protocol.Reply.services(
              request.service() == null ? status() : List.of(status(request.service())));
        case "start":
          return Protocol.Reply.messages(start(required(request)));
        case "stop":
          return Protocol.Reply.messages(stop(required(request)));
        case "restart":
          return Protocol.Reply.messages(restart(required(request)));
        case "action": {
          ActionResult result = action(required(request), request.action(), request.args());
          return Protocol.Reply.action(result.output(), result.exitStatus());
        }
        case "log-file":
          return Protocol.Reply.logFile(logFile(required(request)).toString());
        case "halt":
          return Protocol.Reply.messages(join(stopEverything()));
        default:
          return Protocol.Reply.error("unknown request '" + op + "'");
      }
    } catch (OcidslException e) {
      return Protocol.Reply.error(e.getMessage());
    } catch (RuntimeException e) {
      say("Internal error while answering " + request.op() + ": " + e);
      return Protocol.Reply.error("the supervisor failed: " + e);
    }
  }

  private static String required(Protocol.Request request) {
    if (request.service() == null || request.service().isEmpty()) {
      throw new OcidslException("'" + request.op() + "' needs a service name");
    }
    return request.service();
  }

  // ---------------------------------------------------------------- helpers

  private Unit unit(String name) {
    Unit unit = byProvision.get(name);
    if (unit == null) {
      throw new OcidslException("service '" + name + "' could not be found");
    }
    return unit;
  }

  private void refuseWhileHalting() {
    if (halting) {
      throw new OcidslException("the system is halting");
    }
  }

  private static boolean active(Unit unit) {
    return switch (unit.state) {
      case RUNNING, STARTING, DONE, STOPPING -> true;
      default -> false;
    };
  }

  private String failedToStart(Unit unit) {
    String why;
    synchronized (this) {
      why = unit.failure;
    }
    return "failed to start service '" + unit.name() + "'" + (why == null ? "" : ": " + why);
  }

  /** {@code unit} and every service that requires it, transitively. */
  private List<Unit> dependentClosure(Unit unit) {
    Set<Unit> reached = new LinkedHashSet<>();
    ArrayDeque<Unit> todo = new ArrayDeque<>(List.of(unit));
    while (!todo.isEmpty()) {
      Unit u = todo.removeFirst();
      if (reached.add(u)) {
        todo.addAll(u.dependents);
      }
    }
    // In start order, so that restarted dependents find their requirements up.
    List<Unit> ordered = new ArrayList<>();
    for (Unit u : startOrder()) {
      if (reached.contains(u)) {
        ordered.add(u);
      }
    }
    return ordered;
  }

  private List<Unit> startOrder() {
    Set<Unit> done = new LinkedHashSet<>();
    for (Unit u : units) {
      visit(u, done, new LinkedHashSet<>());
    }
    return List.copyOf(done);
  }

  private void checkAcyclic() {
    startOrder();
  }

  private void visit(Unit unit, Set<Unit> done, Set<Unit> path) {
    if (done.contains(unit)) {
      return;
    }
    if (!path.add(unit)) {
      throw new OcidslException("cycle of service requirements through '" + unit.name() + "'");
    }
    for (Unit r : unit.requirements) {
      visit(r, done, path);
    }
    path.remove(unit);
    done.add(unit);
  }

  private ServiceStatus statusOf(Unit unit) {
    Long pid =
        unit.process != null
                && (unit.state == ServiceState.RUNNING || unit.state == ServiceState.STOPPING)
            ? unit.process.pid()
            : null;
    return new ServiceStatus(
        unit.name(),
        unit.entry.provision(),
        unit.entry.requirement(),
        unit.state,
        pid,
        unit.entry.oneShot(),
        unit.entry.respawn(),
        unit.enabled,
        unit.entry.autoStart(),
        unit.entry.documentation(),
        unit.entry.actions(),
        unit.failure,
        logPath(unit.entry).toString());
  }

  private Path logPath(ServiceSpec entry) {
    if (entry.logFile() == null || entry.logFile().isEmpty()) {
      return state.defaultLog(entry.name());
    }
    return state.dir().resolve(entry.logFile());
  }

  private synchronized void openLog(Unit unit) throws IOException {
    if (unit.log == null) {
      Path path = logPath(unit.entry);
      if (path.startsWith(state.logsDir())) {
        state.ensure();
      }
      unit.log = LogFile.openPerWrite(path, "rw-r-----");
    }
  }

  /**
   * Rewrites the record of running sessions for the next supervisor, at most every second (each
   * spawn is appended to it at once).
   */
  private void childrenChanged() {
    if (childrenWriteScheduled || shutDown) {
      return;
    }
    childrenWriteScheduled = true;
    try {
      timer.schedule(this::writeChildren, 1, TimeUnit.SECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      childrenWriteScheduled = false;
    }
  }

  /** Rewrites the record of running sessions, dropping those that ended. */
  private synchronized void writeChildren() {
    childrenWriteScheduled = false;
    if (shutDown) {
      return;
    }
    List<StateDirectory.Child> children = new ArrayList<>();
    for (Unit u : units) {
      if (u.process != null) {
        children.add(new StateDirectory.Child(u.process.pid(), u.startTime, u.name()));
      }
    }
    state.recordChildren(children);
  }

  /** Logs {@code message} with a timestamp, and echoes it to {@code out}. */
  private void say(String message) {
    LogFile l = log;
    if (l != null) {
      l.line(message);
    }
    if (out != null) {
      synchronized (out) {
        out.println(message);
        out.flush();
      }
    }
  }

  private static ThreadFactory threads(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(null, r, name + " " + n.incrementAndGet(), 512 * 1024);
      t.setDaemon(true);
      return t;
    };
  }

  static <T> T join(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OcidslException("interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof OcidslException o) {
        throw o;
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(cause);
    }
  }
}
