package org.ocidsl.engine.service;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How a service of one type extends the single service of a target type: {@code compute} maps
 * the extending service's folded value to the value handed to the target's {@code compose}.
 *
 * <p>The target may be given lazily, so that two user-defined types can name each other; it is
 * resolved when the services are folded.
 */
public final class ServiceExtension {
  private final Supplier<ServiceType> target;
  private final Function<Object, Object> compute;

  private ServiceExtension(Supplier<ServiceType> target, Function<Object, Object> compute) {
    this.target = Objects.requireNonNull(target, "target");
    this.compute = Objects.requireNonNull(compute, "compute");
  }

  public static ServiceExtension of(ServiceType target, Function<Object, Object> compute) {
    Objects.requireNonNull(target, "target");
    return new ServiceExtension(() -> target, compute);
  }

  /** An extension whose target type is looked up when the services are folded. */
  public static ServiceExtension lazy(
      Supplier<ServiceType> target, Function<Object, Object> compute) {
    return new ServiceExtension(target, compute);
  }

  public ServiceType target() {
    return Objects.requireNonNull(target.get(), "extension target");
  }

  public Function<Object, Object> compute() {
    return compute;
  }
}
