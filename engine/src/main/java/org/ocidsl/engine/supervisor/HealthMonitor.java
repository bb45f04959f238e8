package org.ocidsl.engine.supervisor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ocidsl.engine.generation.SystemManifest.HealthEntry;

/**
 * Runs a service's health check (its {@code health} launcher) every interval while the service
 * runs, as dockerd does for its containers and as podman does only where systemd times it: on a
 * host without systemd nothing else would.
 *
 * <p>A check that exits 0 makes the service healthy; {@code retries} failing checks in a row make
 * it unhealthy, those in the start period after a start not counting until it was healthy once.
 * The first verdict completes {@link #verdict()}: the service counts as started when it is
 * healthy, and fails to start when it is unhealthy first. Later changes go to {@link Listener}.
 */
final class HealthMonitor {
  /** How a service's health stands. */
  enum Health {
    STARTING,
    HEALTHY,
    UNHEALTHY;

    String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** What the service's controller does with a failed check, and when the health of its running service changes. */
  interface Listener {
    void checkFailed(String why);

    void healthChanged(Health health, String why);
  }

  private static final int OUTPUT_LIMIT = 400;

  private final Supervisor sv;
  private final ServiceController.Definition definition;
  private final HealthEntry check;
  private final ExecutorService checks;
  private final Listener listener;
  private final long startedAt = System.nanoTime();
  private final CompletableFuture<Boolean> verdict = new CompletableFuture<>();
  private volatile boolean cancelled;
  private ScheduledFuture<?> next;
  private int failures;
  private Health health = Health.STARTING;
  private long since = System.currentTimeMillis();
  private String lastFailure;

  HealthMonitor(Supervisor sv, ServiceController.Definition definition, ExecutorService checks, Listener listener) {
    this.sv = sv;
    this.definition = definition;
    this.check = definition.entry().health();
    this.checks = checks;
    this.listener = listener;
  }

  /** Schedules the first check, one interval after the start, as dockerd does. */
  void start() {
    schedule();
  }

  /** Completes with true once the service is healthy, with false if it turns unhealthy first. */
  CompletableFuture<Boolean> verdict() {
    return verdict;
  }

  /** No more checks: the service stopped, or is started again with a monitor of its own. */
  synchronized void cancel() {
    cancelled = true;
    if (next != null) {
      next.cancel(false);
    }
    verdict.complete(false);
  }

  synchronized Health health() {
    return health;
  }

  /** When the health last changed (milliseconds since the epoch). */
  synchronized long since() {
    return since;
  }

  /** Why the last failing check failed, or null. */
  synchronized String lastFailure() {
    return lastFailure;
  }

  private synchronized void schedule() {
    if (!cancelled) {
      next = sv.timer().schedule(() -> checks.execute(this::runCheck), check.interval(), TimeUnit.MILLISECONDS);
    }
  }

  private void runCheck() {
    if (cancelled) {
      return;
    }
    String failure = runOnce();
    Health changedTo = null;
    String why = null;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      if (failure == null) {
        failures = 0;
        if (health != Health.HEALTHY) {
          changedTo = set(Health.HEALTHY);
        }
      } else {
        lastFailure = failure;
        boolean grace = health == Health.STARTING
            && System.nanoTime() - startedAt < TimeUnit.MILLISECONDS.toNanos(check.startPeriod());
        if (!grace && ++failures >= check.retries() && health != Health.UNHEALTHY) {
          changedTo = set(Health.UNHEALTHY);
          why = "its health check failed " + failures + (failures == 1 ? " time" : " times in a row") + ": " + failure;
        }
      }
    }
    if (failure != null) {
      listener.checkFailed(failure);
    }
    if (changedTo != null && !verdict.isDone()) {
      verdict.complete(changedTo == Health.HEALTHY);
      if (changedTo == Health.UNHEALTHY) {
        return; // it failed to start: no more checks
      }
    } else if (changedTo != null) {
      listener.healthChanged(changedTo, why);
    }
    schedule();
  }

  private Health set(Health now) {
    health = now;
    since = System.currentTimeMillis();
    return now;
  }

  /** Runs the check once; null when it passed, else why it failed, in words. */
  private String runOnce() {
    Process p;
    try {
      p = sv.spawner().spawn(definition, "health", List.of(), null);
    } catch (Spawner.SpawnException e) {
      return "it could not be run: " + e.getMessage();
    }
    AtomicBoolean timedOut = new AtomicBoolean();
    ScheduledFuture<?> kill =
        sv.timer().schedule(
            () -> {
              timedOut.set(true);
              sv.table().signalSession(p.pid(), true);
            },
            check.timeout(),
            TimeUnit.MILLISECONDS);
    try (InputStream in = p.getInputStream()) {
      String output = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      int status = p.waitFor();
      if (timedOut.get()) {
        return "it did not answer within " + HealthEntry.seconds(check.timeout());
      }
      if (status == 0) {
        return null;
      }
      String shown = output.length() > OUTPUT_LIMIT ? "…" + output.substring(output.length() - OUTPUT_LIMIT) : output;
      return "exit status " + status + (shown.isEmpty() ? "" : ", output: " + shown.replace('\n', ' '));
    } catch (IOException e) {
      return "its output could not be read: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } finally {
      kill.cancel(false);
      // A check leaves nothing behind.
      sv.table().signalSession(p.pid(), true);
    }
  }
}
