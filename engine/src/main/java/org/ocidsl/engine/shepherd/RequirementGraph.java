package org.ocidsl.engine.shepherd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.SourceLocation;

/**
 * Services of any kind by their provisions and requirements, checked as Guix's {@code
 * assert-valid-graph} checks them, and ordered for starting (requirements first) and stopping
 * (dependents first). The build checks shepherd services with it ({@link ShepherdGraph}); the
 * supervisor, the services of the generations it loads.
 *
 * @param <T> the kind of service
 */
public final class RequirementGraph<T> {
  /** How to read a service of kind {@code T}. */
  public interface Shape<T> {
    String name(T service);

    List<String> provision(T service);

    List<String> requirement(T service);

    /** Where an error about the service is reported. */
    SourceLocation location(T service);

    /** The shape whose parts are these functions. */
    static <T> Shape<T> of(
        Function<T, String> name, Function<T, List<String>> provision, Function<T, List<String>> requirement,
        Function<T, SourceLocation> location) {
      return new Shape<>() {
        @Override
        public String name(T service) {
          return name.apply(service);
        }

        @Override
        public List<String> provision(T service) {
          return provision.apply(service);
        }

        @Override
        public List<String> requirement(T service) {
          return requirement.apply(service);
        }

        @Override
        public SourceLocation location(T service) {
          return location.apply(service);
        }
      };
    }
  }

  private final List<T> services;
  private final Shape<T> shape;
  private final Map<String, T> byProvision;
  private final Map<T, List<T>> dependents = new java.util.HashMap<>();
  private final List<T> startOrder;

  private RequirementGraph(List<T> services, Shape<T> shape, Map<String, T> byProvision) {
    this.services = services;
    this.shape = shape;
    this.byProvision = byProvision;
    for (T s : services) {
      for (T r : requirements(s)) {
        dependents.computeIfAbsent(r, k -> new ArrayList<>()).add(s);
      }
    }
    this.startOrder = computeStartOrder();
  }

  /**
   * Checks {@code services}: every name provided once, every requirement provided (the error
   * adds what {@code hint} says would provide it, if anything), no cycle.
   *
   * @throws OcidslException naming the first problem
   */
  public static <T> RequirementGraph<T> of(List<T> services, Shape<T> shape, Function<String, String> hint) {
    Map<String, T> byProvision = new LinkedHashMap<>();
    for (T service : services) {
      for (String name : shape.provision(service)) {
        if (byProvision.putIfAbsent(name, service) != null) {
          throw new OcidslException(shape.location(service), "service '" + name + "' provided more than once");
        }
      }
    }
    for (T service : services) {
      for (String required : shape.requirement(service)) {
        if (!byProvision.containsKey(required)) {
          String advice = hint.apply(required);
          throw new OcidslException(
              shape.location(service),
              "service '" + shape.name(service) + "' requires '" + required
                  + "', which is not provided by any service" + (advice == null ? "" : " (" + advice + ")"));
        }
      }
    }
    return new RequirementGraph<>(List.copyOf(services), shape, byProvision);
  }

  public List<T> services() {
    return services;
  }

  /** The service providing {@code name}, or null. */
  public T provider(String name) {
    return byProvision.get(name);
  }

  /** The services that {@code service} requires, directly. */
  public List<T> requirements(T service) {
    return shape.requirement(service).stream().map(byProvision::get).distinct().toList();
  }

  /** The services that require {@code service}, directly, in the graph's order. */
  public List<T> dependents(T service) {
    return dependents.getOrDefault(service, List.of());
  }

  /** Every service after the services it requires, otherwise in the order given. */
  public List<T> startOrder() {
    return startOrder;
  }

  /** Every service before the services it requires: the reverse of {@link #startOrder()}. */
  public List<T> stopOrder() {
    List<T> order = new ArrayList<>(startOrder);
    Collections.reverse(order);
    return order;
  }

  private List<T> computeStartOrder() {
    Set<T> done = new LinkedHashSet<>();
    for (T service : services) {
      visit(service, done, new LinkedHashSet<>());
    }
    return List.copyOf(done);
  }

  private void visit(T service, Set<T> done, Set<T> path) {
    if (done.contains(service)) {
      return;
    }
    if (!path.add(service)) {
      List<String> names = new ArrayList<>();
      boolean in = false;
      for (T s : path) {
        in |= s == service;
        if (in) {
          names.add(shape.name(s));
        }
      }
      names.add(shape.name(service));
      throw new OcidslException(
          shape.location(service), "cycle of service requirements: " + String.join(" -> ", names));
    }
    for (T required : requirements(service)) {
      visit(required, done, path);
    }
    path.remove(service);
    done.add(service);
  }
}
