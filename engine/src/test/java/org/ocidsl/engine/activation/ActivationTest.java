package org.ocidsl.engine.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ocidsl.engine.Mode;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.generation.EtcFile;
import org.ocidsl.engine.generation.PamLimit;
import org.ocidsl.engine.generation.RequiredProgram;
import org.ocidsl.engine.generation.SubidRange;
import org.ocidsl.engine.generation.SystemManifest;
import org.ocidsl.engine.generation.UserAccount;
import org.ocidsl.engine.generation.UserGroup;

class ActivationTest {
  @TempDir Path dir;
  TestRoot t;

  @BeforeEach
  void root() throws IOException {
    t = TestRoot.in(dir);
  }

  private static void assumeRoot() {
    assumeTrue(org.ocidsl.engine.Users.uid() == 0, "creating users and groups needs root");
  }

  private static UserAccount podmanUser() {
    return new UserAccount(
        "oci-container", "users", List.of("cgroup"), "OCI services account", "/home/oci-container", true,
        "/usr/sbin/nologin", false);
  }

  private List<String> activate(TestRoot.Gen generation) throws IOException {
    return t.activation().activate(t.write(generation.build()));
  }

  private TestRoot.Gen full() {
    return TestRoot.generation()
        .groups(new UserGroup("cgroup", true))
        .users(podmanUser())
        .subuids(SubidRange.of("oci-container"))
        .subgids(SubidRange.of("oci-container"))
        .limits(new PamLimit("*", "both", "nofile", "100000"))
        .etc(new EtcFile("containers/storage.conf", "[storage]\ndriver = \"vfs\"\n"))
        .directories("/var/lib/containers");
  }

  @Test
  void activate_makesEveryChangeAndSaysSo() throws IOException {
    assumeRoot();
    List<String> heard = new ArrayList<>();
    Path generation = t.write(full().build());

    List<String> lines = t.activation().reportingTo(heard::add).activate(generation);

    assertEquals(
        List.of(
            "activation: created group cgroup",
            "activation: created user oci-container",
            "activation: allocated subuids 100000-165535 to oci-container",
            "activation: allocated subgids 100000-165535 to oci-container",
            "activation: installed /etc/containers/storage.conf",
            "activation: installed /etc/security/limits.d/ocidsl.conf",
            "activation: created directory /var/lib/containers"),
        lines);
    assertEquals(lines, heard);
    assertTrue(t.read("group").contains("\ncgroup:x:999:oci-container\n"), t.read("group"));
    assertTrue(
        t.read("passwd").contains("\noci-container:x:1000:100:OCI services account:/home/oci-container:/usr/sbin/nologin\n"),
        t.read("passwd"));
    assertTrue(Files.isDirectory(t.root.resolve("home/oci-container")));
    // useradd was told not to allocate ranges of its own: the ones above are the only ones.
    assertEquals("oci-container:100000:65536\n", t.read("subuid"));
    assertEquals("oci-container:100000:65536\n", t.read("subgid"));
    assertEquals("[storage]\ndriver = \"vfs\"\n", t.read("containers/storage.conf"));
    assertEquals("* - nofile 100000\n", t.read("security/limits.d/ocidsl.conf"));
    assertEquals("rwxr-xr-x", perms(t.root.resolve("var/lib/containers")));
    assertEquals("rw-r--r--", perms(t.etc("containers/storage.conf")));
  }

  @Test
  void activate_givenIdsAreTheOnesCreated() throws IOException {
    assumeRoot();
    UserAccount fixed = new UserAccount("fixed", "fixedgroup", List.of(), "", "/homeless-shelter", false,
        "/usr/sbin/nologin", false, 4321);
    activate(TestRoot.generation().groups(new UserGroup("fixedgroup", false, 5432)).users(fixed));
    assertTrue(t.read("group").contains("\nfixedgroup:x:5432:\n"), t.read("group"));
    assertTrue(t.read("passwd").contains("\nfixed:x:4321:5432:"), t.read("passwd"));
  }

  @Test
  void activate_secondRunChangesNothing() throws IOException, InterruptedException {
    assumeRoot();
    Path generation = t.write(full().build());
    t.activation().activate(generation);
    Map<String, String> before = t.snapshot();
    Thread.sleep(20);

    assertEquals(List.of(), t.activation().activate(generation));
    assertEquals(before, t.snapshot());
  }

