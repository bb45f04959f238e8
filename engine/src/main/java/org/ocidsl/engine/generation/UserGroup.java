package org.ocidsl.engine.generation;

import java.util.Objects;

/** A group the system needs, as Guix's {@code user-group}; {@code id} null: the host chooses. */
public record UserGroup(String name, boolean system, Integer id) {
  public UserGroup {
    Objects.requireNonNull(name, "name");
  }

  /** A group whose ID the host chooses. */
  public UserGroup(String name, boolean system) {
    this(name, system, null);
  }
}
