package org.ocidsl.stdlib.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Writes the records of a typed model ({@link Compose}, {@link Kubernetes}) as YAML documents with
 * Jackson's YAML generator: a record is a mapping of its components in declaration order, each
 * named by {@code naming} from its component's name; a null, an empty string, list or map is
 * left out; strings are always quoted, so that no YAML 1.1 reader (PyYAML, which docker-compose
 * reads with) takes {@code 22:22} or {@code yes} for a number or a boolean.
 *
 * <p>Not databind: building its serializers for the model's two dozen record types took an
 * export more time than the rest of its work together (scripts/bench/export.sh).
 */
final class YamlWriter {
  private static final YAMLFactory FACTORY = YAMLFactory.builder().disable(YAMLGenerator.Feature.SPLIT_LINES).build();

  private static final Pattern HUMP = Pattern.compile("([a-z0-9])([A-Z])");

  /** Compose's names: {@code workingDir} is {@code working_dir}. */
  static final UnaryOperator<String> SNAKE_CASE =
      name -> HUMP.matcher(name).replaceAll("$1_$2").toLowerCase(java.util.Locale.ROOT);

  /** A record type's components, in declaration order: their names and accessors, looked up once per type. */
  private static final ClassValue<List<Component>> COMPONENTS = new ClassValue<>() {
    @Override
    protected List<Component> computeValue(Class<?> type) {
      return java.util.Arrays.stream(type.getRecordComponents())
          .map(c -> new Component(c.getName(), c.getAccessor()))
          .toList();
    }
  };

  private record Component(String name, Method accessor) {}

  private YamlWriter() {}

  /** {@code documents} as one YAML stream, each document opened with {@code ---}. */
  static String write(List<?> documents, UnaryOperator<String> naming) {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      for (Object document : documents) {
        value(generator, document, naming);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static boolean absent(Object value) {
    return value == null
        || (value instanceof String s && s.isEmpty())
        || (value instanceof Collection<?> c && c.isEmpty())
        || (value instanceof Map<?, ?> m && m.isEmpty());
  }

  private static void value(JsonGenerator g, Object value, UnaryOperator<String> naming) throws IOException {
    if (value instanceof String s) {
      g.writeString(s);
    } else if (value instanceof Integer || value instanceof Long) {
      g.writeNumber(((Number) value).longValue());
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value instanceof List<?> list) {
      g.writeStartArray();
      for (Object member : list) {
        value(g, member, naming);
      }
      g.writeEndArray();
    } else if (value instanceof Map<?, ?> map) {
      // Keys are names (of services, labels, variables): as written, not renamed.
      g.writeStartObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!absent(entry.getValue())) {
          g.writeFieldName((String) entry.getKey());
          value(g, entry.getValue(), naming);
        }
      }
      g.writeEndObject();
    } else if (value instanceof Record record) {
      g.writeStartObject();
      for (Component component : COMPONENTS.get(record.getClass())) {
        Object member = get(component, record);
        if (!absent(member)) {
          g.writeFieldName(naming.apply(component.name()));
          value(g, member, naming);
        }
      }
      g.writeEndObject();
    } else {
      throw new IllegalArgumentException("no YAML for " + value.getClass().getName());
    }
  }

  private static Object get(Component component, Record record) {
    try {
      return component.accessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("the model's records are public: " + component, e);
    }
  }
}
