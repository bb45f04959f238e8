package org.ocidsl.dsl.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.ocidsl.dsl.Systems;
import org.ocidsl.dsl.eval.Evaluator;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.generation.Generation;
import org.ocidsl.engine.image.api.BuiltImage;
import org.ocidsl.engine.image.api.Format;
import org.ocidsl.engine.image.api.ImageContent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ocidsl image build FILE NAME -o OUT.tar}: one image of a system, as an archive. */
@Command(name = "image", description = "Build images.", subcommands = ImageCommand.Build.class)
final class ImageCommand {

  @Command(name = "build", description = "Build the image NAME of FILE as an archive that docker load and podman load accept; print its ID.")
  static final class Build implements Callable<Integer> {
    enum ArchiveFormat { docker, oci }

    @Parameters(index = "0", paramLabel = "FILE", description = "The system, a *.oci.groovy file.")
    Path file;

    @Parameters(index = "1", paramLabel = "NAME", description = "The image: its repository, repository:tag, or the name of the container that runs it.")
    String name;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", required = true, description = "Where to write the archive.")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT", description = "docker (docker-save, the default) or oci (OCI image layout); not for a tarball, kept as it is.")
    ArchiveFormat format;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      Systems.Folded system = Systems.load(file, file.toString(), new Evaluator(Evaluator.defaultCacheDir()), GlobalOptions.of(spec).mode());
      Warnings.print(spec.commandLine().getErr());
      List<Generation.ImageEntry> images = system.generation().images();
      Generation.ImageEntry entry = images.stream()
          .filter(i -> i.isNamed(name))
          .findFirst()
          .orElseThrow(() -> new OcidslException("no image '" + name + "' in " + file + "; its images: "
              + (images.isEmpty() ? "none" : String.join(", ", images.stream().map(Generation.ImageEntry::reference).toList()))));
      if (format != null && entry.spec().content() instanceof ImageContent.Tarball) {
        throw new OcidslException(entry.location(), "image '" + name
            + "' is an existing archive, kept as it is: --format does not apply to it");
      }
      BuiltImage built = GlobalOptions.of(spec).pipeline().buildImage(entry, output.toAbsolutePath(),
          format == ArchiveFormat.oci ? Format.OCI_LAYOUT : Format.DOCKER_ARCHIVE);
      spec.commandLine().getOut().println(built.imageId());
      return 0;
    }
  }
}
