package org.ocidsl.dsl.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ocidsl.dsl.OcidslScript;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.supervisor.Plan;
import org.ocidsl.engine.supervisor.ServiceState;
import org.ocidsl.engine.supervisor.ServiceStatus;

/**
 * The base class of what {@code ocidsl script} and {@code ocidsl repl} run: the whole language
 * of {@code *.oci.groovy} files, and a control API over the running system of the state
 * directory, each call the engine call of the command of the same name. Files that {@code load}
 * reads are system files: the control API is not theirs.
 */
public abstract class ControlScript extends OcidslScript {
  /** The control API, call by call, as {@code ocidsl describe script} documents it. */
  static final Map<String, String> API = api(
      "args", "The program's arguments (ocidsl script FILE ARG...), a list of strings.",
      "load(FILE)", "The value of FILE: a system file returns its system. Relative paths in programs start at the "
          + "working directory, as a command's arguments do (in a system file, at the file's directory).",
      "modifyServices(SYSTEM) { ... }", "SYSTEM with services deleted or updated, as in system files.",
      "system(SYSTEM) { ... }", "SYSTEM's services followed by those the block declares, as in system files.",
      "plan(SYSTEM)", "What reconfiguring to SYSTEM would do, changing nothing: a plan with the lists stop, start, "
          + "restart and keep of entries with service and reasons; text() is what 'reconfigure --dry-run' prints.",
      "reconfigure(SYSTEM)", "Switch the running system to SYSTEM as 'ocidsl reconfigure' does, printing what it does; "
          + "returns the plan carried out. A started service that fails switches back, and the call throws the error.",
      "status()", "The status of every service: a list of what status(NAME) returns.",
      "status(NAME)", "A service's status: service, provision, requirement, state, running, pid, enabled, respawn, "
          + "failure, health; it prints as 'ocidsl status NAME'.",
      "start(NAME), stop(NAME), restart(NAME)", "As 'ocidsl start', 'stop', 'restart'.",
      "action(NAME, ACTION, ARG...)", "Run ACTION of service NAME (command-line, pull, its own actions); returns what "
          + "it printed. A non-zero exit status throws.",
      "logs(NAME), logs(NAME, lines: N)", "The service's log, or its last N lines, as a string.",
      "generations()", "The generations, oldest first: number, date, file, services, current.",
      "rollback()", "Switch to the generation before the current one, as 'ocidsl rollback'; returns the plan.",
      "switchGeneration(N)", "Switch to generation N, as 'ocidsl switch-generation N'; returns the plan.");

  private Control control;

  private static Map<String, String> api(String... callsAndDocs) {
    Map<String, String> api = new LinkedHashMap<>();
    for (int i = 0; i < callsAndDocs.length; i += 2) {
      api.put(callsAndDocs[i], callsAndDocs[i + 1]);
    }
    return Collections.unmodifiableMap(api);
  }

  /** Called before the script runs. */
  void control(Control value) {
    control = value;
  }

  /**
   * {@code path} relative to the working directory, as a command's arguments are ({@code
   * load(args[0])}), where a system file's paths are relative to the file.
   */
  @Override
  protected Path resolve(String path) {
    return Path.of(path).toAbsolutePath().normalize();
  }

  /** Evaluates a system file (or any file of the language) and returns its value. */
  @Override
  public Object load(String path) {
    return control.loaded(super.load(path), resolve(path));
  }

  /**
   * What {@code ocidsl reconfigure --dry-run} would print for {@code system}: the plan ({@code
   * stop}, {@code start}, {@code restart}, {@code keep}: entries with {@code service} and {@code
   * reasons}). Nothing is built, stopped or started.
   */
  public Plan plan(Object system) {
    return control.plan(system);
  }

  /**
   * Switches the running system to {@code system}, as {@code ocidsl reconfigure} does, printing
   * what it does; returns the plan it carried out. A started service that fails switches the
   * system back, and this throws the command's one-line error.
   */
  public Plan reconfigure(Object system) {
    return control.reconfigure(system);
  }

  /** The status of every service of the running system. */
  public List<Status> status() {
    return control.status();
  }

  /** The status of {@code service}, by any name it provides. */
  public Status status(String service) {
    return control.status(service);
  }

  /** Starts {@code service} (after what it requires), as {@code ocidsl start}. */
  public void start(String service) {
    control.start(service);
  }

  /** Stops {@code service} (after what requires it), as {@code ocidsl stop}. */
  public void stop(String service) {
    control.stop(service);
  }

  /** Restarts {@code service} and what requires it, as {@code ocidsl restart}. */
  public void restart(String service) {
    control.restart(service);
  }

  /** Runs {@code action} of {@code service} with {@code args}; returns what it printed (a failure throws). */
  public String action(String service, String action, String... args) {
    return control.action(service, action, Arrays.asList(args));
  }

  /** The log of {@code service}. */
  public String logs(String service) {
    return control.logs(service, null);
  }

  /** The last lines of the log of {@code service}: {@code logs('web', lines: 20)}. */
  public String logs(Map<String, ?> options, String service) {
    for (String key : options.keySet()) {
      if (!key.equals("lines")) {
        throw new OcidslException("logs takes the option lines, not '" + key + "'");
      }
    }
    Object lines = options.get("lines");
    if (lines != null && !(lines instanceof Integer)) {
      throw new OcidslException("logs: lines must be a number, not " + lines);
    }
    return control.logs(service, (Integer) lines);
  }

  /** The generations of the state directory, oldest first, as {@code ocidsl generations} lists them. */
  public List<GenerationCommands.Listed> generations() {
    return control.generations();
  }

  /** Switches the running system to the generation before the current one; returns the plan carried out. */
  public Plan rollback() {
    return control.rollback();
  }

  /** Switches the running system to generation {@code number}; returns the plan carried out. */
  public Plan switchGeneration(int number) {
    return control.switchGeneration(number);
  }

  /**
   * A service's status, as a script reads it ({@code status('web').running}) and as {@code
   * ocidsl status web} prints it.
   */
  public static final class Status {
    private final ServiceStatus status;
    private final String detail;

    /** {@code status}, which prints as {@code detail}. */
    Status(ServiceStatus status, String detail) {
      this.status = status;
      this.detail = detail;
    }

    /** Its name, the first it provides. */
    public String getService() {
      return status.name();
    }

    public List<String> getProvision() {
      return status.provision();
    }

    public List<String> getRequirement() {
      return status.requirement();
    }

    /** {@code running}, {@code stopped}, {@code starting}, {@code stopping}, {@code done} (a one-shot), {@code failed} or {@code disabled}. */
    public String getState() {
      return status.state().name().toLowerCase(Locale.ROOT);
    }

    /** Whether its process runs. */
    public boolean isRunning() {
      return status.state() == ServiceState.RUNNING;
    }

    /** The PID of its process (for a container, the runtime's process that runs it), or null. */
    public Long getPid() {
      return status.pid();
    }

    /** False once the respawn limit disabled it. */
    public boolean isEnabled() {
      return status.enabled();
    }

    public boolean isRespawn() {
      return status.respawn();
    }

    /** Why it last failed to start or stopped on its own, or null. */
    public String getFailure() {
      return status.failure();
    }

    /** {@code starting}, {@code healthy} or {@code unhealthy} with a health check, else null. */
    public String getHealth() {
      return status.health();
    }

    /** What {@code ocidsl status SERVICE} prints. */
    @Override
    public String toString() {
      return detail;
    }
  }
}
