package org.ocidsl.engine.activation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.SourceLocation;
import org.ocidsl.engine.generation.RequiredProgram;
import org.ocidsl.engine.generation.UserAccount;
import org.ocidsl.engine.generation.UserGroup;

/**
 * Users and groups, created with shadow's {@code groupadd} and {@code useradd} (with {@code
 * --prefix ROOT} under another root) when missing, never modified.
 */
final class Accounts {
  static final RequiredProgram GROUPADD = new RequiredProgram("groupadd", "passwd");
  static final RequiredProgram USERADD = new RequiredProgram("useradd", "passwd");

  /** Home directories that stand for "none": never created. */
  static final Set<String> NO_HOME = Set.of("/homeless-shelter", "/nonexistent", "/var/empty");

  private static final Path HOST = Path.of("/");

  private final Path root;

  Accounts(Path root) {
    this.root = root;
  }

  private boolean underOtherRoot() {
    return !root.equals(HOST);
  }

  /** The groups of {@code groups} that ROOT/etc/group lacks, each once. */
  List<UserGroup> missingGroups(List<UserGroup> groups) throws IOException {
    Set<String> present = names("group");
    Map<String, UserGroup> missing = new LinkedHashMap<>();
    groups.stream().filter(g -> !present.contains(g.name())).forEach(g -> missing.putIfAbsent(g.name(), g));
    return List.copyOf(missing.values());
  }

  /** The users of {@code users} that ROOT/etc/passwd lacks, each once. */
  List<UserAccount> missingUsers(List<UserAccount> users) throws IOException {
    Set<String> present = names("passwd");
    Map<String, UserAccount> missing = new LinkedHashMap<>();
    users.stream().filter(u -> !present.contains(u.name())).forEach(u -> missing.putIfAbsent(u.name(), u));
    return List.copyOf(missing.values());
  }

  /**
   * An existing user that cannot serve as declared: one whose declaration needs its home (as
   * rootless podman does) but whose home on the host is another. Existing users are never
   * modified, so this is an error, not a change.
   */
  java.util.Optional<String> homeConflict(List<UserAccount> users) throws IOException {
    Path passwd = root.resolve("etc").resolve("passwd");
    if (!Files.exists(passwd)) {
      return java.util.Optional.empty();
    }
    Map<String, String> homes = new LinkedHashMap<>();
    for (String line : Files.readAllLines(passwd, StandardCharsets.UTF_8)) {
      String[] fields = line.split(":", -1);
      if (fields.length >= 7) {
        homes.put(fields[0], fields[5]);
      }
    }
    for (UserAccount user : users) {
      String home = homes.get(user.name());
      if (home != null && user.createHomeDirectory() && !home.equals(user.homeDirectory())) {
        return java.util.Optional.of("user '" + user.name() + "' exists with home " + home + ", but the system needs "
            + user.homeDirectory() + "; ocidsl never modifies an existing user: move its home (usermod -m -d "
            + user.homeDirectory() + " " + user.name() + ") or declare another user");
      }
    }
    return java.util.Optional.empty();
  }

  /** The shadow tools creating {@code groups} and {@code users} need. */
  static List<RequiredProgram> toolsFor(List<UserGroup> groups, List<UserAccount> users) {
    List<RequiredProgram> tools = new ArrayList<>();
    if (!groups.isEmpty()) {
      tools.add(GROUPADD);
    }
    if (!users.isEmpty()) {
      tools.add(USERADD);
    }
    return tools;
  }

  /** The names in the first field of ROOT/etc/FILE. */
  private Set<String> names(String file) throws IOException {
    Path path = root.resolve("etc").resolve(file);
    Set<String> names = new LinkedHashSet<>();
    if (!Files.exists(path)) {
      return names;
    }
    for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        names.add(line.substring(0, colon));
      }
    }
    return names;
  }

  void create(UserGroup group) {
    run(groupaddCommand(group), "group '" + group.name() + "'");
  }

  void create(UserAccount user, boolean ownSubuids, boolean ownSubgids) {
    run(useraddCommand(user, ownSubuids, ownSubgids), "user '" + user.name() + "'");
  }

  List<String> groupaddCommand(UserGroup group) {
    List<String> command = new ArrayList<>();
    command.add(tool(GROUPADD));
    prefix(command);
    if (group.system()) {
      command.add("-r");
    }
    if (group.id() != null) {
      command.addAll(List.of("-g", group.id().toString()));
    }
    command.add(group.name());
    return command;
  }

  /**
   * The {@code useradd} command creating {@code user}. When activation allocates the user's
   * subordinate ids itself ({@code ownSubuids}, {@code ownSubgids}), useradd is told to allocate
   * none, so that the user gets the range the system asks for and no other.
   */
  List<String> useraddCommand(UserAccount user, boolean ownSubuids, boolean ownSubgids) {
    List<String> command = new ArrayList<>();
    command.add(tool(USERADD));
    prefix(command);
    command.addAll(List.of("-g", user.group()));
    if (!user.supplementaryGroups().isEmpty()) {
      command.addAll(List.of("-G", String.join(",", user.supplementaryGroups())));
    }
    command.addAll(List.of("-c", user.comment(), "-d", user.homeDirectory()));
    command.add(user.createHomeDirectory() && !NO_HOME.contains(user.homeDirectory()) ? "-m" : "-M");
    command.addAll(List.of("-s", user.shell()));
    if (user.system()) {
      command.add("-r");
    }
    if (user.uid() != null) {
      command.addAll(List.of("-u", user.uid().toString()));
    }
    if (ownSubuids) {
      command.addAll(List.of("-K", "SUB_UID_COUNT=0"));
    }
    if (ownSubgids) {
      command.addAll(List.of("-K", "SUB_GID_COUNT=0"));
    }
    command.add(user.name());
    return command;
  }

  private void prefix(List<String> command) {
    if (underOtherRoot()) {
      command.addAll(List.of("--prefix", root.toString()));
    }
  }

  /** The shadow tools run on the host, whatever the root. */
  private static String tool(RequiredProgram program) {
    return ProgramCheck.find(HOST, program.program())
        .map(Path::toString)
        .orElseThrow(() -> new OcidslException(
            "program '" + program.program() + "' is missing: install the Debian package '"
                + program.debianPackage() + "' (apt-get install " + program.debianPackage() + ")"));
  }

  private static void run(List<String> command, String what) {
    String tool = Path.of(command.get(0)).getFileName().toString();
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("LC_ALL", "C");
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      String output;
      try (InputStream in = process.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      int status = process.waitFor();
      if (status != 0) {
        throw new OcidslException(
            tool + " failed to create " + what + " (exit status " + status + ")" + firstLine(output));
      }
    } catch (IOException e) {
      throw new OcidslException(SourceLocation.UNKNOWN, "cannot run " + tool + " to create " + what + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OcidslException("interrupted while creating " + what);
    }
  }

  private static String firstLine(String output) {
    return output.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().map(l -> ": " + l).orElse("");
  }
}
