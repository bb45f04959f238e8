import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds a docker-save tar of DIR (as the image's root, one layer, from scratch) with jib-core.
 *
 * <p>Usage: JibBench DIR OUT.tar CACHE_DIR
 */
public final class JibBench {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Path out = Path.of(args[1]);
    Path cache = Path.of(args[2]);
    long start = System.nanoTime();
    // Jib cannot add a tree at "/" itself: add each top-level entry.
    FileEntriesLayer.Builder builder = FileEntriesLayer.builder().setName("tree");
    try (Stream<Path> top = Files.list(dir)) {
      for (Path p : (Iterable<Path>) top.sorted()::iterator) {
        builder.addEntryRecursive(p, AbsoluteUnixPath.get("/" + p.getFileName()));
      }
    }
    FileEntriesLayer layer = builder.build();
    var container =
        Jib.fromScratch()
            .setFileEntriesLayers(List.of(layer))
            .setEntrypoint(List.of("/bin/true"))
            .containerize(
                Containerizer.to(TarImage.at(out).named("image:latest"))
                    .setApplicationLayersCache(cache.resolve("app"))
                    .setBaseImageLayersCache(cache.resolve("base")));
    System.out.printf(
        "%s jib build=%.1fms%n", container.getImageId(), (System.nanoTime() - start) / 1e6);
  }
}
