package org.ocidsl.stdlib.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ocidsl.engine.SourceLocation;
import org.ocidsl.engine.config.Configuration;
import org.ocidsl.engine.generation.Generation;
import org.ocidsl.engine.service.Service;
import org.ocidsl.engine.service.ServiceExtension;
import org.ocidsl.engine.service.ServiceFolder;
import org.ocidsl.engine.service.ServiceType;
import org.ocidsl.engine.shepherd.ShepherdService;
import org.ocidsl.stdlib.base.BaseRecords;
import org.ocidsl.stdlib.base.BaseServices;
import org.ocidsl.stdlib.oci.Docker;
import org.ocidsl.stdlib.oci.OciRecords.OciConfiguration;
import org.ocidsl.stdlib.oci.OciRecords.OciContainer;
import org.ocidsl.stdlib.oci.OciService;
import org.ocidsl.stdlib.oci.RootlessPodman;

/**
 * A folded system as the targets of an export see it: its containers (each with its service name,
 * image reference and environment), networks and volumes, the image archives it builds, and the
 * shepherd services that are not containers. The runtimes' own services (podman's host setup,
 * dockerd, containerd, the networks and volumes one-shots, the host's milestones) stand for what
 * the target engine does itself: they are neither exported nor reported.
 */
record SystemView(
    List<Container> containers,
    List<Configuration> networks,
    List<Configuration> volumes,
    Map<String, Generation.ImageEntry> images,
    Map<String, SourceLocation> otherServices) {

  /** The service types that set up a runtime on the host, which a target engine replaces. */
  private static final Set<ServiceType> RUNTIME_TYPES =
      Set.of(OciService.TYPE, Docker.OCI_CONTAINER, Docker.DOCKER, Docker.CONTAINERD, RootlessPodman.TYPE);

  /** A container of the system, with what every target reads the same way. */
  record Container(
      String name,
      Configuration record,
      String image,
      boolean built,
      List<Env> environment,
      List<String> otherArguments,
      List<String> runtimeOnly) {}

  /**
   * A variable of a container's environment, in the order the runtime's options set them, and
   * where it was written (its {@code environment} or its {@code extraArguments}).
   */
  sealed interface Env {
    String name();

    SourceLocation location();
  }

  /** {@code NAME=VALUE}, written in the system. */
  record Literal(String name, String value, SourceLocation location) implements Env {}

  /** A {@code hostEnvironment} variable passed on to the container: its value is never written. */
  record Secret(String name, SourceLocation location) implements Env {}

  /** {@code NAME} alone: the value the runtime's own environment has. */
  record Inherited(String name, SourceLocation location) implements Env {}

  static SystemView of(ServiceFolder.Folded fold, Generation generation) {
    List<Container> containers = new ArrayList<>();
    List<Configuration> networks = new ArrayList<>();
    List<Configuration> volumes = new ArrayList<>();
    for (Object value : fold.valuesOf(OciService.TYPE)) {
      Configuration config = (Configuration) value;
      String runtime = config.get(OciConfiguration.RUNTIME);
      for (Configuration c : config.get(OciConfiguration.CONTAINERS)) {
        containers.add(container(OciService.shepherdName(runtime, c), c, OciService.imageReference(c.get(OciContainer.IMAGE))));
      }
      networks.addAll(config.get(OciConfiguration.NETWORKS));
      volumes.addAll(config.get(OciConfiguration.VOLUMES));
    }
    for (Object value : fold.valuesOf(Docker.OCI_CONTAINER)) {
      for (Configuration c : BaseServices.<Configuration>castList(value)) {
        // The deprecated service runs docker with references as written.
        containers.add(container(OciService.shepherdName("docker", c), c, OciService.writtenReference(c.get(OciContainer.IMAGE))));
      }
    }
    Map<String, Generation.ImageEntry> images = new LinkedHashMap<>();
    generation.images().forEach(image -> images.put(image.name(), image));
    return new SystemView(containers, networks, volumes, images, otherServices(fold));
  }

  /** The shepherd services that services of other types than the runtimes' add: not containers. */
  private static Map<String, SourceLocation> otherServices(ServiceFolder.Folded fold) {
    Map<String, SourceLocation> others = new LinkedHashMap<>();
    for (Service service : fold.services()) {
      if (RUNTIME_TYPES.contains(service.type())) {
        continue;
      }
      for (ServiceExtension extension : service.type().extensions()) {
        if (extension.target() != BaseServices.SHEPHERD_ROOT) {
          continue;
        }
        for (Object added : BaseServices.castList(extension.compute().apply(service.value()))) {
          if (added instanceof ShepherdService s) {
            others.put(s.name(), s.location().isKnown() ? s.location() : service.location());
          } else if (added instanceof Configuration record) {
            others.put(record.get(BaseRecords.ShepherdService.PROVISION).get(0), record.location());
          }
        }
      }
    }
    return others;
  }

  private static Container container(String name, Configuration c, String reference) {
    List<String> hostEnvironment = new ArrayList<>();
    for (String variable : c.get(OciContainer.HOST_ENVIRONMENT)) {
      hostEnvironment.add(variable.substring(0, variable.indexOf('=')));
    }
    List<Env> environment = new ArrayList<>();
    for (String spec : c.get(OciContainer.ENVIRONMENT)) {
      environment.add(env(spec, hostEnvironment, c.fieldLocation(OciContainer.ENVIRONMENT)));
    }
    // The runtime's --env options among the extra arguments, after the environment as run passes them.
    List<String> others = new ArrayList<>();
    List<String> arguments = c.get(OciContainer.EXTRA_ARGUMENTS);
    SourceLocation where = c.fieldLocation(OciContainer.EXTRA_ARGUMENTS);
    for (int i = 0; i < arguments.size(); i++) {
      String argument = arguments.get(i);
      if ((argument.equals("--env") || argument.equals("-e")) && i + 1 < arguments.size()) {
        environment.add(env(arguments.get(++i), hostEnvironment, where));
      } else if (argument.startsWith("--env=")) {
        environment.add(env(argument.substring("--env=".length()), hostEnvironment, where));
      } else {
        others.add(argument);
      }
    }
    Set<String> passed = new LinkedHashSet<>();
    environment.stream().filter(e -> e instanceof Secret).forEach(e -> passed.add(e.name()));
    List<String> runtimeOnly = hostEnvironment.stream().filter(n -> !passed.contains(n)).toList();
    return new Container(name, c, reference, c.get(OciContainer.IMAGE) instanceof Configuration, environment, others,
        runtimeOnly);
  }

  private static Env env(String spec, List<String> hostEnvironment, SourceLocation where) {
    int eq = spec.indexOf('=');
    if (eq >= 0) {
      return new Literal(spec.substring(0, eq), spec.substring(eq + 1), where);
    }
    return hostEnvironment.contains(spec) ? new Secret(spec, where) : new Inherited(spec, where);
  }

  /** The container named {@code name}, or null. */
  Container container(String name) {
    for (Container c : containers) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    return null;
  }

  /**
   * What both targets leave out of container {@code c}: the fields of Guix and Shepherd that
   * only a supervisor on the host has, the extra arguments other than {@code --env}, host
   * variables that reach the runtime's command only, requirements on services that are not
   * containers.
   */
  List<Dropped> commonDrops(Container c, String engine) {
    Configuration r = c.record();
    String subject = "service '" + c.name() + "'";
    List<Dropped> dropped = new ArrayList<>();
    if (r.isSet(OciContainer.USER)) {
      dropped.add(new Dropped(r.fieldLocation(OciContainer.USER), subject, "user '" + r.get(OciContainer.USER)
          + "' dropped: it is the host account that runs the runtime, which " + engine + " has no counterpart for"));
    }
    if (r.isSet(OciContainer.GROUP)) {
      dropped.add(new Dropped(r.fieldLocation(OciContainer.GROUP), subject, "group '" + r.get(OciContainer.GROUP)
          + "' dropped: it is the host group that runs the runtime, which " + engine + " has no counterpart for"));
    }
    if (r.isSet(OciContainer.LOG_FILE)) {
      dropped.add(new Dropped(r.fieldLocation(OciContainer.LOG_FILE), subject, "logFile '" + r.get(OciContainer.LOG_FILE)
          + "' dropped: " + engine + " keeps a container's output in its own logs"));
    }
    if (!r.get(OciContainer.AUTO_START)) {
      dropped.add(new Dropped(r.fieldLocation(OciContainer.AUTO_START), subject,
          "autoStart false dropped: " + engine + " starts every service it is given"));
    }
    for (Configuration action : r.get(OciContainer.SHEPHERD_ACTIONS)) {
      dropped.add(new Dropped(action.location(), subject, "action '" + action.get(BaseRecords.ShepherdAction.NAME)
          + "' dropped: " + engine + " has no service actions"));
    }
    if (!c.otherArguments().isEmpty()) {
      dropped.add(new Dropped(r.fieldLocation(OciContainer.EXTRA_ARGUMENTS), subject, "extraArguments "
          + String.join(" ", c.otherArguments()) + " dropped: of the runtime's options only --env is carried over"));
    }
    for (String name : c.runtimeOnly()) {
      dropped.add(new Dropped(r.fieldLocation(OciContainer.HOST_ENVIRONMENT), subject, "hostEnvironment " + name
          + " dropped: it is set for the runtime's command only (extraArguments '--env', '" + name
          + "' passes it to the container)"));
    }
    for (String requirement : r.get(OciContainer.REQUIREMENT)) {
      if (otherServices.containsKey(requirement)) {
        dropped.add(new Dropped(r.fieldLocation(OciContainer.REQUIREMENT), subject, "requirement '" + requirement
            + "' dropped: it is not a container"));
      }
    }
    return dropped;
  }

  /** The services that are not containers, each dropped. */
  List<Dropped> otherServiceDrops() {
    List<Dropped> dropped = new ArrayList<>();
    otherServices.forEach((name, location) ->
        dropped.add(new Dropped(location, "service '" + name + "'", "dropped: it is not a container")));
    return dropped;
  }
}
