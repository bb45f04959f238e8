package org.ocidsl.engine.generation;

import java.util.List;
import java.util.Objects;

/**
 * A user the system needs, as Guix's {@code user-account}; created if missing, never modified.
 * {@code uid} null: the host chooses.
 */
public record UserAccount(
    String name,
    String group,
    List<String> supplementaryGroups,
    String comment,
    String homeDirectory,
    boolean createHomeDirectory,
    String shell,
    boolean system,
    Integer uid) {
  public UserAccount {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(group, "group");
    supplementaryGroups = List.copyOf(supplementaryGroups);
    comment = Objects.requireNonNullElse(comment, "");
    homeDirectory = Objects.requireNonNullElse(homeDirectory, "/homeless-shelter");
    shell = Objects.requireNonNullElse(shell, "/usr/sbin/nologin");
  }

  /** A user whose ID the host chooses. */
  public UserAccount(
      String name, String group, List<String> supplementaryGroups, String comment,
      String homeDirectory, boolean createHomeDirectory, String shell, boolean system) {
    this(name, group, supplementaryGroups, comment, homeDirectory, createHomeDirectory, shell, system, null);
  }
}
