package org.ocidsl.stdlib.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.config.Configuration;
import org.ocidsl.engine.config.Field;
import org.ocidsl.engine.generation.Generation;
import org.ocidsl.engine.generation.GenerationStore;
import org.ocidsl.engine.generation.RequiredProgram;
import org.ocidsl.engine.generation.SubidRange;
import org.ocidsl.engine.generation.UserAccount;
import org.ocidsl.engine.service.ServiceType;
import org.ocidsl.engine.shell.Script;
import org.ocidsl.engine.shell.Shell;
import org.ocidsl.engine.shepherd.ShepherdAction;
import org.ocidsl.engine.shepherd.ShepherdService;
import org.ocidsl.stdlib.base.BaseRecords;
import org.ocidsl.stdlib.base.BaseServices;
import org.ocidsl.stdlib.base.BaseServices.SubidsExtension;
import org.ocidsl.stdlib.oci.OciRecords.OciConfiguration;
import org.ocidsl.stdlib.oci.OciRecords.OciContainer;
import org.ocidsl.stdlib.oci.OciRecords.OciExtension;
import org.ocidsl.stdlib.oci.OciRecords.OciHealthCheck;
import org.ocidsl.stdlib.oci.OciRecords.OciImage;
import org.ocidsl.stdlib.oci.OciRecords.OciNetwork;
import org.ocidsl.stdlib.oci.OciRecords.OciVolume;

/**
 * {@code oci-service-type} (seeds/gnu-services-containers.scm): provisions OCI containers,
 * networks and volumes with docker or rootless podman, one shepherd service per container plus
 * one-shot services creating the networks and the volumes.
 */
public final class OciService {
  private OciService() {}

  public static final ServiceType TYPE =
      ServiceType.named("oci")
          .extension(BaseServices.PROFILE, c -> profile((Configuration) c))
          .extension(BaseServices.SUBIDS, c -> subids((Configuration) c))
          .extension(BaseServices.ACCOUNT, c -> accounts((Configuration) c))
          .extension(BaseServices.SHEPHERD_ROOT, c -> shepherdServices((Configuration) c))
          .extension(BaseServices.SYSTEM, c -> images((Configuration) c))
          .compose(OciService::compose)
          .extend((config, extension) -> extend((Configuration) config, (Configuration) extension))
          .defaultValue(OciConfiguration.TYPE.defaults())
          .description("This service implements the provisioning of OCI objects such as containers, networks and volumes.")
          .build();

  // ---------------------------------------------------------------- names

  /** "Podman" or "Docker". */
  static String runtimeName(String runtime) {
    return "podman".equals(runtime) ? "Podman" : "Docker";
  }

  /**
   * The service name inferred from an image: the basename of its repository, without tag or
   * digest (Guix cuts a string at its first ':', which breaks on a registry port).
   */
  public static String containerNameOf(Object image) {
    String repository =
        image instanceof Configuration record ? record.get(OciImage.REPOSITORY) : (String) image;
    String base = repository.substring(repository.lastIndexOf('/') + 1);
    int digest = base.indexOf('@');
    if (digest >= 0) {
      base = base.substring(0, digest);
    }
    int tag = base.indexOf(':');
    return tag >= 0 ? base.substring(0, tag) : base;
  }

  /** The container's service name: its {@code provision}, else {@code RUNTIME-IMAGE}. */
  public static String shepherdName(String runtime, Configuration container) {
    return container.isSet(OciContainer.PROVISION)
        ? container.get(OciContainer.PROVISION)
        : runtime + "-" + containerNameOf(container.get(OciContainer.IMAGE));
  }

  static String networksName(String runtime, boolean home) {
    return (home ? "home-" : "") + runtime + "-networks";
  }

  static String volumesName(String runtime, boolean home) {
    return (home ? "home-" : "") + runtime + "-volumes";
  }

  /** {@code repository:tag} of a record, or the string; {@code localhost/} when it has no '/'. */
  public static String imageReference(Object image) {
    String reference = writtenReference(image);
    return reference.contains("/") ? reference : "localhost/" + reference;
  }

  /**
   * {@code repository:tag} of a record, or the string as written: the reference of the deprecated
   * oci-container-service-type (seeds/gnu-services-docker.scm), which prepends nothing.
   */
  public static String writtenReference(Object image) {
    return image instanceof Configuration record
        ? record.get(OciImage.REPOSITORY) + ":" + record.get(OciImage.TAG)
        : (String) image;
  }

  // ---------------------------------------------------------------- runtime state

  /**
   * What every OCI command of a configuration shares: the seed's {@code oci-runtime-state}; {@code
   * localhostReferences} is false for the deprecated service only, whose references are as written.
   */
  record RuntimeState(
      String runtime,
      String cli,
      String user,
      String group,
      List<String> requirement,
      List<String> extraArguments,
      boolean verbose,
      boolean localhostReferences) {

    boolean podman() {
      return "podman".equals(runtime);
    }

    /** The reference {@code image} is run and tagged as. */
    String reference(Object image) {
      return localhostReferences ? imageReference(image) : writtenReference(image);
    }

    List<String> command(String... words) {
      List<String> argv = new ArrayList<>();
      argv.add(cli);
      argv.addAll(extraArguments);
      argv.addAll(List.of(words));
      return argv;
    }
  }

