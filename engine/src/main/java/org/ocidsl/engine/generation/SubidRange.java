package org.ocidsl.engine.generation;

import java.util.Objects;

/**
 * A range of subordinate ids for a user, as Guix's {@code subid-range}: {@code start} is null
 * until the range is allocated.
 */
public record SubidRange(String name, Long start, long count) {
  public static final long DEFAULT_COUNT = 65536;

  public SubidRange {
    Objects.requireNonNull(name, "name");
    if (count <= 0) {
      throw new IllegalArgumentException("subid range count must be positive: " + count);
    }
  }

  public static SubidRange of(String name) {
    return new SubidRange(name, null, DEFAULT_COUNT);
  }

  public boolean allocated() {
    return start != null;
  }

  /** The first id past this range. */
  public long end() {
    return start + count;
  }
}