  @Test
  void activate_leavesExistingUsersAndGroupsAlone() throws IOException {
    TestRoot.write(t.etc("passwd"),
        "root:x:0:0:root:/root:/bin/bash\noci-container:x:1500:100::/home/oci-container:/bin/bash\n", "rw-r--r--");
    TestRoot.write(t.etc("group"), "root:x:0:\nusers:x:100:\ncgroup:x:990:\n", "rw-r--r--");
    TestRoot.write(t.etc("subuid"), "oci-container:300000:65536\n", "rw-r--r--");
    TestRoot.write(t.etc("subgid"), "oci-container:300000:65536\n", "rw-r--r--");
    Map<String, String> before = t.rootSnapshot();

    List<String> lines =
        activate(TestRoot.generation()
            .groups(new UserGroup("cgroup", true))
            .users(podmanUser())
            .subuids(SubidRange.of("oci-container"))
            .subgids(SubidRange.of("oci-container")));

    assertEquals(List.of(), lines);
    assertEquals(before, t.rootSnapshot());
  }

  @Test
  void activate_existingUserWhoseHomeIsNotTheOneNeededFailsBeforeAnyChange() throws IOException {
    TestRoot.write(t.etc("passwd"), "root:x:0:0:root:/root:/bin/bash\noci-container:x:999:100::/var/empty:/usr/sbin/nologin\n",
        "rw-r--r--");
    Map<String, String> before = t.rootSnapshot();

    OcidslException e = assertThrows(OcidslException.class, () -> activate(full()));

    assertEquals("user 'oci-container' exists with home /var/empty, but the system needs /home/oci-container; "
        + "ocidsl never modifies an existing user: move its home (usermod -m -d /home/oci-container oci-container) "
        + "or declare another user", e.getMessage());
    assertEquals(before, t.rootSnapshot());
  }

  @Test
  void activate_allocatesSubidsForAnExistingUserAroundOtherRanges() throws IOException {
    TestRoot.write(t.etc("subuid"), "alice:100000:65536\n", "rw-r--r--");
    TestRoot.write(t.etc("subgid"), "alice:100000:65536\nbob:165536:65536", "rw-r-----");

    List<String> lines =
        activate(TestRoot.generation().subuids(SubidRange.of("carol")).subgids(SubidRange.of("carol")));

    assertEquals(
        List.of(
            "activation: allocated subuids 165536-231071 to carol",
            "activation: allocated subgids 231072-296607 to carol"),
        lines);
    assertEquals("alice:100000:65536\ncarol:165536:65536\n", t.read("subuid"));
    assertEquals("alice:100000:65536\nbob:165536:65536\ncarol:231072:65536\n", t.read("subgid"));
    assertEquals("rw-r-----", perms(t.etc("subgid")));
  }

  @Test
  void activate_home_userWithRanges_changesNothing() throws IOException {
    TestRoot.write(t.etc("subuid"), "alice:100000:65536\n", "rw-r--r--");
    TestRoot.write(t.etc("subgid"), "alice:100000:65536\n", "rw-r--r--");
    Path generation = t.write(TestRoot.generation().subuids(SubidRange.of("alice")).subgids(SubidRange.of("alice")).build());

    List<String> lines = t.activation().in(Mode.HOME).asUid(1000).activate(generation);

    assertEquals(List.of(), lines);
    assertEquals("alice:100000:65536\n", t.read("subuid"));
  }

  @Test
  void activate_home_userWithoutRanges_namesTheUserAndTheFixAndWritesNothing() throws IOException {
    TestRoot.write(t.etc("subuid"), "bob:100000:65536\n", "rw-r--r--");
    TestRoot.write(t.etc("subgid"), "bob:100000:65536\nbob2:165536:65536\n", "rw-r--r--");
    Path generation = t.write(TestRoot.generation().subuids(SubidRange.of("alice")).subgids(SubidRange.of("alice")).build());

    OcidslException e = assertThrows(OcidslException.class,
        () -> t.activation().in(Mode.HOME).asUid(1000).activate(generation));

    assertEquals("user 'alice' has no subuid range in /etc/subuid, which rootless podman needs; as root:"
        + " usermod --add-subuids 165536-231071 --add-subgids 231072-296607 alice", e.getMessage());
    assertEquals("bob:100000:65536\n", t.read("subuid"));
  }

