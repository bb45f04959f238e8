package org.ocidsl.dsl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.generation.Generation;
import org.ocidsl.engine.generation.GenerationStore;
import org.ocidsl.engine.image.api.BuildListener;
import org.ocidsl.engine.image.api.BuiltImage;
import org.ocidsl.engine.image.api.Format;
import org.ocidsl.engine.image.api.ImageBuilder;
import org.ocidsl.engine.image.api.TerminalProgress;
import org.ocidsl.stdlib.oci.OciImages;

/**
 * Builds the images of a system into the content-addressed cache of the state directory
 * ({@code STATE/images}); an image whose inputs did not change is not built again.
 */
public final class Images {
  private Images() {}

  /** The image cache of {@code stateDir}. */
  public static Path cacheDir(Path stateDir) {
    return stateDir.resolve("images");
  }

  /** Progress on a terminal; elsewhere (a pipe, a CI log) the warnings only. */
  public static BuildListener progress() {
    if (System.console() != null) {
      return new TerminalProgress(System.err);
    }
    return new BuildListener() {
      @Override
      public void warning(String message) {
        System.err.println("warning: " + message);
      }
    };
  }

  /** Builds every image of {@code generation}; returns each archive, in the cache, by image name. */
  public static Map<String, GenerationStore.ImageArchive> build(Generation generation, Path stateDir) {
    Map<String, GenerationStore.ImageArchive> archives = new LinkedHashMap<>();
    for (Generation.ImageEntry entry : generation.images()) {
      OciImages.Request request = (OciImages.Request) entry.source();
      BuiltImage built = build(request, stateDir, null, Format.DOCKER_ARCHIVE);
      archives.put(entry.name(), new GenerationStore.ImageArchive(built.cachedArchive(), built.imageId()));
    }
    return archives;
  }

  /** Builds one image; {@code output} (or null) receives a link to the archive. */
  public static BuiltImage build(OciImages.Request request, Path stateDir, Path output, Format format) {
    try {
      GenerationStore.ensureStateDir(stateDir);
      return ImageBuilder.withCache(cacheDir(stateDir)).listener(progress()).build(request.spec(), output, format);
    } catch (UncheckedIOException e) {
      throw new OcidslException(request.location(), "cannot build image " + request.spec().repoTag() + ": "
          + e.getCause().getMessage(), e);
    } catch (IOException e) {
      throw new OcidslException(request.location(), "cannot create the state directory " + stateDir + ": "
          + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new OcidslException(request.location(), e.getMessage(), e);
    } catch (OcidslException e) {
      // The builder's own errors (a missing file, say) are the ociImage record's.
      throw e.location().isKnown() ? e : e.locatedAt(request.location());
    }
  }
}
