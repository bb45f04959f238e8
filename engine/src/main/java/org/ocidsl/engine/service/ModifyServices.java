package org.ocidsl.engine.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.SourceLocation;

/**
 * Guix's {@code modify-services}: clauses that update the value of, or delete, every service of
 * a type, applied in order to each service of a list.
 */
public final class ModifyServices {
  private ModifyServices() {}

  /** One clause: delete services of {@code type}, or replace their value through {@code update}. */
  public record Clause(ServiceType type, UnaryOperator<Object> update, SourceLocation location) {
    public Clause {
      Objects.requireNonNull(type, "type");
      location = Objects.requireNonNullElse(location, SourceLocation.UNKNOWN);
    }

    public static Clause delete(ServiceType type, SourceLocation location) {
      return new Clause(type, null, location);
    }

    public static Clause update(
        ServiceType type, UnaryOperator<Object> update, SourceLocation location) {
      return new Clause(type, Objects.requireNonNull(update, "update"), location);
    }

    public boolean deletes() {
      return update == null;
    }
  }

  /**
   * Applies {@code clauses} to {@code services}.
   *
   * @throws OcidslException at a clause naming a type with no service in the list, or a type an
   *     earlier clause deleted
   */
  public static List<Service> apply(List<Service> services, List<Clause> clauses) {
    for (Clause clause : clauses) {
      if (services.stream().noneMatch(s -> s.type() == clause.type())) {
        throw new OcidslException(
            clause.location(),
            "modify-services: service '" + clause.type().name() + "' not found in service list");
      }
    }
    List<Service> result = new ArrayList<>();
    for (Service service : services) {
      Service current = service;
      List<Clause> deleted = new ArrayList<>();
      for (Clause clause : clauses) {
        for (Clause d : deleted) {
          if (d.type() == clause.type()) {
            throw new OcidslException(
                clause.location(),
                "modify-services: service '"
                    + clause.type().name()
                    + "' was deleted here: "
                    + d.location());
          }
        }
        if (current != null && current.type() == clause.type()) {
          if (clause.deletes()) {
            current = null;
            deleted.add(clause);
          } else {
            current = current.withValue(clause.update().apply(current.value()));
          }
        }
      }
      if (current != null) {
        result.add(current);
      }
    }
    return result;
  }
}
