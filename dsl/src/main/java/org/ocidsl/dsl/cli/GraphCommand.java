package org.ocidsl.dsl.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ocidsl.dsl.Systems;
import org.ocidsl.dsl.eval.Evaluator;
import org.ocidsl.engine.service.Service;
import org.ocidsl.engine.shepherd.ShepherdService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ocidsl graph FILE}: the service extension graph, like {@code guix system
 * extension-graph}, or with {@code --shepherd} the graph of shepherd services by requirement.
 */
@Command(name = "graph", description = "Print the service extension graph of FILE (an edge A -> B: A extends B), or with --shepherd its shepherd services (A -> B: A requires B).")
final class GraphCommand implements Callable<Integer> {
  enum Format { dot, text }

  @Parameters(paramLabel = "FILE", description = "The system, a *.oci.groovy file.")
  Path file;

  @Option(names = "--shepherd", description = "Graph the shepherd services and their requirements.")
  boolean shepherd;

  @Option(names = "--format", paramLabel = "FORMAT", description = "dot (the default, for graphviz) or text.")
  Format format = Format.dot;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  private record Edge(String from, String to) {}

  @Override
  public Integer call() {
    Systems.Folded system = Systems.load(file, file.toString(), new Evaluator(Evaluator.defaultCacheDir()), GlobalOptions.of(spec).mode());
    Warnings.print(spec.commandLine().getErr());
    print(system, shepherd, format, spec.commandLine().getOut());
    return 0;
  }

  /**
   * Prints the extension graph of {@code system}, or with {@code shepherd} its shepherd
   * services by requirement, in {@code format}.
   */
  static void print(Systems.Folded system, boolean shepherd, Format format, PrintWriter out) {
    List<String> nodes = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    List<Edge> edges = new ArrayList<>();
    if (shepherd) {
      for (ShepherdService s : system.graph().startOrder()) {
        nodes.add(s.name());
        labels.add(s.name());
        for (ShepherdService required : system.graph().requirements(s)) {
          edges.add(new Edge(s.name(), required.name()));
        }
      }
    } else {
      Map<Service, String> ids = new IdentityHashMap<>();
      for (Service s : system.fold().services()) {
        String id = "s" + ids.size();
        ids.put(s, id);
        nodes.add(id);
        labels.add(s.type().name());
      }
      system.fold().extensions().forEach(e -> edges.add(new Edge(ids.get(e.getKey()), ids.get(e.getValue()))));
    }
    if (format == Format.dot) {
      out.println("digraph \"" + (shepherd ? "shepherd-graph" : "extension-graph") + "\" {");
      for (int i = 0; i < nodes.size(); i++) {
        out.println("  " + quote(nodes.get(i)) + " [label = " + quote(labels.get(i)) + "];");
      }
      edges.forEach(e -> out.println("  " + quote(e.from()) + " -> " + quote(e.to()) + ";"));
      out.println("}");
    } else {
      for (int i = 0; i < nodes.size(); i++) {
        String node = nodes.get(i);
        List<String> targets = edges.stream().filter(e -> e.from().equals(node))
            .map(e -> labels.get(nodes.indexOf(e.to()))).toList();
        out.println(labels.get(i) + (targets.isEmpty() ? "" : " -> " + String.join(", ", targets)));
      }
    }
    out.flush();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
