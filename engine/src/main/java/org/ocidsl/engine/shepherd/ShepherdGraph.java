package org.ocidsl.engine.shepherd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ocidsl.engine.OcidslException;

/**
 * The graph of shepherd services by their requirements: checked as Guix's {@code
 * assert-valid-graph} checks it, and ordered for starting (requirements first) and stopping
 * (dependents first).
 */
public final class ShepherdGraph {
  private final List<ShepherdService> services;
  private final Map<String, ShepherdService> byProvision;

  private ShepherdGraph(List<ShepherdService> services, Map<String, ShepherdService> byProvision) {
    this.services = services;
    this.byProvision = byProvision;
  }

  /**
   * Checks {@code services}: every name provided once, every requirement provided, no cycle.
   *
   * @throws OcidslException naming the first problem
   */
  public static ShepherdGraph of(List<ShepherdService> services) {
    return of(services, missing -> null);
  }

  /**
   * Like {@link #of(List)}; {@code hint} may say what would provide a missing requirement, and
   * its answer is added to the error.
   */
  public static ShepherdGraph of(List<ShepherdService> services, java.util.function.Function<String, String> hint) {
    Map<String, ShepherdService> byProvision = new LinkedHashMap<>();
    for (ShepherdService service : services) {
      for (String name : service.provision()) {
        if (byProvision.putIfAbsent(name, service) != null) {
          throw new OcidslException(
              service.location(), "service '" + name + "' provided more than once");
        }
      }
    }
    for (ShepherdService service : services) {
      for (String required : service.requirement()) {
        if (!byProvision.containsKey(required)) {
          String advice = hint.apply(required);
          throw new OcidslException(
              service.location(),
              "service '"
                  + service.name()
                  + "' requires '"
                  + required
                  + "', which is not provided by any service"
                  + (advice == null ? "" : " (" + advice + ")"));
        }
      }
    }
    ShepherdGraph graph = new ShepherdGraph(List.copyOf(services), byProvision);
    graph.startOrder();
    return graph;
  }

  public List<ShepherdService> services() {
    return services;
  }

  public ShepherdService service(String name) {
    ShepherdService service = byProvision.get(name);
    if (service == null) {
      throw new OcidslException("service '" + name + "' could not be found");
    }
    return service;
  }

  public boolean provides(String name) {
    return byProvision.containsKey(name);
  }

  /** The services that {@code service} requires, directly. */
  public List<ShepherdService> requirements(ShepherdService service) {
    return service.requirement().stream().map(byProvision::get).distinct().toList();
  }

  /**
   * Every service after the services it requires, otherwise in the order given.
   *
   * @throws OcidslException when requirements form a cycle
   */
  public List<ShepherdService> startOrder() {
    Set<ShepherdService> done = new LinkedHashSet<>();
    for (ShepherdService service : services) {
      visit(service, done, new LinkedHashSet<>());
    }
    return List.copyOf(done);
  }

  /** Every service before the services it requires: the reverse of {@link #startOrder()}. */
  public List<ShepherdService> stopOrder() {
    List<ShepherdService> order = new ArrayList<>(startOrder());
    java.util.Collections.reverse(order);
    return order;
  }

  private void visit(ShepherdService service, Set<ShepherdService> done, Set<ShepherdService> path) {
    if (done.contains(service)) {
      return;
    }
    if (!path.add(service)) {
      List<String> names = new ArrayList<>();
      boolean in = false;
      for (ShepherdService s : path) {
        in |= s == service;
        if (in) {
          names.add(s.name());
        }
      }
      names.add(service.name());
      throw new OcidslException(
          service.location(), "cycle of service requirements: " + String.join(" -> ", names));
    }
    for (ShepherdService required : requirements(service)) {
      visit(required, done, path);
    }
    path.remove(service);
    done.add(service);
  }
}