  static RuntimeState runtimeState(Configuration config) {
    String runtime = config.get(OciConfiguration.RUNTIME);
    boolean home = config.get(OciConfiguration.HOME_SERVICE);
    boolean podman = "podman".equals(runtime);
    String group;
    if (home || podman) {
      // Podman runs as the user with its primary group; the supervisor looks it up.
      group = null;
    } else {
      group = config.getOrElse(OciConfiguration.GROUP, "docker");
    }
    List<String> requirement =
        home
            ? List.of()
            : podman
                ? List.of("cgroups2-fs-owner", "cgroups2-limits", "rootless-podman-shared-root-fs", "user-processes")
                : List.of("dockerd", "user-processes");
    return new RuntimeState(
        runtime,
        runtimeCli(config),
        home ? null : config.get(OciConfiguration.USER),
        group,
        requirement,
        config.get(OciConfiguration.RUNTIME_EXTRA_ARGUMENTS),
        config.get(OciConfiguration.VERBOSE),
        true);
  }

  static String runtimeCli(Configuration config) {
    return config.getOrElse(OciConfiguration.RUNTIME_CLI, config.get(OciConfiguration.RUNTIME));
  }

  // ---------------------------------------------------------------- options

  /** The options of {@code run}, in the seed's order. */
  static List<String> containerOptions(Configuration c) {
    List<String> options = new ArrayList<>();
    if (c.isSet(OciContainer.ENTRYPOINT)) {
      options.addAll(List.of("--entrypoint", c.get(OciContainer.ENTRYPOINT)));
    }
    for (String spec : c.get(OciContainer.ENVIRONMENT)) {
      options.addAll(List.of("--env", spec));
    }
    if (c.isSet(OciContainer.NETWORK)) {
      options.addAll(List.of("--network", c.get(OciContainer.NETWORK)));
    }
    if (c.isSet(OciContainer.CONTAINER_USER)) {
      options.addAll(List.of("--user", c.get(OciContainer.CONTAINER_USER)));
    }
    if (c.isSet(OciContainer.WORKDIR)) {
      options.addAll(List.of("--workdir", c.get(OciContainer.WORKDIR)));
    }
    for (String spec : c.get(OciContainer.PORTS)) {
      options.addAll(List.of("-p", spec));
    }
    for (String spec : c.get(OciContainer.VOLUMES)) {
      options.addAll(List.of("-v", spec));
    }
    return options;
  }

  /** The options of {@code network create}, in the seed's order. */
  static List<String> networkOptions(Configuration n) {
    List<String> options = new ArrayList<>();
    optional(options, n, OciNetwork.DRIVER, "--driver");
    optional(options, n, OciNetwork.GATEWAY, "--gateway");
    if (n.get(OciNetwork.INTERNAL)) {
      options.add("--internal");
    }
    optional(options, n, OciNetwork.IP_RANGE, "--ip-range");
    optional(options, n, OciNetwork.IPAM_DRIVER, "--ipam-driver");
    if (n.get(OciNetwork.IPV6)) {
      options.add("--ipv6");
    }
    optional(options, n, OciNetwork.SUBNET, "--subnet");
    for (String label : n.get(OciNetwork.LABELS)) {
      options.addAll(List.of("--label", label));
    }
    return options;
  }

  /** The options of {@code volume create}. */
  static List<String> volumeOptions(Configuration v) {
    List<String> options = new ArrayList<>();
    for (String label : v.get(OciVolume.LABELS)) {
      options.addAll(List.of("--label", label));
    }
    return options;
  }

  private static void optional(List<String> options, Configuration c, Field<String> field, String flag) {
    if (c.isSet(field)) {
      options.addAll(List.of(flag, c.get(field)));
    }
  }

  /**
   * Whether {@code name} could also be the beginning of a container or network ID (lowercase
   * hexadecimal). Podman and Docker take a name that nothing has as an ID prefix: {@code run
   * --replace --name NAME} and {@code rm -f NAME} would then remove some other container, and
   * {@code network inspect NAME} find some other network. Such names are looked up among the
   * names only.
   */
  static boolean couldBeAnId(String name) {
    return name.matches("[0-9a-f]+");
  }

  /**
   * Lines that remove the container named exactly {@code name}, if there is one, with {@code
   * cli}: its full ID is found by listing the containers (docker lists a container's names
   * separated by commas), never by asking for the name. The listing stands alone so that its
   * failure stops the launcher; names compare as strings, not as the numbers awk may see in them
   * ({@code 100} is not {@code 0100}).
   */
  static void removeNamedExactly(Script.Builder script, List<String> cli, String name) {
    onNamedExactly(script, cli, name, List.of("rm", "-f"));
  }

