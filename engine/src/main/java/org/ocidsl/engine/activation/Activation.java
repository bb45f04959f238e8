package org.ocidsl.engine.activation;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.ocidsl.engine.Mode;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.Users;
import org.ocidsl.engine.SourceLocation;
import org.ocidsl.engine.generation.PamLimit;
import org.ocidsl.engine.generation.SubidRange;
import org.ocidsl.engine.generation.SystemManifest;
import org.ocidsl.engine.generation.UserAccount;
import org.ocidsl.engine.generation.UserGroup;

/**
 * Prepares a host (or another root) for a generation, as Guix's activation does: groups and
 * users, subordinate ids, the files the system owns under {@code /etc}, PAM limits and
 * activation directories.
 *
 * <pre>{@code
 * List<String> changes = Activation.of(Path.of("/"), stateDir)
 *     .reportingTo(out::println)
 *     .activate(generationDir);
 * }</pre>
 *
 * <p>The steps, in order:
 *
 * <ol>
 *   <li>the required programs are looked for inside the root (and shadow's {@code groupadd} and
 *       {@code useradd} on the host when accounts are missing); a missing one fails activation
 *       before anything changes, naming its Debian package;
 *   <li>activation refuses to go on without root when it has something to change on the host
 *       ({@link #refusal});
 *   <li>missing groups, then missing users are created; existing ones are never modified;
 *   <li>subordinate id ranges are added to {@code /etc/subuid} and {@code /etc/subgid} ({@link
 *       Subids});
 *   <li>the generation's {@code etc/} files, and its PAM limits as {@value #PAM_LIMITS}, are
 *       installed, keeping what they replace; files the previous activation installed that the
 *       generation no longer has are given back ({@link EtcFiles});
 *   <li>activation directories are created, 0755.
 * </ol>
 *
 * <p>Each change is one line, {@code activation: WHAT}, passed to the listener as it happens and
 * returned; an activation that finds everything in place changes nothing and returns no line.
 * Failures are {@link OcidslException}s with a one-line message. Two activations of the same
 * state directory do not run at once: the second waits on {@code STATE/activation.lock}.
 */
public final class Activation {
  /** What every line of the report starts with. */
  public static final String PREFIX = "activation: ";
  /** Where the PAM limits of a system go, relative to {@code /etc}. */
  public static final String PAM_LIMITS = "security/limits.d/ocidsl.conf";

  static final String LOCK_FILE = "activation.lock";
  private static final Path HOST = Path.of("/");

  private final Path root;
  private final Path stateDir;
  private final Consumer<String> listener;
  private final int effectiveUid;
  private final Mode mode;

  private Activation(Path root, Path stateDir, Consumer<String> listener, int effectiveUid, Mode mode) {
    this.root = root;
    this.stateDir = stateDir;
    this.listener = listener;
    this.effectiveUid = effectiveUid;
    this.mode = mode;
  }

  /**
   * Activation into {@code root} ({@code /} for the host itself, another directory for {@code
   * --root DIR}), keeping its own records (the files it owns under {@code /etc} and their
   * backups) in {@code stateDir}.
   */
  public static Activation of(Path root, Path stateDir) {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(stateDir, "stateDir");
    return new Activation(
        root.toAbsolutePath().normalize(), stateDir.toAbsolutePath().normalize(), line -> {}, (int) Users.uid(),
        Mode.SYSTEM);
  }

  /** This activation, passing each line of its report to {@code listener} as the change is made. */
  public Activation reportingTo(Consumer<String> listener) {
    return new Activation(root, stateDir, Objects.requireNonNull(listener, "listener"), effectiveUid, mode);
  }

  /**
   * This activation for a system of {@code mode}. A {@link Mode#HOME} activation changes nothing:
   * it checks the programs, and that the subordinate ids the generation needs are there already
   * ({@link #checkHome}).
   */
  public Activation in(Mode mode) {
    return new Activation(root, stateDir, listener, effectiveUid, Objects.requireNonNull(mode, "mode"));
  }

  /** This activation as if run by {@code uid}: for tests of the refusal. */
  Activation asUid(int uid) {
    return new Activation(root, stateDir, listener, uid, mode);
  }

  public Path root() {
    return root;
  }

  public Path stateDir() {
    return stateDir;
  }

  /** Whether this activation changes the host itself rather than another root. */
  public boolean systemMode() {
    return root.equals(HOST);
  }

  /** Activates the generation in {@code generationDir}, reading its {@code system.json}. */
  public List<String> activate(Path generationDir) {
    SystemManifest manifest;
    try {
      manifest = SystemManifest.read(generationDir);
    } catch (IOException e) {
      throw new OcidslException(SourceLocation.UNKNOWN, "cannot read the generation in " + generationDir + ": " + describe(e), e);
    }
    return activate(manifest, generationDir);
  }

