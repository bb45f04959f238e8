package org.ocidsl.engine.generation;

import java.util.Objects;

/** A program the system runs on the host, and the Debian package that provides it. */
public record RequiredProgram(String program, String debianPackage) {
  public RequiredProgram {
    Objects.requireNonNull(program, "program");
    Objects.requireNonNull(debianPackage, "debianPackage");
  }
}
