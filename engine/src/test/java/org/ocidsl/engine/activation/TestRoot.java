package org.ocidsl.engine.activation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.ocidsl.engine.generation.EtcFile;
import org.ocidsl.engine.generation.Generation;
import org.ocidsl.engine.generation.Fingerprints;
import org.ocidsl.engine.generation.GenerationStore;
import org.ocidsl.engine.generation.PamLimit;
import org.ocidsl.engine.generation.RequiredProgram;
import org.ocidsl.engine.generation.SubidRange;
import org.ocidsl.engine.generation.UserAccount;
import org.ocidsl.engine.generation.UserGroup;

/** A minimal Debian-like root for {@code --root} activations, and generations to activate in it. */
final class TestRoot {
  final Path root;
  final Path state;
  private final Path generations;
  private int next = 1;

  private TestRoot(Path root, Path state, Path generations) {
    this.root = root;
    this.state = state;
    this.generations = generations;
  }

  /** A root under {@code dir} with the account files shadow's tools need, and empty subid files. */
  static TestRoot in(Path dir) throws IOException {
    Path root = dir.resolve("root");
    Path etc = root.resolve("etc");
    Files.createDirectories(etc);
    write(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n", "rw-r--r--");
    write(etc.resolve("group"), "root:x:0:\nusers:x:100:\n", "rw-r--r--");
    write(etc.resolve("shadow"), "root:*:19000:0:99999:7:::\n", "rw-------");
    write(etc.resolve("gshadow"), "root:*::\nusers:*::\n", "rw-------");
    write(etc.resolve("subuid"), "", "rw-r--r--");
    write(etc.resolve("subgid"), "", "rw-r--r--");
    return new TestRoot(root, dir.resolve("state"), dir.resolve("generations"));
  }

  static void write(Path file, String text, String mode) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
  }

  Path etc(String path) {
    return root.resolve("etc").resolve(path);
  }

  String read(String etcPath) throws IOException {
    return Files.readString(etc(etcPath), StandardCharsets.UTF_8);
  }

  Activation activation() {
    return Activation.of(root, state);
  }

  /** Writes {@code generation} as the next generation directory and returns it. */
  Path write(Generation generation) throws IOException {
    return GenerationStore.write(generation, "test.oci.groovy", Map.of(), Fingerprints.of(generations), generations.resolve(Integer.toString(next++)));
  }

  /** Every file, directory and link under the root and the state directory, with its mtime and content. */
  Map<String, String> snapshot() throws IOException {
    return snapshot(root, state);
  }

  /** As {@link #snapshot()}, of the root only. */
  Map<String, String> rootSnapshot() throws IOException {
    return snapshot(root);
  }

  private static Map<String, String> snapshot(Path... tops) throws IOException {
    Map<String, String> snapshot = new TreeMap<>();
    for (Path top : tops) {
      if (!Files.exists(top)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(top)) {
        for (Path p : walk.toList()) {
          String content = Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
              ? Files.readString(p, StandardCharsets.ISO_8859_1)
              : Files.isSymbolicLink(p) ? "-> " + Files.readSymbolicLink(p) : "dir";
          BasicFileAttributes attributes = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
          snapshot.put(p.toString(), attributes.lastModifiedTime() + " " + attributes.fileKey() + " "
              + Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS) + " " + content);
        }
      }
    }
    return snapshot;
  }

  /** A generation builder, everything empty to start with. */
  static Gen generation() {
    return new Gen();
  }

  static final class Gen {
    List<UserAccount> users = List.of();
    List<UserGroup> groups = List.of();
    List<SubidRange> subuids = List.of();
    List<SubidRange> subgids = List.of();
    List<PamLimit> limits = List.of();
    List<EtcFile> etc = List.of();
    List<RequiredProgram> programs = List.of();
    List<String> directories = List.of();

    Gen users(UserAccount... v) { users = List.of(v); return this; }
    Gen groups(UserGroup... v) { groups = List.of(v); return this; }
    Gen subuids(SubidRange... v) { subuids = List.of(v); return this; }
    Gen subgids(SubidRange... v) { subgids = List.of(v); return this; }
    Gen limits(PamLimit... v) { limits = List.of(v); return this; }
    Gen etc(EtcFile... v) { etc = List.of(v); return this; }
    Gen programs(RequiredProgram... v) { programs = List.of(v); return this; }
    Gen directories(String... v) { directories = List.of(v); return this; }

    Generation build() {
      return Generation.EMPTY.withAccounts(users, groups).withSubids(subuids, subgids).withPamLimits(limits)
          .withEtcFiles(etc).withPrograms(programs).withActivationDirectories(directories);
    }
  }
}