  @Test
  void activate_home_generationWithAccountsOrFiles_isRefused() throws IOException {
    Path generation = t.write(full().subuids().subgids().build());

    OcidslException e = assertThrows(OcidslException.class,
        () -> t.activation().in(Mode.HOME).asUid(1000).activate(generation));

    assertEquals("this generation creates accounts or files on the host, which needs a system (root) activation,"
        + " not a home one", e.getMessage());
    assertFalse(Files.exists(t.etc("containers/storage.conf")));
  }

  @Test
  void activate_explicitSubidsOfANewUserAreItsOnlyOnes() throws IOException {
    assumeRoot();
    UserAccount alice = new UserAccount("alice", "users", List.of(), "", "/home/alice", false, "/bin/sh", false);

    List<String> lines =
        activate(TestRoot.generation()
            .users(alice)
            .subuids(new SubidRange("alice", 200000L, 65536))
            .subgids(new SubidRange("alice", 200000L, 65536)));

    assertEquals(
        List.of(
            "activation: created user alice",
            "activation: allocated subuids 200000-265535 to alice",
            "activation: allocated subgids 200000-265535 to alice"),
        lines);
    assertEquals("alice:200000:65536\n", t.read("subuid"));
    assertFalse(Files.exists(t.root.resolve("home/alice")));
  }

  @Test
  void activate_systemUserGetsASystemId() throws IOException {
    assumeRoot();
    UserAccount docker =
        new UserAccount("oci-container", "docker", List.of(), "OCI services account", "/var/empty", false,
            "/usr/sbin/nologin", true);

    List<String> lines = activate(TestRoot.generation().groups(new UserGroup("docker", true)).users(docker));

    assertEquals(List.of("activation: created group docker", "activation: created user oci-container"), lines);
    assertTrue(t.read("passwd").contains("\noci-container:x:999:999:OCI services account:/var/empty:/usr/sbin/nologin\n"),
        t.read("passwd"));
    assertEquals("", t.read("subuid"));
  }

  @Test
  void activate_subidOverlapFailsAndWritesNeitherFile() throws IOException {
    TestRoot.write(t.etc("subgid"), "bob:100000:65536\n", "rw-r--r--");
    Map<String, String> before = t.snapshot();

    OcidslException e =
        assertThrows(
            OcidslException.class,
            () -> activate(TestRoot.generation()
                .subuids(new SubidRange("alice", 100000L, 65536))
                .subgids(new SubidRange("alice", 100000L, 65536))));

    assertEquals(
        "subgid range 100000-165535 of 'alice' overlaps 100000-165535 of 'bob' in /etc/subgid: choose another start,"
            + " or leave it unset to have one allocated",
        e.getMessage());
    assertEquals(before.get(t.etc("subuid").toString()), t.snapshot().get(t.etc("subuid").toString()));
  }

  @Test
  void activate_missingProgramFailsBeforeAnyChange() throws IOException {
    TestRoot.write(t.root.resolve("usr/bin/podman"), "#!/bin/sh\n", "rwxr-xr-x");
    Map<String, String> before = t.snapshot();

    OcidslException e =
        assertThrows(
            OcidslException.class,
            () -> activate(full().programs(
                new RequiredProgram("podman", "podman"), new RequiredProgram("newuidmap", "uidmap"))));

    assertEquals(
        "program 'newuidmap' is missing: install the Debian package 'uidmap' (apt-get install uidmap)",
        e.getMessage());
    assertEquals(before, t.snapshot());
    assertFalse(Files.exists(t.state));
  }

