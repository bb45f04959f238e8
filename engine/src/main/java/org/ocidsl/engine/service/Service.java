package org.ocidsl.engine.service;

import java.util.Objects;
import org.ocidsl.engine.SourceLocation;

/** An instance of a {@link ServiceType} with its value, and the place it was written. */
public record Service(ServiceType type, Object value, SourceLocation location) {
  public Service {
    Objects.requireNonNull(type, "type");
    location = Objects.requireNonNullElse(location, SourceLocation.UNKNOWN);
  }

  /** A service of {@code type} with the type's default value. */
  public static Service withDefault(ServiceType type, SourceLocation location) {
    if (!type.hasDefaultValue()) {
      throw new org.ocidsl.engine.OcidslException(
          location, "service type '" + type.name() + "' has no default value");
    }
    return new Service(type, type.defaultValue(), location);
  }

  /**
   * Guix's {@code simple-service}: a service of a new type named {@code name} whose only
   * extension gives {@code value} to {@code target}.
   */
  public static Service simple(
      String name, ServiceType target, Object value, SourceLocation location) {
    ServiceType type =
        ServiceType.named(name)
            .extension(target, java.util.function.Function.identity())
            .description("This is a simple service.")
            .location(location)
            .build();
    return new Service(type, value, location);
  }

  public Service withValue(Object newValue) {
    return new Service(type, newValue, location);
  }

  @Override
  public String toString() {
    return "#<service " + type.name() + ">";
  }
}
