package org.ocidsl.dsl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.Pipeline;
import org.ocidsl.engine.generation.GenerationStore;
import org.ocidsl.engine.generation.GenerationView;
import org.ocidsl.engine.generation.SystemManifest;
import org.ocidsl.engine.supervisor.Plan;
import org.ocidsl.engine.supervisor.Planner;
import org.ocidsl.engine.supervisor.ServiceStatus;
import org.ocidsl.engine.supervisor.Supervisor;
import org.ocidsl.engine.supervisor.SupervisorClient;
import picocli.CommandLine.Option;

/**
 * What {@code reconfigure}, {@code rollback} and {@code switch-generation} share: their options,
 * the running system they switch, the activation of the generation they switch to, and how they
 * print the plan and say how the switch went.
 */
final class Switching {
  /** The options of every command that switches the running system. */
  static final class Options {
    @Option(names = "--no-restart", description = "Leave changed running services running (Guix's behaviour): their replacement waits for their next restart.")
    boolean noRestart;

    @Option(names = "--no-rollback", description = "Keep the new generation even when a service it started fails.")
    boolean noRollback;

    @Option(names = "--settle", paramLabel = "SECONDS", description = "How long each started or restarted service must keep running for the switch to hold (default: ${DEFAULT-VALUE}).")
    double settle = 1.0;

    @Option(names = "--format", paramLabel = "FORMAT", description = "How to print the plan: text or json (default: ${DEFAULT-VALUE}).")
    String format = "text";

    @Option(names = "--root", paramLabel = "DIR", hidden = true, description = "Activate into DIR instead of /: for tests.")
    Path root = Path.of("/");

    /** Refuses a wrong {@code --format} or {@code --settle} as a usage error of {@code command}. */
    void check(picocli.CommandLine command) {
      if (!format.equals("text") && !format.equals("json")) {
        throw new picocli.CommandLine.ParameterException(command, "--format must be text or json, not '" + format + "'");
      }
      if (!(settle >= 0) || settle > 3600) {
        throw new picocli.CommandLine.ParameterException(command, "--settle must be between 0 and 3600 seconds");
      }
    }

    Duration settleTime() {
      return Duration.ofMillis(Math.round(settle * 1000));
    }
  }

  private Switching() {}

  /** The running system of {@code stateDir}, or the error that says there is none. */
  static SupervisorClient running(Path stateDir, String hint) {
    SupervisorClient client = SupervisorClient.of(stateDir);
    try {
      client.ping();
    } catch (OcidslException e) {
      throw new OcidslException(e.getMessage() + (e.getMessage().startsWith("no system is running") ? hint : ""));
    }
    return client;
  }

  /**
   * The plan of a switch of the running system to {@code next}, computed here from the
   * supervisor's status and the generations its services come from: nothing is changed.
   */
  static Plan plan(SupervisorClient client, GenerationView next, boolean restart) {
    Map<String, GenerationView> views = new HashMap<>();
    Map<String, Map<String, SystemManifest.ServiceEntry>> entries = new HashMap<>();
    List<Planner.Current> current = new ArrayList<>();
    for (ServiceStatus s : client.status()) {
      GenerationView view = views.get(s.generation());
      if (view == null) {
        try {
          view = GenerationView.of(Path.of(s.generation()));
        } catch (IOException e) {
          throw new OcidslException("cannot read the generation " + s.generation() + " that service '" + s.name()
              + "' runs from: " + e.getMessage());
        }
        views.put(s.generation(), view);
        Map<String, SystemManifest.ServiceEntry> byName = new HashMap<>();
        view.manifest().services().forEach(e -> byName.put(e.name(), e));
        entries.put(s.generation(), byName);
      }
      SystemManifest.ServiceEntry entry = entries.get(s.generation()).get(s.name());
      if (entry == null) {
        throw new OcidslException("service '" + s.name() + "' is not in the generation " + s.generation()
            + " it runs from");
      }
      boolean active = switch (s.state()) {
        case RUNNING, STARTING, DONE, STOPPING -> true;
        default -> false;
      };
      current.add(new Planner.Current(entry, view, active));
    }
    return Planner.plan(current, next, restart);
  }

  static void print(Plan plan, Options options, PrintWriter out) {
    out.print(options.format.equals("json") ? plan.json() + "\n" : plan.text());
    out.flush();
  }

  /**
   * Activates {@code generation} and switches the running system to it, saying so on {@code out}
   * (on {@code err} when the plan goes out as JSON); a generation whose activation fails is
   * deleted when {@code built} (this command made it). Returns the plan carried out.
   *
   * @param secrets the services' secret environment, or null for what the supervisor holds
   */
  static Plan activateAndSwitch(
      PrintWriter out, PrintWriter err, SupervisorClient client, Options options, Pipeline pipeline,
      Path generation, Map<String, Map<String, String>> secrets, boolean built) throws IOException {
    PrintWriter messages = options.format.equals("json") ? err : out;
    GenerationStore store = new GenerationStore(pipeline.state().dir());
    pipeline.activate(generation, options.root, messages::println, built);
    messages.println("Switching to generation " + number(store, generation) + ".");
    messages.flush();
    Path before = Path.of(client.ping().generation());
    Supervisor.SwitchResult result;
    try {
      result = client.switchTo(generation, secrets, !options.noRestart, !options.noRollback, options.settleTime());
    } catch (OcidslException refused) {
      // Nothing was switched (a generation lacking secrets, say): the host goes back to the
      // generation that runs, and one built for this switch alone goes.
      pipeline.activate(before, options.root, messages::println, false);
      if (built) {
        GenerationStore.deleteRecursively(generation);
      }
      throw refused;
    }
    print(result.plan(), options, out);
    result.messages().forEach(messages::println);
    messages.flush();
    if (result.failure() != null) {
      Path running = Path.of(result.generation());
      if (!running.equals(generation.toAbsolutePath().normalize())) {
        // Switched back: the host is made ready for the generation that runs again.
        pipeline.activate(running, options.root, messages::println, false);
      }
      throw new OcidslException(result.failure());
    }
    messages.println("The system runs generation " + number(store, generation) + ".");
    messages.flush();
    return result.plan();
  }

  /** The generation number of {@code dir} in {@code store}, for messages. */
  static String number(GenerationStore store, Path dir) {
    Path parent = dir.toAbsolutePath().normalize().getParent();
    return parent != null && parent.equals(store.generationsDir()) ? dir.getFileName().toString() : dir.toString();
  }
}