  @Test
  void activate_replacedFileIsKeptAndRestored() throws IOException {
    TestRoot.write(t.etc("containers/policy.json"), "{\"default\":[{\"type\":\"reject\"}]}\n", "rw-r-----");
    TestRoot.Gen first =
        TestRoot.generation()
            .etc(new EtcFile("containers/policy.json", "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}\n"),
                new EtcFile("containers/storage.conf", "one\n"));

    assertEquals(
        List.of(
            "activation: installed /etc/containers/policy.json (kept the previous one)",
            "activation: installed /etc/containers/storage.conf"),
        activate(first));
    assertEquals("{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}\n", t.read("containers/policy.json"));
    assertEquals("rw-r-----", perms(t.etc("containers/policy.json")));
    Path backup = t.state.resolve("etc-backup/containers/policy.json");
    assertEquals("{\"default\":[{\"type\":\"reject\"}]}\n", Files.readString(backup));

    TestRoot.Gen second = TestRoot.generation().etc(new EtcFile("containers/storage.conf", "two\n"));
    assertEquals(
        List.of(
            "activation: updated /etc/containers/storage.conf",
            "activation: restored /etc/containers/policy.json"),
        activate(second));
    assertEquals("{\"default\":[{\"type\":\"reject\"}]}\n", t.read("containers/policy.json"));
    assertEquals("rw-r-----", perms(t.etc("containers/policy.json")));
    assertFalse(Files.exists(backup));
    assertEquals("two\n", t.read("containers/storage.conf"));

    Map<String, String> before = t.snapshot();
    assertEquals(List.of(), activate(second));
    assertEquals(before, t.snapshot());

    assertEquals(List.of("activation: removed /etc/containers/storage.conf"), activate(TestRoot.generation()));
    assertFalse(Files.exists(t.etc("containers/storage.conf")));
    assertEquals(List.of(), activate(TestRoot.generation()));
  }

  @Test
  void activate_identicalFileIsTakenOverSilentlyAndLeftInPlace() throws IOException {
    TestRoot.write(t.etc("containers/registries.conf"), "same\n", "rw-r--r--");

    assertEquals(List.of(), activate(TestRoot.generation().etc(new EtcFile("containers/registries.conf", "same\n"))));
    assertEquals(List.of(), activate(TestRoot.generation()));
    assertEquals("same\n", t.read("containers/registries.conf"));
    assertFalse(Files.exists(t.state.resolve("etc-backup/containers/registries.conf")));
  }

  @Test
  void activate_fileEditedAfterInstallIsLeftWhenReleased() throws IOException {
    activate(TestRoot.generation().etc(new EtcFile("containers/storage.conf", "ours\n")));
    Files.writeString(t.etc("containers/storage.conf"), "edited\n");

    assertEquals(
        List.of("activation: left /etc/containers/storage.conf in place: it was changed after ocidsl installed it"),
        activate(TestRoot.generation()));
    assertEquals("edited\n", t.read("containers/storage.conf"));
    assertEquals(List.of(), activate(TestRoot.generation()));
  }

  @Test
  void activate_fileEditedAfterInstallIsKeptWhenUpdated() throws IOException {
    activate(TestRoot.generation().etc(new EtcFile("containers/storage.conf", "ours\n")));
    Files.writeString(t.etc("containers/storage.conf"), "edited\n");

    Path edits = t.state.resolve("etc-edits/containers/storage.conf");
    assertEquals(
        List.of("activation: updated /etc/containers/storage.conf (local changes kept in " + edits + ")"),
        activate(TestRoot.generation().etc(new EtcFile("containers/storage.conf", "ours, again\n"))));
    assertEquals("ours, again\n", t.read("containers/storage.conf"));
    assertEquals("edited\n", Files.readString(edits));
  }

  @Test
  void activate_deletedOwnedFileIsReinstalled() throws IOException {
    TestRoot.Gen generation = TestRoot.generation().etc(new EtcFile("containers/storage.conf", "ours\n"));
    activate(generation);
    Files.delete(t.etc("containers/storage.conf"));

    assertEquals(List.of("activation: installed /etc/containers/storage.conf"), activate(generation));
  }

  @Test
  void activate_pamLimitsAreAnEtcFileOfTheirOwn() throws IOException {
    TestRoot.write(t.etc("security/limits.d/ocidsl.conf"), "# a local file\n", "rw-r--r--");
    activate(TestRoot.generation().limits(
        new PamLimit("*", "both", "nofile", "100000"), new PamLimit("@users", "soft", "nproc", "4096")));
    assertEquals("* - nofile 100000\n@users soft nproc 4096\n", t.read("security/limits.d/ocidsl.conf"));

    assertEquals(List.of("activation: restored /etc/security/limits.d/ocidsl.conf"), activate(TestRoot.generation()));
    assertEquals("# a local file\n", t.read("security/limits.d/ocidsl.conf"));
  }