  /** Lines that run {@code cli COMMAND… ID} on the container named exactly {@code name}, if there is one. */
  static void onNamedExactly(Script.Builder script, List<String> cli, String name, List<String> command) {
    String runtime = Shell.command(cli);
    script.raw("containers=$(" + runtime + " ps -a --no-trunc --format " + Shell.quote("{{.ID}} {{.Names}}") + ")")
        .raw("id=$(printf '%s\\n' \"$containers\" | awk -v name=" + Shell.quote(name)
            + " '{ n = split($2, names, \",\"); for (i = 1; i <= n; i++) if ((names[i] \"\") == (name \"\")) print $1 }')")
        .raw("if [ -n \"$id\" ]; then " + runtime + " " + Shell.command(command) + " \"$id\" >/dev/null; fi");
  }

  /**
   * The options of a container's health check, stop signal and stop timeout, which the seed
   * has not. Podman gets the check as a JSON array, run without a shell; docker's CLI takes a
   * shell command only, which the image's {@code /bin/sh} runs.
   */
  static List<String> lifecycleOptions(RuntimeState rt, Configuration c) {
    List<String> options = new ArrayList<>();
    Configuration health = c.get(OciContainer.HEALTH_CHECK);
    if (health != null) {
      List<String> command = health.get(OciHealthCheck.COMMAND);
      options.addAll(List.of(
          "--health-cmd", rt.podman() ? podmanHealthCommand(command) : Shell.command(command),
          // The supervisor runs podman's checks ('podman healthcheck run'): podman itself would
          // ask systemd for timers, log an error without it, and check twice with it.
          "--health-interval", rt.podman() ? "disable" : goDuration(health.get(OciHealthCheck.INTERVAL)),
          "--health-timeout", goDuration(health.get(OciHealthCheck.TIMEOUT)),
          "--health-retries", String.valueOf(health.get(OciHealthCheck.RETRIES)),
          "--health-start-period", goDuration(health.get(OciHealthCheck.START_PERIOD))));
    }
    if (c.isSet(OciContainer.STOP_SIGNAL)) {
      options.addAll(List.of("--stop-signal", c.get(OciContainer.STOP_SIGNAL)));
    }
    if (c.isSet(OciContainer.STOP_TIMEOUT)) {
      options.addAll(List.of("--stop-timeout", String.valueOf(c.get(OciContainer.STOP_TIMEOUT))));
    }
    return options;
  }

  /**
   * The {@code --health-cmd} of podman 4.3: a JSON array of two words or more, which it runs as
   * they are. It would run one word alone with {@code /bin/sh -c} (and it splits an array that
   * begins with {@code CMD} at its spaces): one word is given quoted, to that shell.
   */
  private static String podmanHealthCommand(List<String> command) {
    List<String> words = command.size() > 1 ? command : List.of("CMD-SHELL", Shell.quote(command.get(0)));
    try {
      return new ObjectMapper().writeValueAsString(words);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of strings is always JSON", e);
    }
  }

  /** The seconds podman and docker give a container between its stop signal and SIGKILL. */
  static final int DEFAULT_STOP_TIMEOUT = 10;

  /**
   * {@code seconds} as a Go duration, as the runtimes' options and Compose take it: {@code 2s},
   * {@code 0.5s}.
   */
  public static String goDuration(Number seconds) {
    return new java.math.BigDecimal(seconds.toString()).stripTrailingZeros().toPlainString() + "s";
  }

  /** {@code CLI EXTRA… run --rm [--replace] --name NAME OPTIONS… ARGS… IMAGE COMMAND…}. */
  static List<String> runInvocation(RuntimeState rt, Configuration c) {
    List<String> argv = rt.command("run", "--rm");
    String name = shepherdName(rt.runtime(), c);
    if (rt.podman() && !couldBeAnId(name)) {
      // Podman takes some time to release container names: --replace lets services restart.
      argv.add("--replace");
    }
    argv.addAll(List.of("--name", name));
    argv.addAll(containerOptions(c));
    argv.addAll(lifecycleOptions(rt, c));
    argv.addAll(c.get(OciContainer.EXTRA_ARGUMENTS));
    argv.add(rt.reference(c.get(OciContainer.IMAGE)));
    argv.addAll(c.get(OciContainer.COMMAND));
    return argv;
  }

  // ---------------------------------------------------------------- launchers

  /** The lines that set HOME and the working directory of podman's user, as the seed does. */
  static void podmanHome(Script.Builder script, String user) {
    script.raw("HOME=$(getent passwd " + Shell.quote(user) + " | cut -d: -f6)")
        .raw("if [ -z \"$HOME\" ]; then")
        .raw("  printf '%s\\n' " + Shell.quote("user '" + user + "' does not exist: podman runs as that user") + " >&2")
        .raw("  exit 1")
        .raw("fi")
        .raw("export HOME")
        .raw("cd \"$HOME\"");
  }

