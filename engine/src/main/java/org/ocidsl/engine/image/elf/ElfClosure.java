package org.ocidsl.engine.image.elf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ocidsl.engine.OcidslException;

/**
 * The files a set of programs needs at run time, found the way glibc's dynamic linker finds them:
 * the program interpreter, then for every {@code DT_NEEDED} name, breadth first: {@code
 * DT_RPATH} of the loading object and of the objects that loaded it (only when the loading
 * object has no {@code DT_RUNPATH}), {@code DT_RUNPATH} of the loading object, {@code
 * /etc/ld.so.cache}, and the default directories ({@code /lib/<multiarch>}, {@code
 * /usr/lib/<multiarch>}, {@code /lib}, {@code /usr/lib}, and {@code /lib64}, {@code /usr/lib64}
 * for 64-bit objects). {@code LD_LIBRARY_PATH} is not used: it is the builder's environment, not
 * the container's. {@code $ORIGIN}, {@code $LIB} and {@code $PLATFORM} are expanded.
 *
 * <p>Files are returned at the paths the linker opens, unresolved: the caller keeps the symlinks
 * that lead from them to the real files.
 */
public final class ElfClosure {

  /**
   * The closure of some programs.
   *
   * @param files every file, in discovery order: each program, then what it loads
   * @param users for each file's real path, how many of the programs need it
   * @param cacheOnly libraries found only through {@code ld.so.cache} in a directory the linker
   *     does not search by default (the image has no cache): the path in the first directory it
   *     searches where a link would lead it to each → the path found
   */
  public record Result(List<Path> files, Map<Path, Integer> users, Map<String, Path> cacheOnly) {}

  private final LdSoCache cache;
  private final Map<Path, ElfFile> parsed = new HashMap<>();

  /** A closure that finds libraries through {@code cache}, as the host's linker does. */
  public ElfClosure(LdSoCache cache) {
    this.cache = cache;
  }

