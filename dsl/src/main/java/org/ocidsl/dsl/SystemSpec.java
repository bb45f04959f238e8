package org.ocidsl.dsl;

import groovy.lang.Closure;
import groovy.lang.GroovyObjectSupport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.codehaus.groovy.runtime.InvokerHelper;
import org.ocidsl.dsl.eval.Locations;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.SourceLocation;
import org.ocidsl.engine.service.Service;
import org.ocidsl.engine.service.ServiceType;

/** The delegate of {@code system { ... }}: collects services in the order they are written. */
public final class SystemSpec extends GroovyObjectSupport {
  private final OcidslScript script;
  private final List<Service> services = new ArrayList<>();

  private SystemSpec(OcidslScript script, List<Service> base) {
    this.script = script;
    this.services.addAll(base);
  }

  static SystemDefinition build(OcidslScript script, List<Service> base, Closure<?> body, SourceLocation at) {
    SystemSpec spec = Closures.runAgainst(new SystemSpec(script, base), body);
    return new SystemDefinition(spec.services, at);
  }

  /** A service of {@code type} with the type's default value. */
  public void service(ServiceType type) {
    services.add(script.service(type));
  }

  /** A service of {@code type} with {@code value}. */
  public void service(ServiceType type, Object value) {
    services.add(script.service(type, value));
  }

  /** Guix's {@code simple-service}: a new type named {@code name}, extending {@code target} with {@code value}. */
  public void simpleService(String name, ServiceType target, Object value) {
    services.add(script.simpleService(name, target, value));
  }

  /** More services: from a list, or from another system. */
  public void services(Object more) {
    Collection<?> list = more instanceof SystemDefinition s ? s.services() : more instanceof Collection<?> c ? c : List.of(more);
    for (Object s : list) {
      if (!(s instanceof Service service)) {
        throw new OcidslException(Locations.caller(), "services takes services but " + s + " was found");
      }
      services.add(service);
    }
  }

  public Object methodMissing(String name, Object args) {
    return script.invokeMethod(name, InvokerHelper.asArray(args));
  }

  public Object propertyMissing(String name) {
    return script.getProperty(name);
  }
}
