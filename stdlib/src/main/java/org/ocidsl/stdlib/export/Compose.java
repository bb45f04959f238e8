package org.ocidsl.stdlib.export;

import java.util.List;
import java.util.Map;

/**
 * The objects of the Compose specification (compose-spec.io) that an export writes, one record
 * per object, with the specification's names in camel case ({@link YamlWriter#SNAKE_CASE} writes
 * {@code workingDir} as {@code working_dir}): a {@link Project} is a whole {@code compose.yaml}.
 * Absent and empty values are left out, as a person writing the file by hand would.
 */
public final class Compose {
  private Compose() {}

  /** A {@code compose.yaml}: its services, networks and volumes, by name, in the system's order. */
  public record Project(Map<String, Service> services, Map<String, Network> networks, Map<String, Volume> volumes) {}

  /** A service: one container. Lists are written in the exec (list) form, never split again. */
  public record Service(
      String image,
      String containerName,
      List<String> entrypoint,
      List<String> command,
      List<String> environment,
      String user,
      String workingDir,
      List<String> ports,
      List<String> volumes,
      String networkMode,
      List<String> networks,
      String restart,
      Map<String, Dependency> dependsOn,
      Healthcheck healthcheck,
      String stopGracePeriod,
      String stopSignal) {}

  /** The long form of a {@code depends_on} entry: when the dependency counts as ready. */
  public record Dependency(String condition) {
    public static final Dependency STARTED = new Dependency("service_started");
    public static final Dependency HEALTHY = new Dependency("service_healthy");
    public static final Dependency COMPLETED = new Dependency("service_completed_successfully");
  }

  /** A service's {@code healthcheck}; durations as Compose writes them ({@code 30s}). */
  public record Healthcheck(List<String> test, String interval, String timeout, Integer retries, String startPeriod) {}

  /** A top-level network; {@code name} keeps the name the system gives it, unprefixed by the project. */
  public record Network(
      String name, Boolean external, String driver, Boolean internal, Boolean enableIpv6, Ipam ipam, List<String> labels) {}

  /** A network's IP address management: its driver and one pool. */
  public record Ipam(String driver, List<IpamPool> config) {}

  public record IpamPool(String subnet, String ipRange, String gateway) {}

  /** A top-level volume; {@code name} keeps the name the system gives it. */
  public record Volume(String name, List<String> labels) {}
}
