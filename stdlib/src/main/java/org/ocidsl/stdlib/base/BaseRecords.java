package org.ocidsl.stdlib.base;

import static org.ocidsl.engine.config.FieldType.BOOLEAN;
import static org.ocidsl.engine.config.FieldType.INTEGER;
import static org.ocidsl.engine.config.FieldType.LIST_OF_STRINGS;
import static org.ocidsl.engine.config.FieldType.STRING;

import java.util.List;
import org.ocidsl.engine.config.Configuration;
import org.ocidsl.engine.config.ConfigurationType;
import org.ocidsl.engine.config.Field;
import org.ocidsl.engine.config.FieldType;
import org.ocidsl.engine.generation.PamLimit;
import org.ocidsl.engine.generation.SubidRange;
import org.ocidsl.engine.generation.UserAccount;
import org.ocidsl.engine.generation.UserGroup;
import org.ocidsl.engine.shepherd.ShepherdService;
import org.ocidsl.stdlib.Sanitizers;

/**
 * The records of the base system: users and groups, subordinate id ranges, shepherd services and
 * their actions, as Guix's {@code user-account}, {@code user-group}, {@code subid-range}, {@code
 * shepherd-service} and {@code shepherd-action}.
 */
public final class BaseRecords {
  private BaseRecords() {}

  public static final ConfigurationType USER_GROUP =
      ConfigurationType.named("user-group")
          .documentation("A group of users, created if the host does not have it.")
          .field(Field.required("name", STRING, "The name of the group."))
          .field(Field.maybe("id", INTEGER, "The group ID; chosen by the host when unset."))
          .field(Field.of("system", BOOLEAN, false, "Whether this is a system group."))
          .build();

  public static final ConfigurationType USER_ACCOUNT =
      ConfigurationType.named("user-account")
          .documentation("A user account, created if the host does not have it; never modified.")
          .field(Field.required("name", STRING, "The user name."))
          .field(Field.maybe("uid", INTEGER, "The user ID; chosen by the host when unset."))
          .field(Field.of("group", STRING, "users", "The name or ID of the primary group."))
          .field(Field.of("supplementaryGroups", LIST_OF_STRINGS, List.of(), "Other groups the user is a member of."))
          .field(Field.of("comment", STRING, "", "A comment, the GECOS field."))
          .field(Field.of("homeDirectory", STRING, "/homeless-shelter", "The home directory."))
          .field(Field.of("createHomeDirectory", BOOLEAN, true, "Whether to create the home directory."))
          .field(Field.of("shell", STRING, "/usr/sbin/nologin", "The login shell."))
          .field(Field.of("system", BOOLEAN, false, "Whether this is a system account."))
          .build();

  public static final ConfigurationType SUBID_RANGE =
      ConfigurationType.named("subid-range")
          .documentation("A range of subordinate user or group IDs for a user, as in /etc/subuid and /etc/subgid.")
          .field(Field.required("name", STRING, "The name of the user the range belongs to."))
          .field(Field.maybe("start", INTEGER, "The first ID of the range; allocated at activation when unset."))
          .field(Field.of("count", INTEGER, SubidRange.DEFAULT_COUNT, "The number of IDs in the range."))
          .build();

  public static final ConfigurationType SHEPHERD_ACTION =
      ConfigurationType.named("shepherd-action")
          .documentation("An action of a shepherd service, run with 'ocidsl action SERVICE NAME'.")
          .field(Field.required("name", STRING, "The name of the action."))
          .field(Field.of("documentation", STRING, "", "What the action does."))
          .field(Field.required("procedure", LIST_OF_STRINGS,
              "The command the action runs, as a list of strings; the action's arguments follow it."))
          .build();

  public static final ConfigurationType SHEPHERD_SERVICE =
      ConfigurationType.named("shepherd-service")
          .documentation("A service the supervisor runs, as Guix's shepherd-service.")
          .field(Field.required("provision", LIST_OF_STRINGS, "The names the service provides."))
          .field(Field.of("requirement", LIST_OF_STRINGS, List.of(), "The services to start before this one."))
          .field(Field.of("oneShot", BOOLEAN, false, "Whether the service is done once its start command succeeds."))
          .field(Field.of("respawn", BOOLEAN, true, "Whether to restart the service when its process dies."))
          .field(Field.of("autoStart", BOOLEAN, true, "Whether to start the service with the system."))
          .field(Field.required("start", LIST_OF_STRINGS, "The command that runs the service, as a list of strings.")
              .sanitizedBy(BaseRecords::command))
          .field(Field.maybe("stop", LIST_OF_STRINGS,
              "A command run to stop the service, before its processes get SIGTERM."))
          .field(Field.of("actions", FieldType.LIST, List.of(), "The service's actions (shepherd-action records).")
              .sanitizedBy(Sanitizers.listOf("actions", BaseRecords::isShepherdAction, "shepherd-action records")))
          .field(Field.of("documentation", STRING, "", "What the service does."))
          .field(Field.maybe("user", STRING, "The user the service runs as."))
          .field(Field.maybe("group", STRING, "The group the service runs as."))
          .field(Field.maybe("logFile", STRING, "The file its output is appended to."))
          .field(Field.of("environmentVariables", LIST_OF_STRINGS, List.of(), "Its environment, as NAME=VALUE strings."))
          .field(Field.maybe("directory", STRING, "Its working directory."))
          .field(Field.maybe("pidFile", STRING,
              "The file a daemon writes its PID to: the service is started once it names a live process."))
          .field(Field.of("pidFileTimeout", INTEGER, ShepherdService.DEFAULT_PID_FILE_TIMEOUT,
              "How many seconds the PID file may take to appear."))
          .build();

  public static boolean isShepherdAction(Object value) {
    return value instanceof Configuration c && c.type() == SHEPHERD_ACTION;
  }

  public static final FieldType PAM_LIMITS_ENTRY =
      FieldType.of("pam-limits-entry", v -> v instanceof PamLimit);

  public static UserAccount userAccount(Configuration c) {
    return new UserAccount(
        c.string("name"), c.string("group"), c.list("supplementaryGroups"), c.string("comment"),
        c.string("homeDirectory"), c.bool("createHomeDirectory"), c.string("shell"), c.bool("system"),
        c.isSet("uid") ? ((Number) c.get("uid")).intValue() : null);
  }

  public static UserGroup userGroup(Configuration c) {
    return new UserGroup(c.string("name"), c.bool("system"), c.isSet("id") ? ((Number) c.get("id")).intValue() : null);
  }

  public static SubidRange subidRange(Configuration c) {
    Object start = c.get("start");
    return new SubidRange(
        c.string("name"), start == null ? null : ((Number) start).longValue(), ((Number) c.get("count")).longValue());
  }

  /** A command: a non-empty list of strings, the program first. */
  private static Object command(Object value) {
    if (!LIST_OF_STRINGS.test(value) || ((List<?>) value).isEmpty()) {
      throw new IllegalArgumentException(
          "a command must be a non-empty list of strings, the program first, but "
              + org.ocidsl.engine.Values.written(value) + " was found");
    }
    return value;
  }
}