  /**
   * Activates {@code manifest}, whose generation (and its {@code etc/} files) is in {@code
   * generationDir}, and returns one line per change made.
   */
  public List<String> activate(SystemManifest manifest, Path generationDir) {
    List<String> lines = new ArrayList<>();
    Consumer<String> report =
        change -> {
          String line = PREFIX + change;
          lines.add(line);
          listener.accept(line);
        };
    try {
      run(manifest, generationDir.toAbsolutePath().normalize(), report);
    } catch (IOException e) {
      throw new OcidslException(SourceLocation.UNKNOWN, "activation failed: " + describe(e), e);
    }
    return List.copyOf(lines);
  }

  private void run(SystemManifest manifest, Path generationDir, Consumer<String> report) throws IOException {
    if (mode.home()) {
      checkHome(manifest);
      return;
    }
    // Everything activation reads is read, and checked, before anything changes.
    List<EtcFiles.Wanted> etcFiles = wantedEtcFiles(manifest, generationDir);
    List<Path> directories = activationDirectories(manifest);
    Accounts accounts = new Accounts(root);
    List<UserGroup> groups = accounts.missingGroups(list(manifest.groups()));
    List<UserAccount> users = accounts.missingUsers(list(manifest.users()));

    ProgramCheck.requireAll(root, list(manifest.programs()));
    ProgramCheck.requireAll(HOST, Accounts.toolsFor(groups, users));
    Optional<String> conflict = accounts.homeConflict(list(manifest.users()));
    if (conflict.isPresent()) {
      throw new OcidslException(conflict.get());
    }

    boolean changesHost =
        !(list(manifest.groups()).isEmpty() && list(manifest.users()).isEmpty()
            && list(manifest.subuids()).isEmpty() && list(manifest.subgids()).isEmpty()
            && etcFiles.isEmpty() && directories.isEmpty())
            || Files.exists(stateDir.resolve(OwnedFiles.FILE_NAME));
    Optional<String> refusal =
        refusal(systemMode(), effectiveUid == 0, changesHost, !groups.isEmpty() || !users.isEmpty());
    if (refusal.isPresent()) {
      throw new OcidslException(refusal.get());
    }

    try (FileChannel lockFile = openLock(); FileLock lock = lockFile.lock()) {
      for (UserGroup group : groups) {
        accounts.create(group);
        report.accept("created group " + group.name());
      }
      for (UserAccount user : users) {
        accounts.create(
            user, declares(manifest.subuids(), user.name()), declares(manifest.subgids(), user.name()));
        report.accept("created user " + user.name());
      }
      allocateSubids(manifest, report);
      new EtcFiles(root, stateDir, report).activate(etcFiles);
      for (int i = 0; i < directories.size(); i++) {
        Path dir = directories.get(i);
        if (!Files.isDirectory(dir)) {
          HostFiles.createDirectories(dir);
          report.accept("created directory " + manifest.activationDirectories().get(i));
        }
      }
    }
  }

  /**
   * A home system's activation: the programs it runs must be there, and so must the subordinate
   * id ranges its rootless podman needs (a missing one fails, naming the user and the {@code
   * usermod} command that adds the range activation would have allocated). It creates nothing;
   * a generation with accounts, /etc files, PAM limits or directories to make is refused.
   */
  private void checkHome(SystemManifest manifest) throws IOException {
    if (!(list(manifest.users()).isEmpty() && list(manifest.groups()).isEmpty() && list(manifest.etc()).isEmpty()
        && list(manifest.pamLimits()).isEmpty() && list(manifest.activationDirectories()).isEmpty())) {
      throw new OcidslException("this generation creates accounts or files on the host, which needs a system (root)"
          + " activation, not a home one");
    }
    ProgramCheck.requireAll(root, list(manifest.programs()));
    List<Subids.Entry> uids = Subids.allocate("subuid", list(manifest.subuids()), Subids.read(root.resolve("etc/subuid")));
    List<Subids.Entry> gids = Subids.allocate("subgid", list(manifest.subgids()), Subids.read(root.resolve("etc/subgid")));
    if (!uids.isEmpty()) {
      Subids.Entry missing = uids.get(0);
      Optional<Subids.Entry> gid = gids.stream().filter(g -> g.name().equals(missing.name())).findFirst();
      throw new OcidslException("user '" + missing.name() + "' has no subuid range in /etc/subuid, which rootless"
          + " podman needs; as root: usermod --add-subuids " + missing.ids()
          + gid.map(g -> " --add-subgids " + g.ids()).orElse("") + " " + missing.name());
    }
    if (!gids.isEmpty()) {
      Subids.Entry missing = gids.get(0);
      throw new OcidslException("user '" + missing.name() + "' has no subgid range in /etc/subgid, which rootless"
          + " podman needs; as root: usermod --add-subgids " + missing.ids() + " " + missing.name());
    }
  }

