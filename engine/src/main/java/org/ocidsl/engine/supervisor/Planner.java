package org.ocidsl.engine.supervisor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ocidsl.engine.generation.GenerationView;
import org.ocidsl.engine.generation.SystemManifest;
import org.ocidsl.engine.generation.SystemManifest.ServiceEntry;

/**
 * Computes the {@link Plan} of a switch from the services that are loaded to the services of
 * another generation, as Guix's reconfiguration would, but restarting what changed.
 *
 * <p>A service has changed when anything it runs has: its launchers (the image IDs they name
 * set apart, reported as images), its definition (user, group, environment, requirements,
 * respawn, log file, directory, PID file, actions, provisions), the image ID of the image it runs,
 * the content of the host files it mounts, or the digests of its secrets. Changed services that
 * run are restarted, and so are the running services that require them, transitively (a
 * one-shot's dependents excepted: its work is done on the host, and nothing of it runs). A
 * changed service that does not run starts only when it starts automatically; an unchanged one
 * is kept as it is, running or not.
 */
public final class Planner {
  private static final int SHOWN_WORDS = 6;
  private static final Pattern WORD = Pattern.compile("'[^']*'(?:\\\\''[^']*')*'?|\"[^\"]*\"|\\S+");

  private Planner() {}

  /** A loaded service: what it was defined by, and whether it runs (or is a one-shot done). */
  public record Current(ServiceEntry entry, GenerationView view, boolean active) {}

  /**
   * The plan from {@code current} to the services of {@code next}.
   *
   * @param restart false for Guix's behaviour: changed running services keep running, their
   *     replacement pending until they are next restarted
   */
  public static Plan plan(List<Current> current, GenerationView next, boolean restart) {
    Map<String, Current> before = new LinkedHashMap<>();
    current.forEach(c -> before.put(c.entry().name(), c));
    SystemManifest manifest = next.manifest();
    Map<String, ServiceEntry> after = new LinkedHashMap<>();
    manifest.services().forEach(s -> after.put(s.name(), s));

    Map<String, List<String>> changed = new LinkedHashMap<>();
    for (ServiceEntry s : after.values()) {
      Current c = before.get(s.name());
      if (c != null) {
        List<String> reasons = differences(c, s, next);
        if (!reasons.isEmpty()) {
          changed.put(s.name(), reasons);
        }
      }
    }

    Map<String, List<String>> restarted = new LinkedHashMap<>();
    if (restart) {
      for (Map.Entry<String, List<String>> e : changed.entrySet()) {
        if (before.get(e.getKey()).active()) {
          restarted.put(e.getKey(), e.getValue());
        }
      }
      // Running dependents follow, in the new graph, transitively.
      List<String> todo = new ArrayList<>(restarted.keySet());
      while (!todo.isEmpty()) {
        String name = todo.remove(0);
        if (after.get(name).oneShot()) {
          continue;
        }
        for (ServiceEntry d : after.values()) {
          Current c = before.get(d.name());
          if (c != null && c.active() && !restarted.containsKey(d.name()) && requires(d, after.get(name))) {
            restarted.put(d.name(), List.of("it requires " + name + ", which is restarted"));
            todo.add(d.name());
          }
        }
      }
    }

    List<Plan.Entry> stop = new ArrayList<>();
    for (Current c : before.values()) {
      if (!after.containsKey(c.entry().name())) {
        stop.add(new Plan.Entry(c.entry().name(), List.of("the new generation does not provide it")));
      }
    }
    List<Plan.Entry> start = new ArrayList<>();
    List<Plan.Entry> restartEntries = new ArrayList<>();
    List<Plan.Entry> keep = new ArrayList<>();
    for (ServiceEntry s : after.values()) {
      Current c = before.get(s.name());
      if (c == null) {
        if (s.autoStart()) {
          start.add(new Plan.Entry(s.name(), List.of("new service")));
        } else {
          keep.add(new Plan.Entry(s.name(), List.of("new service, started on demand")));
        }
      } else if (restarted.containsKey(s.name())) {
        restartEntries.add(new Plan.Entry(s.name(), restarted.get(s.name())));
      } else if (changed.containsKey(s.name())) {
        List<String> reasons = new ArrayList<>(changed.get(s.name()));
        if (c.active()) {
          reasons.add("replacement pending until it is restarted");
          keep.add(new Plan.Entry(s.name(), reasons));
        } else if (s.autoStart()) {
          start.add(new Plan.Entry(s.name(), reasons));
        } else {
          keep.add(new Plan.Entry(s.name(), reasons));
        }
      } else {
        keep.add(new Plan.Entry(s.name(), List.of()));
      }
    }
    return new Plan(stop, start, restartEntries, keep, volumeWarnings(before, after.values()));
  }

