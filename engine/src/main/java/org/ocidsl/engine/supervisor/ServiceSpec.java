package org.ocidsl.engine.supervisor;

import java.util.List;

/**
 * A service as the supervisor reads it from {@code system.json} (a {@link
 * org.ocidsl.engine.generation.SystemManifest.ServiceEntry}), by field name, so that fields added
 * to the manifest never break it.
 *
 * @param launchers the service's launcher directory, relative to its generation, or null for
 *     {@code launchers/NAME}
 * @param actions the names of its actions
 * @param pidFile the file whose appearance, naming a live process, makes it started, or null
 * @param pidFileTimeout how many seconds that file may take
 */
record ServiceSpec(
    List<String> provision,
    List<String> requirement,
    boolean oneShot,
    boolean respawn,
    boolean autoStart,
    String documentation,
    String user,
    String group,
    String logFile,
    String directory,
    List<String> environment,
    List<String> secretEnvironment,
    boolean stop,
    List<String> actions,
    String launchers,
    String pidFile,
    int pidFileTimeout) {

  ServiceSpec {
    provision = List.copyOf(provision);
    requirement = List.copyOf(requirement);
    environment = List.copyOf(environment);
    secretEnvironment = List.copyOf(secretEnvironment);
    actions = List.copyOf(actions);
  }

  /** The first provision: the name the service is known by. */
  String name() {
    return provision.get(0);
  }
}
