package org.ocidsl.dsl;

import java.util.List;
import org.ocidsl.engine.SourceLocation;
import org.ocidsl.engine.service.Service;

/** What {@code system { ... }} evaluates to: the services of a system, and where it was written. */
public record SystemDefinition(List<Service> services, SourceLocation location) {
  public SystemDefinition {
    services = List.copyOf(services);
  }
}
