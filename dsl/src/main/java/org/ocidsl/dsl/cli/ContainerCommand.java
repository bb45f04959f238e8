package org.ocidsl.dsl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.ocidsl.dsl.Systems;
import org.ocidsl.dsl.eval.Evaluator;
import org.ocidsl.engine.Mode;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.Pipeline;
import org.ocidsl.engine.Temporaries;
import org.ocidsl.engine.Users;
import org.ocidsl.engine.container.Mapping;
import org.ocidsl.engine.container.SystemContainer;
import org.ocidsl.engine.generation.Generation;
import org.ocidsl.engine.generation.GenerationStore;
import org.ocidsl.engine.supervisor.StateDirectory;
import org.ocidsl.engine.supervisor.SupervisorClient;
import org.ocidsl.stdlib.ModeServices;
import org.ocidsl.stdlib.export.Export;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/**
 * {@code ocidsl container FILE}: the whole system, supervisor and services, in fresh Linux
 * namespaces ({@link SystemContainer}), as Guix's {@code guix system container} and the script it
 * writes; {@code ocidsl container exec PID -- CMD} enters one.
 */
@Command(
    name = "container",
    description = "Run the whole system of FILE (its supervisor and every service) in fresh Linux namespaces: "
        + "mount, PID, UTS, IPC, network and user. In the foreground until Ctrl-C, or detached with -d.",
    subcommands = ContainerCommand.Exec.class)
final class ContainerCommand implements Callable<Integer> {
  // Optional for picocli, which would otherwise ask for it before 'container exec' too.
  @Parameters(paramLabel = "FILE", arity = "0..1", description = "The system, a *.oci.groovy file.")
  Path file;

  @Option(names = "--share", paramLabel = "HOST[=CONTAINER]", description = "Make the host's HOST seen at CONTAINER (default: the same path), writable.")
  List<String> shares = new ArrayList<>();

  @Option(names = "--expose", paramLabel = "HOST[=CONTAINER]", description = "Make the host's HOST seen at CONTAINER (default: the same path), read-only.")
  List<String> exposes = new ArrayList<>();

  @Option(names = "--network", description = "Share the host's network (and its resolv.conf, hosts and other network files) instead of a network of the container's own with only 'lo'.")
  boolean network;

  @Option(names = {"-d", "--detach"}, description = "Leave the container running in the background and return once its services run.")
  boolean detach;

