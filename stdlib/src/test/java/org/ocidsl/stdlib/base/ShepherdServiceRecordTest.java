package org.ocidsl.stdlib.base;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.ocidsl.stdlib.TestRecords.record;
import static org.ocidsl.stdlib.TestRecords.recordAt;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.SourceLocation;
import org.ocidsl.engine.shepherd.ShepherdService;
import org.ocidsl.stdlib.TestRecords;

/** A shepherd-service record as the engine's shepherd service: its stop timeout. */
class ShepherdServiceRecordTest {

  private static final List<String> START = List.of("sleep", "100");
  private static final List<String> STOP = List.of("pkill", "-f", "drain");

  @Test
  void stopTimeout_reachesTheShepherdService() {
    ShepherdService s = BaseServices.shepherdService(record(BaseRecords.ShepherdService.TYPE,
        "provision", List.of("queue"), "start", START, "stop", STOP, "stopTimeout", 90));
    assertEquals(Optional.of(Duration.ofSeconds(90)), s.stopTimeout());
  }

  @Test
  void stopTimeout_unsetIsNone() {
    ShepherdService s = BaseServices.shepherdService(record(BaseRecords.ShepherdService.TYPE,
        "provision", List.of("queue"), "start", START, "stop", STOP));
    assertEquals(Optional.empty(), s.stopTimeout());
  }

  @Test
  void stopTimeout_withoutAStopCommandIsALocatedError() {
    OcidslException e = assertThrows(OcidslException.class, () -> BaseServices.shepherdService(recordAt(
        5, BaseRecords.ShepherdService.TYPE, "provision", List.of("queue"), "start", START, "stopTimeout", 90)));
    assertEquals("stopTimeout needs a stop command: it is how long that command may wait for the service to end",
        e.getMessage());
    assertEquals(new SourceLocation(TestRecords.FILE, 5, 1), e.location());
  }

  @Test
  void stopTimeout_mustBeAWholeNumberAboveZero() {
    for (Object bad : List.of(0, -3, 1.5)) {
      OcidslException e = assertThrows(OcidslException.class, () -> recordAt(
          2, BaseRecords.ShepherdService.TYPE, "provision", List.of("queue"), "start", START, "stopTimeout", bad));
      assertEquals("stopTimeout must be a whole number of at least 1, not " + bad, e.getMessage());
      assertEquals(2, e.location().line());
    }
  }
}
