package org.ocidsl.dsl;

import groovy.lang.Closure;
import groovy.lang.GroovyObjectSupport;
import java.util.ArrayList;
import java.util.List;
import org.codehaus.groovy.runtime.InvokerHelper;
import org.ocidsl.dsl.eval.Locations;
import org.ocidsl.engine.service.ModifyServices;
import org.ocidsl.engine.service.ServiceType;

/** The delegate of {@code modifyServices(services) { ... }}: delete and update clauses, in order. */
public final class ModifySpec extends GroovyObjectSupport {
  private final OcidslScript script;
  private final List<ModifyServices.Clause> clauses = new ArrayList<>();

  private ModifySpec(OcidslScript script) {
    this.script = script;
  }

  static List<ModifyServices.Clause> clauses(OcidslScript script, Closure<?> body) {
    return Closures.runAgainst(new ModifySpec(script), body).clauses;
  }

  /** Removes every service of {@code type}. */
  public void delete(ServiceType type) {
    clauses.add(ModifyServices.Clause.delete(type, Locations.caller()));
  }

  /** Replaces the value of every service of {@code type} with {@code body}'s result. */
  public void update(ServiceType type, Closure<?> body) {
    clauses.add(ModifyServices.Clause.update(type, value -> Coerce.value(body.call(value)), Locations.caller()));
  }

  public Object methodMissing(String name, Object args) {
    return script.invokeMethod(name, InvokerHelper.asArray(args));
  }

  public Object propertyMissing(String name) {
    return script.getProperty(name);
  }
}