  @Option(names = "--settle", paramLabel = "SECONDS", description = "With -d: how long the services must keep running for the start to count as a success (default: ${DEFAULT-VALUE}).")
  double settle = 1.0;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (file == null) {
      throw new ParameterException(spec.commandLine(), "Missing required parameter: 'FILE'");
    }
    PrintWriter out = spec.commandLine().getOut();
    List<Mapping> mappings = new ArrayList<>();
    shares.forEach(s -> mappings.add(Mapping.parse("--share", s, true)));
    exposes.forEach(s -> mappings.add(Mapping.parse("--expose", s, false)));
    SystemContainer.checkHost();
    // Inside, the system is root's: it is folded as a system, whoever runs the container.
    Systems.Folded system = Systems.load(file, file.toString(), new Evaluator(Evaluator.defaultCacheDir()), Mode.SYSTEM);
    ModeServices.refuseInContainer(system.fold().services());
    Warnings.print(spec.commandLine().getErr());
    Generation generation = system.generation();
    if (network) {
      generation = generation.withEtcFiles(generation.etcFiles().stream()
          .filter(f -> !SystemContainer.NETWORK_FILES.contains(f.path()))
          .toList());
    }
    // From here on, Ctrl-C, SIGTERM and SIGHUP (the terminal closing) stop the container,
    // whenever they come: before it runs, nothing is started; once it runs, its supervisor
    // stops every service in reverse order, and this process waits for the container to end.
    AtomicBoolean interrupted = new AtomicBoolean();
    AtomicLong first = new AtomicLong();
    for (String name : List.of("INT", "TERM", "HUP")) {
      Signal.handle(new Signal(name), signal -> {
        interrupted.set(true);
        if (first.get() != 0) {
          SystemContainer.stop(first.get());
        }
      });
    }
    Path containers = GlobalOptions.of(spec).stateDir().resolve("containers");
    Files.createDirectories(containers);
    Path state = Temporaries.newDirectory(containers, hostname() + "-");
    SystemContainer.Running running = null;
    try {
      Pipeline pipeline = GlobalOptions.of(spec).pipeline(state, Mode.SYSTEM);
      Path built = pipeline.build(generation, system.source(), null);
      if (interrupted.get()) {
        throw new OcidslException("interrupted: nothing was started");
      }
      running = SystemContainer.start(
          new SystemContainer.Options(state, built, hostname(), mappings, network, detach),
          Pipeline.secrets(system.generation()));
      first.set(running.pid());
      if (interrupted.get()) {
        SystemContainer.stop(running.pid());
      }
      if (detach) {
        awaitServices(running, interrupted);
      }
    } catch (OcidslException e) {
      if (running != null) {
        running.process().waitFor(10, TimeUnit.SECONDS);
      }
      throw detach ? withDetachedOutput(e, state) : e;
    } finally {
      if (Files.exists(state) && (running == null || !running.process().isAlive())) {
        GenerationStore.deleteRecursively(state);
      }
    }
    long pid = running.pid();
    out.println("system container is running as PID " + pid);
    out.println("Run 'ocidsl container exec " + pid + " -- /bin/sh'"
        + (Users.uid() == 0 ? " or 'nsenter -a -t " + pid + "'" : "") + " to get a shell into it; 'ocidsl status"
        + " --container " + pid + "' and 'ocidsl halt --container " + pid + "' reach its supervisor.");
    out.flush();
    if (detach) {
      return 0;
    }
    return running.process().waitFor();
  }

  /**
   * Waits until the supervisor inside has started its services and they have kept running for
   * the settle time; stops the container when one failed (or when {@code interrupted}, which
   * the signal handler has stopped).
   */
  private void awaitServices(SystemContainer.Running running, AtomicBoolean interrupted) {
    SupervisorClient client = SupervisorClient.of(SystemContainer.stateDirOf(running.pid()));
    while (true) {
      if (interrupted.get()) {
        throw interrupted();
      }
      if (!running.process().isAlive()) {
        throw new OcidslException("the system container ended before its services started (exit status "
            + running.process().exitValue() + ")");
      }
      try {
        if (client.ping().ready()) {
          break;
        }
      } catch (OcidslException notYet) {
        // Not listening yet.
      }
      StateDirectory.sleep(20);
    }
    List<String> failures;
    try {
      failures = RunCommand.settledFailures(client, Duration.ofMillis(Math.round(settle * 1000)));
    } catch (OcidslException stopped) {
      throw interrupted.get() ? interrupted() : stopped;
    }
    if (interrupted.get()) {
      throw interrupted();
    }
    if (!failures.isEmpty()) {
      client.halt();
      throw new OcidslException("the system container of " + file + " was stopped: "
          + (failures.size() == 1 ? "a service" : failures.size() + " services") + " failed:\n"
          + String.join("\n", failures));
    }
  }

  private static OcidslException interrupted() {
    return new OcidslException("interrupted: the system container was stopped");
  }

  /** {@code e} with the last lines of a detached container's output, which is then removed. */
  private static OcidslException withDetachedOutput(OcidslException e, Path state) throws IOException {
    Path log = SystemContainer.logOf(state);
    List<String> lines = StateDirectory.lastLines(log, 5);
    Files.deleteIfExists(log);
    return lines.isEmpty() ? e : new OcidslException(e.getMessage() + ":\n  | " + String.join("\n  | ", lines));
  }

  /** The container's host name: the system's name, from its file's. */
  String hostname() {
    return Export.systemName(file.getFileName().toString());
  }

  /** {@code ocidsl container exec PID -- CMD...}: runs CMD in every namespace of that container. */
  @Command(name = "exec", description = "Run CMD as root in every namespace of the system container whose first process is PID.")
  static final class Exec implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PID", description = "What 'ocidsl container' printed.")
    long pid;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD", description = "The program and its arguments.")
    List<String> command;

    @Override
    public Integer call() throws IOException, InterruptedException {
      SystemContainer.stateDirOf(pid);
      return new ProcessBuilder(SystemContainer.execCommand(pid, command, System.getenv("TERM")))
          .inheritIO().start().waitFor();
    }
  }
}
