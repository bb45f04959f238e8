package org.ocidsl.engine.config;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The type of a configuration field: a name for documentation ({@code string}, {@code
 * list-of-strings}, …) and the predicate a value must satisfy. {@code T} is the type of every
 * value the predicate admits, so a field of this type and no sanitizer stores a {@code T}.
 */
public final class FieldType<T> {
  private final String name;
  private final Predicate<Object> predicate;

  private FieldType(String name, Predicate<Object> predicate) {
    this.name = Objects.requireNonNull(name);
    this.predicate = Objects.requireNonNull(predicate);
  }

  /**
   * A type admitting what {@code predicate} accepts, stored as an {@code Object}: a field of it
   * gets a narrower type from its sanitizer ({@link Field#sanitizedBy}).
   */
  public static FieldType<Object> of(String name, Predicate<Object> predicate) {
    return new FieldType<>(name, predicate);
  }

  public static final FieldType<Object> ANY = of("any", v -> true);
  public static final FieldType<String> STRING = new FieldType<>("string", v -> v instanceof String);
  public static final FieldType<Boolean> BOOLEAN = new FieldType<>("boolean", v -> v instanceof Boolean);
  public static final FieldType<Number> INTEGER =
      new FieldType<>("integer", v -> v instanceof Integer || v instanceof Long);
  /** A number, whole or not ({@code 2}, {@code 0.5}). */
  public static final FieldType<Number> NUMBER = new FieldType<>("number", v -> v instanceof Number);
  public static final FieldType<List<?>> LIST = new FieldType<>("list", v -> v instanceof List<?>);
  public static final FieldType<List<String>> LIST_OF_STRINGS = listOf(STRING);

  /** A list whose every member is of {@code member}'s type. */
  public static <M> FieldType<List<M>> listOf(FieldType<M> member) {
    return new FieldType<>(
        "list-of-" + member.name + "s",
        v -> v instanceof List<?> list && list.stream().allMatch(member::test));
  }

  /** A value of any of the given types; named after them, joined by {@code -or-}. */
  public static FieldType<Object> either(FieldType<?> first, FieldType<?> second) {
    return of(first.name + "-or-" + second.name, v -> first.test(v) || second.test(v));
  }

  /** A value of one of a fixed set of strings. */
  public static FieldType<String> oneOf(String name, List<String> members) {
    List<String> copy = List.copyOf(members);
    return new FieldType<>(name, copy::contains);
  }

  /** Values of records of the given configuration type. */
  public static FieldType<Configuration> record(ConfigurationType type) {
    return new FieldType<>(type.name(), v -> v instanceof Configuration c && c.type() == type);
  }

  public String name() {
    return name;
  }

  public boolean test(Object value) {
    return predicate.test(value);
  }

  @Override
  public String toString() {
    return name;
  }
}
