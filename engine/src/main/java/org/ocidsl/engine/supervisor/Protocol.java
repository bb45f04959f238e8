package org.ocidsl.engine.supervisor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The control socket's protocol: one JSON object per line each way, a {@link Request} answered
 * by a {@link Reply}. A connection may carry several requests, answered in order.
 *
 * <pre>
 * {"op":"status","service":"web"}          {"ok":true,"services":[{"name":"web","state":"RUNNING","pid":42,...}]}
 * {"op":"action","service":"web","action":"pull","args":[]}   {"ok":true,"output":"...","exitStatus":0}
 * {"op":"stop","service":"nope"}           {"ok":false,"error":"service 'nope' could not be found"}
 * {"op":"switch","generation":"/var/lib/ocidsl/generations/3","secrets":{...}}   {"ok":true,"plan":{...},"messages":[...]}
 * </pre>
 *
 * <p>Written and read with Jackson's streaming API, not its data binding: every quick command
 * ({@code status}, {@code start}, …) speaks it, and binding would load some 500 classes into
 * each. A switch request carries the secret environment of the generation's services: the
 * socket is its owner's only (0600), and a request is never logged nor echoed in an error.
 */
final class Protocol {
  private static final JsonFactory JSON = new JsonFactory();

  private Protocol() {}

  /**
   * What a client asks: {@code op} is one of ping, status, start, stop, restart, action,
   * log-file, switch, halt.
   *
   * @param generation the generation to switch to
   * @param secrets its services' secret environment, by service
   * @param restart false to leave changed running services running (Guix's way)
   * @param rollback false to keep a generation whose services failed
   * @param settleMillis how long started services must keep running for the switch to hold
   */
  record Request(
      String op,
      String service,
      String action,
      List<String> args,
      String generation,
      Map<String, Map<String, String>> secrets,
      Boolean restart,
      Boolean rollback,
      Long settleMillis) {
    static Request of(String op) {
      return of(op, null);
    }

    static Request of(String op, String service) {
      return new Request(op, service, null, null, null, null, null, null, null);
    }

    String toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("op", op);
      m.put("service", service);
      m.put("action", action);
      m.put("args", args);
      m.put("generation", generation);
      m.put("secrets", secrets);
      m.put("restart", restart);
      m.put("rollback", rollback);
      m.put("settleMillis", settleMillis);
      return write(m);
    }

    static Request fromJson(String line) {
      Fields f = new Fields(parse(line), "a request");
      return new Request(f.string("op"), f.string("service"), f.string("action"), f.strings("args"),
          f.string("generation"), Protocol.secrets(f.get("secrets")), f.bool("restart"), f.bool("rollback"),
          f.number("settleMillis"));
    }

