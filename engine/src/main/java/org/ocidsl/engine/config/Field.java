package org.ocidsl.engine.config;

import java.util.Objects;
import java.util.Optional;

/**
 * One field of a {@link ConfigurationType}: its name, type, default and documentation. {@code T}
 * is the type of the value a record stores, after the sanitizer when there is one.
 *
 * <p>A field either has a default value, is <em>unset</em> by default (Guix's maybe-values), or
 * is required. A sanitizer, when present, replaces the type check.
 *
 * <p>Code reads a record through the very field object its type was built from ({@link
 * Configuration#get(Field)}), so a record type's fields are constants: a misspelt field does not
 * compile.
 */
public final class Field<T> {

  /** How a field gets its value when a record does not set it. */
  public enum Default {
    VALUE,
    UNSET,
    REQUIRED
  }

  private final String name;
  /** The type documentation names; without a sanitizer, a {@code FieldType<T>} that checks values. */
  private final FieldType<?> type;
  private final Default defaultKind;
  private final T defaultValue;
  private final String documentation;
  private final Sanitizer<T> sanitizer;
  private final boolean secret;

  private Field(
      String name,
      FieldType<?> type,
      Default defaultKind,
      T defaultValue,
      String documentation,
      Sanitizer<T> sanitizer,
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
  public static <T> Field<T> of(String name, FieldType<T> type, T defaultValue, String documentation) {
    return new Field<>(
        name, type, Default.VALUE, Objects.requireNonNull(defaultValue), documentation, null, false);
  }

  /** A field that stays unset unless set (a Guix maybe-value). */
  public static <T> Field<T> maybe(String name, FieldType<T> type, String documentation) {
    return new Field<>(name, type, Default.UNSET, null, documentation, null, false);
  }

  /** A field every record must set. */
  public static <T> Field<T> required(String name, FieldType<T> type, String documentation) {
    return new Field<>(name, type, Default.REQUIRED, null, documentation, null, false);
  }

  /**
   * This field, with values normalized (and checked) by {@code sanitizer}: it stores what the
   * sanitizer returns, its default included.
   */
  public <U> Field<U> sanitizedBy(Sanitizer<U> sanitizer) {
    Objects.requireNonNull(sanitizer);
    U sanitizedDefault = defaultKind == Default.VALUE ? sanitizer.sanitize(defaultValue) : null;
    return new Field<>(name, type, defaultKind, sanitizedDefault, documentation, sanitizer, secret);
  }

  /** This field, whose values are never written out: a record prints it as {@code <hidden>}. */
  public Field<T> secret() {
    return new Field<>(name, type, defaultKind, defaultValue, documentation, sanitizer, true);
  }

  public boolean isSecret() {
    return secret;
  }

  public String name() {
    return name;
  }

  public FieldType<?> type() {
    return type;
  }

  public Default defaultKind() {
    return defaultKind;
  }

  public Optional<T> defaultValue() {
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
  @SuppressWarnings("unchecked") // without a sanitizer, type is a FieldType<T>: its predicate admits only Ts
  T accept(Object value) {
    if (sanitizer != null) {
      return sanitizer.sanitize(value);
    }
    if (!type.test(value)) {
      throw new IllegalArgumentException(
          "invalid value " + org.ocidsl.engine.Values.written(value) + " for field '" + name + "'");
    }
    return (T) value;
  }
}