  /**
   * Why activation refuses to run, if it does: without root it can change neither the host
   * ({@code systemMode}, when there is anything to change) nor the accounts of another root
   * (shadow's tools need root even with {@code --prefix}); files under another root it can.
   */
  public static Optional<String> refusal(
      boolean systemMode, boolean runAsRoot, boolean changesHost, boolean createsAccounts) {
    if (runAsRoot) {
      return Optional.empty();
    }
    if (systemMode && changesHost) {
      return Optional.of(
          "activation needs root: it creates users, groups and files under /etc (run as root, or use --root DIR)");
    }
    if (!systemMode && createsAccounts) {
      return Optional.of(
          "activation needs root to create users and groups, even with --root DIR: shadow's groupadd and useradd"
              + " require it (run as root)");
    }
    return Optional.empty();
  }

  private void allocateSubids(SystemManifest manifest, Consumer<String> report) throws IOException {
    Path subuid = root.resolve("etc/subuid");
    Path subgid = root.resolve("etc/subgid");
    // Both allocations are computed before either file changes: an error leaves both untouched.
    List<Subids.Entry> uids = Subids.allocate("subuid", list(manifest.subuids()), Subids.read(subuid));
    List<Subids.Entry> gids = Subids.allocate("subgid", list(manifest.subgids()), Subids.read(subgid));
    if (!uids.isEmpty()) {
      Subids.append(subuid, uids);
      uids.forEach(e -> report.accept("allocated subuids " + e.ids() + " to " + e.name()));
    }
    if (!gids.isEmpty()) {
      Subids.append(subgid, gids);
      gids.forEach(e -> report.accept("allocated subgids " + e.ids() + " to " + e.name()));
    }
  }

  private List<EtcFiles.Wanted> wantedEtcFiles(SystemManifest manifest, Path generationDir) throws IOException {
    List<EtcFiles.Wanted> wanted = new ArrayList<>();
    for (SystemManifest.EtcEntry entry : list(manifest.etc())) {
      EtcFiles.checkPath(entry.path());
      Path file = generationDir.resolve(entry.file()).normalize();
      if (!file.startsWith(generationDir)) {
        throw new OcidslException(
            "etc file " + entry.file() + " of /etc/" + entry.path() + " is outside its generation " + generationDir);
      }
      try {
        wanted.add(new EtcFiles.Wanted(entry.path(), Files.readAllBytes(file)));
      } catch (NoSuchFileException e) {
        throw new OcidslException(
            "generation " + generationDir + " lacks " + entry.file() + ", the content of /etc/" + entry.path());
      }
    }
    List<PamLimit> limits = list(manifest.pamLimits());
    if (!limits.isEmpty()) {
      String text = limits.stream().map(l -> l.line() + "\n").collect(Collectors.joining());
      wanted.add(new EtcFiles.Wanted(PAM_LIMITS, text.getBytes(StandardCharsets.UTF_8)));
    }
    Set<String> paths = new HashSet<>();
    for (EtcFiles.Wanted w : wanted) {
      if (!paths.add(w.path())) {
        throw new OcidslException("the system installs /etc/" + w.path() + " more than once");
      }
    }
    return wanted;
  }

  private List<Path> activationDirectories(SystemManifest manifest) {
    List<Path> directories = new ArrayList<>();
    for (String dir : list(manifest.activationDirectories())) {
      if (!dir.startsWith("/") || dir.indexOf('\0') >= 0) {
        throw new OcidslException("activation directory must be an absolute path: '" + dir + "'");
      }
      Path path = HostFiles.under(root, dir);
      if (Files.exists(path) && !Files.isDirectory(path)) {
        throw new OcidslException("activation directory " + dir + " exists and is not a directory");
      }
      directories.add(path);
    }
    return directories;
  }

  private FileChannel openLock() throws IOException {
    if (!Files.isDirectory(stateDir)) {
      for (Path created : HostFiles.createDirectories(stateDir)) {
        Files.setPosixFilePermissions(created, PosixFilePermissions.fromString("rwx------"));
      }
    }
    return FileChannel.open(stateDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
  }

  private static boolean declares(List<SubidRange> ranges, String user) {
    return list(ranges).stream().anyMatch(r -> r.name().equals(user));
  }

  private static <T> List<T> list(List<T> list) {
    return list == null ? List.of() : list;
  }

  /** An I/O failure in one line: what went wrong, and where. */
  static String describe(IOException e) {
    if (e instanceof AccessDeniedException a) {
      return "permission denied: " + a.getFile();
    }
    if (e instanceof NoSuchFileException n) {
      return "no such file: " + n.getFile();
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason() + (f.getFile() != null ? ": " + f.getFile() : "");
    }
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
  }
}
