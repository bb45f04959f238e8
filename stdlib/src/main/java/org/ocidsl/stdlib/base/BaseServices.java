package org.ocidsl.stdlib.base;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.config.Configuration;
import org.ocidsl.engine.config.Field;
import org.ocidsl.engine.generation.EtcFile;
import org.ocidsl.engine.generation.Generation;
import org.ocidsl.engine.generation.PamLimit;
import org.ocidsl.engine.generation.RequiredProgram;
import org.ocidsl.engine.generation.SubidRange;
import org.ocidsl.engine.generation.UserAccount;
import org.ocidsl.engine.generation.UserGroup;
import org.ocidsl.engine.service.ServiceType;
import org.ocidsl.engine.shell.Script;
import org.ocidsl.engine.shepherd.ShepherdAction;
import org.ocidsl.engine.shepherd.ShepherdService;
import org.ocidsl.stdlib.oci.OciRecords.OciHealthCheck;

/**
 * The base service types every system stands on, after gnu/services.scm and gnu/system: the
 * root ({@code system}), shepherd, profile, accounts, etc, subids, pam-limits and activation.
 * Each folds the values it receives and hands its part of the {@link Generation} to the root.
 */
public final class BaseServices {
  private BaseServices() {}

  /**
   * The host's own milestones that the seed's services require: provided by no-op one-shot
   * services standing for the host, unless a service of the system provides them.
   */
  public static final List<String> HOST_MILESTONES =
      List.of("user-processes", "networking", "loopback", "udev", "dbus-system", "elogind",
          "file-system-/sys/fs/cgroup");

  /** The root of the service graph; its folded value is the generation. */
  public static final ServiceType SYSTEM =
      ServiceType.named("system")
          .compose(parts -> parts)
          .extend((initial, parts) -> merge((Generation) initial, castList(parts)))
          .defaultValue(empty())
          .description("The root of the service graph: everything the system needs on the host.")
          .build();

  public static final ServiceType SHEPHERD_ROOT =
      ServiceType.named("shepherd-root")
          .extension(SYSTEM, services -> Generation.ofServices(withHostMilestones(castList(services))))
          .compose(BaseServices::concatenate)
          .extend((initial, more) -> append(castList(initial), toShepherdServices(castList(more))))
          .defaultValue(List.of())
          .description("Run services under the supervisor, as GNU Shepherd does: it is extended with shepherd services.")
          .build();

  public static final ServiceType PROFILE =
      ServiceType.named("profile")
          .extension(SYSTEM, programs -> Generation.EMPTY.withPrograms(castList(programs)))
          .compose(BaseServices::concatenate)
          .extend((initial, more) -> distinct(append(castList(initial), castList(more))))
          .defaultValue(List.of())
          .description("Host programs the system needs; a missing one is reported, with its Debian package, before anything starts.")
          .build();

  public static final ServiceType ACCOUNT =
      ServiceType.named("account")
          .extension(SYSTEM, accounts -> withAccounts(castList(accounts)))
          .compose(BaseServices::concatenate)
          .extend((initial, more) -> append(castList(initial), castList(more)))
          .defaultValue(List.of())
          .description("Users and groups, created when missing and never modified.")
          .build();

  public static final ServiceType ETC =
      ServiceType.named("etc")
          .extension(SYSTEM, files -> withEtc(castList(files)))
          .compose(BaseServices::concatenate)
          .extend((initial, more) -> append(castList(initial), castList(more)))
          .defaultValue(List.of())
          .description("Files under /etc that the system owns; a path written by two services is an error.")
          .build();

  public static final ServiceType SUBIDS =
      ServiceType.named("subids")
          .extension(SYSTEM, value -> withSubids((SubidsExtension) value))
          .compose(exts -> castList(exts).stream().map(e -> (SubidsExtension) e).reduce(SubidsExtension.EMPTY, SubidsExtension::plus))
          .extend((initial, more) -> ((SubidsExtension) initial).plus((SubidsExtension) more))
          .defaultValue(SubidsExtension.EMPTY)
          .description("Subordinate user and group ID ranges, in /etc/subuid and /etc/subgid, allocated without overlap.")
          .build();

