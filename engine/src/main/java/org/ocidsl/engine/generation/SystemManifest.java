package org.ocidsl.engine.generation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.ocidsl.engine.shepherd.ShepherdAction;
import org.ocidsl.engine.shepherd.ShepherdService;

/**
 * {@code system.json}: what a generation holds, in the form the supervisor and activation read.
 * Each service's launchers live beside it, in the directory its {@code launchers} entry names
 * ({@code launchers/NAME}, NAME being its first provision made a file name): {@code start},
 * {@code stop}, {@code health} and {@code action-ACTION}.
 *
 * <p>Of the secret environment only the variable names are written, never the values.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SystemManifest(
    int format,
    String source,
    List<ServiceEntry> services,
    List<UserAccount> users,
    List<UserGroup> groups,
    List<SubidRange> subuids,
    List<SubidRange> subgids,
    List<PamLimit> pamLimits,
    List<EtcEntry> etc,
    List<RequiredProgram> programs,
    List<String> activationDirectories,
    List<ImageRecord> images,
    List<String> privilegedPrograms) {

  public static final int FORMAT = 1;
  public static final String FILE_NAME = "system.json";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * A shepherd service as the supervisor needs it; {@code stopTimeout} in milliseconds, absent
   * when the service has none.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ServiceEntry(
      List<String> provision,
      List<String> requirement,
      boolean oneShot,
      boolean respawn,
      boolean autoStart,
      String documentation,
      String user,
      String group,
      String logFile,
      String directory,
      List<String> environment,
      List<String> secretEnvironment,
      boolean stop,
      Long stopTimeout,
      List<ActionEntry> actions,
      String launchers,
      String pidFile,
      Integer pidFileTimeout,
      HealthEntry health,
      Map<String, String> inputs,
      String launcherDigest) {

    public ServiceEntry {
      provision = List.copyOf(provision);
      requirement = requirement == null ? List.of() : List.copyOf(requirement);
      environment = environment == null ? List.of() : List.copyOf(environment);
      secretEnvironment = secretEnvironment == null ? List.of() : List.copyOf(secretEnvironment);
      actions = actions == null ? List.of() : List.copyOf(actions);
      inputs = inputs == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(inputs));
    }

    public String name() {
      return provision.get(0);
    }

    /** The names of its actions. */
    public List<String> actionNames() {
      return actions.stream().map(ActionEntry::name).toList();
    }

    /** Its launcher directory, relative to its generation. */
    public String launcherDirectory() {
      return launchers != null ? launchers : GenerationStore.launchers(name());
    }

    /**
     * How long its stop command itself may wait for the service to end, beyond what the supervisor
     * allows any stop command; empty when the service did not say (and in a manifest written before
     * the field was, which lacks it).
     */
    public Optional<Duration> stopTimeoutDuration() {
      return Optional.ofNullable(stopTimeout).map(Duration::ofMillis);
    }

    public int pidFileTimeoutOrDefault() {
      return pidFileTimeout != null ? pidFileTimeout : ShepherdService.DEFAULT_PID_FILE_TIMEOUT;
    }

    static ServiceEntry of(ShepherdService s, Map<String, String> inputs, Map<String, String> imageIds) {
      return new ServiceEntry(
          s.provision(),
          s.requirement(),
          s.oneShot(),
          s.respawn(),
          s.autoStart(),
          s.documentation(),
          s.user().orElse(null),
          s.group().orElse(null),
          s.logFile().orElse(null),
          s.directory().orElse(null),
          s.environmentVariables(),
          List.copyOf(s.secretEnvironment().keySet()),
          s.stop().isPresent(),
          s.stopTimeout().map(Duration::toMillis).orElse(null),
          s.actions().stream().map(ActionEntry::of).toList(),
          GenerationStore.launchers(s.name()),
          s.pidFile().orElse(null),
          s.pidFile().isPresent() ? s.pidFileTimeout() : null,
          s.healthCheck().map(HealthEntry::of).orElse(null),
          inputs.isEmpty() ? null : inputs,
          launcherDigest(GenerationStore.launcherText(s.start(), imageIds),
              s.stop().map(stop -> GenerationStore.launcherText(stop, imageIds)).orElse(null),
              s.healthCheck().map(h -> GenerationStore.launcherText(h.command(), imageIds)).orElse(null)));
    }

    /**
     * The digest of a service's start, stop and health launchers: a reconfiguration reads the
     * texts of those whose digests differ only.
     */
    public static String launcherDigest(String start, String stop, String health) {
      try {
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        sha.update(start.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (String other : new String[] {stop, health}) {
          sha.update((byte) 0);
          if (other != null) {
            sha.update((byte) 1);
            sha.update(other.getBytes(java.nio.charset.StandardCharsets.UTF_8));
          }
        }
        return "sha256:" + java.util.HexFormat.of().formatHex(sha.digest());
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is part of every JDK", e);
      }
    }
  }

  /** An action of a service, run by its {@code action-NAME} launcher. */
  public record ActionEntry(String name, String documentation) {
    static ActionEntry of(ShepherdAction a) {
      return new ActionEntry(a.name(), a.documentation());
    }
  }

  /**
   * A service's health check, whose command is its {@code health} launcher; times in
   * milliseconds.
   */
  public record HealthEntry(long interval, long timeout, int retries, long startPeriod) {
    static HealthEntry of(ShepherdService.HealthCheck h) {
      return new HealthEntry(
          h.interval().toMillis(), h.timeout().toMillis(), h.retries(), h.startPeriod().toMillis());
    }

    /** In words, as a plan shows a change: {@code every 2 s, timeout 1 s, 3 retries, start period 30 s}. */
    @Override
    public String toString() {
      return "every " + seconds(interval) + ", timeout " + seconds(timeout) + ", " + retries
          + (retries == 1 ? " retry" : " retries") + ", start period " + seconds(startPeriod);
    }

    /** {@code millis} in seconds, as a plan or a message shows it: {@code 2 s}, {@code 0.5 s}. */
    public static String seconds(long millis) {
      return (millis % 1000 == 0 ? String.valueOf(millis / 1000) : String.valueOf(millis / 1000.0)) + " s";
    }
  }

  /**
   * An image archive of the generation, the reference it is tagged with when loaded, and its
   * image ID ({@code sha256:HEX} of its configuration), which says whether its content changed.
   */
  public record ImageRecord(String name, String reference, String archive, String id) {}

  /** A file the system installs as {@code /etc/PATH}, stored at {@code FILE} in the generation. */
  public record EtcEntry(String path, String file) {}

  /**
   * The manifest of {@code generation}, built from {@code source}, whose images have the IDs
   * {@code imageIds} (by image name) and whose services' inputs {@code inputs} digests.
   */
  public static SystemManifest of(
      Generation generation, String source, Map<String, String> imageIds,
      Function<ShepherdService, Map<String, String>> inputs) {
    return new SystemManifest(
        FORMAT,
        source,
        generation.services().stream().map(s -> ServiceEntry.of(s, inputs.apply(s), imageIds)).toList(),
        generation.users(),
        generation.groups(),
        generation.subuids(),
        generation.subgids(),
        generation.pamLimits(),
        generation.etcFiles().stream().map(e -> new EtcEntry(e.path(), "etc/" + e.path())).toList(),
        generation.programs(),
        generation.activationDirectories(),
        generation.images().stream()
            .map(i -> new ImageRecord(i.name(), i.reference(), i.archive(), imageIds.get(i.name())))
            .toList(),
        generation.privilegedPrograms());
  }

  public ServiceEntry service(String name) {
    return services.stream()
        .filter(s -> s.provision().contains(name))
        .findFirst()
        .orElseThrow(() -> new org.ocidsl.engine.OcidslException("service '" + name + "' could not be found"));
  }

  /** The image record of service {@code name}, if it runs an image of this generation. */
  public java.util.Optional<ImageRecord> image(String name) {
    return images == null ? java.util.Optional.empty()
        : images.stream().filter(i -> i.name().equals(name)).findFirst();
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads the manifest of the generation in {@code directory}. */
  public static SystemManifest read(Path directory) throws IOException {
    return JSON.readValue(directory.resolve(FILE_NAME).toFile(), SystemManifest.class);
  }
}
