package org.ocidsl.dsl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.ocidsl.dsl.SystemDefinition;
import org.ocidsl.dsl.Systems;
import org.ocidsl.dsl.eval.Evaluator;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.Pipeline;
import org.ocidsl.engine.generation.GenerationStore;
import org.ocidsl.engine.generation.GenerationView;
import org.ocidsl.engine.supervisor.Plan;
import org.ocidsl.engine.supervisor.ServiceStatus;
import org.ocidsl.engine.supervisor.StateDirectory;
import org.ocidsl.engine.supervisor.Supervisor;
import org.ocidsl.engine.supervisor.SupervisorClient;

/**
 * The running system of one state directory, as programs see it ({@link ControlScript}): the
 * same engine calls as the commands {@code reconfigure}, {@code status}, {@code start}, {@code
 * logs}, {@code rollback}… make, with their messages on {@code out} and {@code err}. It outlives
 * one script: the REPL's inputs share it.
 */
final class Control {
  private final Path stateDir;
  private final Pipeline pipeline;
  private final Evaluator evaluator;
  private final Path program;
  private final PrintWriter out;
  private final PrintWriter err;
  /** The file each system that {@code load} returned comes from: the source its generation records. */
  private final Map<SystemDefinition, Path> sources = new IdentityHashMap<>();

  /**
   * The control of {@code stateDir}'s system for {@code program}, the script (or the REPL's
   * directory): the source recorded for the systems it makes itself.
   */
  Control(Path stateDir, Pipeline pipeline, Evaluator evaluator, Path program, PrintWriter out, PrintWriter err) {
    this.stateDir = stateDir;
    this.pipeline = pipeline;
    this.evaluator = evaluator;
    this.program = program;
    this.out = out;
    this.err = err;
  }

  Evaluator evaluator() {
    return evaluator;
  }

  /** Notes that {@code value}, if it is a system, was loaded from {@code file}. */
  Object loaded(Object value, Path file) {
    if (value instanceof SystemDefinition system) {
      sources.put(system, file.toAbsolutePath().normalize());
    }
    return value;
  }

  /** {@code value} folded and checked, as reconfigure folds its file; {@code what} names the call. */
  Systems.Folded fold(Object value, String what) {
    if (!(value instanceof SystemDefinition system)) {
      throw new OcidslException(what + " takes a system (what load or system { } returns) but " + value + " was found");
    }
    Path source = sources.getOrDefault(system, program);
    Systems.Folded folded = Systems.fold(system, source.toString(), source, evaluator, pipeline.mode());
    Warnings.print(err);
    return folded;
  }

  /** The text of {@code service}'s start launcher in {@code system}, as {@code build} would write it. */
  String launcher(Object system, String service) {
    Systems.Folded folded = fold(system, ":launcher");
    try {
      GenerationView view = pipeline.preview(folded.generation(), folded.source());
      return view.launcher(view.manifest().service(service), "start");
    } catch (IOException e) {
      throw failed(e);
    }
  }

  /** The names the running system's services provide, as shell completion offers them; none when no system runs. */
  List<String> runningServices() {
    return StatusCommand.providedNames(stateDir);
  }

  private SupervisorClient running() {
    return Switching.running(stateDir, "; 'ocidsl run FILE' starts one");
  }

  /** What reconfiguring to {@code system} would do, as {@code reconfigure --dry-run}: nothing changes. */
  Plan plan(Object system) {
    Systems.Folded folded = fold(system, "plan");
    SupervisorClient client = running();
    try (StateDirectory.SwitchLock lock = StateDirectory.of(stateDir).switchLock("plan of " + folded.source())) {
      return Switching.plan(client, pipeline.preview(folded.generation(), folded.source()), true);
    } catch (IOException e) {
      throw failed(e);
    }
  }

  /** Switches the running system to {@code system}, as {@code reconfigure} does (and rolls back as it does). */
  Plan reconfigure(Object system) {
    Systems.Folded folded = fold(system, "reconfigure");
    SupervisorClient client = running();
    try (StateDirectory.SwitchLock lock = StateDirectory.of(stateDir).switchLock("reconfigure " + folded.source())) {
      Path generation = pipeline.build(folded.generation(), folded.source(), null);
      return Switching.activateAndSwitch(out, err, client, new Switching.Options(), pipeline, generation,
          Pipeline.secrets(folded.generation()), true);
    } catch (IOException e) {
      throw failed(e);
    }
  }

  List<ControlScript.Status> status() {
    SupervisorClient client = running();
    return client.status().stream().map(s -> new ControlScript.Status(s, StatusCommand.detail(client, s))).toList();
  }

  ControlScript.Status status(String service) {
    SupervisorClient client = running();
    ServiceStatus s = client.status(service);
    return new ControlScript.Status(s, StatusCommand.detail(client, s));
  }

  void start(String service) {
    say(running().start(service));
  }

  void stop(String service) {
    say(running().stop(service));
  }

  void restart(String service) {
    say(running().restart(service));
  }

  private void say(List<String> messages) {
    messages.forEach(out::println);
    out.flush();
  }

  /** Runs {@code action} of {@code service}; returns what it printed, or fails as {@code ocidsl action} does. */
  String action(String service, String action, List<String> args) {
    Supervisor.ActionResult result = running().action(service, action, args);
    if (result.exitStatus() != 0) {
      String last = result.output().strip().lines().reduce((a, b) -> b).orElse("");
      throw new OcidslException("action '" + action + "' of service '" + service + "' exited with status "
          + result.exitStatus() + (last.isEmpty() ? "" : ": " + last));
    }
    return result.output();
  }

  /** The last {@code lines} lines of {@code service}'s log (all of them when {@code lines} is null). */
  String logs(String service, Integer lines) {
    if (lines != null && lines < 0) {
      throw new OcidslException("logs: lines must be 0 or more, not " + lines);
    }
    Path log = SupervisorClient.of(stateDir).logFile(service);
    try {
      // Decoded as 'ocidsl logs' prints it: a byte that is no UTF-8 is replaced, not an error.
      List<String> all = Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList()
          : List.of();
      List<String> last = lines == null ? all : all.subList(Math.max(0, all.size() - lines), all.size());
      return last.isEmpty() ? "" : String.join("\n", last) + "\n";
    } catch (IOException e) {
      throw failed(e);
    }
  }

  List<GenerationCommands.Listed> generations() {
    try {
      return GenerationCommands.list(new GenerationStore(stateDir));
    } catch (IOException e) {
      throw failed(e);
    }
  }

  Plan rollback() {
    try {
      return GenerationCommands.rollback(out, err, new Switching.Options(), pipeline, new GenerationStore(stateDir));
    } catch (IOException e) {
      throw failed(e);
    }
  }

  Plan switchGeneration(int number) {
    try {
      return GenerationCommands.switchGeneration(out, err, new Switching.Options(), pipeline,
          new GenerationStore(stateDir), number);
    } catch (IOException e) {
      throw failed(e);
    }
  }

  private static OcidslException failed(IOException e) {
    return new OcidslException(e.getMessage() == null ? e.toString() : e.getMessage());
  }
}