  /**
   * Lines that load the image archive of service {@code name} and tag it, unless the runtime's
   * {@code reference} already is the archive's image: an image rebuilt under the same tag is
   * loaded again (the seed's loader would keep running the stale one). As in the seed, the tag
   * the archive loaded as, when it is not {@code reference}, is removed once the image has the
   * reference. It prints what the seed's {@code oci-image-load} prints, and with verbose its
   * {@code oci-system*} lines too. {@code $archive} (the archive's path) and {@code $input} (where
   * to read it) must be set; the archive's image ID is put in place of its placeholder when the
   * generation is written.
   */
  static void imageLoader(Script.Builder script, RuntimeState rt, String name, String reference) {
    // printf, not echo: dash's echo would read backslashes in a name as escapes.
    String shownCli = String.join(" ", rt.command());
    List<String> inspect = rt.command("image", "inspect", "--format", "{{.Id}}", reference);
    script.raw("want=" + Shell.quote(Generation.ImageEntry.idPlaceholder(name)));
    if (rt.verbose()) {
      script.print("Running " + String.join(" ", inspect));
    }
    script.raw("have=$(" + Shell.command(inspect) + " 2>/dev/null || :)")
        .raw("if [ \"${have#sha256:}\" = \"${want#sha256:}\" ]; then")
        .raw("  " + printLine(reference + " image already exists, skipping."))
        .raw("else")
        .raw("  printf 'Loading image for %s from %s...\\n' " + Shell.quote(name) + " \"$archive\"");
    if (rt.verbose()) {
      script.raw("  printf 'Running %s\\n' " + Shell.quote(shownCli + " load -i ") + "\"$input\"");
    }
    script.raw("  line=$(" + Shell.command(rt.command("load", "-i")) + " \"$input\" | sed -n '/^Loaded image/p' | tail -n 1)")
        .raw("  printf '%s\\n' \"$line\"")
        .raw("  loaded=${line#Loaded image*: }")
        .raw("  if [ \"$loaded\" != " + Shell.quote(reference) + " ]; then");
    system(script, rt.verbose(), "    ", Shell.command(rt.command("tag")) + " \"$loaded\" " + Shell.quote(reference),
        Shell.quote(shownCli + " tag ") + "\"$loaded\"" + Shell.quote(" " + reference));
    script.raw("    printf 'Tagged %s with %s...\\n' \"$archive\" " + Shell.quote(reference))
        // An archive without a tag loads as its ID, which names the image itself: not removed.
        .raw("    case $loaded in")
        .raw("      sha256:*) ;;")
        .raw("      *)");
    system(script, rt.verbose(), "        ", Shell.command(rt.command("image", "rm", "-f")) + " \"$loaded\"",
        Shell.quote(shownCli + " image rm -f ") + "\"$loaded\"");
    script.raw("        ;;")
        .raw("    esac")
        .raw("  fi")
        .raw("fi");
  }

  /**
   * Lines that run {@code command}, a line of shell, a failure ending the launcher; with {@code
   * verbose}, framed as the seed's {@code oci-system*} frames a command: {@code Running WORDS}
   * before it ({@code shown}, shell words, prints WORDS) and {@code Exit code: N} after it.
   */
  static void system(Script.Builder script, boolean verbose, String indent, String command, String shown) {
    if (!verbose) {
      script.raw(indent + command);
      return;
    }
    script.raw(indent + "printf 'Running %s\\n' " + shown)
        .raw(indent + "if " + command + "; then status=0; else status=$?; fi")
        .raw(indent + "printf 'Exit code: %s\\n' \"$status\"")
        .raw(indent + "[ \"$status\" -eq 0 ] || exit \"$status\"");
  }

  /**
   * Lines that print what the seed's {@code oci-log-verbose} prints before a launcher runs {@code
   * invocation} in verbose mode: who runs it, where, and what.
   */
  static void logVerbose(Script.Builder script, List<String> invocation) {
    script.print("Running in verbose mode...")
        .raw("printf 'Current user: %s %s\\n' \"$(id -u)\" \"$(id -un)\"")
        .raw("printf 'Current group: %s %s\\n' \"$(id -g)\" \"$(id -gn)\"")
        .raw("printf 'Current directory: %s\\n' \"$(pwd)\"")
        .print("Running " + String.join(" ", invocation));
  }

