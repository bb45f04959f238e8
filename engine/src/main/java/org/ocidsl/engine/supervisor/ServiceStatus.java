package org.ocidsl.engine.supervisor;

import java.util.List;

/**
 * The status of one service as the supervisor reports it: what {@code ocidsl status} prints.
 *
 * @param name the service's first provision
 * @param pid the PID of its running process, or null
 * @param enabled false once the respawn limit disabled it
 * @param failure why it failed to start, or why it last stopped on its own, or null
 * @param logFile where its output goes: relative to the state directory when in it, as the
 *     supervisor tells it; absolute, as this process sees it, from {@link SupervisorClient}
 * @param generation the generation its running definition comes from
 * @param replacementPending a switch changed it while it ran, without restarting it: it runs the
 *     old definition until it is restarted
 * @param health {@code starting}, {@code healthy} or {@code unhealthy} while it starts or runs
 *     with a health check, else null
 * @param healthSince when its health last changed (milliseconds since the epoch), or null
 */
public record ServiceStatus(
    String name,
    List<String> provision,
    List<String> requirement,
    ServiceState state,
    Long pid,
    boolean oneShot,
    boolean respawn,
    boolean enabled,
    boolean autoStart,
    String documentation,
    List<String> actions,
    String failure,
    String logFile,
    String generation,
    boolean replacementPending,
    String health,
    Long healthSince) {

  public ServiceStatus {
    provision = List.copyOf(provision);
    requirement = requirement == null ? List.of() : List.copyOf(requirement);
    actions = actions == null ? List.of() : List.copyOf(actions);
  }

  /** This status with its log file at {@code path}. */
  public ServiceStatus withLogFile(String path) {
    return new ServiceStatus(name, provision, requirement, state, pid, oneShot, respawn, enabled, autoStart,
        documentation, actions, failure, path, generation, replacementPending, health, healthSince);
  }

  /** Listed under "Started:": its process lives. */
  public boolean started() {
    return state == ServiceState.RUNNING || state == ServiceState.STOPPING;
  }
}
