package org.ocidsl.engine.config;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The type of a configuration field: a name for documentation ({@code string}, {@code
 * list-of-strings}, …) and the predicate a value must satisfy.
 */
public final class FieldType {
  private final String name;
  private final Predicate<Object> predicate;

  private FieldType(String name, Predicate<Object> predicate) {
    this.name = Objects.requireNonNull(name);
    this.predicate = Objects.requireNonNull(predicate);
  }

  public static FieldType of(String name, Predicate<Object> predicate) {
    return new FieldType(name, predicate);
  }

  public static final FieldType ANY = of("any", v -> true);
  public static final FieldType STRING = of("string", v -> v instanceof String);
  public static final FieldType BOOLEAN = of("boolean", v -> v instanceof Boolean);
  public static final FieldType INTEGER =
      of("integer", v -> v instanceof Integer || v instanceof Long);
  public static final FieldType LIST = of("list", v -> v instanceof List<?>);
  public static final FieldType LIST_OF_STRINGS = listOf(STRING);

  /** A list whose every member is of {@code member}'s type. */
  public static FieldType listOf(FieldType member) {
    return of(
        "list-of-" + member.name + "s",
        v -> v instanceof List<?> list && list.stream().allMatch(member::test));
  }

  /** A value of any of the given types; named after them, joined by {@code -or-}. */
  public static FieldType either(FieldType first, FieldType second) {
    return of(first.name + "-or-" + second.name, v -> first.test(v) || second.test(v));
  }

  /** A value of one of a fixed set of strings. */
  public static FieldType oneOf(String name, List<String> members) {
    List<String> copy = List.copyOf(members);
    return of(name, copy::contains);
  }

  /** Values of records of the given configuration type. */
  public static FieldType record(ConfigurationType type) {
    return of(type.name(), v -> v instanceof Configuration c && c.type() == type);
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
