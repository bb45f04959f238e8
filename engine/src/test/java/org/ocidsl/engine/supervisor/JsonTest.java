package org.ocidsl.engine.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void parse_readsEveryKindOfValue() {
    Object v = Json.parse(" {\"a\": [1, -2.5e3, true, false, null], \"b\": {\"c\": \"x\\ty\\u00e9\\\"\"}} ");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("a", Arrays.asList(1L, -2500.0, true, false, null));
    expected.put("b", Map.of("c", "x\ty\u00e9\""));
    assertEquals(expected, v);
  }

  @Test
  void write_thenParse_givesTheSameValue() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("s", "quote \" backslash \\ newline \n control \u0001 unicode \u2028 é");
    value.put("n", 42L);
    value.put("l", List.of("a", "b"));
    value.put("state", ServiceState.RUNNING);
    Map<String, Object> back = Json.object(Json.parse(Json.write(value)), "value");
    assertEquals(value.get("s"), back.get("s"));
    assertEquals(42L, back.get("n"));
    assertEquals(List.of("a", "b"), back.get("l"));
    assertEquals("RUNNING", back.get("state"));
  }

  @Test
  void parse_malformedInputSaysWhereButNotWhat() {
    Json.JsonException e = assertThrows(Json.JsonException.class, () -> Json.parse("{\"secret\": \"hunter2\""));
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    assertThrows(Json.JsonException.class, () -> Json.parse("[1,]"));
    assertThrows(Json.JsonException.class, () -> Json.parse("{} x"));
  }

  @Test
  void protocol_aReplyRoundTrips() {
    ServiceStatus s =
        new ServiceStatus("web", List.of("web", "www"), List.of("db"), ServiceState.RUNNING, 42L, false,
            true, true, true, "The web.", List.of("pull"), null, "/state/logs/web.log");
    Protocol.Reply r = Protocol.Reply.services(List.of(s));
    assertEquals(r, Protocol.Reply.fromJson(r.toJson()));
    Protocol.Request q = new Protocol.Request("action", "web", "pull", List.of("--quiet", "x y"));
    assertEquals(q, Protocol.Request.fromJson(q.toJson()));
  }
}
