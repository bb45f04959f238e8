package org.ocidsl.engine.generation;

import java.util.Objects;

/** A group the system needs, as Guix's {@code user-group}. */
public record UserGroup(String name, boolean system) {
  public UserGroup {
    Objects.requireNonNull(name, "name");
  }
}
