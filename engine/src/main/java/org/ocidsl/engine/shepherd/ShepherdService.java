package org.ocidsl.engine.shepherd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.ocidsl.engine.FileLike;
import org.ocidsl.engine.SourceLocation;
import org.ocidsl.engine.shell.Script;

/**
 * A service the supervisor runs, as Guix's {@code shepherd-service}: what it provides and
 * requires, how it starts and stops, and as whom.
 *
 * <p>{@code secretEnvironment} holds the values of a container's {@code hostEnvironment}: they
 * reach the process environment and never a file, a launcher or a printed command line.
 */
public final class ShepherdService {
  /** Seconds a PID file may take to appear; Shepherd's default of 5 s is short for a busy host. */
  public static final int DEFAULT_PID_FILE_TIMEOUT = 30;

  private final List<String> provision;
  private final List<String> requirement;
  private final boolean oneShot;
  private final boolean respawn;
  private final boolean autoStart;
  private final Script start;
  private final Script stop;
  private final Duration stopTimeout;
  private final List<ShepherdAction> actions;
  private final String documentation;
  private final String user;
  private final String group;
  private final String logFile;
  private final List<String> environmentVariables;
  private final Map<String, String> secretEnvironment;
  private final String directory;
  private final String pidFile;
  private final int pidFileTimeout;
  private final HealthCheck healthCheck;
  private final List<String> inputFiles;
  private final Map<String, String> inputs;
  private final List<FileLike> files;
  private final SourceLocation location;

