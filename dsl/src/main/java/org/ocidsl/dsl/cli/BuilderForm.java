package org.ocidsl.dsl.cli;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.codehaus.groovy.runtime.InvokerHelper;
import org.ocidsl.dsl.SystemDefinition;
import org.ocidsl.engine.config.Configuration;
import org.ocidsl.engine.config.ConfigurationType;
import org.ocidsl.engine.config.Field;
import org.ocidsl.engine.service.Service;
import org.ocidsl.engine.service.ServiceType;
import org.ocidsl.engine.supervisor.Plan;
import org.ocidsl.stdlib.Catalog;

/**
 * Values as the REPL prints them: a record as the builder call that makes it, with every field
 * it has ({@code hostEnvironment} values hidden), a service as {@code service TYPE, VALUE}, a
 * system as its {@code system { }} block, a plan as {@code reconfigure --dry-run} prints it.
 */
final class BuilderForm {
  private static final String INDENT = "    ";

  private BuilderForm() {}

  /** {@code value} as the REPL prints it; a string as it is (a log, an action's output). */
  static String of(Object value) {
    return value instanceof CharSequence s ? s.toString().stripTrailing() : of(value, "");
  }

  private static String of(Object value, String indent) {
    if (value instanceof Plan plan) {
      return plan.text().stripTrailing();
    }
    if (value instanceof Configuration record) {
      return record(record, indent);
    }
    if (value instanceof Service service) {
      return "service " + name(service.type()) + ", " + of(service.value(), indent);
    }
    if (value instanceof ServiceType type) {
      return name(type);
    }
    if (value instanceof SystemDefinition system) {
      String inner = indent + INDENT;
      return "system {\n" + system.services().stream().map(s -> inner + of(s, inner) + "\n").collect(Collectors.joining())
          + indent + "}";
    }
    if (value instanceof CharSequence s) {
      return literal(s.toString());
    }
    if (value instanceof List<?> list) {
      return list.stream().map(v -> of(v, indent)).collect(Collectors.joining(", ", "[", "]"));
    }
    if (value instanceof Map<?, ?> map) {
      return map.isEmpty() ? "[:]" : "[" + pairs(map, indent) + "]";
    }
    if (value instanceof Map.Entry<?, ?> pair) {
      return "[" + key(pair.getKey()) + ": " + of(pair.getValue(), indent) + "]";
    }
    return InvokerHelper.toString(value);
  }

  /** {@code ociContainer {}} with a line per field, as a block sets them. */
  private static String record(Configuration record, String indent) {
    StringBuilder out = new StringBuilder(builder(record.type())).append(" {\n");
    String inner = indent + INDENT;
    record.values().forEach((name, value) -> {
      boolean secret = record.type().field(name).map(Field::isSecret).orElse(false);
      String arguments = arguments(secret ? hidden(value) : value, inner);
      out.append(inner).append(name).append(arguments.startsWith("(") ? "" : " ").append(arguments).append('\n');
    });
    return out.append(indent).append('}').toString();
  }

  /** A field's value as the arguments of its call: a list spread, a map as named arguments. */
  private static String arguments(Object value, String indent) {
    if (value instanceof List<?> list) {
      return list.isEmpty() ? "([])" : list.stream().map(v -> of(v, indent)).collect(Collectors.joining(", "));
    }
    if (value instanceof Map<?, ?> map) {
      return map.isEmpty() ? "([:])" : pairs(map, indent);
    }
    return of(value, indent);
  }

  /** The secret values of {@code NAME=VALUE} strings replaced: only their names are shown. */
  private static Object hidden(Object value) {
    if (value instanceof List<?> list) {
      return list.stream().map(v -> String.valueOf(v).replaceFirst("=.*", "=<hidden>")).toList();
    }
    return "<hidden>";
  }

  private static String pairs(Map<?, ?> map, String indent) {
    return map.entrySet().stream().map(e -> key(e.getKey()) + ": " + of(e.getValue(), indent))
        .collect(Collectors.joining(", "));
  }

  private static String key(Object key) {
    String k = String.valueOf(key);
    return k.matches("[A-Za-z_][A-Za-z0-9_]*") ? k : literal(k);
  }

  private static String literal(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'";
  }

  /** The builder that makes records of {@code type}: its DSL name, else Guix's. */
  private static String builder(ConfigurationType type) {
    return Catalog.RECORDS.entrySet().stream().filter(e -> e.getValue() == type).map(Map.Entry::getKey)
        .findFirst().orElse(type.name());
  }

  /** The variable a service type is known by in scripts, else its name. */
  static String name(ServiceType type) {
    return Catalog.SERVICE_TYPES.entrySet().stream().filter(e -> e.getValue() == type).map(Map.Entry::getKey)
        .findFirst().orElse(type.name());
  }
}
