package org.ocidsl.dsl;

import groovy.lang.Closure;
import groovy.lang.GroovyObjectSupport;
import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import java.util.ArrayList;
import java.util.List;
import org.codehaus.groovy.runtime.InvokerHelper;
import org.ocidsl.dsl.eval.Locations;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.SourceLocation;
import org.ocidsl.engine.Suggestions;
import org.ocidsl.engine.config.Configuration;
import org.ocidsl.engine.config.ConfigurationType;
import org.ocidsl.engine.config.Field;

/**
 * The delegate of a record's closure: each field call ({@code ports '8080:80'}) or assignment
 * ({@code tag = '1.0'}) sets the field in the engine's builder, located where it was written; a
 * list field called again in the same block adds to its value (the first call in an inheriting
 * block replaces the parent's, as Guix's {@code inherit} does);
 * any other call goes to the script, so builders nest; an unknown field is the engine's error.
 */
public final class RecordSpec extends GroovyObjectSupport {
  private final OcidslScript script;
  private final String builderName;
  private final ConfigurationType recordType;
  private final Configuration.Builder recordBuilder;
  private final java.util.Set<String> setHere = new java.util.HashSet<>();

  RecordSpec(OcidslScript script, String builderName, ConfigurationType type, Configuration.Builder builder) {
    this.script = script;
    this.builderName = builderName;
    this.recordType = type;
    this.recordBuilder = builder;
  }

  /** Runs {@code body} against a fresh spec of the record that {@code builderName} builds, and builds it. */
  static Configuration build(
      OcidslScript script, String builderName, ConfigurationType type, Configuration parent, Closure<?> body,
      SourceLocation at) {
    Configuration.Builder builder = parent == null ? type.builder(at) : type.inherit(parent, at);
    if (body != null) {
      Closures.runAgainst(new RecordSpec(script, builderName, type, builder), body);
    }
    return builder.build();
  }

  public Object methodMissing(String name, Object args) {
    SourceLocation at = Locations.caller();
    Object[] arguments = InvokerHelper.asArray(args);
    Field<?> field = recordType.field(name).orElse(null);
    if (field == null) {
      try {
        return script.invokeMethod(name, arguments);
      } catch (MissingMethodException e) {
        if (!name.equals(e.getMethod())) {
          throw e;
        }
        if (arguments.length > 0 && arguments[arguments.length - 1] instanceof Closure<?>) {
          // A block after the name: a builder was meant, not a field.
          throw new OcidslException(at, Suggestions.didYouMean(
              "unknown function '" + name + "'", name, OcidslScript.functionNames()));
        }
        recordBuilder.set(name, null, at);
        return null;
      }
    }
    Object value = Coerce.fieldValue(field, arguments, at);
    if (Coerce.isList(field) && !setHere.add(name) && recordBuilder.value(name) instanceof List<?> earlier) {
      // A list field called again in the same block adds to it: containers a; containers b.
      List<Object> all = new ArrayList<>(earlier);
      all.addAll((List<?>) value);
      value = all;
    }
    recordBuilder.set(name, value, at);
    return null;
  }

  public void propertyMissing(String name, Object value) {
    SourceLocation at = Locations.caller();
    setHere.add(name);
    recordBuilder.set(name, Coerce.value(value), at);
  }

  /**
   * A name read in the block: a variable of the script. A field of the record that is no variable
   * was meant as a call: Groovy reads {@code stopTimeout -3} as {@code stopTimeout - 3}, and {@code
   * image} alone as a name.
   */
  public Object propertyMissing(String name) {
    try {
      return script.getProperty(name);
    } catch (MissingPropertyException e) {
      if (name.equals(e.getProperty()) && recordType.field(name).isPresent()) {
        throw new FieldReadAsName(name, builderName);
      }
      throw e;
    }
  }

  /** A field of the record being built, read as a name: the evaluator says how to write it. */
  public static final class FieldReadAsName extends MissingPropertyException {
    private final String builder;

    FieldReadAsName(String field, String builder) {
      super(field, RecordSpec.class);
      this.builder = builder;
    }

    /** The builder whose field it is: {@code ociContainer}. */
    public String builder() {
      return builder;
    }
  }
}
