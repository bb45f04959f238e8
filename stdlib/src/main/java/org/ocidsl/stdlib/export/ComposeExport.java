package org.ocidsl.stdlib.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.config.Configuration;
import org.ocidsl.stdlib.oci.OciRecords.OciContainer;
import org.ocidsl.stdlib.oci.OciService;
import org.ocidsl.stdlib.oci.OciRecords.OciHealthCheck;
import org.ocidsl.stdlib.oci.OciRecords.OciNetwork;
import org.ocidsl.stdlib.oci.OciRecords.OciVolume;
import org.ocidsl.stdlib.oci.VolumeSpec;

/**
 * A system as one Compose project: a service per container, named as the system names it (its
 * {@code container_name} too), and the networks and volumes under the names the system gives
 * them. Compose interpolates {@code $} in every value: each {@code $} written in the system is
 * escaped as {@code $$}, and a {@code hostEnvironment} variable becomes {@code ${NAME}}, taken from
 * the environment of whoever runs Compose.
 */
final class ComposeExport {
  private static final String ENGINE = "compose";
  /** The runtime's own network modes, not networks of the project. */
  private static final Set<String> NETWORK_MODES = Set.of("host", "none", "bridge");
  private static final Pattern SERVICE_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

  private final SystemView system;
  private final List<Dropped> dropped = new ArrayList<>();
  private final Map<String, Compose.Network> networks = new LinkedHashMap<>();
  private final Map<String, Compose.Volume> volumes = new LinkedHashMap<>();

  private ComposeExport(SystemView system) {
    this.system = system;
  }

  static Export.Result of(SystemView system) {
    return new ComposeExport(system).project();
  }

  private Export.Result project() {
    for (Configuration n : system.networks()) {
      networks.put(n.get(OciNetwork.NAME), network(n));
    }
    for (Configuration v : system.volumes()) {
      String name = v.get(OciVolume.NAME);
      volumes.put(name, new Compose.Volume(escape(name), escape(v.get(OciVolume.LABELS))));
      if (!v.get(OciVolume.EXTRA_ARGUMENTS).isEmpty()) {
        dropped.add(new Dropped(v.fieldLocation(OciVolume.EXTRA_ARGUMENTS), "volume '" + name + "'", "extraArguments "
            + String.join(" ", v.get(OciVolume.EXTRA_ARGUMENTS)) + " dropped: compose has no such volume option"));
      }
    }
    Map<String, Compose.Service> services = new LinkedHashMap<>();
    for (SystemView.Container c : system.containers()) {
      if (!SERVICE_NAME.matcher(c.name()).matches()) {
        throw new OcidslException(c.record().location(), "service '" + c.name()
            + "' cannot be a compose service: its name may hold letters, digits, '_', '.' and '-' only");
      }
      services.put(c.name(), service(c));
      dropped.addAll(system.commonDrops(c, ENGINE));
    }
    dropped.addAll(system.otherServiceDrops());
    return new Export.Result(List.of(new Compose.Project(services, networks, volumes)), dropped, Map.of());
  }

  private Compose.Network network(Configuration n) {
    String name = n.get(OciNetwork.NAME);
    if (!n.get(OciNetwork.EXTRA_ARGUMENTS).isEmpty()) {
      dropped.add(new Dropped(n.fieldLocation(OciNetwork.EXTRA_ARGUMENTS), "network '" + name + "'", "extraArguments "
          + String.join(" ", n.get(OciNetwork.EXTRA_ARGUMENTS)) + " dropped: compose has no such network option"));
    }
    boolean pool = n.isSet(OciNetwork.SUBNET) || n.isSet(OciNetwork.IP_RANGE) || n.isSet(OciNetwork.GATEWAY);
    Compose.Ipam ipam = n.isSet(OciNetwork.IPAM_DRIVER) || pool
        ? new Compose.Ipam(escape(n.get(OciNetwork.IPAM_DRIVER)), pool
            ? List.of(new Compose.IpamPool(escape(n.get(OciNetwork.SUBNET)), escape(n.get(OciNetwork.IP_RANGE)),
                escape(n.get(OciNetwork.GATEWAY))))
            : List.of())
        : null;
    return new Compose.Network(escape(name), null, escape(n.get(OciNetwork.DRIVER)), trueOrNull(n.get(OciNetwork.INTERNAL)),
        trueOrNull(n.get(OciNetwork.IPV6)), ipam, escape(n.get(OciNetwork.LABELS)));
  }

