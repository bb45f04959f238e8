package org.ocidsl.dsl.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.Values;
import org.ocidsl.engine.config.ConfigurationType;
import org.ocidsl.engine.service.ServiceExtension;
import org.ocidsl.engine.service.ServiceType;
import org.ocidsl.stdlib.Catalog;
import org.ocidsl.stdlib.ModeServices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ocidsl describe [NAME]}: the records and service types, documented. */
@Command(name = "describe", description = "Without NAME, list the records and service types; with NAME, document one: every field with its type, default and documentation, or a service type's description, extensions and default value.")
final class DescribeCommand implements Callable<Integer> {
  @Parameters(paramLabel = "NAME", arity = "0..1", description = "A record (ociContainer) or a service type (ociServiceType), by its ocidsl or Guix name.")
  String name;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    print(name, spec.commandLine().getOut());
    return 0;
  }

  /** Prints the documentation of {@code name}, or the list of everything when it is null. */
  static void print(String name, PrintWriter out) {
    if (name == null) {
      out.println("Records:");
      Catalog.RECORDS.forEach((n, t) -> out.printf("  %-24s %s%n", n, firstSentence(t.documentation())));
      out.println();
      out.println("Service types:");
      Catalog.SERVICE_TYPES.forEach((n, t) -> out.printf("  %-26s %s%n", n, firstSentence(t.description())));
      out.println();
      out.println("Run 'ocidsl describe NAME' for the fields of a record or the details of a service type,");
      out.println("and 'ocidsl describe script' for the control API of 'ocidsl script' and 'ocidsl repl'.");
      return;
    }
    if (name.equals("script")) {
      out.println("script — the control API of 'ocidsl script FILE [ARG...]' and 'ocidsl repl [FILE]'");
      out.println("  Programs have the whole language in scope, and these calls over the running system of the");
      out.println("  state directory. An error is reported as FILE:LINE:COL: error: ... (exit 1).");
      ControlScript.API.forEach((call, doc) -> {
        out.println("  " + call);
        out.println("      " + doc);
      });
      return;
    }
    for (Map.Entry<String, ConfigurationType> e : Catalog.RECORDS.entrySet()) {
      if (e.getKey().equals(name) || e.getValue().name().equals(name)) {
        out.print(e.getKey() + " — " + e.getValue().describe());
        return;
      }
    }
    for (Map.Entry<String, ServiceType> e : Catalog.SERVICE_TYPES.entrySet()) {
      ServiceType t = e.getValue();
      if (e.getKey().equals(name) || t.name().equals(name) || (t.name() + "-service-type").equals(name)) {
        out.println(e.getKey() + " — service type '" + t.name() + "'");
        out.println("  " + t.description());
        out.println("  extends: " + (t.extensions().isEmpty() ? "nothing (the root)"
            : t.extensions().stream().map(ServiceExtension::target).map(ServiceType::name).collect(Collectors.joining(", "))));
        out.println("  extensible: " + (t.extend() == null ? "no" : "yes"));
        out.println("  default value: " + (t.hasDefaultValue() ? Values.written(t.defaultValue()) : "none: 'service "
            + e.getKey() + ", VALUE' is required"));
        out.println("  home systems: " + ModeServices.homeUse(t));
        return;
      }
    }
    throw new OcidslException("unknown record or service type '" + name + "'; 'ocidsl describe' lists them");
  }

  private static String firstSentence(String text) {
    int end = text.indexOf(". ");
    return (end < 0 ? text : text.substring(0, end + 1)).replace('\n', ' ');
  }
}