  /** A warning for each volume whose options changed: a switch never recreates one. */
  private static List<String> volumeWarnings(Map<String, Current> before, Iterable<ServiceEntry> after) {
    List<String> warnings = new ArrayList<>();
    for (ServiceEntry s : after) {
      Current c = before.get(s.name());
      if (c == null) {
        continue;
      }
      s.inputs().forEach((input, digest) -> {
        String was = c.entry().inputs().get(input);
        if (input.startsWith("volume ") && was != null && !was.equals(digest)) {
          warnings.add(input + "'s options changed, but a reconfigure never recreates a volume (its data"
              + " would be lost): remove it by hand for it to be created anew");
        }
      });
    }
    return warnings;
  }

  private static boolean requires(ServiceEntry dependent, ServiceEntry service) {
    for (String r : dependent.requirement()) {
      if (service.provision().contains(r)) {
        return true;
      }
    }
    return false;
  }

  /** Why {@code next} differs from what {@code current} runs, in words; empty if it does not. */
  static List<String> differences(Current current, ServiceEntry next, GenerationView nextView) {
    ServiceEntry before = current.entry();
    List<String> reasons = new ArrayList<>();
    Optional<SystemManifest.ImageRecord> imageBefore = current.view().manifest().image(before.name());
    Optional<SystemManifest.ImageRecord> imageAfter = nextView.manifest().image(next.name());
    String idBefore = imageBefore.map(SystemManifest.ImageRecord::id).orElse(null);
    String idAfter = imageAfter.map(SystemManifest.ImageRecord::id).orElse(null);
    if (idBefore != null && idAfter != null && !idBefore.equals(idAfter)) {
      reasons.add("image " + imageAfter.get().reference() + " changed: " + shortId(idBefore) + " → " + shortId(idAfter));
    }
    // Actions are not among them: they run beside the service, from its new definition at once.
    // Nor is the stop timeout: it is the supervisor's to apply, at the next stop, from the new
    // definition that an unchanged service takes at once.
    // Equal digests say the launchers are equal without reading them.
    boolean sameLaunchers = before.launcherDigest() != null && before.launcherDigest().equals(next.launcherDigest());
    for (String file : sameLaunchers ? List.<String>of() : List.of("start", "stop", "health")) {
      String a = current.view().launcher(before, file);
      String b = nextView.launcher(next, file);
      if (a != null && idBefore != null && idAfter != null) {
        a = a.replace(idBefore, idAfter);
      }
      // Digests a launcher names (a network's options label) are reported as the inputs they are.
      for (Map.Entry<String, String> input : before.inputs().entrySet()) {
        String now = next.inputs().get(input.getKey());
        if (a != null && now != null && !input.getKey().startsWith("secret ")) {
          a = a.replace(input.getValue(), now);
        }
      }
      if (!Objects.equals(a, b)) {
        String what = file + " command";
        reasons.add(a == null ? what + " added" : b == null ? what + " removed" : what + " changed: " + wordDiff(a, b));
      }
    }
    field(reasons, "provisions", before.provision(), next.provision());
    listDiff(reasons, "requirements", before.requirement(), next.requirement());
    listDiff(reasons, "environment", before.environment(), next.environment());
    listDiff(reasons, "secret variables", before.secretEnvironment(), next.secretEnvironment());
    field(reasons, "user", before.user(), next.user());
    field(reasons, "group", before.group(), next.group());
    field(reasons, "directory", before.directory(), next.directory());
    field(reasons, "log file", before.logFile(), next.logFile());
    field(reasons, "PID file", before.pidFile(), next.pidFile());
    field(reasons, "PID file timeout", before.pidFileTimeout(), next.pidFileTimeout());
    field(reasons, "one-shot", before.oneShot(), next.oneShot());
    field(reasons, "respawn", before.respawn(), next.respawn());
    field(reasons, "health check", before.health(), next.health());
    Set<String> inputs = new TreeSet<>(before.inputs().keySet());
    inputs.addAll(next.inputs().keySet());
    for (String input : inputs) {
      String a = before.inputs().get(input);
      String b = next.inputs().get(input);
      if (a != null && b != null && !a.equals(b)) {
        reasons.add(input.startsWith("network ") ? input + " changed: it is recreated" : input + " changed");
      } else if (a == null && !input.startsWith("secret ")) {
        reasons.add(input + " added");
      }
    }
    return reasons;
  }

