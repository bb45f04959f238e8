package org.ocidsl.engine.config;

import java.util.Objects;
import java.util.Optional;

/**
 * One field of a {@link ConfigurationType}: its name, type, default and documentation.
 *
 * <p>A field either has a default value, is <em>unset</em> by default (Guix's maybe-values), or
 * is required. A sanitizer, when present, replaces the type check.
 */
public final class Field {

  /** How a field gets its value when a record does not set it. */
  public enum Default {
    VALUE,
    UNSET,
    REQUIRED
  }

  private final String name;
  private final FieldType type;
  private final Default defaultKind;
  private final Object defaultValue;
  private final String documentation;
  private final Sanitizer sanitizer;
  private final boolean secret;

  private Field(
      String name,
      FieldType type,
      Default defaultKind,
      Object defaultValue,
      String documentation,
      Sanitizer sanitizer,
      boolean secret) {
    this.name = Objects.requireNonNull(name);
    this.type = Objects.requireNonNull(type);
    this.defaultKind = defaultKind;
    this.defaultValue = defaultValue;
    this.documentation = Objects.requireNonNull(documentation);
    this.sanitizer = sanitizer;
    this.secret = secret;
  }

  /** A field whose value is {@code defaultValue} unless set. */
  public static Field of(String name, FieldType type, Object defaultValue, String documentation) {
    return new Field(
        name, type, Default.VALUE, Objects.requireNonNull(defaultValue), documentation, null, false);
  }

  /** A field that stays unset unless set (a Guix maybe-value). */
  public static Field maybe(String name, FieldType type, String documentation) {
    return new Field(name, type, Default.UNSET, null, documentation, null, false);
  }

  /** A field every record must set. */
  public static Field required(String name, FieldType type, String documentation) {
    return new Field(name, type, Default.REQUIRED, null, documentation, null, false);
  }

  /** This field, with values normalized (and checked) by {@code sanitizer}. */
  public Field sanitizedBy(Sanitizer sanitizer) {
    return new Field(
        name, type, defaultKind, defaultValue, documentation, Objects.requireNonNull(sanitizer), secret);
  }

  /** This field, whose values are never written out: a record prints it as {@code <hidden>}. */
  public Field secret() {
    return new Field(name, type, defaultKind, defaultValue, documentation, sanitizer, true);
  }

  public boolean isSecret() {
    return secret;
  }

  public String name() {
    return name;
  }

  public FieldType type() {
    return type;
  }

  public Default defaultKind() {
    return defaultKind;
  }

  public Optional<Object> defaultValue() {
    return Optional.ofNullable(defaultValue);
  }

  public String documentation() {
    return documentation;
  }

  /** The name of the type as documentation shows it: {@code maybe-string} for unset fields. */
  public String typeName() {
    return defaultKind == Default.UNSET ? "maybe-" + type.name() : type.name();
  }

  /**
   * Checks and normalizes {@code value}.
   *
   * @throws IllegalArgumentException with the user's message when the value is not acceptable
   */
  Object accept(Object value) {
    if (sanitizer != null) {
      return sanitizer.sanitize(value);
    }
    if (!type.test(value)) {
      throw new IllegalArgumentException(
          "invalid value " + org.ocidsl.engine.Values.written(value) + " for field '" + name + "'");
    }
    return value;
  }
}
