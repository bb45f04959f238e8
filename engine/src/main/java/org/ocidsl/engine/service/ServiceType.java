package org.ocidsl.engine.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.ocidsl.engine.SourceLocation;

/**
 * A kind of service, as in Guix's {@code service-type}: what it extends, how it composes the
 * extensions it receives and folds them into its value, and its default value.
 *
 * <p>Types are compared by identity, never by name: two types named alike are different types.
 */
public final class ServiceType {
  private static final Object NO_DEFAULT = new Object();

  private final String name;
  private final List<ServiceExtension> extensions;
  private final Function<List<Object>, Object> compose;
  private final BiFunction<Object, Object, Object> extend;
  private final Object defaultValue;
  private final String description;
  private final SourceLocation location;

  private ServiceType(Definition d) {
    this.name = d.name;
    this.extensions = List.copyOf(d.extensions);
    this.compose = d.compose;
    this.extend = d.extend;
    this.defaultValue = d.defaultValue;
    this.description = d.description;
    this.location = d.location;
  }

  public static Definition named(String name) {
    return new Definition(name);
  }

  public String name() {
    return name;
  }

  public List<ServiceExtension> extensions() {
    return extensions;
  }

  /** How extensions are combined before {@link #extend()}; identity when not given. */
  public Function<List<Object>, Object> compose() {
    return compose == null ? values -> values : compose;
  }

  /** How the composed extensions are folded into the value, or {@code null}: extensions ignored. */
  public BiFunction<Object, Object, Object> extend() {
    return extend;
  }

  public boolean hasDefaultValue() {
    return defaultValue != NO_DEFAULT;
  }

  public Object defaultValue() {
    if (!hasDefaultValue()) {
      throw new IllegalStateException(name + " has no default value");
    }
    return defaultValue;
  }

  public String description() {
    return description;
  }

  public SourceLocation location() {
    return location;
  }

  @Override
  public String toString() {
    return "#<service-type " + name + ">";
  }

  /** Collects the parts of a new service type. */
  public static final class Definition {
    private final String name;
    private final List<ServiceExtension> extensions = new ArrayList<>();
    private Function<List<Object>, Object> compose;
    private BiFunction<Object, Object, Object> extend;
    private Object defaultValue = NO_DEFAULT;
    private String description = "";
    private SourceLocation location = SourceLocation.UNKNOWN;

    private Definition(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    public Definition extension(ServiceType target, Function<Object, Object> compute) {
      extensions.add(ServiceExtension.of(target, compute));
      return this;
    }

    public Definition extensions(List<ServiceExtension> more) {
      extensions.addAll(more);
      return this;
    }

    public Definition compose(Function<List<Object>, Object> compose) {
      this.compose = compose;
      return this;
    }

    public Definition extend(BiFunction<Object, Object, Object> extend) {
      this.extend = extend;
      return this;
    }

    public Definition defaultValue(Object value) {
      this.defaultValue = value;
      return this;
    }

    public Definition description(String text) {
      this.description = Objects.requireNonNull(text);
      return this;
    }

    public Definition location(SourceLocation where) {
      this.location = Objects.requireNonNullElse(where, SourceLocation.UNKNOWN);
      return this;
    }

    public ServiceType build() {
      return new ServiceType(this);
    }
  }
}