  public static final ServiceType PAM_LIMITS =
      ServiceType.named("pam-limits")
          .extension(SYSTEM, limits -> withPamLimits(castList(limits)))
          .compose(BaseServices::concatenate)
          .extend((initial, more) -> append(castList(initial), castList(more)))
          .defaultValue(List.of())
          .description("Resource limits for PAM sessions, in /etc/security/limits.d.")
          .build();

  public static final ServiceType ACTIVATION =
      ServiceType.named("activation")
          .extension(SYSTEM, dirs -> withActivationDirectories(castList(dirs)))
          .compose(BaseServices::concatenate)
          .extend((initial, more) -> distinct(append(castList(initial), castList(more))))
          .defaultValue(List.of())
          .description("Directories to create on the host before services start.")
          .build();

  /** What extensions of {@link #SUBIDS} give: ranges of subordinate uids and gids. */
  public record SubidsExtension(List<SubidRange> subuids, List<SubidRange> subgids) {
    public static final SubidsExtension EMPTY = new SubidsExtension(List.of(), List.of());

    public SubidsExtension {
      subuids = List.copyOf(subuids);
      subgids = List.copyOf(subgids);
    }

    SubidsExtension plus(SubidsExtension other) {
      return new SubidsExtension(append(subuids, other.subuids), append(subgids, other.subgids));
    }
  }

  public static Generation empty() {
    return Generation.EMPTY;
  }

  /** The parts of a generation, merged: lists appended in order. */
  public static Generation merge(Generation initial, List<Object> parts) {
    Generation g = initial;
    for (Object part : parts) {
      g = g.plus((Generation) part);
    }
    return g;
  }

  private static Generation withAccounts(List<Object> accounts) {
    Map<String, UserAccount> users = new LinkedHashMap<>();
    Map<String, UserGroup> groups = new LinkedHashMap<>();
    for (Object a : accounts) {
      if (a instanceof UserAccount u) {
        addOnce(users, u.name(), u, "user account");
      } else if (a instanceof UserGroup g) {
        addOnce(groups, g.name(), g, "group");
      } else if (a instanceof Configuration c && c.type() == BaseRecords.UserAccount.TYPE) {
        addOnce(users, c.get(BaseRecords.UserAccount.NAME), BaseRecords.userAccount(c), "user account");
      } else if (a instanceof Configuration c && c.type() == BaseRecords.UserGroup.TYPE) {
        addOnce(groups, c.get(BaseRecords.UserGroup.NAME), BaseRecords.userGroup(c), "group");
      } else {
        throw new OcidslException("account service extensions must be user-account or user-group records, not " + a);
      }
    }
    return Generation.EMPTY.withAccounts(List.copyOf(users.values()), List.copyOf(groups.values()));
  }

  /** Two services may ask for the same account as long as they ask for the same thing. */
  private static <T> void addOnce(Map<String, T> into, String name, T value, String what) {
    T previous = into.putIfAbsent(name, value);
    if (previous != null && !previous.equals(value)) {
      throw new OcidslException(what + " '" + name + "' is declared twice, differently");
    }
  }

  private static Generation withEtc(List<EtcFile> files) {
    Set<String> paths = new LinkedHashSet<>();
    for (EtcFile f : files) {
      if (!paths.add(f.path())) {
        throw new OcidslException("etc file '" + f.path() + "' is written by more than one service");
      }
    }
    return Generation.EMPTY.withEtcFiles(files);
  }

  private static Generation withSubids(SubidsExtension value) {
    return Generation.EMPTY.withSubids(mergeRanges(value.subuids()), mergeRanges(value.subgids()));
  }