  static ShepherdService containerService(
      RuntimeState rt, Configuration c, boolean networks, boolean volumes, boolean home) {
    BaseServices.checkOneShot(c, OciContainer.ONE_SHOT, OciContainer.RESPAWN, OciContainer.HEALTH_CHECK, "container");
    String name = shepherdName(rt.runtime(), c);
    Object image = c.get(OciContainer.IMAGE);
    boolean built = image instanceof Configuration;
    String user = c.getOrElse(OciContainer.USER, rt.user());
    String group = c.getOrElse(OciContainer.GROUP, rt.group());
    List<String> invocation = runInvocation(rt, c);

    List<String> requirement = new ArrayList<>(c.get(OciContainer.REQUIREMENT));
    requirement.addAll(rt.requirement());
    if (networks) {
      requirement.add(networksName(rt.runtime(), home));
    }
    if (volumes) {
      requirement.add(volumesName(rt.runtime(), home));
    }

    // runuser keeps the caller's directory, where the user may not enter: podman's HOME and
    // working directory come first, before any podman command.
    boolean podmanUser = rt.podman() && user != null;
    Script.Builder start = Script.builder();
    if (built) {
      // The archive of the generation, read there or, when the service's user cannot read the
      // generation, from the descriptor 3 the supervisor opened on it.
      GenerationStore.locate(start);
      start.raw("archive=\"$generation\"/" + Shell.quote(Generation.ImageEntry.archiveOf(name)))
          .raw("input=$archive")
          .raw("[ -r \"$input\" ] || input=/dev/fd/3");
    }
    if (podmanUser) {
      podmanHome(start, user);
    }
    if (built) {
      imageLoader(start, rt, name, rt.reference(image));
    } else if (rt.verbose()) {
      start.print("No pre script to run...");
    }
    if (rt.podman() && couldBeAnId(name)) {
      // In place of --replace, which podman would give the name as an ID prefix.
      removeNamedExactly(start, rt.command(), name);
    }
    if (rt.verbose()) {
      logVerbose(start, invocation);
    }
    start.exec(invocation);

    Script.Builder stop = Script.builder();
    if (podmanUser) {
      podmanHome(stop, user);
    }
    // The seed stops with the runtime CLI alone, without the runtime's extra arguments.
    if (rt.verbose()) {
      stop.print("No pre script to run...");
      logVerbose(stop, List.of(rt.cli(), "rm", "-f", name));
    }
    Duration stopWait = null;
    if (c.isSet(OciContainer.STOP_TIMEOUT) || c.isSet(OciContainer.STOP_SIGNAL)) {
      // A graceful stop: its stop signal, then its time to end, which the supervisor lets the
      // stop launcher take on top of its usual allowance; run --rm removes it.
      long timeout = c.getOrElse(OciContainer.STOP_TIMEOUT, DEFAULT_STOP_TIMEOUT).longValue();
      stopWait = Duration.ofSeconds(timeout);
      onNamedExactly(stop, rt.command(), name, List.of("stop", "-t", String.valueOf(timeout)));
    } else if (couldBeAnId(name)) {
      removeNamedExactly(stop, List.of(rt.cli()), name);
    } else {
      stop.run(List.of(rt.cli(), "rm", "-f", name));
    }

    ShepherdService.HealthCheck health = null;
    if (c.isSet(OciContainer.HEALTH_CHECK)) {
      // The supervisor runs the check: podman needs systemd to run it by itself.
      Script.Builder check = Script.builder();
      if (podmanUser) {
        podmanHome(check, user);
      }
      List<String> argv = rt.command(rt.podman() ? "healthcheck" : "exec");
      argv.addAll(rt.podman() ? List.of("run", name) : List.of(name));
      if (!rt.podman()) {
        argv.addAll(c.get(OciContainer.HEALTH_CHECK).get(OciHealthCheck.COMMAND));
      }
      health = OciHealthCheck.supervised(c.get(OciContainer.HEALTH_CHECK), check.exec(argv).build());
    }

    List<ShepherdAction> actions = new ArrayList<>();
    actions.add(commandLineAction(name, String.join(" ", invocation)));
    if (!built) {
      Script.Builder pull = Script.builder();
      if (podmanUser) {
        podmanHome(pull, user);
      }
      List<String> pullInvocation = List.of(rt.cli(), "pull", (String) image);
      if (rt.verbose()) {
        pull.print("No pre script to run...");
        logVerbose(pull, pullInvocation);
      }
      actions.add(new ShepherdAction("pull", "Pull " + name + "'s image (" + image + ").",
          pull.exec(pullInvocation).build()));
    }
    for (Configuration record : c.get(OciContainer.SHEPHERD_ACTIONS)) {
      ShepherdAction action = BaseServices.shepherdAction(record);
      if (podmanUser) {
        // Run as the container's user, like start: podman finds the user's containers from HOME.
        Script.Builder procedure = Script.builder();
        podmanHome(procedure, user);
        action = new ShepherdAction(action.name(), action.documentation(), procedure.append(action.procedure()).build());
      }
      actions.add(action);
    }

    Map<String, String> secrets = new LinkedHashMap<>();
    for (String variable : c.get(OciContainer.HOST_ENVIRONMENT)) {
      int eq = variable.indexOf('=');
      secrets.put(variable.substring(0, eq), variable.substring(eq + 1));
    }

    return ShepherdService.builder(name)
        .requirement(requirement)
        .oneShot(c.get(OciContainer.ONE_SHOT))
        .healthCheck(health)
        .respawn(c.get(OciContainer.RESPAWN))
        .autoStart(c.get(OciContainer.AUTO_START))
        .documentation(runtimeName(rt.runtime()) + " backed Shepherd service for " + (built ? name : image) + ".")
        .start(start.build())
        .stop(stop.build())
        .stopTimeout(stopWait)
        .actions(actions)
        .user(user)
        .group(group)
        .logFile(c.get(OciContainer.LOG_FILE))
        .secretEnvironment(secrets)
        .inputFiles(hostPaths(c))
        .location(c.location())
        .build();
  }

  /**
   * The host paths a container bind-mounts: the sources of its volumes that are absolute paths
   * (a target alone, {@code /cache}, is an anonymous volume).
   */
  static List<String> hostPaths(Configuration c) {
    List<String> paths = new ArrayList<>();
    for (String spec : c.get(OciContainer.VOLUMES)) {
      VolumeSpec volume = VolumeSpec.parse(spec);
      if (volume.hostPath() && volume.source().startsWith("/") && !paths.contains(volume.source())) {
        paths.add(volume.source());
      }
    }
    return paths;
  }

