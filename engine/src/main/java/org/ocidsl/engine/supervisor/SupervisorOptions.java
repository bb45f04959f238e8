package org.ocidsl.engine.supervisor;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link Supervisor} runs: its state directory, the generation it supervises, the secret
 * environment of its services (values held in memory only), where it echoes its messages, and
 * Shepherd's timings.
 *
 * @param secrets service name (first provision) to secret variables; never written anywhere
 * @param out where messages are echoed as they are logged, or null
 * @param stopGrace how long stopped processes have between SIGTERM and SIGKILL
 * @param respawnDelay how long after a death a service is respawned
 * @param respawnLimit how many respawns {@code respawnWindow} allows before the service is disabled
 * @param stopLauncherTimeout how long a stop launcher may run before it is killed, beyond the stop
 *     timeout of its service, if it has one
 */
public record SupervisorOptions(
    Path stateDir,
    Path generation,
    Map<String, Map<String, String>> secrets,
    PrintWriter out,
    Duration stopGrace,
    Duration respawnDelay,
    int respawnLimit,
    Duration respawnWindow,
    Duration stopLauncherTimeout) {

  public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(5);
  public static final Duration DEFAULT_RESPAWN_DELAY = Duration.ofMillis(100);
  public static final int DEFAULT_RESPAWN_LIMIT = 5;
  public static final Duration DEFAULT_RESPAWN_WINDOW = Duration.ofSeconds(7);
  public static final Duration DEFAULT_STOP_LAUNCHER_TIMEOUT = Duration.ofSeconds(60);

  public SupervisorOptions {
    stateDir = Objects.requireNonNull(stateDir, "stateDir").toAbsolutePath().normalize();
    generation = Objects.requireNonNull(generation, "generation").toAbsolutePath().normalize();
    Map<String, Map<String, String>> copy = new LinkedHashMap<>();
    if (secrets != null) {
      secrets.forEach((service, vars) -> copy.put(service, Map.copyOf(vars)));
    }
    secrets = java.util.Collections.unmodifiableMap(copy);
    Objects.requireNonNull(stopGrace, "stopGrace");
    Objects.requireNonNull(respawnDelay, "respawnDelay");
    Objects.requireNonNull(respawnWindow, "respawnWindow");
    Objects.requireNonNull(stopLauncherTimeout, "stopLauncherTimeout");
    if (respawnLimit < 0) {
      throw new IllegalArgumentException("respawnLimit must not be negative: " + respawnLimit);
    }
  }

  /** The defaults: no secrets, no echo, Shepherd's timings, a 5 s stop grace. */
  public static SupervisorOptions of(Path stateDir, Path generation) {
    return new SupervisorOptions(
        stateDir, generation, Map.of(), null, DEFAULT_STOP_GRACE, DEFAULT_RESPAWN_DELAY,
        DEFAULT_RESPAWN_LIMIT, DEFAULT_RESPAWN_WINDOW, DEFAULT_STOP_LAUNCHER_TIMEOUT);
  }

  public SupervisorOptions withSecrets(Map<String, Map<String, String>> value) {
    return new SupervisorOptions(stateDir, generation, value, out, stopGrace, respawnDelay, respawnLimit, respawnWindow, stopLauncherTimeout);
  }

  public SupervisorOptions withOut(PrintWriter value) {
    return new SupervisorOptions(stateDir, generation, secrets, value, stopGrace, respawnDelay, respawnLimit, respawnWindow, stopLauncherTimeout);
  }

  public SupervisorOptions withStopGrace(Duration value) {
    return new SupervisorOptions(stateDir, generation, secrets, out, value, respawnDelay, respawnLimit, respawnWindow, stopLauncherTimeout);
  }

  public SupervisorOptions withStopLauncherTimeout(Duration value) {
    return new SupervisorOptions(stateDir, generation, secrets, out, stopGrace, respawnDelay, respawnLimit, respawnWindow, value);
  }

  /** Names the secret services only: their values never reach a string. */
  @Override
  public String toString() {
    return "SupervisorOptions[stateDir=" + stateDir + ", generation=" + generation
        + ", secretsFor=" + secrets.keySet() + ", stopGrace=" + stopGrace + "]";
  }
}
