package org.ocidsl.engine.supervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Shepherd's respawn limit: a service that died is respawned unless it was respawned more than
 * {@code limit} times within {@code window} (by default 5 times in 7 s), and then disabled.
 */
record RespawnLimit(int limit, Duration window) {

  RespawnLimit {
    if (limit < 0) {
      throw new IllegalArgumentException("the respawn limit must not be negative: " + limit);
    }
  }

  /**
   * Whether a service that died at {@code now} (nanoseconds) after respawns at {@code times} is
   * respawned: the respawn times that count from then on, {@code now} last; or empty when the
   * limit is reached and the service is to be disabled.
   */
  Optional<List<Long>> respawn(List<Long> times, long now) {
    List<Long> recent = new ArrayList<>();
    for (long t : times) {
      if (now - t <= window.toNanos()) {
        recent.add(t);
      }
    }
    if (recent.size() >= limit) {
      return Optional.empty();
    }
    recent.add(now);
    return Optional.of(List.copyOf(recent));
  }
}
