package org.ocidsl.engine.generation;

import java.util.List;
import java.util.Objects;

/** A user the system needs, as Guix's {@code user-account}; created if missing, never modified. */
public record UserAccount(
    String name,
    String group,
    List<String> supplementaryGroups,
    String comment,
    String homeDirectory,
    boolean createHomeDirectory,
    String shell,
    boolean system) {
  public UserAccount {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(group, "group");
    supplementaryGroups = List.copyOf(supplementaryGroups);
    comment = Objects.requireNonNullElse(comment, "");
    homeDirectory = Objects.requireNonNullElse(homeDirectory, "/homeless-shelter");
    shell = Objects.requireNonNullElse(shell, "/usr/sbin/nologin");
  }
}
