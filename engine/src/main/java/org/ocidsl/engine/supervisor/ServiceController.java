package org.ocidsl.engine.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.ocidsl.engine.generation.SystemManifest;
import org.ocidsl.engine.generation.SystemManifest.ServiceEntry;

/**
 * One service under the supervisor, as a Shepherd service's controller: it owns the service's
 * state and carries out its start, its stop, the end of its process, its respawn and its
 * replacement by a new definition. Every method runs under the supervisor's monitor, which
 * also guards the requirement links between controllers.
 */
final class ServiceController {
  private static final long POLL_MILLIS = 20;
  private static final long KILL_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

  /** A service's definition: its entry, the generation its launchers are in, its secrets. */
  record Definition(ServiceEntry entry, Path generation, Map<String, String> secrets) {}

  private final Supervisor sv;
  /** What it runs (or will run when started). */
  private Definition definition;
  /** A definition that replaces the running one at the service's next start. */
  private Definition replacement;

  final List<ServiceController> requirements = new ArrayList<>();
  final List<ServiceController> dependents = new ArrayList<>();
  private List<Long> respawns = List.of();
  ServiceState state = ServiceState.STOPPED;
  boolean enabled = true;
  /** The start process: the running service, or a one-shot start still running. */
  private Process process;
  private long startTime;
  /** The session a finished one-shot start leaves, ended when the service is stopped. */
  private long oneShotSession;
  /** Bumped by every start and stop, so that a stale start in flight gives up. */
  private int epoch;
  CompletableFuture<Boolean> starting;
  private CompletableFuture<Boolean> stopping;
  private ScheduledFuture<?> pendingRespawn;
  /** Its health check's monitor while it starts or runs with one, else null. */
  private HealthMonitor monitor;
  String failure;
  /** How often its process ended on its own: a switch watches it while it settles. */
  int exits;
  private LogFile log;

  ServiceController(Supervisor sv, Definition definition) {
    this.sv = sv;
    this.definition = definition;
  }

  ServiceEntry entry() {
    return definition.entry();
  }

  Definition definition() {
    return definition;
  }

  String name() {
    return definition.entry().name();
  }

  Process process() {
    return process;
  }

  long startTime() {
    return startTime;
  }

  /** Whether it runs, or is starting or stopping, or is a one-shot that is done. */
  boolean active() {
    return switch (state) {
      case RUNNING, STARTING, DONE, STOPPING -> true;
      default -> false;
    };
  }

  /**
   * Takes {@code next} as its definition: at once when it does not run or when {@code now}, else
   * at its next start (Shepherd's replacement).
   */
  void replace(Definition next, boolean now) {
    if (now || !active()) {
      closeLogIfMoved(next);
      definition = next;
      replacement = null;
    } else {
      replacement = next;
    }
  }

  boolean replacementPending() {
    return replacement != null;
  }

  private void closeLogIfMoved(Definition next) {
    if (log != null && !sv.logPath(next.entry()).equals(sv.logPath(definition.entry()))) {
      log.close();
      log = null;
    }
  }

  // ---------------------------------------------------------------- starting

  /** Prepares a start: the state, the epoch that a stale start sees is not its own. */
  int beginStart(boolean manual) {
    if (manual) {
      enabled = true;
      respawns = List.of();
    }
    state = ServiceState.STARTING;
    failure = null;
    return ++epoch;
  }

