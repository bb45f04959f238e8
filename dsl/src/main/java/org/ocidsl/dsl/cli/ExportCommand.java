package org.ocidsl.dsl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ocidsl.dsl.Systems;
import org.ocidsl.dsl.eval.Evaluator;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.Temporaries;
import org.ocidsl.engine.image.api.BuiltImage;
import org.ocidsl.engine.generation.Generation;
import org.ocidsl.engine.generation.GenerationStore;
import org.ocidsl.engine.image.api.Format;
import org.ocidsl.stdlib.export.Dropped;
import org.ocidsl.stdlib.export.Export;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ocidsl export FILE --to compose|kubernetes [-o DIR] [--with-secrets] [--strict]}: the
 * folded system, what {@code build} would run, as a Compose project or Kubernetes manifests.
 */
@Command(name = "export", description = "Write the system of FILE as a Compose project or as Kubernetes manifests: to standard output, "
    + "or into DIR with the archives of the images it builds. What the target cannot express is named, one warning a line.")
final class ExportCommand implements Callable<Integer> {
  enum To { compose, kubernetes }

  @Parameters(paramLabel = "FILE", description = "The system, a *.oci.groovy file.")
  Path file;

  @Option(names = "--to", paramLabel = "TARGET", required = true, description = "compose (one compose.yaml) or kubernetes (one multi-document kubernetes.yaml).")
  To to;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Write the manifests and the image archives into DIR, which must not exist, instead of printing the manifests.")
  Path output;

  @Option(names = "--with-secrets", description = "kubernetes, with -o: also write the Secret its pods read, from this environment's values of the secrets, to DIR/secret.yaml (mode 0600).")
  boolean withSecrets;

  @Option(names = "--strict", description = "What the target cannot express is an error: nothing is written.")
  boolean strict;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (withSecrets && (to != To.kubernetes || output == null)) {
      throw new CommandLine.ParameterException(spec.commandLine(), to != To.kubernetes
          ? "--with-secrets is for --to kubernetes: compose reads each secret from the environment it runs in"
          : "--with-secrets needs -o DIR: the secrets go to a file of their own");
    }
    Systems.Folded system = Systems.load(file, file.toString(), new Evaluator(Evaluator.defaultCacheDir()),
        GlobalOptions.of(spec).mode());
    PrintWriter err = spec.commandLine().getErr();
    Warnings.print(err);
    Export export = Export.of(to == To.compose ? Export.Target.COMPOSE : Export.Target.KUBERNETES, system.fold(),
        system.generation(), Export.systemName(file.getFileName().toString()));
    List<Dropped> dropped = new ArrayList<>(export.dropped());
    if (output == null) {
      for (Generation.ImageEntry image : export.images()) {
        dropped.add(new Dropped(image.location(), "image '" + image.reference() + "'",
            "archive not written: -o DIR writes it beside the manifests"));
      }
    }
    dropped.forEach(d -> err.println(d.render(strict ? "error" : "warning")));
    err.flush();
    if (strict && !dropped.isEmpty()) {
      return Main.FAILURE;
    }
    if (output == null) {
      spec.commandLine().getOut().print(export.yaml());
      spec.commandLine().getOut().flush();
      return 0;
    }
    String secrets = withSecrets ? export.secretManifest(System::getenv) : null;
    write(export, secrets, output.toAbsolutePath());
    spec.commandLine().getOut().println(output.toAbsolutePath());
    return 0;
  }

  /** Writes the export into {@code dir}, all of it or nothing: in a directory beside it, renamed at the end. */
  private void write(Export export, String secrets, Path dir) throws IOException {
    if (Files.exists(dir)) {
      throw new OcidslException("output directory '" + dir + "' already exists");
    }
    Path parent = dir.getParent();
    Files.createDirectories(parent);
    Path temporary = Temporaries.newDirectory(parent, "." + dir.getFileName() + "-");
    try {
      Files.writeString(temporary.resolve(export.target().fileName()), export.yaml(), StandardCharsets.UTF_8);
      if (secrets != null) {
        Path secretFile = Files.createFile(temporary.resolve(Export.SECRET_FILE),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(secretFile, secrets, StandardCharsets.UTF_8);
      }
      for (Generation.ImageEntry image : export.images()) {
        BuiltImage built = GlobalOptions.of(spec).pipeline()
            .buildImage(image, temporary.resolve(Export.archiveName(image)), Format.DOCKER_ARCHIVE);
        if (!Export.loadsAs(built.repoTag(), image.reference())) {
          // An existing archive is copied as it is, with its own tag.
          spec.commandLine().getErr().println(new Dropped(image.location(), "image '" + image.reference() + "'",
              "its archive, a tarball, loads as " + built.repoTag() + ": tag it " + image.reference()
                  + " after loading it (docker tag, podman tag)").render("warning"));
        }
      }
      Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.move(temporary, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      GenerationStore.deleteRecursively(temporary);
      throw e;
    }
  }
}
