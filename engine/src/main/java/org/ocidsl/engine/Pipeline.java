package org.ocidsl.engine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.ocidsl.engine.activation.Activation;
import org.ocidsl.engine.generation.Fingerprints;
import org.ocidsl.engine.generation.Generation;
import org.ocidsl.engine.generation.GenerationStore;
import org.ocidsl.engine.generation.GenerationView;
import org.ocidsl.engine.image.api.BuildListener;
import org.ocidsl.engine.image.api.BuiltImage;
import org.ocidsl.engine.image.api.Format;
import org.ocidsl.engine.image.api.ImageBuilder;
import org.ocidsl.engine.service.Service;
import org.ocidsl.engine.service.ServiceFolder;
import org.ocidsl.engine.service.ServiceType;
import org.ocidsl.engine.shepherd.ShepherdGraph;
import org.ocidsl.engine.shepherd.ShepherdService;
import org.ocidsl.engine.supervisor.Supervisor;
import org.ocidsl.engine.supervisor.SupervisorLauncher;

/**
 * The way a system goes, as DESIGN.md draws it, over one state directory:
 *
 * <pre>
 * services ──fold──▶ generation ──build──▶ STATE/generations/N ──activate──▶ host ──supervise──▶ processes
 *                                                                 (or: switch the running system to it)
 * </pre>
 *
 * {@link #fold} folds services into a {@link Generation} and checks its graph of shepherd
 * services; {@link #build} builds its images into the cache and writes it; {@link #activate}
 * prepares the host for it; {@link #supervise} and {@link #detach} run it; a running system is
 * switched to another generation through its supervisor ({@link
 * org.ocidsl.engine.supervisor.SupervisorClient#switchTo}). The commands of the command line
 * are adapters over these steps.
 */
public final class Pipeline {
  private final StateLayout state;
  private final BuildListener listener;
  private final Mode mode;

  /**
   * The pipeline of state directory {@code stateDir}, for a system of {@code mode}; image builds
   * report to {@code listener}.
   */
  public Pipeline(Path stateDir, BuildListener listener, Mode mode) {
    this.state = StateLayout.of(stateDir);
    this.listener = listener;
    this.mode = mode;
  }

  public Mode mode() {
    return mode;
  }

  public StateLayout state() {
    return state;
  }

  /** A system folded and checked: its generation, its shepherd graph, and every folded service. */
  public record Folded(Generation generation, ShepherdGraph graph, ServiceFolder.Folded fold) {}

  /**
   * Folds {@code services} into the service of type {@code root}, as Guix's {@code
   * fold-services} does, and checks the shepherd services of the generation it gives ({@code
   * hint} may say what provides a missing requirement).
   *
   * @throws OcidslException located where the user has to fix it
   */
  public static Folded fold(List<Service> services, ServiceType root, Function<String, String> hint) {
    ServiceFolder.Folded fold = ServiceFolder.foldAll(services, root);
    Generation generation = (Generation) fold.root().value();
    return new Folded(generation, ShepherdGraph.of(generation.services(), hint), fold);
  }

  /** Builds every image of {@code generation} into the cache; returns each archive by image name. */
  public Map<String, GenerationStore.ImageArchive> buildImages(Generation generation) {
    Map<String, GenerationStore.ImageArchive> archives = new LinkedHashMap<>();
    for (Generation.ImageEntry image : generation.images()) {
      BuiltImage built = buildImage(image, null, Format.DOCKER_ARCHIVE);
      archives.put(image.name(), new GenerationStore.ImageArchive(built.cachedArchive(), built.imageId()));
    }
    return archives;
  }

  /**
   * Builds one image into the cache; {@code output} (or null) receives a link to the archive.
   * Errors are located at the {@code ociImage} record that asked for the image.
   */
  public BuiltImage buildImage(Generation.ImageEntry image, Path output, Format format) {
    try {
      state.ensure();
      return ImageBuilder.withCache(state.images()).listener(listener).build(image.spec(), output, format);
    } catch (UncheckedIOException e) {
      throw new OcidslException(image.location(), "cannot build image " + image.spec().repoTag() + ": "
          + e.getCause().getMessage(), e);
    } catch (IOException e) {
      throw new OcidslException(image.location(), "cannot create the state directory " + state.dir() + ": "
          + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new OcidslException(image.location(), e.getMessage(), e);
    } catch (OcidslException e) {
      // The builder's own errors (a missing file, say) are the ociImage record's.
      throw e.location().isKnown() ? e : e.locatedAt(image.location());
    }
  }

  /**
   * Builds the images of {@code generation} and writes it as the state directory's next
   * generation, or into {@code output} (which must not exist) when it is not null; returns its
   * directory. {@code source} is the file it comes from.
   */
  public Path build(Generation generation, String source, Path output) throws IOException {
    Map<String, GenerationStore.ImageArchive> archives = buildImages(generation);
    if (output == null) {
      return new GenerationStore(state.dir()).add(generation, source, archives);
    }
    if (Files.exists(output)) {
      throw new OcidslException("output directory '" + output + "' already exists");
    }
    return GenerationStore.write(generation, source, archives, Fingerprints.of(state.dir()), output.toAbsolutePath());
  }

  /** {@code generation} with its images built, as {@link #build} would write it, writing nothing. */
  public GenerationView preview(Generation generation, String source) throws IOException {
    return GenerationView.of(generation, source, buildImages(generation), Fingerprints.of(state.dir()));
  }

  /**
   * Prepares the host under {@code root} for the generation in {@code dir} (accounts, subids,
   * /etc files, PAM limits, directories; for a home system, checks that the host has what it
   * needs), reporting each change to {@code report}. A generation
   * that fails its activation is deleted when {@code built} (it was built for this).
   */
  public void activate(Path dir, Path root, Consumer<String> report, boolean built) throws IOException {
    try {
      Activation.of(root.toAbsolutePath(), state.dir()).in(mode).reportingTo(report).activate(dir);
    } catch (RuntimeException e) {
      if (built) {
        GenerationStore.deleteRecursively(dir);
      }
      throw e;
    }
  }

  /** Makes the generation in {@code dir} the state directory's current one. */
  public void makeCurrent(Path dir) throws IOException {
    new GenerationStore(state.dir()).makeCurrent(dir);
  }

  /**
   * Supervises the generation in {@code dir} in this process until a halt request, SIGINT or
   * SIGTERM; its services' secret environment is {@code secrets}.
   */
  public void supervise(Path dir, Map<String, Map<String, String>> secrets, PrintWriter out) throws IOException {
    Supervisor.runForeground(state.dir(), dir, secrets, out);
  }

  /** Supervises the generation in {@code dir} in a process of its own; returns its pid. */
  public long detach(Path dir, Map<String, Map<String, String>> secrets) throws IOException {
    return SupervisorLauncher.detach(state.dir(), dir, secrets);
  }

  /** The values of each service's hostEnvironment, by service: held in memory, handed to a supervisor. */
  public static Map<String, Map<String, String>> secrets(Generation generation) {
    Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
    for (ShepherdService s : generation.services()) {
      if (!s.secretEnvironment().isEmpty()) {
        secrets.put(s.name(), s.secretEnvironment());
      }
    }
    return secrets;
  }
}
