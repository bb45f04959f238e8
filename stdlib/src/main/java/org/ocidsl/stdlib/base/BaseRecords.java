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
import org.ocidsl.stdlib.Sanitizers;
import org.ocidsl.stdlib.oci.OciRecords.OciHealthCheck;

/**
 * The records of the base system: users and groups, subordinate id ranges, shepherd services and
 * their actions, as Guix's {@code user-account}, {@code user-group}, {@code subid-range}, {@code
 * shepherd-service} and {@code shepherd-action}. Each record has a class of its own holding its
 * typed fields and its {@code TYPE}, built from them in order; a record class shares its simple
 * name with the engine's value it converts to ({@link org.ocidsl.engine.generation.UserAccount},
 * …), which is therefore written in full here.
 */
public final class BaseRecords {
  private BaseRecords() {}

  /** {@code user-group}: a group of users. */
  public static final class UserGroup {
    private UserGroup() {}

    public static final Field<String> NAME = Field.required("name", STRING, "The name of the group.");
    public static final Field<Number> ID = Field.maybe("id", INTEGER, "The group ID; chosen by the host when unset.");
    public static final Field<Boolean> SYSTEM = Field.of("system", BOOLEAN, false, "Whether this is a system group.");

    public static final ConfigurationType TYPE =
        ConfigurationType.named("user-group")
            .documentation("A group of users, created if the host does not have it.")
            .fields(NAME, ID, SYSTEM)
            .build();
  }

  /** {@code user-account}: a user account. */
  public static final class UserAccount {
    private UserAccount() {}

    public static final Field<String> NAME = Field.required("name", STRING, "The user name.");
    public static final Field<Number> UID = Field.maybe("uid", INTEGER, "The user ID; chosen by the host when unset.");
    public static final Field<String> GROUP =
        Field.of("group", STRING, "users", "The name or ID of the primary group.");
    public static final Field<List<String>> SUPPLEMENTARY_GROUPS =
        Field.of("supplementaryGroups", LIST_OF_STRINGS, List.of(), "Other groups the user is a member of.");
    public static final Field<String> COMMENT = Field.of("comment", STRING, "", "A comment, the GECOS field.");
    public static final Field<String> HOME_DIRECTORY =
        Field.of("homeDirectory", STRING, "/homeless-shelter", "The home directory.");
    public static final Field<Boolean> CREATE_HOME_DIRECTORY =
        Field.of("createHomeDirectory", BOOLEAN, true, "Whether to create the home directory.");
    public static final Field<String> SHELL = Field.of("shell", STRING, "/usr/sbin/nologin", "The login shell.");
    public static final Field<Boolean> SYSTEM = Field.of("system", BOOLEAN, false, "Whether this is a system account.");

    public static final ConfigurationType TYPE =
        ConfigurationType.named("user-account")
            .documentation("A user account, created if the host does not have it; never modified.")
            .fields(NAME, UID, GROUP, SUPPLEMENTARY_GROUPS, COMMENT, HOME_DIRECTORY, CREATE_HOME_DIRECTORY, SHELL,
                SYSTEM)
            .build();
  }

  /** {@code subid-range}: subordinate user or group IDs for a user. */
  public static final class SubidRange {
    private SubidRange() {}

    public static final Field<String> NAME =
        Field.required("name", STRING, "The name of the user the range belongs to.");
    public static final Field<Number> START =
        Field.maybe("start", INTEGER, "The first ID of the range; allocated at activation when unset.");
    public static final Field<Number> COUNT = Field.of("count", INTEGER,
        org.ocidsl.engine.generation.SubidRange.DEFAULT_COUNT, "The number of IDs in the range.");

    public static final ConfigurationType TYPE =
        ConfigurationType.named("subid-range")
            .documentation("A range of subordinate user or group IDs for a user, as in /etc/subuid and /etc/subgid.")
            .fields(NAME, START, COUNT)
            .build();
  }

  /** {@code shepherd-action}: an action of a shepherd service. */
  public static final class ShepherdAction {
    private ShepherdAction() {}

    public static final Field<String> NAME = Field.required("name", STRING, "The name of the action.");
    public static final Field<String> DOCUMENTATION = Field.of("documentation", STRING, "", "What the action does.");
    public static final Field<List<String>> PROCEDURE = Field.required("procedure", LIST_OF_STRINGS,
        "The command the action runs, as a list of strings; the action's arguments follow it.");

    public static final ConfigurationType TYPE =
        ConfigurationType.named("shepherd-action")
            .documentation("An action of a shepherd service, run with 'ocidsl action SERVICE NAME'.")
            .fields(NAME, DOCUMENTATION, PROCEDURE)
            .build();
  }

  /** {@code shepherd-service}: a service the supervisor runs. */
  public static final class ShepherdService {
    private ShepherdService() {}