  /** The {@code command-line} action: where the start launcher is, and what it runs. */
  static ShepherdAction commandLineAction(String name, String invocation) {
    Script.Builder script = Script.builder().print("Entrypoint:");
    GenerationStore.locate(script);
    script.raw("printf '%s\\n' \"$generation\"/" + Shell.quote(GenerationStore.launchers(name) + "/start"))
        .print("Invocation:")
        .print(invocation);
    return new ShepherdAction("command-line", "Prints " + name + "'s OCI runtime command line invocation.",
        script.build());
  }

  /** The label a network carries: the digest of the options ocidsl created it with. */
  static final String OPTIONS_LABEL = "io.ocidsl.options";

  /**
   * A one-shot service creating each network or volume that does not exist yet. A network is
   * labelled with the digest of its options ({@link #OPTIONS_LABEL}): one whose options changed
   * since ocidsl created it is removed and created again (a reconfiguration restarts the
   * containers attached to it around this), while one without the label, made by someone else,
   * is left as it is. A volume is never recreated: its data would go. As the seed's {@code
   * oci-object-create}, it says which exists already, and with verbose each command it runs with
   * its exit code.
   */
  static ShepherdService objectService(
      String object, RuntimeState rt, String name, List<String> stateRequirement,
      List<Configuration> objects, Function<Configuration, List<String>> options) {
    boolean network = object.equals("network");
    Field<String> nameField = network ? OciNetwork.NAME : OciVolume.NAME;
    Field<List<String>> extraArguments = network ? OciNetwork.EXTRA_ARGUMENTS : OciVolume.EXTRA_ARGUMENTS;
    Script.Builder start = Script.builder();
    if (rt.podman() && rt.user() != null) {
      podmanHome(start, rt.user());
    }
    List<String> invocations = new ArrayList<>();
    Map<String, String> inputs = new LinkedHashMap<>();
    for (Configuration o : objects) {
      String objectName = o.get(nameField);
      List<String> create = rt.command(object, "create");
      create.addAll(options.apply(o));
      create.addAll(o.get(extraArguments));
      String digest = objectDigest(create, objectName);
      inputs.put(object + " " + objectName, digest);
      // The command-line action shows the seed's invocation; the network gets our label besides.
      invocations.add(String.join(" ", create) + " " + objectName);
      if (network) {
        create.addAll(List.of("--label", OPTIONS_LABEL + "=" + digest));
      }
      create.add(objectName);
      Check exists = existsCheck(rt, object, objectName);
      if (rt.verbose()) {
        // The seed's oci-object-exists?, through oci-system*.
        start.raw(printLine("Running " + exists.shown()))
            .raw("if " + exists.command() + " >/dev/null 2>&1; then status=0; else status=$?; fi")
            .raw("printf 'Exit code: %s\\n' \"$status\"")
            .raw("if [ \"$status\" -eq 0 ]; then");
      } else {
        start.raw("if " + exists.command() + " >/dev/null 2>&1; then");
      }
      String skipping = printLine(runtimeName(rt.runtime()) + " " + object + " " + objectName
          + " already exists, skipping creation.");
      if (network) {
        List<String> remove = rt.command(object, "rm", objectName);
        start.raw("  label=$(" + Shell.command(rt.command(object, "inspect", "--format",
                "{{index .Labels \"" + OPTIONS_LABEL + "\"}}", objectName)) + " 2>/dev/null || :)")
            .raw("  if [ -n \"$label\" ] && [ \"$label\" != " + Shell.quote(digest) + " ]; then")
            .raw("    " + printLine("Recreating " + runtimeName(rt.runtime()) + " " + object + " " + objectName
                + ": its options changed..."));
        system(start, rt.verbose(), "    ", Shell.command(remove) + " >/dev/null", Shell.quote(String.join(" ", remove)));
        system(start, rt.verbose(), "    ", Shell.command(create), Shell.quote(String.join(" ", create)));
        start.raw("  else")
            .raw("    " + skipping)
            .raw("  fi");
      } else {
        start.raw("  " + skipping);
      }
      start.raw("else");
      system(start, rt.verbose(), "  ", Shell.command(create), Shell.quote(String.join(" ", create)));
      start.raw("fi");
    }
    List<String> requirement = new ArrayList<>(rt.requirement());
    requirement.addAll(stateRequirement);
    return ShepherdService.builder(name)
        .requirement(requirement)
        .oneShot(true)
        .respawn(false)
        .documentation(runtimeName(rt.runtime()) + " " + object + " provisioning service")
        .start(start.build())
        .actions(List.of(commandLineAction(name, String.join("\n", invocations))))
        .user(rt.user())
        .group(rt.group())
        .inputs(inputs)
        .build();
  }

