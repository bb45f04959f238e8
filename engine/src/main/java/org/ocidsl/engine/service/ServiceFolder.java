package org.ocidsl.engine.service;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.ocidsl.engine.OcidslException;

/**
 * Folds a list of services into the single service of a target type, exactly as Guix's {@code
 * fold-services} does (gnu/services.scm).
 *
 * <ol>
 *   <li>Missing services are instantiated: every extension whose target type has no instance adds
 *       a service of that type with its default value, until nothing is added.
 *   <li>Every extension must find exactly one instance of its target type.
 *   <li>From the target, each service's value becomes {@code extend(value,
 *       compose(extensions))}, where the extensions are computed from the extending services'
 *       folded values, in the reverse order of the service list, as Guix gives them.
 * </ol>
 *
 * Guix loops forever on a cycle of extensions; here the cycle is reported with its path.
 */
public final class ServiceFolder {
  private ServiceFolder() {}

  /** The services plus an instance, with its default value, of every type extended but absent. */
  public static List<Service> instantiateMissing(List<Service> services) {
    List<Service> result = new ArrayList<>(services);
    Set<ServiceType> present = identitySet();
    for (Service s : result) {
      present.add(s.type());
    }
    boolean added = true;
    while (added) {
      added = false;
      List<Service> additions = new ArrayList<>();
      for (Service service : result) {
        for (ServiceExtension extension : service.type().extensions()) {
          ServiceType target = extension.target();
          if (present.add(target)) {
            if (!target.hasDefaultValue()) {
              throw new OcidslException(
                  service.location(),
                  "no target of type '"
                      + target.name()
                      + "' for service '"
                      + service.type().name()
                      + "'");
            }
            additions.add(new Service(target, target.defaultValue(), service.location()));
          }
        }
      }
      if (!additions.isEmpty()) {
        // Guix conses each new instance onto the front of the list.
        for (Service s : additions) {
          result.add(0, s);
        }
        added = true;
      }
    }
    return result;
  }

  /**
   * Folds {@code services} into the one service of {@code targetType}.
   *
   * @throws OcidslException for a missing or ambiguous target, or a cycle of extensions
   */
  public static Service fold(List<Service> services, ServiceType targetType) {
    return foldAll(services, targetType).root();
  }

  /** The result of a fold: the folded target, and the folded value of every service. */
  public record Folded(Service root, List<Service> services) {
    /** The folded values of the services of {@code type}. */
    public List<Object> valuesOf(ServiceType type) {
      return services.stream().filter(s -> s.type() == type).map(Service::value).toList();
    }

    /**
     * The extension graph, as {@code guix system extension-graph} draws it: an edge from each
     * service to each service it extends.
     */
    public List<Map.Entry<Service, Service>> extensions() {
      List<Map.Entry<Service, Service>> edges = new ArrayList<>();
      for (Service s : services) {
        for (ServiceExtension e : s.type().extensions()) {
          services.stream().filter(t -> t.type() == e.target()).findFirst()
              .ifPresent(target -> edges.add(Map.entry(s, target)));
        }
      }
      return edges;
    }
  }

  /** Like {@link #fold}, keeping the folded value of every service. */
  public static Folded foldAll(List<Service> services, ServiceType targetType) {
    List<Service> all = instantiateMissing(services);
    Map<Service, List<Service>> dependents = backEdges(all);
    List<Service> sinks = all.stream().filter(s -> s.type() == targetType).toList();
    if (sinks.isEmpty()) {
      throw new OcidslException("no service of type '" + targetType.name() + "' to fold into");
    }
    if (sinks.size() > 1) {
      throw new OcidslException(
          sinks.get(1).location(),
          "more than one target service of type '" + targetType.name() + "'");
    }
    Folding folding = new Folding(dependents);
    Service root = folding.fold(sinks.get(0));
    return new Folded(root, all.stream().map(s -> folding.folded.getOrDefault(s, s)).toList());
  }

  /**
   * For each service, the services that extend it, in Guix's order: the reverse of the order in
   * which they stand in the list.
   */
  static Map<Service, List<Service>> backEdges(List<Service> services) {
    Map<Service, List<Service>> edges = new IdentityHashMap<>();
    for (Service service : services) {
      for (ServiceExtension extension : service.type().extensions()) {
        ServiceType target = extension.target();
        List<Service> instances = services.stream().filter(s -> s.type() == target).toList();
        if (instances.isEmpty()) {
          throw new OcidslException(
              service.location(),
              "no target of type '"
                  + target.name()
                  + "' for service '"
                  + service.type().name()
                  + "'");
        }
        if (instances.size() > 1) {
          throw new OcidslException(
              service.location(),
              "more than one target service of type '" + target.name() + "'");
        }
        edges.computeIfAbsent(instances.get(0), k -> new ArrayList<>()).add(0, service);
      }
    }
    return edges;
  }

  private static <T> Set<T> identitySet() {
    return java.util.Collections.newSetFromMap(new IdentityHashMap<>());
  }

  /** One fold, memoizing the folded value of each service. */
  private static final class Folding {
    private final Map<Service, List<Service>> dependents;
    private final Map<Service, Service> folded = new IdentityHashMap<>();
    private final Deque<Service> path = new ArrayDeque<>();
    private final Set<Service> onPath = identitySet();

    Folding(Map<Service, List<Service>> dependents) {
      this.dependents = dependents;
    }

    Service fold(Service sink) {
      Service done = folded.get(sink);
      if (done != null) {
        return done;
      }
      if (!onPath.add(sink)) {
        throw cycle(sink);
      }
      path.addLast(sink);
      List<Object> extensions = new ArrayList<>();
      for (Service dependent : dependents.getOrDefault(sink, List.of())) {
        Service value = fold(dependent);
        extensions.add(located(dependent, () -> extensionOf(value, sink.type()).compute().apply(value.value())));
      }
      path.removeLast();
      onPath.remove(sink);
      var extend = sink.type().extend();
      Service result =
          extend == null
              ? sink
              : sink.withValue(located(sink, () -> extend.apply(sink.value(), sink.type().compose().apply(extensions))));
      folded.put(sink, result);
      return result;
    }

    /**
     * Runs a service type's procedure for {@code service}: an error it finds without knowing
     * where is placed at the service, whose value it was working on. Other exceptions (a user's
     * own code failing) keep the stack that locates them in the script.
     */
    private static <T> T located(Service service, java.util.function.Supplier<T> procedure) {
      try {
        return procedure.get();
      } catch (OcidslException e) {
        throw e.location().isKnown() ? e : e.locatedAt(service.location());
      }
    }

    private static ServiceExtension extensionOf(Service service, ServiceType target) {
      return service.type().extensions().stream()
          .filter(e -> e.target() == target)
          .findFirst()
          .orElseThrow();
    }

    /** The cycle closed by reaching {@code back} again, each type extending the next one. */
    private OcidslException cycle(Service back) {
      List<Service> loop = new ArrayList<>();
      boolean in = false;
      for (Service s : path) {
        in |= s == back;
        if (in) {
          loop.add(s);
        }
      }
      loop.add(back);
      java.util.Collections.reverse(loop);
      String names = loop.stream().map(s -> s.type().name()).collect(Collectors.joining(" -> "));
      return new OcidslException(back.location(), "cycle of service extensions: " + names);
    }
  }
}
