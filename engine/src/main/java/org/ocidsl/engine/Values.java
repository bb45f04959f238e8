package org.ocidsl.engine;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders values in messages the way Guix writes them: strings quoted, lists in parentheses. */
public final class Values {
  private Values() {}

  /** The written form of {@code value}, as Scheme's {@code ~s} would print it. */
  public static String written(Object value) {
    if (value instanceof CharSequence s) {
      return "\"" + s.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
    return displayed(value);
  }

  /** The displayed form of {@code value}, as Scheme's {@code ~a} would print it. */
  public static String displayed(Object value) {
    if (value == null) {
      return "#f";
    }
    if (value instanceof Boolean b) {
      return b ? "#t" : "#f";
    }
    if (value instanceof List<?> list) {
      return list.stream().map(Values::written).collect(Collectors.joining(" ", "(", ")"));
    }
    if (value instanceof Map.Entry<?, ?> pair) {
      return "(" + written(pair.getKey()) + " . " + written(pair.getValue()) + ")";
    }
    if (value instanceof Map<?, ?> map) {
      return map.entrySet().stream().map(Values::displayed).collect(Collectors.joining(" ", "(", ")"));
    }
    return String.valueOf(value);
  }
}