  @Test
  void activate_pamLimitsAndAnEtcFileAtTheSamePath() throws IOException {
    OcidslException e =
        assertThrows(
            OcidslException.class,
            () -> activate(TestRoot.generation()
                .limits(new PamLimit("*", "both", "nofile", "100000"))
                .etc(new EtcFile("security/limits.d/ocidsl.conf", "x\n"))));
    assertEquals("the system installs /etc/security/limits.d/ocidsl.conf more than once", e.getMessage());
  }

  @Test
  void activate_etcEntryOutsideTheGeneration() throws IOException {
    Path generation = t.write(TestRoot.generation().build());
    SystemManifest escaping =
        new SystemManifest(
            SystemManifest.FORMAT, "x", List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
            List.of(new SystemManifest.EtcEntry("passwd", "../../root/etc/shadow")), List.of(), List.of(), List.of(),
            List.of());

    OcidslException e = assertThrows(OcidslException.class, () -> t.activation().activate(escaping, generation));
    assertTrue(e.getMessage().startsWith("etc file ../../root/etc/shadow of /etc/passwd is outside its generation"),
        e.getMessage());
  }

  @Test
  void activate_directoryInTheWayOfAnActivationDirectory() throws IOException {
    TestRoot.write(t.root.resolve("var/lib/containers"), "a file\n", "rw-r--r--");
    OcidslException e =
        assertThrows(OcidslException.class, () -> activate(TestRoot.generation().directories("/var/lib/containers")));
    assertEquals("activation directory /var/lib/containers exists and is not a directory", e.getMessage());
  }

  @Test
  void activate_withoutRootUnderAnotherRoot_refusesToCreateAccounts() throws IOException {
    Map<String, String> before = t.snapshot();
    OcidslException e =
        assertThrows(
            OcidslException.class,
            () -> t.activation().asUid(1000).activate(t.write(full().build())));
    assertEquals(
        "activation needs root to create users and groups, even with --root DIR: shadow's groupadd and useradd"
            + " require it (run as root)",
        e.getMessage());
    assertEquals(before, t.snapshot());
  }

  @Test
  void activate_withoutRootUnderAnotherRoot_installsFiles() throws IOException {
    List<String> lines =
        t.activation().asUid(1000).activate(t.write(TestRoot.generation()
            .etc(new EtcFile("containers/storage.conf", "x\n"))
            .directories("/var/lib/containers")
            .build()));
    assertEquals(
        List.of("activation: installed /etc/containers/storage.conf", "activation: created directory /var/lib/containers"),
        lines);
  }

  @Test
  void activate_withoutRootOnTheHost_refusesBeforeAnyChange() throws IOException {
    Path wanted = dir.resolve("made-by-activation");
    OcidslException e =
        assertThrows(
            OcidslException.class,
            () -> Activation.of(Path.of("/"), t.state).asUid(1000)
                .activate(t.write(TestRoot.generation().directories(wanted.toString()).build())));
    assertEquals(
        "activation needs root: it creates users, groups and files under /etc (run as root, or use --root DIR)",
        e.getMessage());
    assertFalse(Files.exists(wanted));
    assertFalse(Files.exists(t.state));
  }

  @Test
  void refusal_decisions() {
    String host = "activation needs root: it creates users, groups and files under /etc (run as root, or use --root DIR)";
    // systemMode, runAsRoot, changesHost, createsAccounts
    assertEquals(Optional.empty(), Activation.refusal(true, true, true, true));
    assertEquals(Optional.of(host), Activation.refusal(true, false, true, false));
    assertEquals(Optional.of(host), Activation.refusal(true, false, true, true));
    assertEquals(Optional.empty(), Activation.refusal(true, false, false, false));
    assertEquals(Optional.empty(), Activation.refusal(false, false, true, false));
    assertTrue(Activation.refusal(false, false, true, true).orElseThrow().contains("even with --root DIR"));
    assertEquals(Optional.empty(), Activation.refusal(false, true, true, true));
  }

  @Test
  void activate_readsTheManifestOfTheGenerationDirectory() throws IOException {
    Path generation = t.write(TestRoot.generation().directories("/srv/data").build());
    assertEquals(List.of("activation: created directory /srv/data"), t.activation().activate(generation));
  }

  private static String perms(Path p) throws IOException {
    return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
