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
import org.ocidsl.engine.StateLayout;
import org.ocidsl.engine.generation.GenerationStore;
import org.ocidsl.engine.generation.SystemManifest;
import org.ocidsl.engine.image.api.ImageBuilder;
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

  @Command(name = "generations", description = "List the system generations: number, date, source file, services, and which one is current.")
  static final class ListGenerations implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      GenerationStore store = new GenerationStore(GlobalOptions.of(spec).stateDir());
      Optional<Integer> current = current(store);
      PrintWriter out = spec.commandLine().getOut();
      for (int n : store.numbers()) {
        Path dir = store.generation(n);
        SystemManifest manifest;
        try {
          manifest = SystemManifest.read(dir);
        } catch (IOException e) {
          out.println("Generation " + n + "\t(unreadable: " + e.getMessage() + ")");
          continue;
        }
        out.println("Generation " + n + "\t" + DATE.format(Files.getLastModifiedTime(dir).toInstant())
            + (current.isPresent() && current.get() == n ? "\t(current)" : ""));
        out.println("  file: " + manifest.source());
        out.println("  services: " + manifest.services().size());
      }
      out.flush();
      return 0;
    }
  }

  /** Switches the running system to generation {@code number} of {@code store}. */
  static int switchTo(
      picocli.CommandLine.Model.CommandSpec spec, Switching.Options options, GenerationStore store, int number,
      String what) throws IOException {
    options.check(spec.commandLine());
    SupervisorClient client = Switching.running(store.stateDir(), "");
    try (StateDirectory.SwitchLock lock = StateDirectory.of(store.stateDir()).switchLock(what)) {
      Switching.activateAndSwitch(spec, client, options, GlobalOptions.of(spec).pipeline(), store.generation(number), null, false);
      return 0;
    }
  }

  @Command(name = "rollback", description = "Switch the running system to the generation before the current one, evaluating no source.")
  static final class Rollback implements Callable<Integer> {
    @Mixin Switching.Options options;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      GenerationStore store = new GenerationStore(GlobalOptions.of(spec).stateDir());
      int current = current(store).orElseThrow(() -> new OcidslException("there is no current generation in " + store.stateDir()));
      int previous = store.numbers().stream().filter(n -> n < current).reduce((a, b) -> b)
          .orElseThrow(() -> new OcidslException("generation " + current + " is the first one: there is no previous generation to roll back to"));
      return switchTo(spec, options, store, previous, "rollback to generation " + previous);
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
      GenerationStore store = new GenerationStore(GlobalOptions.of(spec).stateDir());
      if (!store.numbers().contains(number)) {
        throw new OcidslException("generation " + number + " does not exist in " + store.stateDir()
            + " ('ocidsl generations' lists them)");
      }
      return switchTo(spec, options, store, number, "switch to generation " + number);
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