  /** A short digest of the command creating network or volume {@code name}, as its options stand. */
  static String objectDigest(List<String> create, String name) {
    try {
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      for (String word : create) {
        sha.update(word.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      sha.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** A check run by a launcher: its shell command line, and its words as a log shows them. */
  record Check(String command, String shown) {}

  /**
   * Whether network or volume {@code name} exists: {@code inspect NAME}, or, for a name that could
   * be an ID prefix ({@link #couldBeAnId}), its exact name among those {@code ls} lists.
   */
  static Check existsCheck(RuntimeState rt, String object, String name) {
    if (!couldBeAnId(name)) {
      List<String> inspect = rt.command(object, "inspect", name);
      return new Check(Shell.command(inspect), String.join(" ", inspect));
    }
    List<String> list = rt.command(object, "ls", "--format", "{{.Name}}");
    return new Check(Shell.command(list) + " | grep -Fx -e " + Shell.quote(name),
        String.join(" ", list) + " | grep -Fx -e " + name);
  }

  private static String printLine(String text) {
    return "printf '%s\\n' " + Shell.quote(text);
  }

  // ---------------------------------------------------------------- extensions

  static List<ShepherdService> shepherdServices(Configuration config) {
    RuntimeState rt = runtimeState(config);
    boolean home = config.get(OciConfiguration.HOME_SERVICE);
    List<Configuration> networks = config.get(OciConfiguration.NETWORKS);
    List<Configuration> volumes = config.get(OciConfiguration.VOLUMES);
    List<ShepherdService> services = new ArrayList<>();
    for (Configuration c : config.get(OciConfiguration.CONTAINERS)) {
      if (home) {
        refuseOtherUser(c, OciContainer.USER);
        refuseOtherUser(c, OciContainer.GROUP);
      }
      ShepherdService container = containerService(rt, c, !networks.isEmpty(), !volumes.isEmpty(), home);
      services.add(joinedNetworks(rt, c, networks, container));
    }
    if (!networks.isEmpty()) {
      services.add(objectService("network", rt, networksName(rt.runtime(), home),
          home ? List.of() : List.of("networking"), networks, OciService::networkOptions));
    }
    if (!volumes.isEmpty()) {
      services.add(objectService("volume", rt, volumesName(rt.runtime(), home), List.of(), volumes,
          OciService::volumeOptions));
    }
    return services;
  }

  /**
   * {@code container} with the digest of the declared network it joins among its inputs: a
   * network recreated with other options restarts the containers attached to it.
   */
  static ShepherdService joinedNetworks(RuntimeState rt, Configuration c, List<Configuration> networks,
      ShepherdService container) {
    if (!c.isSet(OciContainer.NETWORK)) {
      return container;
    }
    for (Configuration n : networks) {
      if (n.get(OciNetwork.NAME).equals(c.get(OciContainer.NETWORK))) {
        List<String> create = rt.command("network", "create");
        create.addAll(networkOptions(n));
        create.addAll(n.get(OciNetwork.EXTRA_ARGUMENTS));
        return container.toBuilder()
            .inputs(Map.of("network " + n.get(OciNetwork.NAME), objectDigest(create, n.get(OciNetwork.NAME))))
            .build();
      }
    }
    return container;
  }

  /** A home system's containers run as its user: one that names another user or group is refused. */
  private static void refuseOtherUser(Configuration container, Field<String> field) {
    if (container.isSet(field)) {
      throw new OcidslException(container.fieldLocation(field), "container " + field.name() + " '"
          + container.get(field) + "' needs a system (root) configuration: a home system runs every container as"
          + " its own user");
    }
  }

  /**
   * {@code config} as Guix's {@code for-home} makes it: the configuration of a home system that
   * {@code user} runs ({@code home-service?} true, the seed's {@code home-} service names), whose
   * rootless podman needs {@code user}'s subordinate ids.
   */
  public static Configuration forHome(Configuration config, String user) {
    return OciConfiguration.TYPE.inherit(config, config.location())
        .set(OciConfiguration.HOME_SERVICE, true, config.location())
        .set(OciConfiguration.USER, user, config.location())
        .build();
  }

  /** Root runs podman rootful: it is no account to create, and needs no subids. */
  static boolean rootful(Configuration config) {
    return "root".equals(config.get(OciConfiguration.USER));
  }

  static List<Object> accounts(Configuration config) {
    // A home system creates no account: as Guix's home-oci-service-type, it extends no account service.
    if (rootful(config) || config.get(OciConfiguration.HOME_SERVICE)) {
      return List.of();
    }
    String user = config.get(OciConfiguration.USER);
    String runtime = config.get(OciConfiguration.RUNTIME);
    boolean podman = "podman".equals(runtime);
    String supplementary =
        config.getOrElse(OciConfiguration.GROUP, podman ? "cgroup" : "docker");
    return List.of(new UserAccount(user, "users", List.of(supplementary), "OCI services account",
        podman ? "/home/" + user : "/var/empty", podman, "/usr/sbin/nologin", !podman));
  }

  static SubidsExtension subids(Configuration config) {
    if (!"podman".equals(config.get(OciConfiguration.RUNTIME)) || rootful(config)) {
      return SubidsExtension.EMPTY;
    }
    String user = config.get(OciConfiguration.USER);
    List<SubidRange> containerUsers = new ArrayList<>();
    for (Configuration c : config.get(OciConfiguration.CONTAINERS)) {
      if (c.isSet(OciContainer.USER) && !c.get(OciContainer.USER).equals(user)) {
        containerUsers.add(SubidRange.of(c.get(OciContainer.USER)));
      }
    }
    List<SubidRange> subuids = new ArrayList<>();
    subuids.add(config.isSet(OciConfiguration.SUBUIDS_RANGE)
        ? BaseRecords.subidRange(config.get(OciConfiguration.SUBUIDS_RANGE)) : SubidRange.of(user));
    subuids.addAll(containerUsers);
    List<SubidRange> subgids = new ArrayList<>();
    subgids.add(config.isSet(OciConfiguration.SUBGIDS_RANGE)
        ? BaseRecords.subidRange(config.get(OciConfiguration.SUBGIDS_RANGE)) : SubidRange.of(user));
    subgids.addAll(containerUsers);
    return new SubidsExtension(subuids, subgids);
  }

  static List<RequiredProgram> profile(Configuration config) {
    if (config.isSet(OciConfiguration.RUNTIME_CLI)) {
      return List.of();
    }
    return List.of("podman".equals(config.get(OciConfiguration.RUNTIME))
        ? new RequiredProgram("podman", "podman")
        : new RequiredProgram("docker", "docker.io"));
  }

  static Generation images(Configuration config) {
    return images(runtimeState(config), config.get(OciConfiguration.CONTAINERS));
  }

  /** The archives to load: one per container whose image is an {@code ociImage} record. */
  static Generation images(RuntimeState rt, List<Configuration> containers) {
    List<Generation.ImageEntry> images = new ArrayList<>();
    for (Configuration c : containers) {
      if (c.get(OciContainer.IMAGE) instanceof Configuration image) {
        images.add(new Generation.ImageEntry(shepherdName(rt.runtime(), c), rt.reference(image), OciImages.spec(image),
            image.location()));
      }
    }
    return Generation.EMPTY.withImages(images);
  }

  // ---------------------------------------------------------------- compose and extend

  /**
   * Merges two lists of records, failing on a name seen twice, in the seed's order: the result
   * holds the members of {@code a} then {@code b}, reversed.
   */
  static List<Configuration> mergeObjects(
      List<Configuration> a, List<Configuration> b, String object, Function<Configuration, String> nameOf) {
    List<Configuration> merged = new ArrayList<>();
    List<Configuration> all = new ArrayList<>(a);
    all.addAll(b);
    for (Configuration element : all) {
      String name = nameOf.apply(element);
      if (merged.stream().map(nameOf).anyMatch(name::equals)) {
        throw new OcidslException(element.location(),
            "Duplicated " + object + ": " + name + ". Names of " + object
                + " should be unique, please remove the duplicate.");
      }
      merged.add(0, element);
    }
    return merged;
  }

  static String extensionContainerName(Configuration c) {
    return c.isSet(OciContainer.PROVISION) ? c.get(OciContainer.PROVISION) : containerNameOf(c.get(OciContainer.IMAGE));
  }

  static Configuration mergeExtensions(Configuration a, Configuration b) {
    return OciExtension.TYPE.builder(org.ocidsl.engine.SourceLocation.UNKNOWN)
        .set(OciExtension.CONTAINERS, mergeObjects(a.get(OciExtension.CONTAINERS), b.get(OciExtension.CONTAINERS),
            "container", OciService::extensionContainerName), null)
        .set(OciExtension.NETWORKS, mergeObjects(a.get(OciExtension.NETWORKS), b.get(OciExtension.NETWORKS),
            "network", n -> n.get(OciNetwork.NAME)), null)
        .set(OciExtension.VOLUMES, mergeObjects(a.get(OciExtension.VOLUMES), b.get(OciExtension.VOLUMES),
            "volume", v -> v.get(OciVolume.NAME)), null)
        .build();
  }

  static Object compose(List<Object> extensions) {
    Configuration acc = OciExtension.TYPE.defaults();
    for (Object e : extensions) {
      acc = mergeExtensions((Configuration) e, acc);
    }
    return acc;
  }

  static Configuration extend(Configuration config, Configuration extension) {
    String runtime = config.get(OciConfiguration.RUNTIME);
    return OciConfiguration.TYPE.inherit(config, config.location())
        .set(OciConfiguration.CONTAINERS,
            mergeObjects(config.get(OciConfiguration.CONTAINERS), extension.get(OciExtension.CONTAINERS), "container",
                c -> shepherdName(runtime, c)),
            config.fieldLocation(OciConfiguration.CONTAINERS))
        .set(OciConfiguration.NETWORKS,
            mergeObjects(config.get(OciConfiguration.NETWORKS), extension.get(OciExtension.NETWORKS), "network",
                n -> n.get(OciNetwork.NAME)),
            config.fieldLocation(OciConfiguration.NETWORKS))
        .set(OciConfiguration.VOLUMES,
            mergeObjects(config.get(OciConfiguration.VOLUMES), extension.get(OciExtension.VOLUMES), "volume",
                v -> v.get(OciVolume.NAME)),
            config.fieldLocation(OciConfiguration.VOLUMES))
        .build();
  }
}
