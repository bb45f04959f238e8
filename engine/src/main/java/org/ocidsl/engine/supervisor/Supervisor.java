package org.ocidsl.engine.supervisor;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.SourceLocation;
import org.ocidsl.engine.generation.GenerationStore;
import org.ocidsl.engine.generation.GenerationView;
import org.ocidsl.engine.generation.SystemManifest.ServiceEntry;
import org.ocidsl.engine.shepherd.RequirementGraph;

/**
 * A supervisor for the services of a generation, as GNU Shepherd supervises its services: a
 * registry of {@link ServiceController}s, one per service, that a switch to another generation
 * loads, replaces and unloads while it runs.
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
 *   <li>{@link #switchTo} takes another generation: it stops what went, starts what came,
 *       restarts what changed ({@link Planner}), and, when a service it started fails while the
 *       switch settles, switches back.
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
  private static final int LOG_LINES = 5;

  private static final RequirementGraph.Shape<ServiceController> SHAPE =
      RequirementGraph.Shape.of(
          ServiceController::name, c -> c.entry().provision(), c -> c.entry().requirement(),
          c -> SourceLocation.UNKNOWN);

  private final SupervisorOptions options;
  private final StateDirectory state;
  private final RespawnLimit respawnLimit;
  /** The registry: every loaded service, in its generation's order, and by each provision. */
  private List<ServiceController> controllers = List.of();
  private Map<String, ServiceController> byProvision = Map.of();
  private RequirementGraph<ServiceController> graph;
  /** The generation the registry holds, and the views of the generations controllers come from. */
  private Path generation;
  private final Map<Path, GenerationView> views = new HashMap<>();
  /** The secret environment of each generation this supervisor ran, by service: in memory only. */
  private final Map<Path, Map<String, Map<String, String>>> secrets = new HashMap<>();
  private final Spawner spawner;
  private final ProcessTable table = new ProcessTable();
  private final ExecutorService pool;
  /** Runs health checks, which wait for their command: apart from the pool, which must not wait. */
  private final ExecutorService healthChecks;
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
  /** The generation a switch in progress goes to, or null. */
  private Path switching;

  private Supervisor(SupervisorOptions options) throws IOException {
    this.options = options;
    this.state = StateDirectory.of(options.stateDir());
    this.respawnLimit = new RespawnLimit(options.respawnLimit(), options.respawnWindow());
    this.out = options.out();
    Path first = options.generation();
    GenerationView view = view(first);
    secrets.put(first, options.secrets());
    List<ServiceController> loaded = new ArrayList<>();
    for (ServiceEntry entry : view.manifest().services()) {
      loaded.add(new ServiceController(this, definition(entry, first, options.secrets())));
    }
    register(first, loaded);
    this.spawner = new Spawner();
    this.pool =
        new ThreadPoolExecutor(
            4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads("supervisor"));
    ((ThreadPoolExecutor) pool).allowCoreThreadTimeOut(true);
    this.healthChecks = java.util.concurrent.Executors.newCachedThreadPool(threads("health check"));
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, threads("supervisor timer"));
    scheduler.setRemoveOnCancelPolicy(true);
    this.timer = scheduler;
  }

  /** The generation in {@code dir}, read once. */
  private synchronized GenerationView view(Path dir) {
    GenerationView view = views.get(dir);
    if (view == null) {
      try {
        view = GenerationView.of(dir);
      } catch (IOException e) {
        throw new OcidslException("cannot read the generation " + dir + ": " + e.getMessage());
      }
      if (view.manifest().services() == null) {
        throw new OcidslException("cannot read the generation " + dir + ": it has no services");
      }
      views.put(dir, view);
    }
    return view;
  }

  private static ServiceController.Definition definition(
      ServiceEntry entry, Path generation, Map<String, Map<String, String>> secrets) {
    return new ServiceController.Definition(entry, generation, secrets.getOrDefault(entry.name(), Map.of()));
  }

  /**
   * Makes {@code loaded} the registry, the services of {@code dir}: checks their graph (names
   * provided once, requirements provided, no cycle) and links each to its requirements.
   */
  private void register(Path dir, List<ServiceController> loaded) {
    RequirementGraph<ServiceController> checked;
    try {
      checked = RequirementGraph.of(loaded, SHAPE, missing -> null);
    } catch (OcidslException e) {
      throw new OcidslException("the generation " + dir + " is not valid: " + e.getMessage());
    }
    Map<String, ServiceController> names = new LinkedHashMap<>();
    for (ServiceController c : loaded) {
      c.entry().provision().forEach(p -> names.put(p, c));
      c.requirements.clear();
      c.dependents.clear();
    }
    for (ServiceController c : loaded) {
      c.requirements.addAll(checked.requirements(c));
      c.dependents.addAll(checked.dependents(c));
    }
    controllers = List.copyOf(loaded);
    byProvision = names;
    graph = checked;
    generation = dir;
  }

  // ---------------------------------------------------------------- what controllers use

  boolean halting() {
    return halting;
  }

  Spawner spawner() {
    return spawner;
  }

  ProcessTable table() {
    return table;
  }

  ExecutorService pool() {
    return pool;
  }

  ScheduledExecutorService timer() {
    return timer;
  }

  ExecutorService healthChecks() {
    return healthChecks;
  }

  SupervisorOptions options() {
    return options;
  }

  RespawnLimit respawnLimit() {
    return respawnLimit;
  }

  /** Records a new service process for the next supervisor, at once. */
  void childStarted(StateDirectory.Child child) {
    state.recordChild(child);
    childrenChanged();
  }

  void ensureLogsDir(Path logFile) throws IOException {
    if (logFile.startsWith(state.logsDir())) {
      state.ensure();
    }
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
   * Runs a supervisor in the foreground until a {@code halt} request, then stops every service
   * in reverse dependency order and returns; or until SIGINT or SIGTERM, after which it stops
   * every service the same way and the JVM exits with status 0.
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
    // SIGINT and SIGTERM start the JVM's shutdown, which runs this hook: every service is
    // stopped, and the supervisor exits with status 0, as after a halt request, rather than the
    // signal's.
    Thread hook = new Thread(() -> {
      supervisor.halt().join();
      if (options.out() != null) {
        options.out().flush();
      }
      Runtime.getRuntime().halt(0);
    }, "supervisor shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      supervisor.awaitTermination();
    } finally {
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
      say("Supervising " + generation + " (" + controllers.size() + " services), pid "
          + ProcessHandle.current().pid() + ".");
      endLeftovers();
      state.writePid();
      server = new ControlServer(state.socket(), this::handle, this::haltAfterReply);
      server.start();
    } catch (IOException | RuntimeException e) {
      releaseFiles();
      pool.shutdownNow();
      timer.shutdownNow();
      throw e;
    }
  }

  private void startAutoStart() {
    List<CompletableFuture<Boolean>> started = new ArrayList<>();
    synchronized (this) {
      for (ServiceController c : controllers) {
        if (c.entry().autoStart()) {
          started.add(startAsync(c, false));
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
    Map<ServiceController, CompletableFuture<Void>> memo = new HashMap<>();
    List<String> messages = Collections.synchronizedList(new ArrayList<>());
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (ServiceController c : controllers) {
      all.add(stopCascade(c, memo, messages));
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
      controllers.forEach(ServiceController::closeLog);
    }
    releaseFiles();
    pool.shutdown();
    healthChecks.shutdownNow();
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
    return controllers.stream().map(ServiceController::status).toList();
  }

  /** The status of service {@code name} (any of its provisions). */
  public synchronized ServiceStatus status(String name) {
    return controller(name).status();
  }

  /** The generation the supervisor runs. */
  public synchronized Path generation() {
    return generation;
  }

  /**
   * Starts service {@code name} and what it requires; returns the messages to print.
   *
   * @throws OcidslException if it is unknown or fails to start
   */
  public List<String> start(String name) {
    ServiceController c;
    CompletableFuture<Boolean> started;
    synchronized (this) {
      c = controller(name);
      refuseWhileHalting();
      if (c.state == ServiceState.RUNNING || c.state == ServiceState.DONE) {
        return List.of("Service " + c.name() + " is already running.");
      }
      started = startAsync(c, true);
    }
    if (!join(started)) {
      throw new OcidslException(failedToStart(c));
    }
    return List.of("Service " + c.name() + " has been started.");
  }

  /** Stops service {@code name} and, first, the services that require it. */
  public List<String> stop(String name) {
    List<String> messages = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Void> stopped;
    synchronized (this) {
      ServiceController c = controller(name);
      refuseWhileHalting();
      if (!c.active()) {
        return List.of("Service " + c.name() + " is not running.");
      }
      stopped = stopCascade(c, new HashMap<>(), messages);
    }
    join(stopped);
    return List.copyOf(messages);
  }

  /** Stops service {@code name} (and its dependents), then starts it and the dependents that ran. */
  public List<String> restart(String name) {
    ServiceController c;
    synchronized (this) {
      c = controller(name);
      refuseWhileHalting();
    }
    return restartCascade(c, true);
  }

  /**
   * Restarts {@code c}, a running service that turned unhealthy, as a respawn: within the
   * respawn limit (else it is stopped and disabled), its dependents restarted after it.
   */
  void restartUnhealthy(ServiceController c) {
    // Not on the pool: the restart waits for stops and starts that need the pool's threads,
    // and four services turning unhealthy at once would hold all of them.
    healthChecks.execute(() -> {
      synchronized (this) {
        if (halting || c.state != ServiceState.RUNNING) {
          return;
        }
        if (!c.countRespawn()) {
          stopCascade(c, new HashMap<>(), new ArrayList<>()).thenRun(() -> {
            synchronized (this) {
              c.disable();
            }
          });
          return;
        }
      }
      try {
        restartCascade(c, false);
      } catch (OcidslException e) {
        say("Service " + c.name() + " could not be restarted: " + e.getMessage() + ".");
      }
    });
  }

  /**
   * Stops {@code c} and its dependents, then starts it and the dependents that ran; returns the
   * messages of both.
   *
   * @throws OcidslException if {@code c} fails to start
   */
  private List<String> restartCascade(ServiceController c, boolean manual) {
    List<String> messages = Collections.synchronizedList(new ArrayList<>());
    List<ServiceController> again = new ArrayList<>();
    CompletableFuture<Void> stopped;
    synchronized (this) {
      for (ServiceController d : dependentClosure(c)) {
        if (d != c && d.active()) {
          again.add(d);
        }
      }
      stopped = stopCascade(c, new HashMap<>(), messages);
    }
    join(stopped);
    List<String> result = new ArrayList<>(messages);
    for (ServiceController s : concat(c, again)) {
      CompletableFuture<Boolean> started;
      synchronized (this) {
        started = startAsync(s, manual);
      }
      if (join(started)) {
        result.add("Service " + s.name() + " has been started.");
      } else if (s == c) {
        throw new OcidslException(failedToStart(c));
      } else {
        result.add(failedToStart(s));
      }
    }
    return result;
  }

  private static List<ServiceController> concat(ServiceController first, List<ServiceController> rest) {
    List<ServiceController> all = new ArrayList<>(List.of(first));
    all.addAll(rest);
    return all;
  }

  /** What an action printed (stdout and stderr together) and its exit status. */
  public record ActionResult(String output, int exitStatus) {}

  /**
   * Runs action {@code action} of service {@code name} with {@code args}, as the service runs
   * (user, environment, directory), and returns what it printed.
   */
  public ActionResult action(String name, String action, List<String> args) {
    ServiceController c;
    ServiceController.Definition definition;
    synchronized (this) {
      c = controller(name);
      definition = c.definition();
    }
    if (!definition.entry().actionNames().contains(action)) {
      throw new OcidslException("service '" + c.name() + "' does not have an action '" + action + "'");
    }
    Process p;
    try {
      p = spawner.spawn(definition, Spawner.actionLauncher(action), args == null ? List.of() : args, null);
    } catch (Spawner.SpawnException e) {
      throw new OcidslException(
          "action '" + action + "' of service '" + c.name() + "' could not be run: " + e.getMessage());
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

  /**
   * {@code path} as clients are told it: relative to the state directory when in it, since a
   * client may see the state directory elsewhere (a system container's, from the host).
   */
  String told(Path path) {
    return path.startsWith(state.dir()) ? state.dir().relativize(path).toString() : path.toString();
  }

  /** The log file of service {@code name}. */
  public synchronized Path logFile(String name) {
    return logPath(controller(name).entry());
  }

  // ---------------------------------------------------------------- switching generations

  /**
   * What a switch did: its plan, the messages of what it stopped and started, the generation
   * that runs after it, and, when it failed, why (and whether it switched back).
   */
  public record SwitchResult(Plan plan, List<String> messages, String generation, String failure) {}

  /**
   * Switches to the generation in {@code next}, as {@code guix system reconfigure} and then
   * more: services {@code next} no longer provides are stopped (dependents first) and unloaded;
   * new auto-start services are started (requirements first); changed services that run are
   * restarted with the running services that require them, unless {@code restart} is false
   * (their replacement then waits for their next start); every other service is not touched.
   *
   * <p>The switch holds when every service it started still runs (or is done, for a one-shot)
   * after {@code settle}. When one does not, it switches back to the generation it left, unless
   * {@code rollback} is false, and says which service failed, why, and the end of its log. A
   * switch that holds makes {@code next} the state directory's {@code current} generation, when
   * it is one of its generations.
   *
   * @param nextSecrets the secret environment of {@code next}'s services, by service; null to
   *     use what this supervisor was given when it last ran {@code next}
   * @throws OcidslException if another switch runs, {@code next} cannot be read or is not a
   *     valid graph of services, or lacks secrets
   */
  public SwitchResult switchTo(
      Path next, Map<String, Map<String, String>> nextSecrets, boolean restart, boolean rollback, Duration settle) {
    Path target = next.toAbsolutePath().normalize();
    Path previous;
    synchronized (this) {
      refuseWhileHalting();
      if (switching != null) {
        throw new OcidslException("a switch to " + switching + " is already running in " + state.dir());
      }
      switching = target;
      previous = generation;
    }
    try {
      Map<String, Map<String, String>> given = nextSecrets != null ? nextSecrets : secrets.get(target);
      GenerationView view = view(target);
      checkSecrets(target, view, given);
      say("Switching from " + previous + " to " + target + ".");
      List<String> messages = Collections.synchronizedList(new ArrayList<>());
      Applied applied = apply(target, view, given, restart, messages);
      List<String> failures = settle(applied.started(), settle);
      if (failures.isEmpty()) {
        secrets.put(target, given);
        makeCurrent(target);
        say("Switched to " + target + ".");
        return new SwitchResult(applied.plan(), List.copyOf(messages), target.toString(), null);
      }
      String why = "the switch to " + label(target) + " failed:\n" + String.join("\n", failures);
      if (!rollback) {
        secrets.put(target, given);
        say(why.replace("\n", " ") + " It is kept (no rollback).");
        return new SwitchResult(applied.plan(), List.copyOf(messages), target.toString(), why + "\nThe new generation was kept.");
      }
      say("The switch to " + target + " failed; switching back to " + previous + ".");
      apply(previous, view(previous), secrets.get(previous), true, messages);
      say("Switched back to " + previous + ".");
      return new SwitchResult(applied.plan(), List.copyOf(messages), previous.toString(),
          why + "\nRolled back to " + label(previous) + ".");
    } finally {
      synchronized (this) {
        switching = null;
      }
    }
  }

  /** A switch carried out: its plan, and the services it started or restarted. */
  private record Applied(Plan plan, List<ServiceController> started) {}

  /** Refuses a generation whose services' secrets were not given (the plan would start them lacking). */
  private static void checkSecrets(Path target, GenerationView view, Map<String, Map<String, String>> given) {
    for (ServiceEntry s : view.manifest().services()) {
      for (String variable : s.secretEnvironment()) {
        if (given == null || !given.getOrDefault(s.name(), Map.of()).containsKey(variable)) {
          throw new OcidslException("service '" + s.name() + "' of " + target + " needs its secret variable '"
              + variable + "', which this supervisor was not given; reconfigure from the system's file instead");
        }
      }
    }
  }

  /** The loaded services, as the planner compares them with another generation. */
  private synchronized List<Planner.Current> currents() {
    List<Planner.Current> current = new ArrayList<>();
    for (ServiceController c : controllers) {
      current.add(new Planner.Current(c.entry(), view(c.definition().generation()), c.active()));
    }
    return current;
  }

  private Applied apply(
      Path target, GenerationView view, Map<String, Map<String, String>> given, boolean restart,
      List<String> messages) {
    Plan plan = Planner.plan(currents(), view, restart);
    Set<String> stopping = new LinkedHashSet<>();
    plan.stop().forEach(e -> stopping.add(e.service()));
    plan.restart().forEach(e -> stopping.add(e.service()));
    List<ServiceController> loaded = new ArrayList<>();
    CompletableFuture<Void> stopped;
    synchronized (this) {
      List<ServiceController> toStop = stopping.stream().map(byProvision::get).toList();
      stopped = stopExactly(toStop, messages);
    }
    join(stopped);
    Set<String> restarted = new LinkedHashSet<>();
    plan.restart().forEach(e -> restarted.add(e.service()));
    Set<String> pending = new LinkedHashSet<>();
    if (!restart) {
      plan.keep().stream().filter(e -> !e.reasons().isEmpty()).forEach(e -> pending.add(e.service()));
    }
    Set<String> starting = new LinkedHashSet<>(restarted);
    plan.start().forEach(e -> starting.add(e.service()));
    List<ServiceController> started = new ArrayList<>();
    List<CompletableFuture<Boolean>> starts = new ArrayList<>();
    synchronized (this) {
      Set<String> stays = new LinkedHashSet<>();
      Map<String, ServiceController> byName = controllersByName();
      for (ServiceEntry entry : view.manifest().services()) {
        ServiceController.Definition d = definition(entry, target, given);
        ServiceController c = byName.get(entry.name());
        if (c == null) {
          c = new ServiceController(this, d);
        } else {
          c.replace(d, !pending.contains(entry.name()));
        }
        stays.add(entry.name());
        loaded.add(c);
      }
      for (ServiceController c : controllers) {
        if (!stays.contains(c.name())) {
          c.closeLog();
          say("Service " + c.name() + " has been unloaded.");
        }
      }
      register(target, loaded);
      views.keySet().removeIf(dir -> !dir.equals(target)
          && loaded.stream().noneMatch(c -> c.definition().generation().equals(dir)));
      for (ServiceController c : graph.startOrder()) {
        if (starting.contains(c.name())) {
          c.exits = 0;
          started.add(c);
          starts.add(startAsync(c, true));
        }
      }
      childrenChanged();
    }
    for (int i = 0; i < starts.size(); i++) {
      ServiceController c = started.get(i);
      messages.add(join(starts.get(i)) ? "Service " + c.name() + " has been started." : failedToStart(c));
    }
    return new Applied(plan, started);
  }

  private Map<String, ServiceController> controllersByName() {
    Map<String, ServiceController> names = new HashMap<>();
    controllers.forEach(c -> names.put(c.name(), c));
    return names;
  }

  /**
   * Waits {@code settle} and returns, for each of {@code started} that failed to start, exited
   * or was disabled since, a line saying why, with the last lines of its log.
   */
  private List<String> settle(List<ServiceController> started, Duration settle) {
    if (started.isEmpty()) {
      return List.of();
    }
    long end = System.nanoTime() + settle.toNanos();
    while (System.nanoTime() < end) {
      synchronized (this) {
        if (started.stream().anyMatch(c -> c.exits > 0 && !c.entry().oneShot() || !c.active())) {
          break;
        }
      }
      StateDirectory.sleep(POLL_MILLIS);
    }
    List<String> failures = new ArrayList<>();
    synchronized (this) {
      for (ServiceController c : started) {
        boolean holds = c.exits == 0 && (c.state == ServiceState.RUNNING || c.state == ServiceState.DONE);
        if (!holds) {
          String why = c.failure != null ? c.failure : "it is " + c.state.name().toLowerCase(java.util.Locale.ROOT);
          StringBuilder line = new StringBuilder("service '" + c.name() + "' failed: " + why);
          for (String l : StateDirectory.lastLines(logPath(c.entry()), LOG_LINES)) {
            line.append("\n  | ").append(l);
          }
          failures.add(line.toString());
        }
      }
    }
    return failures;
  }

  /** "generation N" for a generation of the state directory, else its path. */
  private String label(Path dir) {
    Path parent = dir.getParent();
    return parent != null && parent.equals(new GenerationStore(state.dir()).generationsDir())
        ? "generation " + dir.getFileName() : dir.toString();
  }

  /** Points the state directory's {@code current} at {@code dir}, when it is one of its generations. */
  private void makeCurrent(Path dir) {
    GenerationStore store = new GenerationStore(state.dir());
    if (dir.getParent() != null && dir.getParent().equals(store.generationsDir())) {
      try {
        store.makeCurrent(dir);
      } catch (IOException e) {
        say("The current generation could not be set to " + dir + ": " + e.getMessage());
      }
    }
  }

  // ---------------------------------------------------------------- starting and stopping

  /** Starts {@code c} after its requirements; completes with whether it runs (or is done). */
  private synchronized CompletableFuture<Boolean> startAsync(ServiceController c, boolean manual) {
    if (halting) {
      return CompletableFuture.completedFuture(false);
    }
    switch (c.state) {
      case RUNNING, DONE:
        return CompletableFuture.completedFuture(true);
      case STARTING:
        return c.starting;
      case STOPPING:
        return c.stop()
            .handle((v, e) -> null)
            .thenComposeAsync(v -> startAsync(c, manual), pool);
      case DISABLED:
        if (!manual) {
          return CompletableFuture.completedFuture(false);
        }
        break;
      default:
        break;
    }
    int epoch = c.beginStart(manual);
    List<ServiceController> requirements = List.copyOf(c.requirements);
    List<CompletableFuture<Boolean>> started = new ArrayList<>();
    for (ServiceController r : requirements) {
      started.add(startAsync(r, manual));
    }
    CompletableFuture<Boolean> done =
        CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
            .handle((v, e) -> null)
            .thenComposeAsync(
                v -> {
                  for (int i = 0; i < started.size(); i++) {
                    if (!started.get(i).getNow(false)) {
                      return CompletableFuture.completedFuture(c.requirementFailed(epoch, requirements.get(i)));
                    }
                  }
                  return c.launch(epoch);
                },
                pool)
            .exceptionally(e -> c.failed(epoch, "internal error: " + e));
    c.starting = done;
    return done;
  }

  /** Stops the dependents of {@code c}, then {@code c}; adds a message per stopped service. */
  private synchronized CompletableFuture<Void> stopCascade(
      ServiceController c, Map<ServiceController, CompletableFuture<Void>> memo, List<String> messages) {
    CompletableFuture<Void> known = memo.get(c);
    if (known != null) {
      return known;
    }
    List<CompletableFuture<Void>> dependents = new ArrayList<>();
    for (ServiceController d : c.dependents) {
      dependents.add(stopCascade(d, memo, messages));
    }
    CompletableFuture<Void> stopped = after(dependents, c, messages);
    memo.put(c, stopped);
    return stopped;
  }

  /**
   * Stops exactly {@code services}, each after those of them that require it: a switch stops
   * what its plan says, and no other service.
   */
  private synchronized CompletableFuture<Void> stopExactly(List<ServiceController> services, List<String> messages) {
    Set<ServiceController> set = new LinkedHashSet<>(services);
    Map<ServiceController, CompletableFuture<Void>> memo = new HashMap<>();
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (ServiceController c : services) {
      all.add(stopWithin(c, set, memo, messages));
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
  }

  private CompletableFuture<Void> stopWithin(
      ServiceController c, Set<ServiceController> set, Map<ServiceController, CompletableFuture<Void>> memo,
      List<String> messages) {
    CompletableFuture<Void> known = memo.get(c);
    if (known != null) {
      return known;
    }
    List<CompletableFuture<Void>> dependents = new ArrayList<>();
    for (ServiceController d : c.dependents) {
      if (set.contains(d)) {
        dependents.add(stopWithin(d, set, memo, messages));
      }
    }
    CompletableFuture<Void> stopped = after(dependents, c, messages);
    memo.put(c, stopped);
    return stopped;
  }

  /** Stops {@code c} once {@code first} are done. */
  private CompletableFuture<Void> after(List<CompletableFuture<Void>> first, ServiceController c, List<String> messages) {
    return CompletableFuture.allOf(first.toArray(CompletableFuture[]::new))
        .handle((v, e) -> null)
        .thenComposeAsync(v -> c.stop(), pool)
        .handle(
            (done, e) -> {
              if (e != null) {
                say("Service " + c.name() + " could not be stopped: " + e);
              } else if (done) {
                messages.add("Service " + c.name() + " has been stopped.");
              }
              return null;
            });
  }

  // ---------------------------------------------------------------- the control socket

  private Protocol.Reply handle(Protocol.Request request) {
    try {
      String op = request.op() == null ? "" : request.op();
      switch (op) {
        case "ping":
          return Protocol.Reply.ping(ProcessHandle.current().pid(), ready.isDone(), generation().toString());
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
          return Protocol.Reply.logFile(told(logFile(required(request))));
        case "switch": {
          if (request.generation() == null) {
            throw new OcidslException("'switch' needs a generation");
          }
          return Protocol.Reply.switched(
              switchTo(Path.of(request.generation()), request.secrets(), !Boolean.FALSE.equals(request.restart()),
                  !Boolean.FALSE.equals(request.rollback()),
                  Duration.ofMillis(request.settleMillis() == null ? 0 : request.settleMillis())));
        }
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

  private ServiceController controller(String name) {
    ServiceController c = byProvision.get(name);
    if (c == null) {
      throw new OcidslException("service '" + name + "' could not be found");
    }
    return c;
  }

  private void refuseWhileHalting() {
    if (halting) {
      throw new OcidslException("the system is halting");
    }
  }

  private String failedToStart(ServiceController c) {
    String why;
    synchronized (this) {
      why = c.failure;
    }
    return "failed to start service '" + c.name() + "'" + (why == null ? "" : ": " + why);
  }

  /** {@code c} and every service that requires it, transitively, in start order. */
  private List<ServiceController> dependentClosure(ServiceController c) {
    Set<ServiceController> reached = new LinkedHashSet<>();
    ArrayDeque<ServiceController> todo = new ArrayDeque<>(List.of(c));
    while (!todo.isEmpty()) {
      ServiceController u = todo.removeFirst();
      if (reached.add(u)) {
        todo.addAll(u.dependents);
      }
    }
    // In start order, so that restarted dependents find their requirements up.
    return graph.startOrder().stream().filter(reached::contains).toList();
  }

  Path logPath(ServiceEntry entry) {
    if (entry.logFile() == null || entry.logFile().isEmpty()) {
      return state.defaultLog(entry.name());
    }
    return state.dir().resolve(entry.logFile());
  }

  /**
   * Rewrites the record of running sessions for the next supervisor, at most every second (each
   * spawn is appended to it at once).
   */
  void childrenChanged() {
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
    for (ServiceController c : controllers) {
      if (c.process() != null) {
        children.add(new StateDirectory.Child(c.process().pid(), c.startTime(), c.name()));
      }
    }
    state.recordChildren(children);
  }

  /** Logs {@code message} with a timestamp, and echoes it to {@code out}. */
  void say(String message) {
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