  /** Runs the start launcher, unless a stop came in the meantime; completes with whether it runs. */
  CompletableFuture<Boolean> launch(int epochOfStart) {
    Process p;
    Definition d;
    synchronized (sv) {
      if (epoch != epochOfStart || state != ServiceState.STARTING || sv.halting()) {
        return CompletableFuture.completedFuture(state == ServiceState.RUNNING || state == ServiceState.DONE);
      }
      if (replacement != null) {
        closeLogIfMoved(replacement);
        definition = replacement;
        replacement = null;
      }
      d = definition;
      try {
        openLog();
      } catch (IOException e) {
        return CompletableFuture.completedFuture(failed(epochOfStart, "its log file could not be opened: " + e.getMessage()));
      }
    }
    if (d.entry().pidFile() != null) {
      try {
        // A PID file left by an earlier run must not make a new start look ready.
        Files.deleteIfExists(Path.of(d.entry().pidFile()));
      } catch (IOException e) {
        return CompletableFuture.completedFuture(
            failed(epochOfStart, "its stale PID file could not be removed: " + e.getMessage()));
      }
    }
    try {
      p = sv.spawner().spawn(d, "start", List.of(), log);
    } catch (Spawner.SpawnException e) {
      return CompletableFuture.completedFuture(failed(epochOfStart, e.getMessage()));
    }
    long started = ProcessTable.stat(p.pid()).map(ProcessTable.Stat::startTime).orElse(0L);
    synchronized (sv) {
      if (epoch != epochOfStart || state != ServiceState.STARTING) {
        // Stopped while we spawned: end what we started.
        sv.table().signalSession(p.pid(), true);
        return CompletableFuture.completedFuture(false);
      }
      process = p;
      startTime = started;
      sv.childStarted(new StateDirectory.Child(p.pid(), started, name()));
      if (d.entry().oneShot()) {
        return p.onExit().thenApplyAsync(this::oneShotDone, sv.pool());
      }
      p.onExit().thenAcceptAsync(this::exited, sv.pool());
      if (d.entry().pidFile() != null) {
        return CompletableFuture.supplyAsync(() -> awaitPidFile(epochOfStart, p), sv.pool())
            .thenCompose(ready -> ready ? up(epochOfStart, p) : CompletableFuture.completedFuture(false));
      }
      return up(epochOfStart, p);
    }
  }

  /**
   * Its process is up (and its PID file names a live process, if it has one): it is started
   * now, or, with a health check, once the check says it is healthy.
   */
  private CompletableFuture<Boolean> up(int epochOfStart, Process p) {
    synchronized (sv) {
      if (epoch != epochOfStart || state != ServiceState.STARTING || process != p) {
        return CompletableFuture.completedFuture(false);
      }
      if (entry().health() == null) {
        running();
        return CompletableFuture.completedFuture(true);
      }
      HealthMonitor m = new HealthMonitor(sv, definition, sv.healthChecks(), health(p));
      monitor = m;
      m.start();
      return m.verdict().thenApplyAsync(healthy -> healthVerdict(epochOfStart, p, m, healthy), sv.pool());
    }
  }

  private void running() {
    state = ServiceState.RUNNING;
    sv.say("Service " + name() + " has been started.");
  }

  /** The first verdict of its health check on a start: started, or failed and ended. */
  private boolean healthVerdict(int epochOfStart, Process p, HealthMonitor m, boolean healthy) {
    synchronized (sv) {
      if (epoch != epochOfStart || state != ServiceState.STARTING || process != p || monitor != m) {
        return false;
      }
      if (healthy) {
        running();
        return true;
      }
      m.cancel();
      monitor = null;
      failed(epochOfStart, "it did not become healthy: " + m.lastFailure());
      // Ended as a stop ends it (a container's stop launcher removes it); its exit is expected.
      process = null;
      runStopLauncher().handle((v, e) -> null).thenCompose(v -> terminate(p)).thenRun(sv::childrenChanged);
      return false;
    }
  }

  /** What its health check's changes do while it runs. */
  private HealthMonitor.Listener health(Process p) {
    return new HealthMonitor.Listener() {
      @Override
      public void checkFailed(String why) {
        synchronized (sv) {
          try {
            openLog();
            log.line("health check failed: " + why);
          } catch (IOException e) {
            // The line is lost; the status still says why.
          }
        }
      }

      @Override
      public void healthChanged(HealthMonitor.Health health, String why) {
        synchronized (sv) {
          if (process != p || state != ServiceState.RUNNING) {
            return;
          }
          if (health == HealthMonitor.Health.HEALTHY) {
            sv.say("Service " + name() + " is healthy again.");
            return;
          }
          failure = why;
          if (entry().respawn() && !sv.halting()) {
            sv.say("Service " + name() + " is unhealthy (" + why + "); restarting it.");
            sv.restartUnhealthy(ServiceController.this);
          } else {
            sv.say("Service " + name() + " is unhealthy (" + why + ").");
          }
        }
      }
    };
  }