  /**
   * One range per user: a range asked for twice is kept once, a range with a start wins over one
   * without, and explicit ranges must not overlap.
   */
  static List<SubidRange> mergeRanges(List<SubidRange> ranges) {
    Map<String, SubidRange> byName = new LinkedHashMap<>();
    for (SubidRange r : ranges) {
      SubidRange previous = byName.get(r.name());
      if (previous == null || (!previous.allocated() && previous.count() == r.count())) {
        byName.put(r.name(), r);
      } else if (!(r.allocated() ? r.equals(previous) : r.count() == previous.count())) {
        throw new OcidslException("Duplicated subid-range: " + r.name()
            + ". subid-ranges names should be unique, please remove the duplicate.");
      }
    }
    List<SubidRange> explicit = byName.values().stream().filter(SubidRange::allocated)
        .sorted(java.util.Comparator.comparingLong(SubidRange::start)).toList();
    for (int i = 1; i < explicit.size(); i++) {
      SubidRange a = explicit.get(i - 1);
      SubidRange b = explicit.get(i);
      if (b.start() < a.end()) {
        throw new OcidslException("subid ranges of '" + a.name() + "' and '" + b.name() + "' overlap");
      }
    }
    return List.copyOf(byName.values());
  }

  private static Generation withPamLimits(List<PamLimit> limits) {
    return Generation.EMPTY.withPamLimits(limits);
  }

  private static Generation withActivationDirectories(List<String> directories) {
    return Generation.EMPTY.withActivationDirectories(directories);
  }

  /** The services, plus a no-op one-shot for each host milestone none of them provides. */
  static List<ShepherdService> withHostMilestones(List<ShepherdService> services) {
    Set<String> provided = new LinkedHashSet<>();
    services.forEach(s -> provided.addAll(s.provision()));
    List<ShepherdService> result = new ArrayList<>();
    for (String milestone : HOST_MILESTONES) {
      if (!provided.contains(milestone)) {
        result.add(ShepherdService.builder(milestone)
            .oneShot(true)
            .respawn(false)
            .documentation("Stands for the host's own " + milestone + ", which its init system provides.")
            .start(Script.run(List.of("true")))
            .build());
      }
    }
    result.addAll(services);
    return result;
  }

  /** Shepherd-service records become engine shepherd services; engine ones are kept. */
  static List<ShepherdService> toShepherdServices(List<Object> values) {
    List<ShepherdService> result = new ArrayList<>();
    for (Object v : values) {
      if (v instanceof ShepherdService s) {
        result.add(s);
      } else if (v instanceof Configuration c && c.type() == BaseRecords.ShepherdService.TYPE) {
        result.add(shepherdService(c));
      } else {
        throw new OcidslException("shepherd-root extensions must be shepherd-service records, not " + v);
      }
    }
    return result;
  }

  /**
   * Refuses, at the field that asks for it, what a one-shot {@code what} ({@code container} or
   * {@code service}) of record {@code c} cannot have: a health check, and a respawn where it is
   * asked for ({@code respawn} is null for a shepherd service, whose respawn is true unless said
   * otherwise and means nothing to a one-shot, as in Shepherd).
   */
  public static void checkOneShot(Configuration c, Field<Boolean> oneShot, Field<Boolean> respawn,
      Field<Configuration> healthCheck, String what) {
    if (respawn != null && c.get(oneShot) && c.get(respawn)) {
      throw new OcidslException(c.fieldLocation(respawn),
          "a oneShot " + what + " cannot respawn: it runs to completion once (remove respawn true)");
    }
    if (c.get(oneShot) && c.isSet(healthCheck)) {
      throw new OcidslException(c.fieldLocation(healthCheck),
          "a oneShot " + what + " takes no health check: it is done once it exited 0");
    }
  }

