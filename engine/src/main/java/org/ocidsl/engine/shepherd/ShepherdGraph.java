package org.ocidsl.engine.shepherd;

import java.util.List;
import java.util.function.Function;
import org.ocidsl.engine.OcidslException;

/**
 * The graph of shepherd services by their requirements ({@link RequirementGraph}), each error
 * located at the service's definition.
 */
public final class ShepherdGraph {
  private static final RequirementGraph.Shape<ShepherdService> SHAPE =
      RequirementGraph.Shape.of(
          ShepherdService::name, ShepherdService::provision, ShepherdService::requirement,
          ShepherdService::location);

  private final RequirementGraph<ShepherdService> graph;

  private ShepherdGraph(RequirementGraph<ShepherdService> graph) {
    this.graph = graph;
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
  public static ShepherdGraph of(List<ShepherdService> services, Function<String, String> hint) {
    return new ShepherdGraph(RequirementGraph.of(services, SHAPE, hint));
  }

  public List<ShepherdService> services() {
    return graph.services();
  }

  public ShepherdService service(String name) {
    ShepherdService service = graph.provider(name);
    if (service == null) {
      throw new OcidslException("service '" + name + "' could not be found");
    }
    return service;
  }

  public boolean provides(String name) {
    return graph.provider(name) != null;
  }

  /** The services that {@code service} requires, directly. */
  public List<ShepherdService> requirements(ShepherdService service) {
    return graph.requirements(service);
  }

  /** Every service after the services it requires, otherwise in the order given. */
  public List<ShepherdService> startOrder() {
    return graph.startOrder();
  }

  /** Every service before the services it requires: the reverse of {@link #startOrder()}. */
  public List<ShepherdService> stopOrder() {
    return graph.stopOrder();
  }
}
