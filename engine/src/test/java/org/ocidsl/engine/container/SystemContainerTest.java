package org.ocidsl.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ocidsl.engine.OcidslException;

class SystemContainerTest {
  @TempDir Path tmp;

  @Test
  void mapping_hostAlone_isTheSamePathInside() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("data"));
    assertEquals(new Mapping(dir, dir, true), Mapping.parse("--share", dir.toString(), true));
    assertEquals(new Mapping(dir, Path.of("/srv/data"), false), Mapping.parse("--expose", dir + "=/srv/data/", false));
  }

  @Test
  void mapping_ontoWhatTheContainerMakesItself_isAnError() throws IOException {
    Path file = Files.writeString(tmp.resolve("passwd"), "alice:x:1000:1000::/home/alice:/bin/sh\n");
    assertEquals("--share " + file + "=/etc/passwd: /etc/passwd cannot be mapped: activation makes the container's"
        + " /etc (--expose can show a host file in it)",
        assertThrows(OcidslException.class, () -> Mapping.parse("--share", file + "=/etc/passwd", true)).getMessage());
    assertEquals(Path.of("/etc/ssl/extra"), Mapping.parse("--expose", tmp + "=/etc/ssl/extra", false).guest());
    for (String place : List.of("/", "/etc", "/usr/local", "/proc", "/dev/shm", "/var", "/var/lib", "/var/lib/ocidsl",
        "/var/lib/ocidsl/logs")) {
      assertThrows(OcidslException.class, () -> Mapping.parse("--expose", tmp + "=" + place, false), place);
    }
    assertEquals(Path.of("/var/lib/app"), Mapping.parse("--share", tmp + "=/var/lib/app", true).guest());
  }

  @Test
  void mapping_missingHostOrRelativeTarget_isAnError() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("data"));
    assertEquals("--share " + tmp + "/nope=/x: " + tmp + "/nope does not exist on the host",
        assertThrows(OcidslException.class, () -> Mapping.parse("--share", tmp + "/nope=/x", true)).getMessage());
    assertEquals("--expose " + dir + "=x: the place in the container, x, must be an absolute path",
        assertThrows(OcidslException.class, () -> Mapping.parse("--expose", dir + "=x", false)).getMessage());
    assertEquals("--share =/x: expected HOST=CONTAINER or HOST",
        assertThrows(OcidslException.class, () -> Mapping.parse("--share", "=/x", true)).getMessage());
  }

  @Test
  void bwrap_ownNetwork_hostProgramsReadOnly_privateDirectories_mappingsLast() throws IOException {
    Path state = Files.createDirectory(tmp.resolve("state"));
    Path shared = Files.createDirectory(tmp.resolve("shared dir"));
    List<String> args = SystemContainer.bwrapArguments(new SystemContainer.Options(state, state.resolve("generations/1"),
        "web", List.of(new Mapping(shared, Path.of("/data"), true), new Mapping(shared, Path.of("/ro"), false),
            new Mapping(shared, Path.of("/srv/site/data"), true)),
        false, false));
    String joined = String.join(" ", args);
    for (String expected : List.of("--unshare-pid --unshare-ipc --unshare-uts --unshare-net", "--hostname web",
        "--ro-bind /usr /usr", "--proc /proc", "--dev /dev", "--tmpfs /tmp", "--tmpfs /run", "--tmpfs /var",
        "--tmpfs /home", "--tmpfs /root", "--dir /etc", "--bind " + state + " /var/lib/ocidsl",
        "--setenv HOME /root", "--setenv TMPDIR /tmp")) {
      assertTrue(joined.contains(expected), expected + " in " + joined);
    }
    assertFalse(joined.contains("resolv.conf"), "the system's own network files");
    assertTrue(joined.contains("--perms 1777 --tmpfs /tmp") && joined.contains("--perms 1777 --tmpfs /dev/shm"), joined);
    // What bwrap would make 0700 to mount on, made 0755 first, in order.
    assertTrue(Collections.indexOfSubList(args, List.of("--dir", "/var/lib")) >= 0, joined);
    int srv = Collections.indexOfSubList(args, List.of("--dir", "/srv"));
    int site = Collections.indexOfSubList(args, List.of("--dir", "/srv/site"));
    int bind = Collections.indexOfSubList(args, List.of("--bind", shared.toString(), "/srv/site/data"));
    assertTrue(0 <= srv && srv < site && site < bind, joined);
    // A mapping is one argument each side, whatever it holds, and comes after the directories
    // it may be mounted into.
    int share = Collections.indexOfSubList(args, List.of("--bind", shared.toString(), "/data"));
    int expose = Collections.indexOfSubList(args, List.of("--ro-bind", shared.toString(), "/ro"));
    assertTrue(share > args.indexOf("/var") && expose > share, joined);
  }

  @Test
  void bwrap_sharedNetwork_keepsTheHostsNetworkAndItsFiles() throws IOException {
    Path state = Files.createDirectory(tmp.resolve("state"));
    List<String> args = SystemContainer.bwrapArguments(
        new SystemContainer.Options(state, state.resolve("generations/1"), "web", List.of(), true, false));
    assertFalse(args.contains("--unshare-net"));
    assertTrue(Collections.indexOfSubList(args, List.of("--ro-bind-try", "/etc/resolv.conf", "/etc/resolv.conf")) > 0);
    assertTrue(Collections.indexOfSubList(args, List.of("--ro-bind-try", "/etc/hosts", "/etc/hosts")) > 0);
  }

  @Test
  void programFiles_holdThisJvmsClassPath() throws IOException {
    String first = System.getProperty("java.class.path").split(":")[0];
    Path entry = Path.of(first).toAbsolutePath();
    assertTrue(entry.startsWith("/usr/") || SystemContainer.programFiles().contains(entry), entry.toString());
  }

  /** Runs the wrapper script with a stand-in bwrap that records its arguments and exits with {@code status}. */
  private Path runWrapper(int status, boolean go, String... bwrapArgs) throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path record = tmp.resolve("args");
    Path fake = bin.resolve("bwrap");
    Files.writeString(fake, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n--\\n' \"$a\"; done > " + record
        + "\necho '{\"child-pid\": 42}' >&3\nexit " + status + "\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path state = Files.createDirectories(tmp.resolve("containers/c-1"));
    Files.writeString(state.resolve("generation"), "");
    Files.writeString(SystemContainer.logOf(state), "output\n");
    List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", SystemContainer.WRAPPER, "ocidsl-container",
        state.toString()));
    argv.addAll(List.of(bwrapArgs));
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.environment().put("PATH", bin + ":/usr/bin:/bin");
    Process p = pb.start();
    try (OutputStream in = p.getOutputStream()) {
      if (go) {
        in.write("go\n{\"secret\": 1}".getBytes(StandardCharsets.UTF_8));
      }
    }
    assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    assertEquals(go ? status : 1, p.exitValue());
    return state;
  }

  @Test
  void wrapper_runsBwrapWithItsArgumentsUnchanged_thenRemovesTheState() throws Exception {
    String odd = "a b 'c' \"d\" $(touch " + tmp.resolve("pwned") + ") `x`\nnext";
    Path state = runWrapper(0, true, "--setenv", "V", odd);
    assertEquals("--info-fd\n--\n3\n--\n--setenv\n--\nV\n--\n" + odd + "\n--\n",
        Files.readString(tmp.resolve("args")));
    assertFalse(Files.exists(tmp.resolve("pwned")));
    assertFalse(Files.exists(state), "the state directory is removed");
    assertFalse(Files.exists(SystemContainer.logOf(state)), "so is the output of a container that ended well");
  }

  @Test
  void wrapper_keepsTheOutputOfAFailedContainer() throws Exception {
    Path state = runWrapper(3, true);
    assertFalse(Files.exists(state));
    assertEquals("output\n", Files.readString(SystemContainer.logOf(state)));
  }

  @Test
  void wrapper_withoutTheWord_startsNothing() throws Exception {
    Path state = runWrapper(0, false);
    assertFalse(Files.exists(tmp.resolve("args")), "bwrap did not run");
    assertTrue(Files.exists(state));
  }

  @Test
  void exec_entersOnlyTheNamespacesThatDiffer_withTheContainersEnvironment() throws IOException {
    long self = ProcessHandle.current().pid();
    assertEquals(List.of("nsenter", "--target", Long.toString(self), "--", "/usr/bin/env", "-i",
        "PATH=" + SystemContainer.PATH, "HOME=/root", "TMPDIR=/tmp", "TERM=xterm", "sh", "-c", "echo $HOME"),
        SystemContainer.execCommand(self, List.of("sh", "-c", "echo $HOME"), "xterm"));
  }
}
