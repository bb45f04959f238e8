package org.ocidsl.dsl.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.ocidsl.engine.config.ConfigurationType;
import org.ocidsl.engine.config.Field;
import org.ocidsl.stdlib.Catalog;

/**
 * Tab completion in the REPL: the commands after a {@code :}, the services of {@code system}
 * after {@code :launcher}, the running services in {@code status('…}, {@code start('…} and the
 * like, the fields of the record whose block the cursor is in, and everywhere the builders,
 * service types, functions of the language and of the control API, and the session's variables.
 */
final class ReplCompleter implements Completer {
  /** The calls of the control API and of the language that take a service name first. */
  private static final Pattern SERVICE_ARGUMENT =
      Pattern.compile("\\b(status|start|stop|restart|logs|action)\\s*\\(\\s*['\"]$");

  /** The language's functions that are neither builders nor the control API. */
  private static final List<String> FUNCTIONS = List.of("system", "service", "simpleService", "serviceType",
      "serviceExtension", "modifyServices", "plainFile", "localFile", "directory", "files", "programs", "tarball",
      "pamLimitsEntry");

  private final Repl repl;

  ReplCompleter(Repl repl) {
    this.repl = repl;
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    String before = line.line().substring(0, line.cursor() - line.wordCursor());
    if (line.word().startsWith(":")) {
      Repl.COMMANDS.keySet().forEach(c -> add(candidates, c.split(" ")[0], "commands", true));
    } else if (before.matches("(?s)(.*\n)?:launcher\\s+")) {
      repl.systemServices().forEach(s -> add(candidates, s, "services of system", true));
    } else if (before.matches("(?s)(.*\n)?:describe\\s+")) {
      Catalog.RECORDS.keySet().forEach(r -> add(candidates, r, "records", true));
      Catalog.SERVICE_TYPES.keySet().forEach(t -> add(candidates, t, "service types", true));
      add(candidates, "script", "the control API", true);
    } else if (SERVICE_ARGUMENT.matcher(before).find()) {
      repl.runningServices().forEach(s -> add(candidates, s, "running services", false));
    } else {
      ConfigurationType record = enclosingRecord(line.line().substring(0, line.cursor()));
      if (record != null) {
        record.fields().stream().map(Field::name).forEach(f -> add(candidates, f, "fields of " + record.name(), true));
      }
      Catalog.RECORDS.keySet().forEach(r -> add(candidates, r, "records", true));
      Catalog.SERVICE_TYPES.keySet().forEach(t -> add(candidates, t, "service types", true));
      FUNCTIONS.forEach(f -> add(candidates, f, "language", true));
      controlCalls().forEach(c -> add(candidates, c, "control API", true));
      repl.variables().forEach(v -> add(candidates, v, "variables", true));
    }
  }

  private static void add(List<Candidate> candidates, String value, String group, boolean complete) {
    candidates.add(new Candidate(value, value, group, null, null, null, complete));
  }

  /** The names of the control API's calls, as {@code ocidsl describe script} lists them. */
  private static List<String> controlCalls() {
    List<String> names = new ArrayList<>();
    for (String call : ControlScript.API.keySet()) {
      Matcher m = Pattern.compile("([A-Za-z]+)(\\(|$)").matcher(call);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names.stream().distinct().toList();
  }

  /**
   * The record whose block {@code text} ends in ({@code ociContainer { por}, {@code
   * ociContainer(web) { por}), or null when the innermost open brace is no record's.
   */
  static ConfigurationType enclosingRecord(String text) {
    List<Integer> open = ReplParser.scan(text).open();
    if (open.isEmpty() || text.charAt(open.get(open.size() - 1)) != '{') {
      return null;
    }
    int i = open.get(open.size() - 1) - 1;
    while (i >= 0 && Character.isWhitespace(text.charAt(i))) {
      i--;
    }
    if (i >= 0 && text.charAt(i) == ')') {
      for (int depth = 0; i >= 0; i--) {
        depth += text.charAt(i) == ')' ? 1 : text.charAt(i) == '(' ? -1 : 0;
        if (depth == 0) {
          break;
        }
      }
      i--;
    }
    int end = i + 1;
    while (i >= 0 && Character.isJavaIdentifierPart(text.charAt(i))) {
      i--;
    }
    return Catalog.RECORDS.get(text.substring(i + 1, end));
  }
}
