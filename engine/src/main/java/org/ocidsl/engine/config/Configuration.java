package org.ocidsl.engine.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.SourceLocation;
import org.ocidsl.engine.Suggestions;

/**
 * An immutable record of a {@link ConfigurationType}: a value per field (or none, for unset
 * maybe-fields), the place the record was written and the place each field was set.
 */
public final class Configuration {
  private final ConfigurationType type;
  private final Map<String, Object> values;
  private final Map<String, SourceLocation> fieldLocations;
  private final SourceLocation location;

  private Configuration(
      ConfigurationType type,
      Map<String, Object> values,
      Map<String, SourceLocation> fieldLocations,
      SourceLocation location) {
    this.type = type;
    this.values = values;
    this.fieldLocations = fieldLocations;
    this.location = location;
  }

  public ConfigurationType type() {
    return type;
  }

  /** Where the record was written. */
  public SourceLocation location() {
    return location;
  }

  /** Where {@code field} was set, or the record's location when it kept its default. */
  public SourceLocation fieldLocation(Field<?> field) {
    type.requireOwn(field);
    return fieldLocations.getOrDefault(field.name(), location);
  }

  /**
   * The value of {@code field}, or {@code null} when it is unset.
   *
   * @throws IllegalArgumentException when {@code field} is not one of this record type's fields
   */
  @SuppressWarnings("unchecked") // the value was accepted by this very field, which stores Ts
  public <T> T get(Field<T> field) {
    type.requireOwn(field);
    return (T) values.get(field.name());
  }

  /** The value of {@code field}, or {@code otherwise} when it is unset. */
  public <T> T getOrElse(Field<T> field, T otherwise) {
    return isSet(field) ? get(field) : otherwise;
  }

  public boolean isSet(Field<?> field) {
    type.requireOwn(field);
    return values.containsKey(field.name());
  }

  /**
   * The value of the field named {@code fieldName}, or {@code null} when it is unset: for names
   * a script writes, as a record's property ({@code container.image}).
   */
  public Object get(String fieldName) {
    if (type.field(fieldName).isEmpty()) {
      throw new IllegalArgumentException(type.name() + " has no field '" + fieldName + "'");
    }
    return values.get(fieldName);
  }

  /** The values of the fields that are set, in field order. */
  public Map<String, Object> values() {
    return values;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Configuration that && type == that.type && values.equals(that.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type.name(), values);
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("#<").append(type.name());
    values.forEach(
        (k, v) -> out.append(' ').append(k).append(": ").append(
            type.field(k).map(Field::isSecret).orElse(false) ? "<hidden>" : org.ocidsl.engine.Values.written(v)));
    return out.append('>').toString();
  }

  /**
   * Sets fields one at a time, checking each value where it is set, so that an error names the
   * line that wrote the value.
   */
  public static final class Builder {
    private final ConfigurationType type;
    private final SourceLocation location;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, SourceLocation> fieldLocations = new LinkedHashMap<>();

    Builder(ConfigurationType type, SourceLocation location, Configuration parent) {
      this.type = type;
      this.location = Objects.requireNonNullElse(location, SourceLocation.UNKNOWN);
      if (parent != null) {
        values.putAll(parent.values);
        fieldLocations.putAll(parent.fieldLocations);
      }
    }

    /**
     * Sets {@code fieldName} to {@code value}, written at {@code where}.
     *
     * @throws OcidslException at {@code where} when the field does not exist or the value is bad
     */
    public Builder set(String fieldName, Object value, SourceLocation where) {
      SourceLocation at = where == null || !where.isKnown() ? location : where;
      Field<?> field =
          type.field(fieldName)
              .orElseThrow(
                  () ->
                      new OcidslException(
                          at,
                          Suggestions.didYouMean(
                              "extraneous field '" + fieldName + "' for " + type.name(),
                              fieldName,
                              type.fields().stream().map(Field::name).toList())));
      Object accepted;
      try {
        accepted = field.accept(value);
      } catch (IllegalArgumentException e) {
        throw new OcidslException(at, e.getMessage(), e);
      }
      values.put(fieldName, freeze(accepted));
      fieldLocations.put(fieldName, at);
      return this;
    }

    /**
     * Sets {@code field} to {@code value}, checked as {@link #set(String, Object, SourceLocation)}
     * checks it.
     *
     * @throws IllegalArgumentException when {@code field} is not one of this record type's fields
     */
    public <T> Builder set(Field<T> field, T value, SourceLocation where) {
      type.requireOwn(field);
      return set(field.name(), value, where);
    }

    /** The value {@code fieldName} has so far (set, or inherited), or null. */
    public Object value(String fieldName) {
      return values.get(fieldName);
    }

    /**
     * The record, with defaults for what was not set.
     *
     * @throws OcidslException at the record's location when a required field is missing
     */
    public Configuration build() {
      Map<String, Object> complete = new LinkedHashMap<>();
      for (Field<?> field : type.fields()) {
        if (values.containsKey(field.name())) {
          complete.put(field.name(), values.get(field.name()));
        } else if (field.defaultKind() == Field.Default.VALUE) {
          complete.put(field.name(), field.defaultValue().get());
        } else if (field.defaultKind() == Field.Default.REQUIRED) {
          throw new OcidslException(
              location, type.name() + ": missing value for required field '" + field.name() + "'");
        }
      }
      return new Configuration(
          type,
          Collections.unmodifiableMap(complete),
          Collections.unmodifiableMap(new LinkedHashMap<>(fieldLocations)),
          location);
    }

    private static Object freeze(Object value) {
      if (value instanceof List<?> list) {
        return Collections.unmodifiableList(new java.util.ArrayList<>(list));
      }
      if (value instanceof Map<?, ?> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
      }
      return value;
    }
  }
}