  /** The program named {@code program}: a path, or a name looked up in {@code PATH}. */
  static Path locateProgram(Path program) {
    if (program.getNameCount() == 1 && !program.isAbsolute()) {
      String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
      for (String dir : path.split(":")) {
        if (dir.isEmpty()) {
          continue;
        }
        Path candidate = Path.of(dir).resolve(program);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate.toAbsolutePath();
        }
      }
      throw new OcidslException("program not found in PATH: " + program);
    }
    Path abs = program.toAbsolutePath().normalize();
    if (!Files.isRegularFile(abs)) {
      throw new OcidslException("no such program: " + program);
    }
    return abs;
  }

  /** The files {@code programs} need, the programs with them. */
  public Result closure(List<Path> programs) throws IOException {
    Set<Path> all = new LinkedHashSet<>();
    Map<Path, Integer> users = new LinkedHashMap<>();
    Map<String, Path> cacheOnly = new LinkedHashMap<>();
    for (Path program : programs) {
      Set<Path> mine = new LinkedHashSet<>();
      programClosure(locateProgram(program), mine, cacheOnly, new HashSet<>());
      Set<Path> real = new HashSet<>();
      for (Path p : mine) {
        all.add(p);
        if (real.add(p.toRealPath())) {
          users.merge(p.toRealPath(), 1, Integer::sum);
        }
      }
    }
    return new Result(List.copyOf(all), users, cacheOnly);
  }

  private void programClosure(
      Path program, Set<Path> out, Map<String, Path> cacheOnly, Set<Path> scripts)
      throws IOException {
    out.add(program);
    if (!ElfFile.isElf(program)) {
      String interpreter = shebang(program);
      if (interpreter != null && scripts.add(program)) {
        programClosure(locateProgram(Path.of(interpreter)), out, cacheOnly, scripts);
      }
      return;
    }
    ElfFile exe = parse(program);
    Path origin = program.toRealPath().getParent();
    if (exe.interpreter().isPresent()) {
      Path interp = Path.of(exe.interpreter().get());
      if (!Files.isRegularFile(interp)) {
        throw new OcidslException(
            "program " + program + ": its interpreter " + interp + " does not exist");
      }
      out.add(interp);
    }
    // Breadth first, as the linker loads: each object with its chain of loaders (for DT_RPATH).
    record Loaded(Path path, ElfFile elf, Path origin, Loaded loader) {}
    Deque<Loaded> queue = new ArrayDeque<>();
    queue.add(new Loaded(program, exe, origin, null));
    Set<Path> seen = new HashSet<>();
    seen.add(program.toRealPath());
    while (!queue.isEmpty()) {
      Loaded obj = queue.poll();
      for (String name : obj.elf().needed()) {
        Path found = null;
        boolean viaCache = false;
        if (name.contains("/")) {
          Path p = obj.origin().resolve(name);
          found = Files.isRegularFile(p) ? p : null;
        }
        if (found == null && !name.contains("/") && !obj.elf().hasRunpath()) {
          for (Loaded l = obj; l != null && found == null; l = l.loader()) {
            found = search(l.elf().rpath(), l.origin(), name, exe);
          }
        }
        if (found == null && !name.contains("/")) {
          found = search(obj.elf().runpath(), obj.origin(), name, exe);
        }
        if (found == null && !name.contains("/")) {
          for (String candidate : cache.lookup(name)) {
            Path p = Path.of(candidate);
            if (compatible(p, exe)) {
              found = p;
              viaCache = true;
              break;
            }
          }
        }
        if (found == null && !name.contains("/")) {
          for (String dir : defaultDirectories(exe)) {
            Path p = Path.of(dir, name);
            if (compatible(p, exe)) {
              found = p;
              break;
            }
          }
        }
        if (found == null) {
          throw new OcidslException(
              "program " + program + ": cannot find " + name + ", needed by " + obj.path());
        }
        if (viaCache && !defaultDirectories(exe).contains(found.getParent().toString())) {
          cacheOnly.putIfAbsent(defaultDirectories(parse(found)).get(0) + "/" + name, found);
        }
        out.add(found);
        if (seen.add(found.toRealPath())) {
          queue.add(new Loaded(found, parse(found), found.getParent(), obj));
        }
      }
    }
  }

  private Path search(List<String> dirs, Path origin, String name, ElfFile exe)
      throws IOException {
    for (String dir : dirs) {
      Path p = Path.of(expand(dir, origin, exe), name);
      if (compatible(p, exe)) {
        return p.normalize();
      }
    }
    return null;
  }

  private boolean compatible(Path p, ElfFile exe) throws IOException {
    if (!Files.isRegularFile(p)) {
      return false;
    }
    try {
      return parse(p).compatibleWith(exe);
    } catch (IOException e) {
      return false; // not ELF, or unreadable: the linker skips it too
    }
  }

  private ElfFile parse(Path p) throws IOException {
    Path real = p.toRealPath();
    ElfFile elf = parsed.get(real);
    if (elf == null) {
      elf = ElfFile.read(real);
      parsed.put(real, elf);
    }
    return elf;
  }

  /** The OCI architecture of the ELF object {@code file}; null if it is not one or unknown. */
  public static String architecture(Path file) throws IOException {
    if (!ElfFile.isElf(file)) {
      return null;
    }
    switch (ElfFile.read(file.toRealPath()).machine()) {
      case ElfFile.EM_X86_64:
        return "amd64";
      case ElfFile.EM_386:
        return "386";
      case ElfFile.EM_AARCH64:
        return "arm64";
      case ElfFile.EM_ARM:
        return "arm";
      case ElfFile.EM_RISCV:
        return "riscv64";
      case ElfFile.EM_PPC64:
        return "ppc64le";
      case ElfFile.EM_MIPS:
        return "mips64le";
      default:
        return null;
    }
  }

  /** {@code $ORIGIN}, {@code $LIB}, {@code $PLATFORM} (also in braces) expanded. */
  static String expand(String dir, Path origin, ElfFile exe) {
    String o = origin == null ? "." : origin.toString();
    String lib = multiarch(exe) != null ? "lib/" + multiarch(exe) : (exe.is64() ? "lib64" : "lib");
    return dir.replace("${ORIGIN}", o)
        .replace("$ORIGIN", o)
        .replace("${LIB}", lib)
        .replace("$LIB", lib)
        .replace("${PLATFORM}", platform(exe))
        .replace("$PLATFORM", platform(exe));
  }

  /** The directories the linker searches last, for objects like {@code exe}. */
  static List<String> defaultDirectories(ElfFile exe) {
    List<String> dirs = new ArrayList<>();
    String triplet = multiarch(exe);
    if (triplet != null) {
      dirs.add("/lib/" + triplet);
      dirs.add("/usr/lib/" + triplet);
    }
    dirs.add("/lib");
    dirs.add("/usr/lib");
    if (exe.is64()) {
      dirs.add("/lib64");
      dirs.add("/usr/lib64");
    }
    return dirs;
  }

  /** Debian's multiarch triplet for objects like {@code exe}, or null. */
  static String multiarch(ElfFile exe) {
    switch (exe.machine()) {
      case ElfFile.EM_X86_64:
        return exe.is64() ? "x86_64-linux-gnu" : "x86_64-linux-gnux32";
      case ElfFile.EM_386:
        return "i386-linux-gnu";
      case ElfFile.EM_AARCH64:
        return "aarch64-linux-gnu";
      case ElfFile.EM_ARM:
        return "arm-linux-gnueabihf";
      case ElfFile.EM_PPC64:
        return exe.littleEndian() ? "powerpc64le-linux-gnu" : "powerpc64-linux-gnu";
      case ElfFile.EM_RISCV:
        return exe.is64() ? "riscv64-linux-gnu" : null;
      case ElfFile.EM_MIPS:
        return exe.is64() && exe.littleEndian() ? "mips64el-linux-gnuabi64" : null;
      case ElfFile.EM_S390:
        return "s390x-linux-gnu";
      default:
        return null;
    }
  }

  private static String platform(ElfFile exe) {
    switch (exe.machine()) {
      case ElfFile.EM_X86_64:
        return "x86_64";
      case ElfFile.EM_386:
        return "i686";
      case ElfFile.EM_AARCH64:
        return "aarch64";
      default:
        return "unknown";
    }
  }

  /** The interpreter of a {@code #!} script, or null. */
  private static String shebang(Path file) throws IOException {
    byte[] head = new byte[256];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    }
    if (n < 3 || head[0] != '#' || head[1] != '!') {
      return null;
    }
    String line = new String(head, 2, n - 2, StandardCharsets.UTF_8).split("\n", 2)[0].trim();
    if (line.isEmpty()) {
      return null;
    }
    String interpreter = line.split("[ \t]+", 2)[0];
    return interpreter.startsWith("/") ? interpreter : null;
  }
}
