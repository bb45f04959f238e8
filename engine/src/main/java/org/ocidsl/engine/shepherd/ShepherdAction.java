package org.ocidsl.engine.shepherd;

import java.util.Objects;
import org.ocidsl.engine.shell.Script;

/** A named action of a shepherd service ({@code herd ACTION SERVICE}), run as a script. */
public record ShepherdAction(String name, String documentation, Script procedure) {
  public ShepherdAction {
    Objects.requireNonNull(name, "name");
    documentation = Objects.requireNonNullElse(documentation, "");
    Objects.requireNonNull(procedure, "procedure");
  }
}
