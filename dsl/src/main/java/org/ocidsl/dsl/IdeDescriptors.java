package org.ocidsl.dsl;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.ocidsl.engine.Values;
import org.ocidsl.engine.config.ConfigurationType;
import org.ocidsl.engine.config.Field;
import org.ocidsl.engine.service.ServiceType;
import org.ocidsl.stdlib.Catalog;

/**
 * The descriptors that teach IDEs the language of {@code *.oci.groovy} files, made from the
 * catalog: IntelliJ IDEA's GDSL and Groovy-Eclipse's DSLD. Both offer the functions of {@link
 * OcidslScript} and the service types everywhere in a script, and in the block of a record
 * builder ({@code ociContainer { por… }}) the fields of that record, with their type, default
 * and documentation. The jar ships them ({@link #GDSL_RESOURCE}, {@link #DSLD_RESOURCE}), where
 * the IDEs look for them on a project's class path.
 */
public final class IdeDescriptors {
  /** Where the jar holds the GDSL file; IntelliJ IDEA reads every {@code *.gdsl} of a library. */
  public static final String GDSL_RESOURCE = "ocidsl.gdsl";

  /** Where the jar holds the DSLD file; Groovy-Eclipse reads the {@code dsld/} folder of a library. */
  public static final String DSLD_RESOURCE = "dsld/ocidsl.dsld";

  private static final String HEADER = "// Generated from ocidsl's catalog by 'ocidsl ide %s': do not edit.\n"
      + "// The language of *.oci.groovy files: its functions and service types, and each record's fields.\n";

  private IdeDescriptors() {}

  /** IntelliJ IDEA's descriptor. */
  public static String gdsl() {
    StringBuilder out = new StringBuilder(String.format(HEADER, "intellij"));
    out.append("def scripts = context(pathRegexp: /.*\\.oci\\.groovy/, scope: scriptScope())\n");
    out.append("def blocks = context(pathRegexp: /.*\\.oci\\.groovy/, scope: closureScope())\n\n");
    out.append("contributor([scripts, blocks]) {\n");
    for (Method m : functions()) {
      out.append("  method name: ").append(quoted(m.getName()))
          .append(", type: ").append(quoted(m.getReturnType().getName()))
          .append(", params: ").append(params(m, true))
          .append(", doc: ").append(quoted(functionDoc(m.getName()))).append('\n');
    }
    appendServiceTypes(out);
    out.append("}\n\n");
    out.append("// The fields of each record, by builder: name and documentation (type and default first).\n");
    out.append("def records = [\n");
    for (Map.Entry<String, ConfigurationType> record : Catalog.RECORDS.entrySet()) {
      if (record.getValue().fields().isEmpty()) {
        out.append("  ").append(record.getKey()).append(": [:],\n");
        continue;
      }
      out.append("  ").append(record.getKey()).append(": [\n");
      for (Field<?> field : record.getValue().fields()) {
        out.append("    ").append(quoted(field.name())).append(": ").append(quoted(fieldDoc(field))).append(",\n");
      }
      out.append("  ],\n");
    }
    out.append("]\n\n");
    out.append("// In a record's block, the fields of the innermost record builder whose block it is in.\n");
    out.append("contributor(blocks) {\n");
    out.append("  def calls = records.keySet().collect { [it, enclosingCall(it)] }.findAll { it[1] != null }\n");
    out.append("  def innermost = calls.max { it[1].textRange.startOffset }\n");
    out.append("  if (innermost) {\n");
    out.append("    records[innermost[0]].each { field, doc ->\n");
    out.append("      method name: field, type: 'void', params: [values: 'java.lang.Object...'], doc: doc\n");
    out.append("    }\n");
    out.append("  }\n");
    out.append("}\n");
    return out.toString();
  }

  /** Groovy-Eclipse's descriptor. */
  public static String dsld() {
    StringBuilder out = new StringBuilder(String.format(HEADER, "eclipse"));
    out.append("def scripts = fileExtension('oci.groovy')\n\n");
    out.append("contribute(scripts) {\n");
    out.append("  provider = 'ocidsl'\n");
    for (Method m : functions()) {
      out.append("  method name: ").append(quoted(m.getName()))
          .append(", type: ").append(quoted(m.getReturnType().getName()))
          .append(", params: ").append(params(m, false))
          .append(", doc: ").append(quoted(functionDoc(m.getName()))).append('\n');
    }
    appendServiceTypes(out);
    out.append("}\n");
    for (Map.Entry<String, ConfigurationType> record : Catalog.RECORDS.entrySet()) {
      out.append("\ncontribute(scripts & inClosure() & enclosingCallName(").append(quoted(record.getKey())).append(")) {\n");
      out.append("  provider = ").append(quoted("ocidsl: " + record.getKey())).append('\n');
      for (Field<?> field : record.getValue().fields()) {
        out.append("  method name: ").append(quoted(field.name()))
            .append(", type: 'void', params: [value: 'java.lang.Object'], doc: ").append(quoted(fieldDoc(field)))
            .append('\n');
      }
      out.append("}\n");
    }
    return out.toString();
  }

  /** The functions of a script, in a stable order: by name, then by number of parameters. */
  private static List<Method> functions() {
    return Arrays.stream(OcidslScript.class.getDeclaredMethods())
        .filter(OcidslScript::isFunction)
        .sorted(Comparator.comparing(Method::getName).thenComparing(Method::getParameterCount)
            .thenComparing(m -> Arrays.toString(m.getParameterTypes())))
        .toList();
  }

  private static void appendServiceTypes(StringBuilder out) {
    for (Map.Entry<String, ServiceType> type : Catalog.SERVICE_TYPES.entrySet()) {
      out.append("  property name: ").append(quoted(type.getKey()))
          .append(", type: ").append(quoted(ServiceType.class.getName()))
          .append(", doc: ").append(quoted("Service type '" + type.getValue().name() + "'. " + type.getValue().description()))
          .append('\n');
    }
  }

  /** A method's parameters as a Groovy map of names to type names; varargs as IntelliJ writes them. */
  private static String params(Method m, boolean ellipsis) {
    List<String> entries = new ArrayList<>();
    Parameter[] parameters = m.getParameters();
    for (int i = 0; i < parameters.length; i++) {
      Class<?> type = parameters[i].getType();
      String name = parameters[i].isNamePresent() ? parameters[i].getName() : "arg" + (i + 1);
      String typeName = type.isArray()
          ? type.getComponentType().getName() + (ellipsis && m.isVarArgs() && i == parameters.length - 1 ? "..." : "[]")
          : type.getName();
      entries.add(name + ": " + quoted(typeName));
    }
    return entries.isEmpty() ? "[:]" : "[" + String.join(", ", entries) + "]";
  }

  /** A builder's documentation is its record's; other functions have none here. */
  private static String functionDoc(String name) {
    ConfigurationType record = Catalog.RECORDS.get(name);
    return record == null ? "" : record.name() + ". " + record.documentation();
  }

  private static String fieldDoc(Field<?> field) {
    String kind = switch (field.defaultKind()) {
      case VALUE -> ", default " + Values.written(field.defaultValue().get());
      case UNSET -> ", unset by default";
      case REQUIRED -> ", required";
    };
    return field.typeName() + kind + ". " + field.documentation();
  }

  /** {@code text} as a single-quoted Groovy string. */
  private static String quoted(String text) {
    return "'" + text.strip().replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'";
  }
}
