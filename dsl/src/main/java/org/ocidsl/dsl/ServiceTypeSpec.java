package org.ocidsl.dsl;

import groovy.lang.Closure;
import groovy.lang.GroovyObjectSupport;
import java.util.ArrayList;
import java.util.List;
import org.codehaus.groovy.runtime.InvokerHelper;
import org.ocidsl.dsl.eval.Locations;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.SourceLocation;
import org.ocidsl.engine.service.ServiceExtension;
import org.ocidsl.engine.service.ServiceType;

/** The delegate of {@code serviceType { ... }}: the parts of a Guix {@code service-type}. */
public final class ServiceTypeSpec extends GroovyObjectSupport {
  private final OcidslScript script;
  private String typeName;
  private String typeDescription = "";
  private final List<ServiceExtension> typeExtensions = new ArrayList<>();
  private Closure<?> composeClosure;
  private Closure<?> extendClosure;
  private boolean hasDefault;
  private Object defaultValueGiven;

  private ServiceTypeSpec(OcidslScript script) {
    this.script = script;
  }

  static ServiceType build(OcidslScript script, Closure<?> body, SourceLocation at) {
    ServiceTypeSpec spec = Closures.runAgainst(new ServiceTypeSpec(script), body);
    if (spec.typeName == null) {
      throw new OcidslException(at, "a service type needs a name");
    }
    ServiceType.Definition d = ServiceType.named(spec.typeName)
        .description(spec.typeDescription)
        .extensions(spec.typeExtensions)
        .location(at);
    if (spec.composeClosure != null) {
      Closure<?> compose = spec.composeClosure;
      d.compose(values -> Coerce.value(compose.call(values)));
    }
    if (spec.extendClosure != null) {
      Closure<?> extend = spec.extendClosure;
      d.extend((value, extensions) -> Coerce.value(extend.call(value, extensions)));
    }
    if (spec.hasDefault) {
      d.defaultValue(spec.defaultValueGiven);
    }
    return d.build();
  }

  public void name(Object name) {
    this.typeName = String.valueOf(name);
  }

  public void description(Object text) {
    this.typeDescription = String.valueOf(text);
  }

  /** The extensions of the type: {@code serviceExtension(target) { value -> ... }}, one or more. */
  public void extensions(Object... extensions) {
    for (Object e : extensions) {
      if (e instanceof List<?> list) {
        extensions(list.toArray());
      } else if (e instanceof ServiceExtension extension) {
        typeExtensions.add(extension);
      } else {
        throw new OcidslException(Locations.caller(),
            "extensions must be serviceExtension values but " + e + " was found");
      }
    }
  }

  /** How the values extending a service of this type are combined: {@code { values -> ... }}. */
  public void compose(Closure<?> body) {
    this.composeClosure = body;
  }

  /** How the combined extensions are folded into the value: {@code { value, extensions -> ... }}. */
  public void extend(Closure<?> body) {
    this.extendClosure = body;
  }

  public void defaultValue(Object value) {
    this.hasDefault = true;
    this.defaultValueGiven = Coerce.value(value);
  }

  public Object methodMissing(String name, Object args) {
    return script.invokeMethod(name, InvokerHelper.asArray(args));
  }

  public Object propertyMissing(String name) {
    return script.getProperty(name);
  }
}
