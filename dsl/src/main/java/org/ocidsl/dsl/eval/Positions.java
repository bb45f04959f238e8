package org.ocidsl.dsl.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where each call and assignment stands in a script, by line and name: the column a stack frame
 * does not tell. Written as text in the cache: one {@code LINE COLUMN NAME} per line.
 *
 * <p>A statement that is a bare name, or a name plus or minus something, has the name's position;
 * a name plus or minus a number ({@code stopTimeout -3}, which Groovy reads as {@code stopTimeout -
 * 3}) also has, beside it, the call it probably meant, as a name of its own ({@code
 * stopTimeout(-3)}): an error that the name is not one to read can show it.
 */
final class Positions {
  private final Map<Integer, List<Entry>> byLine = new HashMap<>();

  private record Entry(int column, String name) {}

  void add(int line, int column, String name) {
    if (line > 0 && column > 0) {
      byLine.computeIfAbsent(line, l -> new ArrayList<>()).add(new Entry(column, name));
    }
  }

  /** The column of {@code name} on {@code line}, else of the first call on it, else 1. */
  int column(int line, String name) {
    List<Entry> entries = byLine.getOrDefault(line, List.of());
    int first = Integer.MAX_VALUE;
    for (Entry e : entries) {
      if (e.name.equals(name)) {
        return e.column;
      }
      first = Math.min(first, e.column);
    }
    return first == Integer.MAX_VALUE ? 1 : first;
  }

  /**
   * The call recorded for {@code name} read at {@code line} and {@code column}, as written: {@code
   * stopTimeout(-3)}; empty if the statement there was not a name and a number.
   */
  Optional<String> call(int line, int column, String name) {
    for (Entry e : byLine.getOrDefault(line, List.of())) {
      if (e.column == column && e.name.startsWith(name + "(")) {
        return Optional.of(e.name);
      }
    }
    return Optional.empty();
  }

  String encode() {
    StringBuilder out = new StringBuilder();
    byLine.forEach((line, entries) -> entries.forEach(
        e -> out.append(line).append(' ').append(e.column).append(' ').append(e.name).append('\n')));
    return out.toString();
  }

  static Positions decode(String text) {
    Positions p = new Positions();
    for (String row : text.split("\n")) {
      String[] parts = row.split(" ", 3);
      if (parts.length == 3) {
        p.add(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), parts[2]);
      }
    }
    return p;
  }
}