  private ShepherdService(Builder b) {
    if (b.provision.isEmpty()) {
      throw new IllegalArgumentException("a shepherd service must provide at least one name");
    }
    this.provision = List.copyOf(b.provision);
    this.requirement = List.copyOf(b.requirement);
    this.oneShot = b.oneShot;
    this.respawn = b.respawn;
    this.autoStart = b.autoStart;
    this.start = Objects.requireNonNull(b.start, "start of " + b.provision.get(0));
    this.stop = b.stop;
    this.stopTimeout = b.stopTimeout;
    this.actions = List.copyOf(b.actions);
    this.documentation = b.documentation;
    this.user = b.user;
    this.group = b.group;
    this.logFile = b.logFile;
    this.environmentVariables = List.copyOf(b.environmentVariables);
    this.secretEnvironment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.secretEnvironment));
    this.directory = b.directory;
    this.pidFile = b.pidFile;
    this.pidFileTimeout = b.pidFileTimeout;
    this.healthCheck = b.healthCheck;
    this.inputFiles = List.copyOf(b.inputFiles);
    this.inputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.inputs));
    this.files = List.copyOf(b.files);
    this.location = b.location;
  }

  public static Builder builder(String... provision) {
    return new Builder().provision(List.of(provision));
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.provision.addAll(provision);
    b.requirement.addAll(requirement);
    b.oneShot = oneShot;
    b.respawn = respawn;
    b.autoStart = autoStart;
    b.start = start;
    b.stop = stop;
    b.stopTimeout = stopTimeout;
    b.actions.addAll(actions);
    b.documentation = documentation;
    b.user = user;
    b.group = group;
    b.logFile = logFile;
    b.environmentVariables.addAll(environmentVariables);
    b.secretEnvironment.putAll(secretEnvironment);
    b.directory = directory;
    b.pidFile = pidFile;
    b.pidFileTimeout = pidFileTimeout;
    b.healthCheck = healthCheck;
    b.inputFiles.addAll(inputFiles);
    b.inputs.putAll(inputs);
    b.files.addAll(files);
    b.location = location;
    return b;
  }

  /** The first provision: the name the service is known by. */
  public String name() {
    return provision.get(0);
  }

  public List<String> provision() {
    return provision;
  }

  public List<String> requirement() {
    return requirement;
  }

  public boolean oneShot() {
    return oneShot;
  }

  public boolean respawn() {
    return respawn;
  }

  public boolean autoStart() {
    return autoStart;
  }

  public Script start() {
    return start;
  }

  public Optional<Script> stop() {
    return Optional.ofNullable(stop);
  }

  /**
   * How long its stop command itself may wait for the service to end ({@code podman stop -t N}):
   * the supervisor lets that command run this much longer than it lets a stop command by default.
   * Empty: the supervisor's default alone.
   */
  public Optional<Duration> stopTimeout() {
    return Optional.ofNullable(stopTimeout);
  }

  public List<ShepherdAction> actions() {
    return actions;
  }

  public Optional<ShepherdAction> action(String actionName) {
    return actions.stream().filter(a -> a.name().equals(actionName)).findFirst();
  }

  public String documentation() {
    return documentation;
  }

  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  public Optional<String> group() {
    return Optional.ofNullable(group);
  }

  public Optional<String> logFile() {
    return Optional.ofNullable(logFile);
  }

  public List<String> environmentVariables() {
    return environmentVariables;
  }

  public Map<String, String> secretEnvironment() {
    return secretEnvironment;
  }

  public Optional<String> directory() {
    return Optional.ofNullable(directory);
  }

  /**
   * The file a daemon writes its PID to, as Shepherd's {@code #:pid-file}: the service counts as
   * started once it names a live process, not when the process is spawned.
   */
  public Optional<String> pidFile() {
    return Optional.ofNullable(pidFile);
  }

  /** How many seconds the PID file may take to appear before the start fails. */
  public int pidFileTimeout() {
    return pidFileTimeout;
  }

  /**
   * How the supervisor tells that the service is healthy: it counts as started only once it is,
   * and is restarted (with {@code respawn}) when it stops being so.
   */
  public Optional<HealthCheck> healthCheck() {
    return Optional.ofNullable(healthCheck);
  }

  /**
   * A health check, in Compose's and podman's terms: {@code command} succeeds (exits 0) when the
   * service is healthy. It runs every {@code interval}, is given up after {@code timeout}; the
   * service is unhealthy after {@code retries} failures in a row, failures during {@code
   * startPeriod} after a start not counting.
   */
  public record HealthCheck(Script command, Duration interval, Duration timeout, int retries, Duration startPeriod) {
    public HealthCheck {
      Objects.requireNonNull(command);
      if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()
          || startPeriod.isNegative() || retries < 1) {
        throw new IllegalArgumentException("a health check needs a positive interval and timeout, and retries >= 1");
      }
    }
  }

  /**
   * The host files whose content the service runs with (a container's bind-mounted files): a
   * reconfiguration restarts it when one of them changed.
   */
  public List<String> inputFiles() {
    return inputFiles;
  }

  /**
   * Digests of what else the service runs with, by name, known when it is defined (the options
   * of a network a container joins, say): a reconfiguration restarts it when one changed.
   */
  public Map<String, String> inputs() {
    return inputs;
  }

  /**
   * The files its launchers hand to programs by path (dockerd's configuration file), written into
   * the generation at {@link FileLike#generationPath()}, as Guix puts a file-like value in the
   * store: a launcher names the path, which changes with the content.
   */
  public List<FileLike> files() {
    return files;
  }

  public SourceLocation location() {
    return location;
  }

  @Override
  public String toString() {
    return "#<shepherd-service " + name() + ">";
  }

  /** Collects the parts of a shepherd service; defaults as in Guix. */
  public static final class Builder {
    private final List<String> provision = new ArrayList<>();
    private final List<String> requirement = new ArrayList<>();
    private boolean oneShot;
    private boolean respawn = true;
    private boolean autoStart = true;
    private Script start;
    private Script stop;
    private Duration stopTimeout;
    private final List<ShepherdAction> actions = new ArrayList<>();
    private String documentation = "";
    private String user;
    private String group;
    private String logFile;
    private final List<String> environmentVariables = new ArrayList<>();
    private final Map<String, String> secretEnvironment = new LinkedHashMap<>();
    private String directory;
    private String pidFile;
    private int pidFileTimeout = DEFAULT_PID_FILE_TIMEOUT;
    private HealthCheck healthCheck;
    private final List<String> inputFiles = new ArrayList<>();
    private final Map<String, String> inputs = new LinkedHashMap<>();
    private final List<FileLike> files = new ArrayList<>();
    private SourceLocation location = SourceLocation.UNKNOWN;

    private Builder() {}

    public Builder provision(List<String> names) {
      provision.clear();
      provision.addAll(names);
      return this;
    }

    public Builder requirement(List<String> names) {
      requirement.clear();
      requirement.addAll(names);
      return this;
    }

    public Builder oneShot(boolean value) {
      oneShot = value;
      return this;
    }

    public Builder respawn(boolean value) {
      respawn = value;
      return this;
    }

    public Builder autoStart(boolean value) {
      autoStart = value;
      return this;
    }

    public Builder start(Script script) {
      start = script;
      return this;
    }

    public Builder stop(Script script) {
      stop = script;
      return this;
    }

    /** See {@link ShepherdService#stopTimeout()}; null for none. */
    public Builder stopTimeout(Duration wait) {
      if (wait != null && wait.isNegative()) {
        throw new IllegalArgumentException("a stop timeout must not be negative: " + wait);
      }
      stopTimeout = wait;
      return this;
    }

    public Builder actions(List<ShepherdAction> list) {
      actions.clear();
      actions.addAll(list);
      return this;
    }

    public Builder documentation(String text) {
      documentation = Objects.requireNonNullElse(text, "");
      return this;
    }

    public Builder user(String name) {
      user = name;
      return this;
    }

    public Builder group(String name) {
      group = name;
      return this;
    }

    public Builder logFile(String path) {
      logFile = path;
      return this;
    }

    public Builder environmentVariables(List<String> variables) {
      environmentVariables.clear();
      environmentVariables.addAll(variables);
      return this;
    }

    public Builder secretEnvironment(Map<String, String> variables) {
      secretEnvironment.clear();
      secretEnvironment.putAll(variables);
      return this;
    }

    public Builder directory(String path) {
      directory = path;
      return this;
    }

    public Builder pidFile(String path, int timeoutSeconds) {
      pidFile = path;
      pidFileTimeout = timeoutSeconds;
      return this;
    }

    public Builder healthCheck(HealthCheck check) {
      healthCheck = check;
      return this;
    }

    public Builder inputFiles(List<String> paths) {
      inputFiles.clear();
      inputFiles.addAll(paths);
      return this;
    }

    public Builder inputs(Map<String, String> digests) {
      inputs.clear();
      inputs.putAll(digests);
      return this;
    }

    public Builder files(List<FileLike> list) {
      files.clear();
      files.addAll(list);
      return this;
    }

    public Builder location(SourceLocation where) {
      location = Objects.requireNonNullElse(where, SourceLocation.UNKNOWN);
      return this;
    }

    public ShepherdService build() {
      return new ShepherdService(this);
    }
  }
}
