package org.ocidsl.engine.activation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.generation.RequiredProgram;

/**
 * The programs a system needs, looked for inside a root: an absolute path must be an executable
 * file; a bare name is searched in {@link #SEARCH_PATH}.
 */
public final class ProgramCheck {
  /** Where a bare program name is looked for: root's PATH on Debian. */
  static final List<String> SEARCH_PATH =
      List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");

  private ProgramCheck() {}

  /** Where {@code program} is found under {@code root}, if it is. */
  public static Optional<Path> find(Path root, String program) {
    if (program.isEmpty() || program.indexOf('\0') >= 0) {
      return Optional.empty();
    }
    if (program.startsWith("/")) {
      return Optional.of(HostFiles.under(root, program)).filter(ProgramCheck::executable);
    }
    if (program.contains("/")) {
      return Optional.empty();
    }
    return SEARCH_PATH.stream()
        .map(dir -> HostFiles.under(root, dir + "/" + program))
        .filter(ProgramCheck::executable)
        .findFirst();
  }

  private static boolean executable(Path file) {
    return Files.isRegularFile(file) && Files.isExecutable(file);
  }

  /**
   * Fails naming every missing program of {@code programs} and the Debian packages that provide
   * them, in one line.
   */
  public static void requireAll(Path root, List<RequiredProgram> programs) {
    List<RequiredProgram> missing =
        programs.stream().distinct().filter(p -> find(root, p.program()).isEmpty()).toList();
    if (missing.isEmpty()) {
      return;
    }
    Set<String> packages = new LinkedHashSet<>();
    missing.forEach(p -> packages.add(p.debianPackage()));
    String install = "(apt-get install " + String.join(" ", packages) + ")";
    if (missing.size() == 1) {
      RequiredProgram p = missing.get(0);
      throw new OcidslException(
          "program '" + p.program() + "' is missing: install the Debian package '" + p.debianPackage() + "' "
              + install);
    }
    throw new OcidslException(
        "programs " + quotedList(missing.stream().map(RequiredProgram::program).distinct().toList())
            + " are missing: install the Debian " + (packages.size() == 1 ? "package " : "packages ")
            + quotedList(List.copyOf(packages)) + " " + install);
  }

  /** {@code 'a'}, {@code 'a' and 'b'}, {@code 'a', 'b' and 'c'}. */
  static String quotedList(List<String> names) {
    List<String> quoted = names.stream().map(n -> "'" + n + "'").collect(Collectors.toList());
    if (quoted.size() == 1) {
      return quoted.get(0);
    }
    return String.join(", ", quoted.subList(0, quoted.size() - 1)) + " and " + quoted.get(quoted.size() - 1);
  }
}