  private static String shortId(String id) {
    String hex = id.startsWith("sha256:") ? id.substring("sha256:".length()) : id;
    return hex.length() > 12 ? hex.substring(0, 12) : hex;
  }

  private static void field(List<String> reasons, String name, Object before, Object after) {
    if (!Objects.equals(before, after)) {
      reasons.add(name + " changed: " + show(before) + " → " + show(after));
    }
  }

  private static String show(Object value) {
    if (value == null || value instanceof List<?> list && list.isEmpty()) {
      return "none";
    }
    if (value instanceof List<?> list) {
      return String.join(" ", list.stream().map(String::valueOf).toList());
    }
    return String.valueOf(value);
  }

  private static void listDiff(List<String> reasons, String name, List<String> before, List<String> after) {
    if (before.equals(after)) {
      return;
    }
    Set<String> removed = new LinkedHashSet<>(before);
    after.forEach(removed::remove);
    Set<String> added = new LinkedHashSet<>(after);
    before.forEach(added::remove);
    if (removed.isEmpty() && added.isEmpty()) {
      reasons.add(name + " reordered");
      return;
    }
    if (name.equals("environment")) {
      reasons.add(name + " changed: " + show(List.copyOf(removed)) + " → " + show(List.copyOf(added)));
      return;
    }
    List<String> parts = new ArrayList<>();
    removed.forEach(r -> parts.add("-" + r));
    added.forEach(a -> parts.add("+" + a));
    reasons.add(name + " changed: " + String.join(" ", parts));
  }

  /**
   * The words of {@code a} that {@code b} replaces, and the words replacing them, as {@code
   * X → Y}: the shell words between their common beginning and common end, with the option
   * before them when they are an option's value ({@code --env LEVEL=1 → --env LEVEL=2}).
   */
  static String wordDiff(String a, String b) {
    List<String> linesA = a.lines().toList();
    List<String> linesB = b.lines().toList();
    if (linesA.size() == linesB.size()) {
      // The first line that differs, shown word by word; the others counted.
      int first = -1;
      int others = 0;
      for (int i = 0; i < linesA.size(); i++) {
        if (!linesA.get(i).equals(linesB.get(i))) {
          if (first < 0) {
            first = i;
          } else {
            others++;
          }
        }
      }
      if (first >= 0) {
        return wordsDiff(linesA.get(first), linesB.get(first))
            + (others == 0 ? "" : " (and " + others + " more line" + (others == 1 ? "" : "s") + ")");
      }
    }
    return wordsDiff(a, b);
  }

  private static String wordsDiff(String a, String b) {
    List<String> x = words(a);
    List<String> y = words(b);
    int head = 0;
    while (head < x.size() && head < y.size() && x.get(head).equals(y.get(head))) {
      head++;
    }
    int tail = 0;
    while (tail < x.size() - head && tail < y.size() - head
        && x.get(x.size() - 1 - tail).equals(y.get(y.size() - 1 - tail))) {
      tail++;
    }
    if (head > 0 && x.get(head - 1).startsWith("-")) {
      head--;
    }
    return shown(x.subList(head, x.size() - tail)) + " → " + shown(y.subList(head, y.size() - tail));
  }

  private static String shown(List<String> words) {
    if (words.isEmpty()) {
      return "(nothing)";
    }
    if (words.size() <= SHOWN_WORDS) {
      return String.join(" ", words);
    }
    return String.join(" ", words.subList(0, SHOWN_WORDS)) + " …";
  }

  /** The shell words of {@code text}, unquoted; a word with blanks in it is shown quoted. */
  private static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      String word = m.group();
      if (word.length() >= 2 && word.startsWith("'") && word.endsWith("'")) {
        word = word.substring(1, word.length() - 1).replace("'\\''", "'");
        if (word.isEmpty() || word.chars().anyMatch(Character::isWhitespace)) {
          word = "'" + word + "'";
        }
      }
      words.add(word);
    }
    return words;
  }
}
