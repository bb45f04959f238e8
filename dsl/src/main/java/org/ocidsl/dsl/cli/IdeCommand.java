package org.ocidsl.dsl.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import org.ocidsl.dsl.IdeDescriptors;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.Temporaries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ocidsl ide intellij|eclipse [-o DIR]}: writes the descriptor that makes an IDE complete
 * the language of {@code *.oci.groovy} files (the jar ships both; this is for a project without
 * the jar on its class path, and for the build, which ships what it writes).
 */
@Command(name = "ide", description = "Write the descriptor that teaches an IDE the builders, service types and record fields "
    + "of *.oci.groovy files: ocidsl.gdsl for IntelliJ IDEA, ocidsl.dsld for Eclipse (put it in the project's dsld folder). "
    + "Print its path.")
final class IdeCommand implements Callable<Integer> {
  /** The IDEs, each with the descriptor it reads. */
  enum Ide { intellij, eclipse }

  @Parameters(paramLabel = "IDE", description = "intellij (GDSL) or eclipse (DSLD).")
  Ide ide;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Write into DIR (created if missing) instead of the current directory.")
  Path output = Path.of("");

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    String text = ide == Ide.intellij ? IdeDescriptors.gdsl() : IdeDescriptors.dsld();
    Path file = output.resolve(ide == Ide.intellij ? "ocidsl.gdsl" : "ocidsl.dsld").toAbsolutePath();
    try {
      Files.createDirectories(file.getParent());
      // Written beside its place and renamed in: an IDE never reads half of it.
      Path tmp = Temporaries.newFile(file.getParent(), ".ocidsl-", ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new OcidslException("cannot write " + file + ": " + e.getMessage());
    }
    spec.commandLine().getOut().println(file);
    return 0;
  }
}