    public static final Field<List<String>> PROVISION =
        Field.required("provision", LIST_OF_STRINGS, "The names the service provides.");
    public static final Field<List<String>> REQUIREMENT =
        Field.of("requirement", LIST_OF_STRINGS, List.of(), "The services to start before this one.");
    public static final Field<Boolean> ONE_SHOT =
        Field.of("oneShot", BOOLEAN, false, "Whether the service is done once its start command succeeds.");
    public static final Field<Boolean> RESPAWN =
        Field.of("respawn", BOOLEAN, true, "Whether to restart the service when its process dies.");
    public static final Field<Boolean> AUTO_START =
        Field.of("autoStart", BOOLEAN, true, "Whether to start the service with the system.");
    public static final Field<List<String>> START =
        Field.required("start", LIST_OF_STRINGS, "The command that runs the service, as a list of strings.")
            .sanitizedBy(BaseRecords::command);
    public static final Field<List<String>> STOP = Field.maybe("stop", LIST_OF_STRINGS,
        "A command run to stop the service, before its processes get SIGTERM.");
    public static final Field<Number> STOP_TIMEOUT = Field.maybe("stopTimeout", INTEGER,
            "Seconds its stop command may wait for the service to end: the supervisor lets that command run this "
                + "much longer than its usual 60 s before it kills it. Needs stop.")
        .sanitizedBy(Sanitizers.atLeastOne("stopTimeout"));
    public static final Field<List<Configuration>> ACTIONS =
        Field.of("actions", FieldType.LIST, List.of(), "The service's actions (shepherd-action records).")
            .sanitizedBy(Sanitizers.listOf("actions", Configuration.class, BaseRecords::isShepherdAction,
                "shepherd-action records"));
    public static final Field<String> DOCUMENTATION = Field.of("documentation", STRING, "", "What the service does.");
    public static final Field<String> USER = Field.maybe("user", STRING, "The user the service runs as.");
    public static final Field<String> GROUP = Field.maybe("group", STRING, "The group the service runs as.");
    public static final Field<String> LOG_FILE = Field.maybe("logFile", STRING, "The file its output is appended to.");
    public static final Field<List<String>> ENVIRONMENT_VARIABLES = Field.of("environmentVariables", LIST_OF_STRINGS,
        List.of(), "Its environment, as NAME=VALUE strings.");
    public static final Field<String> DIRECTORY = Field.maybe("directory", STRING, "Its working directory.");
    public static final Field<String> PID_FILE = Field.maybe("pidFile", STRING,
        "The file a daemon writes its PID to: the service is started once it names a live process.");
    public static final Field<Number> PID_FILE_TIMEOUT = Field.of("pidFileTimeout", INTEGER,
        org.ocidsl.engine.shepherd.ShepherdService.DEFAULT_PID_FILE_TIMEOUT,
        "How many seconds the PID file may take to appear.");
    public static final Field<Configuration> HEALTH_CHECK = Field.maybe("healthCheck",
        FieldType.record(OciHealthCheck.TYPE),
        "An ociHealthCheck whose command the supervisor runs as the service runs: the service counts as started "
            + "once it passes.");

    public static final ConfigurationType TYPE =
        ConfigurationType.named("shepherd-service")
            .documentation("A service the supervisor runs, as Guix's shepherd-service.")
            .fields(PROVISION, REQUIREMENT, ONE_SHOT, RESPAWN, AUTO_START, START, STOP, STOP_TIMEOUT, ACTIONS,
                DOCUMENTATION, USER, GROUP, LOG_FILE, ENVIRONMENT_VARIABLES, DIRECTORY, PID_FILE, PID_FILE_TIMEOUT,
                HEALTH_CHECK)
            .build();
  }

  public static boolean isShepherdAction(Object value) {
    return value instanceof Configuration c && c.type() == ShepherdAction.TYPE;
  }

  public static org.ocidsl.engine.generation.UserAccount userAccount(Configuration c) {
    Number uid = c.get(UserAccount.UID);
    return new org.ocidsl.engine.generation.UserAccount(
        c.get(UserAccount.NAME), c.get(UserAccount.GROUP), c.get(UserAccount.SUPPLEMENTARY_GROUPS),
        c.get(UserAccount.COMMENT), c.get(UserAccount.HOME_DIRECTORY), c.get(UserAccount.CREATE_HOME_DIRECTORY),
        c.get(UserAccount.SHELL), c.get(UserAccount.SYSTEM), uid == null ? null : uid.intValue());
  }

  public static org.ocidsl.engine.generation.UserGroup userGroup(Configuration c) {
    Number id = c.get(UserGroup.ID);
    return new org.ocidsl.engine.generation.UserGroup(
        c.get(UserGroup.NAME), c.get(UserGroup.SYSTEM), id == null ? null : id.intValue());
  }

  public static org.ocidsl.engine.generation.SubidRange subidRange(Configuration c) {
    Number start = c.get(SubidRange.START);
    return new org.ocidsl.engine.generation.SubidRange(
        c.get(SubidRange.NAME), start == null ? null : start.longValue(), c.get(SubidRange.COUNT).longValue());
  }

  /** A command: a non-empty list of strings, the program first. */
  private static List<String> command(Object value) {
    if (!LIST_OF_STRINGS.test(value) || ((List<?>) value).isEmpty()) {
      throw new IllegalArgumentException(
          "a command must be a non-empty list of strings, the program first, but "
              + org.ocidsl.engine.Values.written(value) + " was found");
    }
    return ((List<?>) value).stream().map(String.class::cast).toList();
  }
}
