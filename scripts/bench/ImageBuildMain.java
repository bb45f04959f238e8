import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.image.api.BuiltImage;
import org.ocidsl.engine.image.api.ImageBuilder;
import org.ocidsl.engine.image.api.ImageContent;
import org.ocidsl.engine.image.api.ImageSpec;
import org.ocidsl.engine.image.api.TerminalProgress;

/**
 * A small command line over {@link ImageBuilder} alone, without evaluating a system file (what
 * {@code ocidsl image build} does first): image-build.sh, beside it, compiles it against the
 * engine's jar and measures the builder with it.
 *
 * <pre>
 * java -cp BENCH_JAR:ENGINE_JAR:DEPS ImageBuildMain [--cache DIR] [--quiet] DIRECTORY OUT
 *   DIRECTORY   the image's root
 *   --cache DIR the image cache (default: OUT's directory/.ocidsl-image-cache)
 *   --quiet     no progress
 * </pre>
 *
 * Prints the image ID, the time the build took inside the JVM and whether the cache answered.
 */
public final class ImageBuildMain {
  private static final String USAGE = "usage: ImageBuildMain [--cache DIR] [--quiet] DIRECTORY OUT";

  private ImageBuildMain() {}

  public static void main(String[] args) {
    long start = System.nanoTime();
    List<String> positional = new ArrayList<>();
    Path cache = null;
    boolean quiet = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quiet" -> quiet = true;
        case "--cache" -> {
          if (++i == args.length) {
            usage();
          }
          cache = Path.of(args[i]);
        }
        default -> {
          if (args[i].startsWith("-")) {
            usage();
          }
          positional.add(args[i]);
        }
      }
    }
    if (positional.size() != 2) {
      usage();
    }
    Path out = Path.of(positional.get(1)).toAbsolutePath();
    if (cache == null) {
      cache = out.getParent().resolve(".ocidsl-image-cache");
    }
    ImageSpec spec =
        ImageSpec.builder()
            .repository("image")
            .content(ImageContent.directory(Path.of(positional.get(0))))
            .build();
    ImageBuilder builder = ImageBuilder.withCache(cache);
    if (!quiet) {
      builder = builder.listener(new TerminalProgress(System.err));
    }
    long buildStart = System.nanoTime();
    BuiltImage image;
    try {
      image = builder.build(spec, out);
    } catch (OcidslException e) {
      System.err.println(e.render());
      System.exit(1);
      return;
    }
    long end = System.nanoTime();
    System.out.printf(
        "%s %s %s build=%.1fms total=%.1fms read=%d%n",
        image.imageId(),
        image.cacheHit() ? "cached" : "built",
        image.archive(),
        (end - buildStart) / 1e6,
        (end - start) / 1e6,
        image.bytesRead());
  }

  private static void usage() {
    System.err.println(USAGE);
    System.exit(2);
  }
}
