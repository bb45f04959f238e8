package org.ocidsl.dsl;

import groovy.lang.GString;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.SourceLocation;
import org.ocidsl.engine.config.Field;

/**
 * Turns the arguments of a field call into the engine value of the field: Groovy strings become
 * strings; for list fields, every argument is a member, lists are spliced and maps become pairs,
 * so that {@code ports '8080:80', ['10443': '443']} is a list of a string and a pair.
 */
final class Coerce {
  private Coerce() {}

  static Object fieldValue(Field<?> field, Object[] args, SourceLocation at) {
    if (isList(field)) {
      List<Object> members = new ArrayList<>();
      for (Object arg : args) {
        splice(members, value(arg));
      }
      return members;
    }
    if (args.length != 1) {
      throw new OcidslException(at, "field '" + field.name() + "' takes one value but "
          + args.length + " were given");
    }
    return value(args[0]);
  }

  static boolean isList(Field<?> field) {
    return field.type().name().startsWith("list")
        || field.defaultValue().map(v -> v instanceof List<?>).orElse(false);
  }

  private static void splice(List<Object> members, Object value) {
    if (value instanceof List<?> list) {
      for (Object member : list) {
        if (member instanceof Map<?, ?> map) {
          members.addAll(map.entrySet());
        } else {
          members.add(member);
        }
      }
    } else if (value instanceof Map<?, ?> map) {
      members.addAll(map.entrySet());
    } else {
      members.add(value);
    }
  }

  /** A Groovy value as an engine value: strings for GStrings, recursively in lists and maps. */
  static Object value(Object v) {
    if (v instanceof GString g) {
      return g.toString();
    }
    if (v instanceof Collection<?> c) {
      List<Object> list = new ArrayList<>();
      c.forEach(e -> list.add(value(e)));
      return list;
    }
    if (v instanceof Map.Entry<?, ?> e) {
      return new AbstractMap.SimpleImmutableEntry<>(value(e.getKey()), value(e.getValue()));
    }
    if (v instanceof Map<?, ?> m) {
      Map<Object, Object> map = new LinkedHashMap<>();
      m.forEach((k, val) -> map.put(value(k), value(val)));
      return map;
    }
    return v;
  }
}
