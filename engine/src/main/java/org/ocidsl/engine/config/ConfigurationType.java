package org.ocidsl.engine.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.ocidsl.engine.SourceLocation;
import org.ocidsl.engine.Values;

/**
 * A record type with ordered, documented fields: the Java twin of Guix's {@code
 * define-configuration}.
 *
 * <pre>{@code
 * Field<String> name = Field.required("name", FieldType.STRING, "The name of the volume.");
 * ConfigurationType volume = ConfigurationType.named("oci-volume-configuration")
 *     .documentation("An OCI volume to provision.")
 *     .fields(name)
 *     .build();
 * Configuration data = volume.builder(here).set(name, "data", here).build();
 * String volumeName = data.get(name);
 * }</pre>
 */
public final class ConfigurationType {
  private final String name;
  private final String documentation;
  private final Map<String, Field<?>> fields;

  private ConfigurationType(String name, String documentation, Map<String, Field<?>> fields) {
    this.name = name;
    this.documentation = documentation;
    this.fields = fields;
  }

  public static Definition named(String name) {
    return new Definition(name);
  }

  public String name() {
    return name;
  }

  public String documentation() {
    return documentation;
  }

  public List<Field<?>> fields() {
    return List.copyOf(fields.values());
  }

  public Optional<Field<?>> field(String fieldName) {
    return Optional.ofNullable(fields.get(fieldName));
  }

  /**
   * Fails unless {@code field} is the very field object this type was built from: another
   * type's field of the same name is a programming error, not a user's.
   */
  void requireOwn(Field<?> field) {
    if (fields.get(field.name()) != field) {
      throw new IllegalArgumentException("'" + field.name() + "' is not a field of " + name);
    }
  }

  /** A builder for a new record written at {@code location}. */
  public Configuration.Builder builder(SourceLocation location) {
    return new Configuration.Builder(this, location, null);
  }

  /** A builder for a record that inherits every value of {@code parent} (Guix's {@code inherit}). */
  public Configuration.Builder inherit(Configuration parent, SourceLocation location) {
    if (parent.type() != this) {
      throw new org.ocidsl.engine.OcidslException(
          location, "cannot inherit from a " + parent.type().name() + " in a " + name);
    }
    return new Configuration.Builder(this, location, parent);
  }

  /** A record with every field at its default; fails when a field is required. */
  public Configuration defaults() {
    return builder(SourceLocation.UNKNOWN).build();
  }

  /** The documentation of every field, one paragraph each, like Guix's generated manual. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    out.append(name).append('\n');
    if (!documentation.isEmpty()) {
      out.append(indent(documentation, "  ")).append('\n');
    }
    for (Field<?> field : fields.values()) {
      out.append('\n').append("  ").append(field.name()).append(" (type: ").append(field.typeName());
      switch (field.defaultKind()) {
        case VALUE -> out.append(", default: ").append(Values.written(field.defaultValue().get()));
        case UNSET -> out.append(", default: unset");
        case REQUIRED -> out.append(", required");
      }
      out.append(")\n").append(indent(field.documentation(), "      ")).append('\n');
    }
    return out.toString();
  }

  private static String indent(String text, String prefix) {
    return prefix + text.strip().replace("\n", "\n" + prefix);
  }

  @Override
  public String toString() {
    return name;
  }

  /** Collects the fields of a new configuration type. */
  public static final class Definition {
    private final String name;
    private String documentation = "";
    private final List<Field<?>> fields = new ArrayList<>();

    private Definition(String name) {
      this.name = Objects.requireNonNull(name);
    }

    public Definition documentation(String text) {
      this.documentation = Objects.requireNonNull(text);
      return this;
    }

    /** Adds {@code more} after the fields so far, in order. */
    public Definition fields(Field<?>... more) {
      fields.addAll(List.of(more));
      return this;
    }

    public ConfigurationType build() {
      Map<String, Field<?>> byName = new LinkedHashMap<>();
      for (Field<?> field : fields) {
        if (byName.putIfAbsent(field.name(), field) != null) {
          throw new IllegalArgumentException(
              "field '" + field.name() + "' defined twice in " + name);
        }
      }
      return new ConfigurationType(name, documentation, java.util.Collections.unmodifiableMap(byName));
    }
  }
}
