package org.ocidsl.stdlib.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.SourceLocation;
import org.ocidsl.engine.config.Configuration;
import org.ocidsl.engine.config.Field;
import org.ocidsl.stdlib.oci.OciRecords.OciContainer;
import org.ocidsl.stdlib.oci.OciRecords.OciHealthCheck;
import org.ocidsl.stdlib.oci.OciRecords.OciNetwork;
import org.ocidsl.stdlib.oci.OciRecords.OciVolume;
import org.ocidsl.stdlib.oci.VolumeSpec;

/**
 * A system as Kubernetes manifests: a PersistentVolumeClaim per named volume, then for each
 * container a Service when it publishes ports (named as the container, so that the others reach
 * it by the name they use today) and a Pod of that name.
 *
 * <p>A Pod, not a Deployment: its {@code restartPolicy} follows {@code respawn} ({@code Always}
 * or {@code Never}, where a Deployment allows {@code Always} only), and {@code podman kube play
 * --network NET} makes a Pod resolvable under its own name, where a Deployment's pod is named
 * {@code NAME-pod-0}. Secrets are {@code secretKeyRef}s into one Secret named after the system.
 *
 * <p>A one-shot that containers require runs as an init container of each of their pods, and
 * has no pod of its own: a pod starts its containers once its init containers exited 0, as the
 * supervisor starts a one-shot's dependents, where a Job would run beside them (and podman 4.3
 * plays no Job). A one-shot that nothing requires is a Pod that runs once ({@code Never}).
 * A health check is a readiness probe (a dependent starts, a Service sends traffic, once it
 * passes), a liveness probe too with {@code respawn} (unhealthy, it is restarted), and a startup
 * probe for its start period, during which failures do not count.
 */
final class KubernetesExport {
  private static final String ENGINE = "Kubernetes";
  /** The label that ties a Service to its Pod. */
  static final String SERVICE_LABEL = "io.ocidsl/service";
  /** The size a claim asks for: Kubernetes requires one, the system has none. */
  static final String CLAIM_SIZE = "1Gi";

