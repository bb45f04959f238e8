package org.ocidsl.engine.image;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small command line over {@link ImageBuilder} alone, without evaluating a system file (what
 * {@code ocidsl image build} does first): scripts/bench/image-build.sh measures the builder with
 * it.
 *
 * <pre>
 * java -cp ENGINE_JAR:DEPS org.ocidsl.engine.image.ImageBuildMain [options] SOURCE OUT
 *   SOURCE            a directory (the image's root), or with --programs, programs
 *   --programs        SOURCE... are programs (their shared libraries come along)
 *   --cache DIR       the image cache (default: OUT's directory/.ocidsl-image-cache)
 *   --name REPO[:TAG] the image's name (default: image:latest)
 *   --max-layers N    at most N layers (default 1)
 *   --entry-point CMD the entry point, one word per option
 *   --env NAME=VALUE  an environment variable, repeatable
 *   --symlink L=T     a symlink L → T, repeatable
 *   --format docker|oci
 *   --quiet           no progress
 * </pre>
 *
 * Prints the image ID, the time the build took inside the JVM and whether the cache answered.
 */
public final class ImageBuildMain {
  private ImageBuildMain() {}

  public static void main(String[] args) {
    long start = System.nanoTime();
    List<String> positional = new ArrayList<>();
    Path cache = null;
    String name = "image:latest";
    boolean programs = false;
    boolean quiet = false;
    Format format = Format.DOCKER_ARCHIVE;
    PackOptions.Builder options = PackOptions.builder();
    List<String> entryPoint = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--programs" -> programs = true;
        case "--quiet" -> quiet = true;
        case "--cache" -> cache = Path.of(args[++i]);
        case "--name" -> name = args[++i];
        case "--max-layers" -> options.maxLayers(Integer.parseInt(args[++i]));
        case "--entry-point" -> entryPoint.add(args[++i]);
        case "--env" -> {
          String[] kv = args[++i].split("=", 2);
          options.environmentVariable(kv[0], kv.length > 1 ? kv[1] : "");
        }
        case "--symlink" -> {
          String[] lt = args[++i].split("=", 2);
          options.symlink(lt[0], lt[1]);
        }
        case "--format" -> format = args[++i].equals("oci") ? Format.OCI_LAYOUT : Format.DOCKER_ARCHIVE;
        default -> positional.add(a);
      }
    }
    if (positional.size() < 2) {
      System.err.println("usage: ImageBuildMain [options] SOURCE... OUT");
      System.exit(2);
    }
    Path out = Path.of(positional.get(positional.size() - 1)).toAbsolutePath();
    List<Path> sources = new ArrayList<>();
    for (String s : positional.subList(0, positional.size() - 1)) {
      sources.add(Path.of(s));
    }
    if (cache == null) {
      cache = out.getParent().resolve(".ocidsl-image-cache");
    }
    options.entryPoint(entryPoint);
    int colon = name.lastIndexOf(':');
    boolean hasTag = colon > name.lastIndexOf('/');
    ImageSpec spec =
        ImageSpec.builder()
            .repository(hasTag ? name.substring(0, colon) : name)
            .tag(hasTag ? name.substring(colon + 1) : ImageSpec.DEFAULT_TAG)
            .content(
                programs ? ImageContent.programs(sources) : ImageContent.directory(sources.get(0)))
            .packOptions(options.build())
            .build();
    ImageBuilder builder = ImageBuilder.withCache(cache);
    if (!quiet) {
      builder = builder.listener(new TerminalProgress(System.err));
    }
    long buildStart = System.nanoTime();
    BuiltImage image;
    try {
      image = builder.build(spec, out, format);
    } catch (org.ocidsl.engine.OcidslException e) {
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
}
