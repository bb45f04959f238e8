package org.ocidsl.dsl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.Pipeline;
import org.ocidsl.engine.StateLayout;
import org.ocidsl.engine.generation.GenerationStore;
import org.ocidsl.engine.generation.SystemManifest;
import org.ocidsl.engine.image.api.ImageBuilder;
import org.ocidsl.engine.supervisor.Plan;
import org.ocidsl.engine.supervisor.ServiceStatus;
import org.ocidsl.engine.supervisor.StateDirectory;
import org.ocidsl.engine.supervisor.SupervisorClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The generations of a state directory, as {@code guix system list-generations}, {@code
 * roll-back}, {@code switch-generation} and {@code delete-generations} handle them: a switch to
 * a generation already built evaluates no source.
 */
final class GenerationCommands {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("MMM dd yyyy HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

  private GenerationCommands() {}

  /** The number of the current generation, if {@code current} names one of {@code store}'s. */
  static Optional<Integer> current(GenerationStore store) {
    return store.current()
        .filter(p -> p.getParent() != null && p.getParent().equals(store.generationsDir().toAbsolutePath().normalize()))
        .map(p -> Integer.valueOf(p.getFileName().toString()));
  }

  /**
   * One generation as {@code generations} lists it: its number, date, source file, number of
   * services, and whether it is the current one; {@code unreadable} says why its manifest could
   * not be read (its file and services are then unknown), else it is null.
   */
  public record Listed(int number, String date, String file, int services, boolean current, String unreadable) {
    /** The lines {@code ocidsl generations} prints for it. */
    @Override
    public String toString() {
      if (unreadable != null) {
        return "Generation " + number + "\t(unreadable: " + unreadable + ")\n";
      }
      return "Generation " + number + "\t" + date + (current ? "\t(current)" : "") + "\n"
          + "  file: " + file + "\n" + "  services: " + services + "\n";
    }
  }

  /** The generations of {@code store}, oldest first. */
  static List<Listed> list(GenerationStore store) throws IOException {
    Optional<Integer> current = current(store);
    List<Listed> listed = new ArrayList<>();
    for (int n : store.numbers()) {
      Path dir = store.generation(n);
      String date = DATE.format(Files.getLastModifiedTime(dir).toInstant());
      boolean isCurrent = current.isPresent() && current.get() == n;
      try {
        SystemManifest manifest = SystemManifest.read(dir);
        listed.add(new Listed(n, date, manifest.source(), manifest.services().size(), isCurrent, null));
      } catch (IOException e) {
        listed.add(new Listed(n, date, null, 0, isCurrent, e.getMessage()));
      }
    }
    return listed;
  }

  @Command(name = "generations", description = "List the system generations: number, date, source file, services, and which one is current.")
  static final class ListGenerations implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      list(new GenerationStore(GlobalOptions.of(spec).stateDir())).forEach(out::print);
      out.flush();
      return 0;
    }
  }

  /**
   * Switches the running system to generation {@code number} of {@code store}, saying so on
   * {@code out} and {@code err}; returns the plan carried out.
   */
  static Plan switchTo(
      PrintWriter out, PrintWriter err, Switching.Options options, Pipeline pipeline, GenerationStore store, int number,
      String what) throws IOException {
    SupervisorClient client = Switching.running(store.stateDir(), "");
    try (StateDirectory.SwitchLock lock = StateDirectory.of(store.stateDir()).switchLock(what)) {
      return Switching.activateAndSwitch(out, err, client, options, pipeline, store.generation(number), null, false);
    }
  }

  /** Switches the running system to the generation before the current one. */
  static Plan rollback(PrintWriter out, PrintWriter err, Switching.Options options, Pipeline pipeline, GenerationStore store)
      throws IOException {
    int current = current(store).orElseThrow(() -> new OcidslException("there is no current generation in " + store.stateDir()));
    int previous = store.numbers().stream().filter(n -> n < current).reduce((a, b) -> b)
        .orElseThrow(() -> new OcidslException("generation " + current + " is the first one: there is no previous generation to roll back to"));
    return switchTo(out, err, options, pipeline, store, previous, "rollback to generation " + previous);
  }

  /** Switches the running system to generation {@code number}, which must exist. */
  static Plan switchGeneration(
      PrintWriter out, PrintWriter err, Switching.Options options, Pipeline pipeline, GenerationStore store, int number)
      throws IOException {
    if (!store.numbers().contains(number)) {
      throw new OcidslException("generation " + number + " does not exist in " + store.stateDir()
          + " ('ocidsl generations' lists them)");
    }
    return switchTo(out, err, options, pipeline, store, number, "switch to generation " + number);
  }

  @Command(name = "rollback", description = "Switch the running system to the generation before the current one, evaluating no source.")
  static final class Rollback implements Callable<Integer> {
    @Mixin Switching.Options options;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      options.check(spec.commandLine());
      GlobalOptions global = GlobalOptions.of(spec);
      rollback(spec.commandLine().getOut(), spec.commandLine().getErr(), options, global.pipeline(),
          new GenerationStore(global.stateDir()));
      return 0;
    }
  }

  @Command(name = "switch-generation", description = "Switch the running system to generation N, evaluating no source.")
  static final class SwitchGeneration implements Callable<Integer> {
    @Parameters(paramLabel = "N", description = "The number of a generation, as 'ocidsl generations' lists it.")
    int number;

    @Mixin Switching.Options options;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      options.check(spec.commandLine());
      GlobalOptions global = GlobalOptions.of(spec);
      switchGeneration(spec.commandLine().getOut(), spec.commandLine().getErr(), options, global.pipeline(),
          new GenerationStore(global.stateDir()), number);
      return 0;
    }
  }

  @Command(name = "delete-generations", description = "Delete generations N... (by default every one but the current), never the current one nor one a running service comes from; then drop the cached images no remaining generation uses.")
  static final class Delete implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "N", description = "The generations to delete.")
    List<Integer> numbers = new ArrayList<>();

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      Path stateDir = GlobalOptions.of(spec).stateDir();
      GenerationStore store = new GenerationStore(stateDir);
      Optional<Integer> current = current(store);
      Set<Path> inUse = new LinkedHashSet<>();
      SupervisorClient client = SupervisorClient.of(stateDir);
      if (client.isRunning()) {
        for (ServiceStatus s : client.status()) {
          inUse.add(Path.of(s.generation()));
        }
      }
      List<Integer> present = store.numbers();
      List<Integer> doomed = new ArrayList<>();
      if (numbers.isEmpty()) {
        present.stream().filter(n -> current.isEmpty() || n != current.get()).forEach(doomed::add);
      } else {
        for (int n : numbers) {
          if (!present.contains(n)) {
            throw new OcidslException("generation " + n + " does not exist in " + stateDir);
          }
          if (current.isPresent() && current.get() == n) {
            throw new OcidslException("generation " + n + " is the current generation: it cannot be deleted");
          }
          doomed.add(n);
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      for (int n : doomed) {
        Path dir = store.generation(n);
        if (inUse.contains(dir)) {
          out.println("Generation " + n + " is kept: running services come from it.");
          continue;
        }
        GenerationStore.deleteRecursively(dir);
        out.println("Deleted generation " + n + ".");
      }
      int dropped = ImageBuilder.dropUnusedArchives(StateLayout.of(stateDir).images());
      if (dropped > 0) {
        out.println("Dropped " + dropped + " cached image archive" + (dropped == 1 ? "" : "s") + " that no generation uses.");
      }
      out.flush();
      return 0;
    }
  }
}