  private static final String DNS_LABEL_SYNTAX = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final String LABEL_NAME_SYNTAX = "([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)";
  private static final Pattern DNS_LABEL = Pattern.compile(DNS_LABEL_SYNTAX);
  private static final Pattern LABEL_KEY =
      Pattern.compile("(" + DNS_LABEL_SYNTAX + "(\\." + DNS_LABEL_SYNTAX + ")*/)?" + LABEL_NAME_SYNTAX);
  private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_NAME_SYNTAX + "?");
  private static final Pattern NUMERIC_USER = Pattern.compile("[0-9]+(:[0-9]+)?");

  private final SystemView system;
  private final String secretName;
  /** A set: a one-shot that runs in several pods is reported once. */
  private final Set<Dropped> dropped = new LinkedHashSet<>();
  private final Map<String, SourceLocation> secrets = new LinkedHashMap<>();

  private KubernetesExport(SystemView system, String secretName) {
    this.system = system;
    this.secretName = secretName;
  }

  static Export.Result of(SystemView system, String secretName) {
    return new KubernetesExport(system, secretName).manifests();
  }

  private Export.Result manifests() {
    List<Kubernetes.Manifest> documents = new ArrayList<>(claims());
    dropNetworks();
    Set<String> initOnly = new LinkedHashSet<>();
    for (SystemView.Container c : system.containers()) {
      oneShotsBefore(c).forEach(oneShot -> initOnly.add(oneShot.name()));
    }
    for (SystemView.Container c : system.containers()) {
      requireName(c.name(), "service", c.record().location());
      if (initOnly.contains(c.name())) {
        dropped.addAll(system.commonDrops(c, ENGINE));
        continue;
      }
      Kubernetes.Pod pod = pod(c);
      List<Kubernetes.ServicePort> ports = new ArrayList<>();
      for (Kubernetes.ContainerPort port : pod.spec().containers().get(0).ports()) {
        String name = port.protocol().toLowerCase(java.util.Locale.ROOT) + "-" + port.containerPort();
        if (ports.stream().noneMatch(p -> p.name().equals(name))) {
          ports.add(new Kubernetes.ServicePort(name, port.protocol(), port.containerPort(), port.containerPort()));
        }
      }
      if (!ports.isEmpty()) {
        documents.add(Kubernetes.Service.of(new Kubernetes.Metadata(c.name(), Map.of()),
            new Kubernetes.ServiceSpec(Map.of(SERVICE_LABEL, c.name()), ports)));
      }
      documents.add(pod);
      dropped.addAll(system.commonDrops(c, ENGINE));
    }
    dropped.addAll(system.otherServiceDrops());
    return new Export.Result(List.copyOf(documents), List.copyOf(dropped), new LinkedHashMap<>(secrets));
  }

  /**
   * A claim per named volume, those the system declares first: {@code ReadWriteMany} when several
   * containers mount it (several pods, possibly on several nodes), else {@code ReadWriteOnce}.
   */
  private List<Kubernetes.PersistentVolumeClaim> claims() {
    Map<String, Configuration> declared = new LinkedHashMap<>();
    Map<String, SourceLocation> claims = new LinkedHashMap<>();
    for (Configuration v : system.volumes()) {
      declared.put(v.get(OciVolume.NAME), v);
      claims.put(v.get(OciVolume.NAME), v.location());
    }
    Map<String, Integer> mounts = new LinkedHashMap<>();
    for (SystemView.Container c : system.containers()) {
      for (String spec : c.record().get(OciContainer.VOLUMES)) {
        VolumeSpec volume = VolumeSpec.parse(spec);
        if (volume.named()) {
          mounts.merge(volume.source(), 1, Integer::sum);
          claims.putIfAbsent(volume.source(), c.record().fieldLocation(OciContainer.VOLUMES));
        }
      }
    }
    List<Kubernetes.PersistentVolumeClaim> result = new ArrayList<>();
    claims.forEach((name, location) -> {
      requireName(name, "volume", location);
      Configuration v = declared.get(name);
      Map<String, String> labels = Map.of();
      if (v != null) {
        labels = labels("volume '" + name + "'", v.get(OciVolume.LABELS), v.fieldLocation(OciVolume.LABELS));
        if (!v.get(OciVolume.EXTRA_ARGUMENTS).isEmpty()) {
          dropped.add(new Dropped(v.fieldLocation(OciVolume.EXTRA_ARGUMENTS), "volume '" + name + "'", "extraArguments "
              + String.join(" ", v.get(OciVolume.EXTRA_ARGUMENTS)) + " dropped: a claim has no such option"));
        }
      }
      String access = mounts.getOrDefault(name, 0) > 1 ? "ReadWriteMany" : "ReadWriteOnce";
      result.add(Kubernetes.PersistentVolumeClaim.of(new Kubernetes.Metadata(name, labels),
          new Kubernetes.ClaimSpec(List.of(access), new Kubernetes.Resources(Map.of("storage", CLAIM_SIZE)))));
    });
    return result;
  }

  /** Networks are the runtime's: a cluster has one network that every pod is on. */
  private void dropNetworks() {
    Map<String, SourceLocation> networks = new LinkedHashMap<>();
    system.networks().forEach(n -> networks.put(n.get(OciNetwork.NAME), n.location()));
    for (SystemView.Container c : system.containers()) {
      String network = c.record().get(OciContainer.NETWORK);
      if (network != null && !network.equals("host") && !network.equals("none")) {
        networks.putIfAbsent(network, c.record().fieldLocation(OciContainer.NETWORK));
      }
    }
    networks.forEach((name, location) -> dropped.add(new Dropped(location, "network '" + name + "'",
        "dropped: every pod is on the cluster's one network (podman kube play --network " + name + " joins it)")));
  }

  /**
   * The one-shot containers {@code c} requires, directly or through other one-shots, each after
   * those it requires: they run as its pod's init containers, so that it starts once they exited
   * 0, as the supervisor starts it.
   */
  private Set<SystemView.Container> oneShotsBefore(SystemView.Container c) {
    Set<SystemView.Container> before = new LinkedHashSet<>();
    for (String requirement : c.record().get(OciContainer.REQUIREMENT)) {
      SystemView.Container required = system.container(requirement);
      if (required != null && required.record().get(OciContainer.ONE_SHOT)) {
        before.addAll(oneShotsBefore(required));
        before.add(required);
      }
    }
    return before;
  }

  private Kubernetes.Pod pod(SystemView.Container c) {
    Configuration r = c.record();
    String subject = "service '" + c.name() + "'";
    List<Kubernetes.Volume> volumes = new ArrayList<>();
    List<Kubernetes.Container> init = new ArrayList<>();
    for (SystemView.Container oneShot : oneShotsBefore(c)) {
      init.add(container(oneShot, volumes, c.name()));
    }
    Kubernetes.Container main = container(c, volumes, null);
    Boolean hostNetwork = null;
    if ("host".equals(r.get(OciContainer.NETWORK))) {
      hostNetwork = Boolean.TRUE;
    } else if ("none".equals(r.get(OciContainer.NETWORK))) {
      dropped.add(new Dropped(r.fieldLocation(OciContainer.NETWORK), subject,
          "network none dropped: every pod is on the cluster's network"));
    }
    if (r.isSet(OciContainer.STOP_SIGNAL)) {
      dropped.add(new Dropped(r.fieldLocation(OciContainer.STOP_SIGNAL), subject, "stopSignal "
          + r.get(OciContainer.STOP_SIGNAL) + " dropped: Kubernetes stops a container with its image's stop signal"));
    }
    Long grace = r.isSet(OciContainer.STOP_TIMEOUT) ? r.get(OciContainer.STOP_TIMEOUT).longValue() : null;
    Kubernetes.PodSpec spec = new Kubernetes.PodSpec(r.get(OciContainer.RESPAWN) ? "Always" : "Never", hostNetwork,
        grace, init, List.of(main), volumes);
    return Kubernetes.Pod.of(new Kubernetes.Metadata(c.name(), Map.of(SERVICE_LABEL, c.name())), spec);
  }

  /**
   * Container {@code c} of a pod whose volumes are {@code volumes} (its own are added), run as an
   * init container of the pod of {@code initOf}, or as the pod's own container when that is null.
   */
  private Kubernetes.Container container(SystemView.Container c, List<Kubernetes.Volume> volumes, String initOf) {
    Configuration r = c.record();
    String subject = "service '" + c.name() + "'";
    List<Kubernetes.EnvVar> env = new ArrayList<>();
    for (SystemView.Env e : c.environment()) {
      if (e instanceof SystemView.Literal l) {
        env.add(Kubernetes.EnvVar.literal(l.name(), escape(l.value())));
      } else if (e instanceof SystemView.Secret) {
        secrets.putIfAbsent(e.name(), e.location());
        env.add(Kubernetes.EnvVar.secret(secretName, e.name()));
      } else {
        dropped.add(new Dropped(e.location(), subject, "environment " + e.name()
            + " dropped: a pod has no runtime's environment to take its value from"));
      }
    }
    List<Kubernetes.ContainerPort> ports = new ArrayList<>();
    if (initOf != null && !r.get(OciContainer.PORTS).isEmpty()) {
      dropped.add(new Dropped(r.fieldLocation(OciContainer.PORTS), subject, "ports dropped: a one-shot runs as an"
          + " init container of the pod of " + initOf + ", which publishes nothing"));
    }
    for (String spec : initOf != null ? List.<String>of() : r.get(OciContainer.PORTS)) {
      List<PortSpec> expanded;
      try {
        expanded = PortSpec.expand(spec);
      } catch (IllegalArgumentException e) {
        throw new OcidslException(r.fieldLocation(OciContainer.PORTS), e.getMessage());
      }
      for (PortSpec p : expanded) {
        if (p.hostPort() == null) {
          dropped.add(new Dropped(r.fieldLocation(OciContainer.PORTS), subject, "port " + spec
              + " published on a host port the runtime picks dropped: only its Service port " + p.containerPort() + " remains"));
        }
        ports.add(new Kubernetes.ContainerPort(p.containerPort(), p.hostPort(), p.hostIp(), p.protocol()));
      }
    }
    List<Kubernetes.VolumeMount> mounts = new ArrayList<>();
    for (String spec : r.get(OciContainer.VOLUMES)) {
      VolumeSpec v = VolumeSpec.parse(spec);
      if (v.hostPath()) {
        dropped.add(new Dropped(r.fieldLocation(OciContainer.VOLUMES), subject, "volume " + spec
            + " dropped: a host path is no volume of a cluster"));
        continue;
      }
      for (String option : v.options()) {
        if (!option.equals("ro") && !option.equals("rw")) {
          dropped.add(new Dropped(r.fieldLocation(OciContainer.VOLUMES), subject, "option " + option + " of volume "
              + spec + " dropped: a volume mount has no such option"));
        }
      }
      String name;
      if (v.anonymous()) {
        // The runtime's anonymous volume lives as long as the container: a pod's emptyDir.
        name = "anonymous-" + (volumes.stream().filter(existing -> existing.emptyDir() != null).count() + 1);
        volumes.add(new Kubernetes.Volume(name, null, new Kubernetes.EmptyDir()));
      } else {
        name = v.source();
        if (volumes.stream().noneMatch(existing -> existing.name().equals(v.source()))) {
          volumes.add(new Kubernetes.Volume(name, new Kubernetes.ClaimSource(name), null));
        }
      }
      mounts.add(new Kubernetes.VolumeMount(name, v.target(), v.readOnly() ? Boolean.TRUE : null));
    }
    for (String requirement : r.get(OciContainer.REQUIREMENT)) {
      SystemView.Container required = system.container(requirement);
      if (required != null && !required.record().get(OciContainer.ONE_SHOT)) {
        dropped.add(new Dropped(r.fieldLocation(OciContainer.REQUIREMENT), subject, "requirement '" + requirement
            + "' dropped: Kubernetes starts pods in no order"));
      }
    }
    Kubernetes.Probe readiness = null;
    Kubernetes.Probe liveness = null;
    Kubernetes.Probe startup = null;
    if (r.isSet(OciContainer.HEALTH_CHECK)) {
      Configuration health = r.get(OciContainer.HEALTH_CHECK);
      Kubernetes.ExecAction exec = new Kubernetes.ExecAction(
          health.get(OciHealthCheck.COMMAND).stream().map(KubernetesExport::escape).toList());
      int period = wholeSeconds(health, OciHealthCheck.INTERVAL, subject);
      int timeout = wholeSeconds(health, OciHealthCheck.TIMEOUT, subject);
      int retries = health.get(OciHealthCheck.RETRIES).intValue();
      int start = wholeSeconds(health, OciHealthCheck.START_PERIOD, subject);
      // Healthy: it takes traffic, as it starts its dependents. Unhealthy: restarted, with respawn only.
      readiness = new Kubernetes.Probe(exec, period, timeout, retries);
      liveness = r.get(OciContainer.RESPAWN) ? readiness : null;
      // Failures in the start period do not count: the probes wait for a first success that long.
      startup = start > 0 ? new Kubernetes.Probe(exec, period, timeout, (start + period - 1) / period + retries) : null;
    }
    return new Kubernetes.Container(
        c.name(),
        c.image(),
        c.built() ? "IfNotPresent" : null,
        r.isSet(OciContainer.ENTRYPOINT) ? List.of(escape(r.get(OciContainer.ENTRYPOINT))) : List.of(),
        r.get(OciContainer.COMMAND).stream().map(KubernetesExport::escape).toList(),
        r.get(OciContainer.WORKDIR),
        env,
        ports,
        mounts,
        securityContext(r, subject),
        readiness,
        liveness,
        startup);
  }

  /** The seconds of {@code field} of {@code health} as probes count them: whole, a fraction rounded up, saying so. */
  private int wholeSeconds(Configuration health, Field<Number> field, String subject) {
    java.math.BigDecimal exact = new java.math.BigDecimal(health.get(field).toString());
    java.math.BigDecimal whole = exact.setScale(0, java.math.RoundingMode.CEILING);
    if (exact.compareTo(whole) != 0) {
      dropped.add(new Dropped(health.fieldLocation(field), subject, "healthCheck " + field.name() + " " + exact.toPlainString()
          + " s rounded up to " + whole + " s: probes count whole seconds"));
    }
    return whole.intValueExact();
  }

  /** {@code runAsUser} (and {@code runAsGroup}) from a numeric {@code containerUser}. */
  private Kubernetes.SecurityContext securityContext(Configuration r, String subject) {
    if (!r.isSet(OciContainer.CONTAINER_USER)) {
      return null;
    }
    String user = r.get(OciContainer.CONTAINER_USER);
    if (!NUMERIC_USER.matcher(user).matches()) {
      dropped.add(new Dropped(r.fieldLocation(OciContainer.CONTAINER_USER), subject, "containerUser '" + user
          + "' dropped: Kubernetes runs a container as a numeric uid[:gid] only"));
      return null;
    }
    String[] ids = user.split(":");
    return new Kubernetes.SecurityContext(Long.parseLong(ids[0]), ids.length > 1 ? Long.parseLong(ids[1]) : null);
  }

  /** Labels {@code NAME[=VALUE]} as a map; one Kubernetes would refuse is dropped, saying so. */
  private Map<String, String> labels(String subject, List<String> labels, SourceLocation location) {
    Map<String, String> result = new LinkedHashMap<>();
    for (String label : labels) {
      int eq = label.indexOf('=');
      String key = eq < 0 ? label : label.substring(0, eq);
      String value = eq < 0 ? "" : label.substring(eq + 1);
      String name = key.substring(key.indexOf('/') + 1);
      if (LABEL_KEY.matcher(key).matches() && name.length() <= 63 && key.length() - name.length() <= 254
          && LABEL_VALUE.matcher(value).matches() && value.length() <= 63) {
        result.put(key, value);
      } else {
        dropped.add(new Dropped(location, subject, "label " + label
            + " dropped: Kubernetes labels are NAME=VALUE of letters, digits, '-', '_' and '.', 63 at most"));
      }
    }
    return result;
  }

  private static void requireName(String name, String what, SourceLocation location) {
    if (!DNS_LABEL.matcher(name).matches() || name.length() > 63) {
      throw new OcidslException(location, what + " '" + name + "' cannot be a Kubernetes name: it must be 63 lowercase"
          + " letters, digits and '-' at most, a letter or digit first and last");
    }
  }

  /**
   * {@code value} as Kubernetes reads a command, an argument or an environment value: it expands
   * {@code $(NAME)} and reads {@code $$} as {@code $}, so a {@code $} before {@code (} or {@code $}
   * is doubled. Any other {@code $} is left as it is, which podman's kube play (no expansion) reads
   * the same way.
   */
  static String escape(String value) {
    StringBuilder escaped = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      escaped.append(ch);
      if (ch == '$' && i + 1 < value.length() && (value.charAt(i + 1) == '(' || value.charAt(i + 1) == '$')) {
        escaped.append('$');
      }
    }
    return escaped.toString();
  }
}