  /** A shepherd-service record as the engine's shepherd service. */
  public static ShepherdService shepherdService(Configuration c) {
    checkOneShot(c, BaseRecords.ShepherdService.ONE_SHOT, null, BaseRecords.ShepherdService.HEALTH_CHECK, "service");
    List<String> start = c.get(BaseRecords.ShepherdService.START);
    ShepherdService.Builder b = ShepherdService.builder()
        .provision(c.get(BaseRecords.ShepherdService.PROVISION))
        .requirement(c.get(BaseRecords.ShepherdService.REQUIREMENT))
        .oneShot(c.get(BaseRecords.ShepherdService.ONE_SHOT))
        .respawn(c.get(BaseRecords.ShepherdService.RESPAWN))
        .autoStart(c.get(BaseRecords.ShepherdService.AUTO_START))
        .start(c.get(BaseRecords.ShepherdService.ONE_SHOT) ? Script.run(start) : Script.exec(start))
        .documentation(c.get(BaseRecords.ShepherdService.DOCUMENTATION))
        .user(c.get(BaseRecords.ShepherdService.USER))
        .group(c.get(BaseRecords.ShepherdService.GROUP))
        .logFile(c.get(BaseRecords.ShepherdService.LOG_FILE))
        .environmentVariables(c.get(BaseRecords.ShepherdService.ENVIRONMENT_VARIABLES))
        .directory(c.get(BaseRecords.ShepherdService.DIRECTORY))
        .location(c.location());
    if (c.isSet(BaseRecords.ShepherdService.STOP)) {
      b.stop(Script.run(c.get(BaseRecords.ShepherdService.STOP)));
    }
    if (c.isSet(BaseRecords.ShepherdService.STOP_TIMEOUT)) {
      if (!c.isSet(BaseRecords.ShepherdService.STOP)) {
        throw new OcidslException(c.fieldLocation(BaseRecords.ShepherdService.STOP_TIMEOUT),
            "stopTimeout needs a stop command: it is how long that command may wait for the service to end");
      }
      b.stopTimeout(Duration.ofSeconds(c.get(BaseRecords.ShepherdService.STOP_TIMEOUT).longValue()));
    }
    if (c.isSet(BaseRecords.ShepherdService.PID_FILE)) {
      b.pidFile(c.get(BaseRecords.ShepherdService.PID_FILE),
          c.get(BaseRecords.ShepherdService.PID_FILE_TIMEOUT).intValue());
    }
    if (c.isSet(BaseRecords.ShepherdService.HEALTH_CHECK)) {
      Configuration health = c.get(BaseRecords.ShepherdService.HEALTH_CHECK);
      b.healthCheck(OciHealthCheck.supervised(
          health, Script.exec(health.get(OciHealthCheck.COMMAND))));
    }
    List<ShepherdAction> actions = new ArrayList<>();
    for (Configuration a : c.get(BaseRecords.ShepherdService.ACTIONS)) {
      actions.add(shepherdAction(a));
    }
    return b.actions(actions).build();
  }

  /** A shepherd-action record; its arguments follow the procedure's command. */
  public static ShepherdAction shepherdAction(Configuration a) {
    String procedure = org.ocidsl.engine.shell.Shell.command(a.get(BaseRecords.ShepherdAction.PROCEDURE));
    return new ShepherdAction(a.get(BaseRecords.ShepherdAction.NAME), a.get(BaseRecords.ShepherdAction.DOCUMENTATION),
        Script.builder().raw("exec " + procedure + " \"$@\"").build());
  }

  @SuppressWarnings("unchecked")
  public static <T> List<T> castList(Object value) {
    return (List<T>) value;
  }

  public static List<Object> concatenate(List<Object> lists) {
    List<Object> result = new ArrayList<>();
    for (Object l : lists) {
      result.addAll((List<?>) l);
    }
    return result;
  }

  public static <T> List<T> append(List<? extends T> a, List<? extends T> b) {
    List<T> result = new ArrayList<>(a);
    result.addAll(b);
    return List.copyOf(result);
  }

  private static <T> List<T> distinct(List<T> list) {
    return List.copyOf(new LinkedHashSet<>(list));
  }
}
