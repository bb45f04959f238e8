package org.ocidsl.engine.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Shepherd's default: disabled after more than 5 respawns within 7 s. */
class RespawnLimitTest {
  static final long S = 1_000_000_000L;
  final RespawnLimit limit = new RespawnLimit(5, Duration.ofSeconds(7));

  @Test
  void fiveRespawnsWithinTheWindowAreAllowedTheSixthIsNot() {
    List<Long> times = List.of();
    for (long t = 0; t < 5; t++) {
      times = limit.respawn(times, t * S).orElseThrow();
    }
    assertEquals(List.of(0L, S, 2 * S, 3 * S, 4 * S), times);
    assertEquals(Optional.empty(), limit.respawn(times, 5 * S));
  }

  @Test
  void respawnsOlderThanTheWindowNoLongerCount() {
    List<Long> times = List.of(0L, S, 2 * S, 3 * S, 4 * S);
    assertEquals(Optional.of(List.of(2 * S, 3 * S, 4 * S, 9 * S)), limit.respawn(times, 9 * S));
  }
}
