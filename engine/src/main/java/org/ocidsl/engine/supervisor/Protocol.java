package org.ocidsl.engine.supervisor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * <p>A switch request carries the secret environment of the generation's services: the socket
 * is its owner's only (0600), and a request is never logged.
 */
final class Protocol {
  static final ObjectMapper JSON =
      new ObjectMapper()
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

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
  @JsonInclude(JsonInclude.Include.NON_NULL)
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
      return write(this);
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
  @JsonInclude(JsonInclude.Include.NON_NULL)
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
      return write(this);
    }
  }

  /** Thrown for a line that is not the JSON of a request or a reply. */
  static final class MalformedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedException(String message) {
      super(message);
    }
  }

  static <T> T read(String line, Class<T> type) {
    try {
      T value = JSON.readValue(line, type);
      if (value == null) {
        throw new MalformedException("null");
      }
      return value;
    } catch (JsonProcessingException e) {
      throw new MalformedException(e.getOriginalMessage());
    }
  }

  static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
