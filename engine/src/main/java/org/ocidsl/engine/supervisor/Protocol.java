package org.ocidsl.engine.supervisor;

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
 * </pre>
 */
final class Protocol {
  private Protocol() {}

  /** What a client asks: {@code op} is one of ping, status, start, stop, restart, action, log-file, halt. */
  record Request(String op, String service, String action, List<String> args) {
    static Request of(String op) {
      return new Request(op, null, null, null);
    }

    static Request of(String op, String service) {
      return new Request(op, service, null, null);
    }

    String toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("op", op);
      m.put("service", service);
      m.put("action", action);
      m.put("args", args);
      return Json.write(m);
    }

    static Request fromJson(String line) {
      Map<String, Object> m = Json.object(Json.parse(line), "a request");
      return new Request(
          Json.string(m, "op"), Json.string(m, "service"), Json.string(m, "action"), Json.strings(m, "args"));
    }
  }

  /**
   * The answer: {@code ok} with the fields the request calls for, or {@code error}, the message
   * a command prints after {@code error: }.
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
      String generation) {

    static Reply error(String message) {
      return new Reply(false, message, null, null, null, null, null, null, null, null);
    }

    static Reply messages(List<String> messages) {
      return new Reply(true, null, messages, null, null, null, null, null, null, null);
    }

    static Reply services(List<ServiceStatus> services) {
      return new Reply(true, null, null, services, null, null, null, null, null, null);
    }

    static Reply action(String output, int exitStatus) {
      return new Reply(true, null, null, null, output, exitStatus, null, null, null, null);
    }

    static Reply logFile(String path) {
      return new Reply(true, null, null, null, null, null, path, null, null, null);
    }

    static Reply ping(long pid, boolean ready, String generation) {
      return new Reply(true, null, null, null, null, null, null, pid, ready, generation);
    }

    String toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("ok", ok);
      m.put("error", error);
      m.put("messages", messages);
      if (services != null) {
        List<Object> list = new ArrayList<>();
        for (ServiceStatus s : services) {
          list.add(toMap(s));
        }
        m.put("services", list);
      }
      m.put("output", output);
      m.put("exitStatus", exitStatus);
      m.put("logFile", logFile);
      m.put("pid", pid);
      m.put("ready", ready);
      m.put("generation", generation);
      return Json.write(m);
    }

    static Reply fromJson(String line) {
      Map<String, Object> m = Json.object(Json.parse(line), "a reply");
      List<ServiceStatus> services = null;
      if (m.get("services") != null) {
        services = new ArrayList<>();
        for (Map<String, Object> s : Json.objects(m, "services")) {
          services.add(fromMap(s));
        }
      }
      Long exit = Json.integer(m, "exitStatus");
      return new Reply(
          Json.bool(m, "ok", false),
          Json.string(m, "error"),
          Json.strings(m, "messages"),
          services,
          Json.string(m, "output"),
          exit == null ? null : exit.intValue(),
          Json.string(m, "logFile"),
          Json.integer(m, "pid"),
          m.get("ready") == null ? null : Json.bool(m, "ready", false),
          Json.string(m, "generation"));
    }
  }

  static Map<String, Object> toMap(ServiceStatus s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", s.name());
    m.put("provision", s.provision());
    m.put("requirement", s.requirement());
    m.put("state", s.state());
    m.put("pid", s.pid());
    m.put("oneShot", s.oneShot());
    m.put("respawn", s.respawn());
    m.put("enabled", s.enabled());
    m.put("autoStart", s.autoStart());
    m.put("documentation", s.documentation());
    m.put("actions", s.actions());
    m.put("failure", s.failure());
    m.put("logFile", s.logFile());
    return m;
  }

  static ServiceStatus fromMap(Map<String, Object> m) {
    String state = Json.string(m, "state");
    ServiceState parsed;
    try {
      parsed = ServiceState.valueOf(state);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new Json.JsonException("unknown service state '" + state + "'");
    }
    List<String> requirement = Json.strings(m, "requirement");
    return new ServiceStatus(
        Json.string(m, "name"),
        Json.strings(m, "provision"),
        requirement == null ? List.of() : requirement,
        parsed,
        Json.integer(m, "pid"),
        Json.bool(m, "oneShot", false),
        Json.bool(m, "respawn", false),
        Json.bool(m, "enabled", true),
        Json.bool(m, "autoStart", true),
        Json.string(m, "documentation"),
        Json.strings(m, "actions"),
        Json.string(m, "failure"),
        Json.string(m, "logFile"));
  }
}
