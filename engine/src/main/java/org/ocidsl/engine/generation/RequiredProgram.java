package org.ocidsl.engine.generation;

import java.util.Objects;

/** A program the system runs on the host, and the Debian package that provides it. */
public record RequiredProgram(String program, String debianPackage) {
  public RequiredProgram {
    Objects.requireNonNull(program, "program");
    Objects.requireNonNull(debianPackage, "debianPackage");
  }

  // Written out: every check gathers these in a set, and a record's generated equals and
  // hashCode are bootstrapped through method handles, some 20 classes spun at its first use.

  @Override
  public boolean equals(Object o) {
    return o instanceof RequiredProgram r
        && program.equals(r.program)
        && debianPackage.equals(r.debianPackage);
  }

  @Override
  public int hashCode() {
    return 31 * program.hashCode() + debianPackage.hashCode();
  }
}