  private Compose.Service service(SystemView.Container c) {
    Configuration r = c.record();
    List<String> environment = new ArrayList<>();
    for (SystemView.Env e : c.environment()) {
      if (e instanceof SystemView.Literal l) {
        environment.add(l.name() + "=" + escape(l.value()));
      } else if (e instanceof SystemView.Secret) {
        environment.add(e.name() + "=${" + e.name() + "?" + e.name() + " must be set: it is a secret of service "
            + c.name() + "}");
      } else {
        environment.add(e.name());
      }
    }
    String networkMode = null;
    List<String> joined = List.of();
    if (r.isSet(OciContainer.NETWORK)) {
      String network = r.get(OciContainer.NETWORK);
      if (NETWORK_MODES.contains(network) || network.startsWith("container:")) {
        networkMode = escape(network);
      } else {
        joined = List.of(network);
        // A network the system does not create exists already, as run expects.
        networks.putIfAbsent(network, new Compose.Network(escape(network), true, null, null, null, null, List.of()));
      }
    }
    for (String spec : r.get(OciContainer.VOLUMES)) {
      VolumeSpec volume = VolumeSpec.parse(spec);
      if (volume.named()) {
        // A volume run creates when it is missing.
        volumes.putIfAbsent(volume.source(), new Compose.Volume(escape(volume.source()), List.of()));
      }
    }
    Map<String, Compose.Dependency> dependsOn = new LinkedHashMap<>();
    for (String requirement : r.get(OciContainer.REQUIREMENT)) {
      SystemView.Container required = system.container(requirement);
      if (required != null) {
        // As the supervisor starts a dependent: once a one-shot exited 0, once a checked one is healthy.
        dependsOn.put(requirement, required.record().get(OciContainer.ONE_SHOT) ? Compose.Dependency.COMPLETED
            : required.record().isSet(OciContainer.HEALTH_CHECK) ? Compose.Dependency.HEALTHY
            : Compose.Dependency.STARTED);
      }
    }
    List<String> entrypoint = r.isSet(OciContainer.ENTRYPOINT) ? List.of(escape(r.get(OciContainer.ENTRYPOINT))) : List.of();
    return new Compose.Service(
        escape(c.image()),
        c.name(),
        entrypoint,
        escape(r.get(OciContainer.COMMAND)),
        environment,
        escape(r.get(OciContainer.CONTAINER_USER)),
        escape(r.get(OciContainer.WORKDIR)),
        escape(r.get(OciContainer.PORTS)),
        escape(r.get(OciContainer.VOLUMES)),
        networkMode,
        joined.stream().map(ComposeExport::escape).toList(),
        r.get(OciContainer.RESPAWN) ? "always" : null,
        dependsOn,
        healthcheck(r),
        r.isSet(OciContainer.STOP_TIMEOUT) ? OciService.goDuration(r.get(OciContainer.STOP_TIMEOUT)) : null,
        r.get(OciContainer.STOP_SIGNAL));
  }

  /** The container's health check, run in it as run's --health-cmd runs it: an exec, no shell. */
  private static Compose.Healthcheck healthcheck(Configuration r) {
    if (!r.isSet(OciContainer.HEALTH_CHECK)) {
      return null;
    }
    Configuration health = r.get(OciContainer.HEALTH_CHECK);
    List<String> test = new ArrayList<>(List.of("CMD"));
    test.addAll(escape(health.get(OciHealthCheck.COMMAND)));
    return new Compose.Healthcheck(test, OciService.goDuration(health.get(OciHealthCheck.INTERVAL)),
        OciService.goDuration(health.get(OciHealthCheck.TIMEOUT)), health.get(OciHealthCheck.RETRIES).intValue(),
        OciService.goDuration(health.get(OciHealthCheck.START_PERIOD)));
  }

  private static Boolean trueOrNull(boolean value) {
    return value ? Boolean.TRUE : null;
  }

  /** {@code value} as Compose reads it back after interpolation: each {@code $} doubled. */
  static String escape(String value) {
    return value == null ? null : value.replace("$", "$$");
  }

  static List<String> escape(List<String> values) {
    return values.stream().map(ComposeExport::escape).toList();
  }
}
