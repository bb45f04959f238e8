package org.ocidsl.engine.supervisor;

import java.util.List;

/**
 * What a switch to another generation does to each service: the services it stops (and
 * unloads), starts, restarts, and keeps as they are, each with the reasons in words. {@code
 * warnings} are what it leaves alone although it changed (a volume's options, say).
 */
public record Plan(List<Entry> stop, List<Entry> start, List<Entry> restart, List<Entry> keep, List<String> warnings) {

  /** One service of the plan, and why it is there. */
  public record Entry(String service, List<String> reasons) {
    public Entry {
      reasons = List.copyOf(reasons);
    }
  }

  public Plan {
    stop = List.copyOf(stop);
    start = List.copyOf(start);
    restart = List.copyOf(restart);
    keep = List.copyOf(keep);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /** Whether the switch starts, stops or restarts nothing. */
  public boolean touchesNothing() {
    return stop.isEmpty() && start.isEmpty() && restart.isEmpty();
  }

  /** The plan as a person reads it: a section per kind of change, a reason per line. */
  public String text() {
    StringBuilder out = new StringBuilder();
    section(out, "stop", stop);
    section(out, "start", start);
    section(out, "restart", restart);
    long unchanged = keep.stream().filter(e -> e.reasons().isEmpty()).count();
    List<Entry> keptWithReasons = keep.stream().filter(e -> !e.reasons().isEmpty()).toList();
    section(out, "keep", keptWithReasons);
    if (unchanged > 0) {
      out.append(unchanged).append(unchanged == 1 ? " service is" : " services are")
          .append(" unchanged and not touched.\n");
    }
    for (String warning : warnings) {
      out.append("warning: ").append(warning).append('\n');
    }
    if (touchesNothing()) {
      out.append("Nothing to start, stop or restart.\n");
    }
    return out.toString();
  }

  private static void section(StringBuilder out, String verb, List<Entry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    out.append("To ").append(verb).append(" (").append(entries.size()).append("):\n");
    for (Entry e : entries) {
      out.append("  ").append(e.service());
      if (!e.reasons().isEmpty()) {
        out.append(": ").append(String.join("; ", e.reasons()));
      }
      out.append('\n');
    }
  }

  /** The plan as one JSON object: the arrays stop, start, restart, keep (and warnings). */
  public String json() {
    return Protocol.write(Protocol.toMap(this));
  }
}