  /** Counts a respawn against the respawn limit: false when it respawned too often. */
  boolean countRespawn() {
    Optional<List<Long>> next = sv.respawnLimit().respawn(respawns, System.nanoTime());
    next.ifPresent(times -> respawns = times);
    return next.isPresent();
  }

  /** Gives it up, as Shepherd does a service that respawned too often. */
  void disable() {
    state = ServiceState.DISABLED;
    enabled = false;
    respawns = List.of();
    sv.say("Service " + name() + " has been disabled.");
    sv.say("  (Respawning too fast.)");
  }

  /**
   * Waits until the PID file names a live process, as Shepherd's {@code #:pid-file} does: only
   * then is the daemon up. A daemon that exits first, or whose file does not appear in time,
   * failed to start.
   */
  private boolean awaitPidFile(int epochOfStart, Process p) {
    Path pidFile = Path.of(entry().pidFile());
    int timeout = entry().pidFileTimeoutOrDefault();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout);
    while (true) {
      synchronized (sv) {
        if (epoch != epochOfStart || state != ServiceState.STARTING || process != p) {
          return false;
        }
        if (!p.isAlive()) {
          return failed(epochOfStart, "it exited with status " + p.exitValue() + " before writing its PID file " + pidFile);
        }
        if (namesLiveProcess(pidFile)) {
          return true;
        }
        if (System.nanoTime() > deadline) {
          sv.table().signalSession(p.pid(), true);
          return failed(epochOfStart, "its PID file " + pidFile + " did not appear within " + timeout + " s");
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

  private boolean oneShotDone(Process p) {
    synchronized (sv) {
      if (process != p) {
        return false;
      }
      process = null;
      oneShotSession = p.pid();
      sv.childrenChanged();
      if (state != ServiceState.STARTING) {
        return false; // stopped while it ran
      }
      int status = p.exitValue();
      if (status == 0) {
        state = ServiceState.DONE;
        sv.say("Service " + name() + " has been started.");
        return true;
      }
      state = ServiceState.FAILED;
      failure = "its start exited with status " + status;
      sv.say("Service " + name() + " failed to start: " + failure + ".");
      return false;
    }
  }

  boolean failed(int epochOfStart, String why) {
    synchronized (sv) {
      if (epoch == epochOfStart && state == ServiceState.STARTING) {
        state = ServiceState.FAILED;
        failure = why;
        sv.say("Service " + name() + " failed to start: " + why + ".");
      }
      return false;
    }
  }

  boolean requirementFailed(int epochOfStart, ServiceController requirement) {
    synchronized (sv) {
      if (epoch == epochOfStart && state == ServiceState.STARTING) {
        state = ServiceState.STOPPED;
        failure = "its requirement '" + requirement.name() + "' could not be started";
        sv.say("Service " + name() + " could not be started: its requirement " + requirement.name() + " is not running.");
      }
      return false;
    }
  }

  /**
   * The start process of a long-running service ended: while it ran, or while it waited to be
   * healthy (while it waits for its PID file, {@link #awaitPidFile} sees it).
   */
  private void exited(Process p) {
    synchronized (sv) {
      boolean waitedForHealth = state == ServiceState.STARTING && monitor != null;
      if (process != p || (state != ServiceState.RUNNING && !waitedForHealth)) {
        return; // a stop in progress handles it
      }
      process = null;
      exits++;
      endMonitor();
      sv.childrenChanged();
      long session = p.pid();
      sv.pool().execute(() -> sv.table().signalSession(session, true));
      int status = p.exitValue();
      if (waitedForHealth) {
        failed(epoch, "it exited with status " + status + " before it was healthy");
        return;
      }
      failure = "it exited with status " + status;
      sv.say("Service " + name() + " (PID " + p.pid() + ") exited with status " + status + ".");
      if (!entry().respawn() || sv.halting()) {
        state = ServiceState.STOPPED;
        return;
      }
      if (!countRespawn()) {
        disable();
        return;
      }
      state = ServiceState.STARTING;
      int respawnEpoch = ++epoch;
      CompletableFuture<Boolean> respawned = new CompletableFuture<>();
      starting = respawned;
      sv.say("Respawning " + name() + ".");
      pendingRespawn =
          sv.timer().schedule(
              () -> sv.pool().execute(() -> {
                synchronized (sv) {
                  pendingRespawn = null;
                }
                launch(respawnEpoch).whenComplete((ok, e) -> respawned.complete(ok != null && ok));
              }),
              sv.options().respawnDelay().toNanos(),
              TimeUnit.NANOSECONDS);
    }
  }

  // ---------------------------------------------------------------- stopping

  /** Stops this service alone; completes with whether there was something to stop. */
  CompletableFuture<Boolean> stop() {
    synchronized (sv) {
      boolean waitingForHealth = state == ServiceState.STARTING && monitor != null;
      if (state != ServiceState.STOPPING) {
        endMonitor();
      }
      switch (state) {
        case STOPPED, FAILED, DISABLED:
          return CompletableFuture.completedFuture(false);
        case STOPPING:
          return stopping;
        case STARTING: {
          epoch++;
          if (pendingRespawn != null) {
            pendingRespawn.cancel(false);
            pendingRespawn = null;
          }
          Process p = process;
          if (p == null) {
            state = ServiceState.STOPPED;
            if (starting != null) {
              starting.complete(false);
            }
            return CompletableFuture.completedFuture(false);
          }
          state = ServiceState.STOPPING;
          if (!waitingForHealth) {
            // A one-shot start still running.
            stopping = terminate(p).handle((v, e) -> stopped());
            return stopping;
          }
          stopping = stopRunning(p);
          return stopping;
        }
        case RUNNING: {
          epoch++;
          state = ServiceState.STOPPING;
          stopping = stopRunning(process);
          return stopping;
        }
        case DONE: {
          epoch++;
          state = ServiceState.STOPPING;
          long session = oneShotSession;
          stopping =
              CompletableFuture.supplyAsync(this::runStopLauncher, sv.pool())
                  .thenCompose(f -> f)
                  .handle((v, e) -> null)
                  .thenCompose(v -> session == 0 ? CompletableFuture.<Void>completedFuture(null) : endSession(session))
                  .handle((v, e) -> stopped());
          return stopping;
        }
        default:
          throw new IllegalStateException("unknown state " + state);
      }
    }
  }

  /** Runs its stop launcher, then ends the session of {@code p}, its running process. */
  private CompletableFuture<Boolean> stopRunning(Process p) {
    return CompletableFuture.supplyAsync(this::runStopLauncher, sv.pool())
        .thenCompose(f -> f)
        .handle((v, e) -> null) // whatever the stop launcher did, the processes go
        .thenCompose(v -> terminate(p))
        .handle((v, e) -> stopped());
  }

  private void endMonitor() {
    if (monitor != null) {
      monitor.cancel();
      monitor = null;
    }
  }

  private boolean stopped() {
    synchronized (sv) {
      if (state == ServiceState.STOPPING) {
        state = ServiceState.STOPPED;
      }
      process = null;
      oneShotSession = 0;
      sv.childrenChanged();
      sv.say("Service " + name() + " has been stopped.");
      return true;
    }
  }

  /** Runs the stop launcher, if there is one; completes when it has exited. */
  private CompletableFuture<Void> runStopLauncher() {
    Definition d;
    synchronized (sv) {
      d = definition;
    }
    if (!d.entry().stop()) {
      return CompletableFuture.completedFuture(null);
    }
    Process p;
    try {
      synchronized (sv) {
        openLog();
      }
      p = sv.spawner().spawn(d, "stop", List.of(), log);
    } catch (IOException | Spawner.SpawnException e) {
      sv.say("Service " + name() + ": its stop launcher could not be run: " + e.getMessage() + ".");
      return CompletableFuture.completedFuture(null);
    }
    Duration deadline = stopLauncherDeadline(d.entry(), sv.options().stopLauncherTimeout());
    ScheduledFuture<?> timeout =
        sv.timer().schedule(
            () -> {
              if (p.isAlive()) {
                sv.say("Service " + name() + ": its stop launcher still runs after "
                    + SystemManifest.HealthEntry.seconds(deadline.toMillis()) + "; killing it.");
                sv.table().signalSession(p.pid(), true);
              }
            },
            deadline.toMillis(),
            TimeUnit.MILLISECONDS);
    return p.onExit()
        .thenAcceptAsync(
            q -> {
              timeout.cancel(false);
              if (q.exitValue() != 0) {
                sv.say("Service " + name() + ": its stop launcher exited with status " + q.exitValue() + ".");
              }
              sv.table().signalSession(q.pid(), true);
            },
            sv.pool());
  }

  /**
   * How long the stop launcher of {@code entry} may run before it is killed: {@code standard}, the
   * supervisor's allowance for any stop command, plus the service's own stop timeout. The timeout
   * is the time the command waits on purpose ({@code podman stop -t N} waits N seconds before its
   * SIGKILL); the runtime's own work around that wait (signalling, reaping, removing the container)
   * takes as long as for a stop without one, which {@code standard} already allows. A fixed margin
   * instead would give a service that asks for a short wait (stopTimeout 0) less than the default.
   */
  static Duration stopLauncherDeadline(ServiceEntry entry, Duration standard) {
    return entry.stopTimeoutDuration().map(standard::plus).orElse(standard);
  }

  /**
   * Sends SIGTERM to the session of {@code p}, waits for it to empty, and sends SIGKILL after
   * the grace period.
   */
  private CompletableFuture<Void> terminate(Process p) {
    // Off the supervisor's monitor: reading /proc takes a while with many processes.
    return CompletableFuture.supplyAsync(
            () -> {
              if (!p.isAlive() && sv.table().members(p.pid()).isEmpty()) {
                return CompletableFuture.<Void>completedFuture(null);
              }
              sv.table().signalSession(p.pid(), false);
              return awaitSessionEnd(p.pid(), p);
            },
            sv.pool())
        .thenCompose(f -> f);
  }

  /** Ends what remains of session {@code sid} (a finished one-shot's): SIGTERM, then SIGKILL. */
  private CompletableFuture<Void> endSession(long sid) {
    return CompletableFuture.supplyAsync(
            () -> {
              if (sv.table().members(sid).isEmpty()) {
                return CompletableFuture.<Void>completedFuture(null);
              }
              sv.table().signalSession(sid, false);
              return awaitSessionEnd(sid, null);
            },
            sv.pool())
        .thenCompose(f -> f);
  }

  private CompletableFuture<Void> awaitSessionEnd(long sid, Process leader) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    long graceEnd = System.nanoTime() + sv.options().stopGrace().toNanos();
    Runnable check =
        new Runnable() {
          boolean killed;
          long killEnd;

          @Override
          public void run() {
            try {
              boolean gone = (leader == null || !leader.isAlive()) && sv.table().members(sid).isEmpty();
              long now = System.nanoTime();
              if (gone) {
                done.complete(null);
                return;
              }
              if (!killed && now >= graceEnd) {
                killed = true;
                killEnd = now + KILL_WAIT_NANOS;
                sv.say("Service " + name() + " did not stop within "
                    + sv.options().stopGrace().toMillis() / 1000.0 + " s of SIGTERM; sending SIGKILL.");
                sv.table().signalSession(sid, true);
              } else if (killed && now >= killEnd) {
                sv.say("Service " + name() + ": processes of session " + sid + " survived SIGKILL.");
                done.complete(null);
                return;
              }
              sv.timer().schedule(this, POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
              done.complete(null);
            }
          }
        };
    sv.timer().schedule(check, 5, TimeUnit.MILLISECONDS);
    return done;
  }

  // ---------------------------------------------------------------- status and log

  ServiceStatus status() {
    Long pid = process != null && (state == ServiceState.RUNNING || state == ServiceState.STOPPING) ? process.pid() : null;
    ServiceEntry e = entry();
    HealthMonitor m = monitor;
    return new ServiceStatus(
        e.name(), e.provision(), e.requirement(), state, pid, e.oneShot(), e.respawn(), enabled, e.autoStart(),
        e.documentation(), e.actionNames(), failure, sv.told(sv.logPath(e)),
        definition.generation().toString(), replacement != null,
        m == null ? null : m.health().word(), m == null ? null : m.since());
  }

  private void openLog() throws IOException {
    if (log == null) {
      Path path = sv.logPath(entry());
      sv.ensureLogsDir(path);
      log = LogFile.openPerWrite(path, "rw-r-----");
    }
  }

  void closeLog() {
    if (log != null) {
      log.close();
      log = null;
    }
  }
}