    /** Names the secret services only: their values never reach a string. */
    @Override
    public String toString() {
      return "Request[op=" + op + ", service=" + service + ", generation=" + generation + "]";
    }
  }

  /**
   * The answer: {@code ok} with the fields the request calls for, or {@code error}, the message
   * a command prints after {@code error: } (with the plan, when a switch failed).
   */
  record Reply(
      boolean ok,
      String error,
      List<String> messages,
      List<ServiceStatus> services,
      String output,
      Integer exitStatus,
      String logFile,
      Long pid,
      Boolean ready,
      String generation,
      Plan plan) {

    static Reply error(String message) {
      return new Reply(false, message, null, null, null, null, null, null, null, null, null);
    }

    static Reply messages(List<String> messages) {
      return new Reply(true, null, messages, null, null, null, null, null, null, null, null);
    }

    static Reply services(List<ServiceStatus> services) {
      return new Reply(true, null, null, services, null, null, null, null, null, null, null);
    }

    static Reply action(String output, int exitStatus) {
      return new Reply(true, null, null, null, output, exitStatus, null, null, null, null, null);
    }

    static Reply logFile(String path) {
      return new Reply(true, null, null, null, null, null, path, null, null, null, null);
    }

    static Reply ping(long pid, boolean ready, String generation) {
      return new Reply(true, null, null, null, null, null, null, pid, ready, generation, null);
    }

    static Reply switched(Supervisor.SwitchResult result) {
      return new Reply(result.failure() == null, result.failure(), result.messages(), null, null, null, null,
          null, null, result.generation(), result.plan());
    }

    String toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("ok", ok);
      m.put("error", error);
      m.put("messages", messages);
      m.put("services", services == null ? null : services.stream().map(Protocol::toMap).toList());
      m.put("output", output);
      m.put("exitStatus", exitStatus);
      m.put("logFile", logFile);
      m.put("pid", pid);
      m.put("ready", ready);
      m.put("generation", generation);
      m.put("plan", plan == null ? null : toMap(plan));
      return write(m);
    }

    static Reply fromJson(String line) {
      Fields f = new Fields(parse(line), "a reply");
      List<ServiceStatus> services = null;
      if (f.get("services") != null) {
        services = new ArrayList<>();
        for (Fields s : f.objects("services")) {
          services.add(status(s));
        }
      }
      Long exit = f.number("exitStatus");
      Boolean ok = f.bool("ok");
      return new Reply(ok != null && ok, f.string("error"), f.strings("messages"), services, f.string("output"),
          exit == null ? null : exit.intValue(), f.string("logFile"), f.number("pid"), f.bool("ready"),
          f.string("generation"), f.get("plan") == null ? null : Protocol.plan(f.object("plan")));
    }
  }

  /** Thrown for a line that is not the JSON of a request or a reply; its message quotes none of it. */
  static final class MalformedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedException(String message) {
      super(message);
    }
  }

  // ---------------------------------------------------------------- statuses and plans

  private static Map<String, Object> toMap(ServiceStatus s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", s.name());
    m.put("provision", s.provision());
    m.put("requirement", s.requirement());
    m.put("state", s.state().name());
    m.put("pid", s.pid());
    m.put("oneShot", s.oneShot());
    m.put("respawn", s.respawn());
    m.put("enabled", s.enabled());
    m.put("autoStart", s.autoStart());
    m.put("documentation", s.documentation());
    m.put("actions", s.actions());
    m.put("failure", s.failure());
    m.put("logFile", s.logFile());
    m.put("generation", s.generation());
    m.put("replacementPending", s.replacementPending());
    m.put("health", s.health());
    m.put("healthSince", s.healthSince());
    return m;
  }

  private static ServiceStatus status(Fields f) {
    ServiceState state;
    try {
      state = ServiceState.valueOf(String.valueOf(f.string("state")));
    } catch (IllegalArgumentException e) {
      throw new MalformedException("unknown service state '" + f.string("state") + "'");
    }
    return new ServiceStatus(f.string("name"), f.strings("provision"), f.strings("requirement"), state,
        f.number("pid"), isTrue(f.bool("oneShot")), isTrue(f.bool("respawn")), !Boolean.FALSE.equals(f.bool("enabled")),
        !Boolean.FALSE.equals(f.bool("autoStart")), f.string("documentation"), f.strings("actions"),
        f.string("failure"), f.string("logFile"), f.string("generation"), isTrue(f.bool("replacementPending")),
        f.string("health"), f.number("healthSince"));
  }

  /** The plan as the JSON object {@code reconfigure --format json} prints: stop, start, restart, keep, warnings. */
  static Map<String, Object> toMap(Plan plan) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("stop", entries(plan.stop()));
    m.put("start", entries(plan.start()));
    m.put("restart", entries(plan.restart()));
    m.put("keep", entries(plan.keep()));
    m.put("warnings", plan.warnings());
    return m;
  }

  private static List<Object> entries(List<Plan.Entry> entries) {
    List<Object> list = new ArrayList<>();
    for (Plan.Entry e : entries) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("service", e.service());
      m.put("reasons", e.reasons());
      list.add(m);
    }
    return list;
  }

  private static Plan plan(Fields f) {
    return new Plan(entries(f, "stop"), entries(f, "start"), entries(f, "restart"), entries(f, "keep"),
        f.strings("warnings"));
  }

  private static List<Plan.Entry> entries(Fields f, String key) {
    List<Plan.Entry> entries = new ArrayList<>();
    for (Fields e : f.objects(key)) {
      List<String> reasons = e.strings("reasons");
      entries.add(new Plan.Entry(e.string("service"), reasons == null ? List.of() : reasons));
    }
    return entries;
  }

  /** The secret environment: service → variable → value, or null. */
  static Map<String, Map<String, String>> secrets(Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof Map<?, ?> services)) {
      throw new MalformedException("the secrets are not an object");
    }
    Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
    for (Map.Entry<?, ?> service : services.entrySet()) {
      if (!(service.getValue() instanceof Map<?, ?> variables)) {
        throw new MalformedException("the secrets of a service are not an object");
      }
      Map<String, String> vars = new LinkedHashMap<>();
      for (Map.Entry<?, ?> v : variables.entrySet()) {
        if (!(v.getValue() instanceof String s)) {
          throw new MalformedException("a secret is not a string");
        }
        vars.put((String) v.getKey(), s);
      }
      secrets.put((String) service.getKey(), vars);
    }
    return secrets;
  }

  private static boolean isTrue(Boolean b) {
    return b != null && b;
  }

  // ---------------------------------------------------------------- JSON values

  /** Writes {@code value}: maps, lists, strings, numbers, booleans; null members are left out. */
  static String write(Object value) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      write(g, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void write(JsonGenerator g, Object value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else if (value instanceof Map<?, ?> map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (e.getValue() != null) {
          g.writeFieldName(String.valueOf(e.getKey()));
          write(g, e.getValue());
        }
      }
      g.writeEndObject();
    } else if (value instanceof List<?> list) {
      g.writeStartArray();
      for (Object item : list) {
        write(g, item);
      }
      g.writeEndArray();
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value instanceof Number n) {
      g.writeNumber(n.longValue());
    } else {
      g.writeString(String.valueOf(value));
    }
  }

  /** The JSON object in {@code text}, as maps, lists, strings, longs and booleans. */
  static Map<String, Object> parse(String text) {
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new MalformedException("not a JSON object");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> object = (Map<String, Object>) value(p);
      if (p.nextToken() != null) {
        throw new MalformedException("more than one JSON value");
      }
      return object;
    } catch (IOException e) {
      throw new MalformedException("not valid JSON");
    }
  }

  private static Object value(JsonParser p) throws IOException {
    switch (p.currentToken()) {
      case START_OBJECT: {
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          map.put(name, value(p));
        }
        return map;
      }
      case START_ARRAY: {
        List<Object> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          list.add(value(p));
        }
        return list;
      }
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        return p.getLongValue();
      case VALUE_NUMBER_FLOAT:
        return (long) p.getDoubleValue();
      case VALUE_TRUE:
        return true;
      case VALUE_FALSE:
        return false;
      case VALUE_NULL:
        return null;
      default:
        throw new MalformedException("unexpected " + p.currentToken());
    }
  }

  /** The members of a JSON object, read with the types expected of them. */
  private record Fields(Map<String, Object> map, String what) {
    Object get(String key) {
      return map.get(key);
    }

    String string(String key) {
      Object v = map.get(key);
      if (v != null && !(v instanceof String)) {
        throw new MalformedException(key + " of " + what + " is not a string");
      }
      return (String) v;
    }

    Boolean bool(String key) {
      Object v = map.get(key);
      if (v != null && !(v instanceof Boolean)) {
        throw new MalformedException(key + " of " + what + " is not a boolean");
      }
      return (Boolean) v;
    }

    Long number(String key) {
      Object v = map.get(key);
      if (v != null && !(v instanceof Long)) {
        throw new MalformedException(key + " of " + what + " is not a number");
      }
      return (Long) v;
    }

    List<String> strings(String key) {
      Object v = map.get(key);
      if (v == null) {
        return null;
      }
      List<String> strings = new ArrayList<>();
      if (v instanceof List<?> list) {
        for (Object item : list) {
          if (item instanceof String s) {
            strings.add(s);
            continue;
          }
          throw new MalformedException(key + " of " + what + " is not a list of strings");
        }
        return strings;
      }
      throw new MalformedException(key + " of " + what + " is not a list of strings");
    }

    @SuppressWarnings("unchecked")
    Fields object(String key) {
      Object v = map.get(key);
      if (!(v instanceof Map<?, ?>)) {
        throw new MalformedException(key + " of " + what + " is not an object");
      }
      return new Fields((Map<String, Object>) v, key);
    }

    @SuppressWarnings("unchecked")
    List<Fields> objects(String key) {
      Object v = map.get(key);
      List<Fields> objects = new ArrayList<>();
      if (v == null) {
        return objects;
      }
      if (!(v instanceof List<?> list)) {
        throw new MalformedException(key + " of " + what + " is not a list");
      }
      for (Object item : list) {
        if (!(item instanceof Map<?, ?>)) {
          throw new MalformedException(key + " of " + what + " holds something other than objects");
        }
        objects.add(new Fields((Map<String, Object>) item, key));
      }
      return objects;
    }
  }
}
