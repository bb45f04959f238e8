package org.ocidsl.stdlib.export;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.SourceLocation;
import org.ocidsl.engine.generation.Generation;
import org.ocidsl.engine.image.api.ImageContent;
import org.ocidsl.engine.image.api.ImageSpec;
import org.ocidsl.engine.service.ServiceFolder;

/**
 * A folded system handed to a bigger engine ({@code ocidsl export}): a Compose project or
 * Kubernetes manifests, as YAML, with what the target cannot express listed as {@link Dropped}
 * items, the image archives the manifests expect, and the names of the secrets they read.
 *
 * <pre>
 * Export export = Export.of(Export.Target.COMPOSE, folded.fold(), folded.generation(), "web");
 * export.dropped().forEach(d -&gt; err.println(d.render("warning")));
 * out.print(export.yaml());
 * </pre>
 *
 * No value of a {@code hostEnvironment} is ever part of an export: {@link #secretManifest} reads
 * the values from the environment of whoever exports.
 */
public final class Export {
  /** The engines a system can be exported to, and the file each one's manifests go to. */
  public enum Target {
    COMPOSE("compose.yaml"),
    KUBERNETES("kubernetes.yaml");

    private final String fileName;

    Target(String fileName) {
      this.fileName = fileName;
    }

    public String fileName() {
      return fileName;
    }
  }

  /** The file the Secret manifest goes to, apart from the others: it holds the secrets' values. */
  public static final String SECRET_FILE = "secret.yaml";

  /**
   * What a target's builder gives: its documents, what it dropped, the secrets they read (each
   * where it was first written).
   */
  record Result(List<?> documents, List<Dropped> dropped, Map<String, SourceLocation> secrets) {}

  private final Target target;
  private final String systemName;
  private final Result result;
  private final List<Generation.ImageEntry> images;

  private Export(Target target, String systemName, Result result, List<Generation.ImageEntry> images) {
    this.target = target;
    this.systemName = systemName;
    this.result = result;
    this.images = images;
  }

  /**
   * The export of the system folded as {@code fold} into {@code generation}, for {@code target};
   * the Kubernetes Secret is named {@code systemName}.
   *
   * @throws OcidslException located at a name or value the target cannot take
   */
  public static Export of(Target target, ServiceFolder.Folded fold, Generation generation, String systemName) {
    SystemView system = SystemView.of(fold, generation);
    Result result = target == Target.COMPOSE ? ComposeExport.of(system) : KubernetesExport.of(system, systemName);
    Map<String, Generation.ImageEntry> images = new LinkedHashMap<>();
    for (SystemView.Container c : system.containers()) {
      Generation.ImageEntry image = system.images().get(c.name());
      if (c.built() && image != null) {
        images.putIfAbsent(image.reference(), underReference(image));
      }
    }
    return new Export(target, systemName, result, List.copyOf(images.values()));
  }

  /**
   * The name of a system written in {@code fileName}: its base name without {@code .oci.groovy},
   * as a Kubernetes name (lowercase letters, digits and '-').
   */
  public static String systemName(String fileName) {
    String base = fileName.substring(fileName.lastIndexOf('/') + 1);
    for (String suffix : List.of(".oci.groovy", ".groovy")) {
      if (base.endsWith(suffix)) {
        base = base.substring(0, base.length() - suffix.length());
        break;
      }
    }
    String name = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
    return name.isEmpty() ? "system" : name.substring(0, Math.min(name.length(), 63)).replaceAll("-+$", "");
  }

  public Target target() {
    return target;
  }

  /** What the target cannot express, in the order of the system. */
  public List<Dropped> dropped() {
    return result.dropped();
  }

  /** The images the system builds, which the manifests name, one each, archived under that name. */
  public List<Generation.ImageEntry> images() {
    return images;
  }

  /** The {@code hostEnvironment} variables the manifests read as secrets. */
  public List<String> secrets() {
    return List.copyOf(result.secrets().keySet());
  }

  /** The manifests, as the target's YAML file. */
  public String yaml() {
    return YamlWriter.write(result.documents(), target == Target.COMPOSE ? YamlWriter.SNAKE_CASE : UnaryOperator.identity());
  }

  /**
   * The Kubernetes Secret that the manifests' {@code secretKeyRef}s read, named after the system,
   * with the values {@code environment} gives each secret (the exporter's environment).
   *
   * @throws OcidslException when a secret has no value there
   */
  public String secretManifest(UnaryOperator<String> environment) {
    Map<String, String> data = new LinkedHashMap<>();
    for (Map.Entry<String, SourceLocation> secret : result.secrets().entrySet()) {
      String value = environment.apply(secret.getKey());
      if (value == null) {
        throw new OcidslException(secret.getValue(), "--with-secrets reads each secret from the environment,"
            + " where " + secret.getKey() + " is not set");
      }
      data.put(secret.getKey(), Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
    }
    return YamlWriter.write(List.of(Kubernetes.Secret.of(new Kubernetes.Metadata(systemName, Map.of()), "Opaque", data)),
        UnaryOperator.identity());
  }

  /**
   * {@code image}, to be archived under its reference ({@code localhost/site:1.0}), so that {@code
   * docker load} and {@code podman load} both give the image the manifests name (docker would load
   * {@code site:1.0} as that). An existing archive is kept as it is.
   */
  private static Generation.ImageEntry underReference(Generation.ImageEntry image) {
    ImageSpec spec = image.spec();
    int colon = image.reference().lastIndexOf(':');
    if (spec.content() instanceof ImageContent.Tarball || colon < image.reference().lastIndexOf('/')) {
      return image;
    }
    return new Generation.ImageEntry(image.name(), image.reference(), new ImageSpec(image.reference().substring(0, colon),
        spec.tag(), spec.content(), spec.packOptions(), spec.system()), image.location());
  }

  /**
   * Whether an archive tagged {@code repoTag} loads as {@code reference}, the name the manifests
   * use ({@code localhost/} is what podman adds to a name without a registry).
   */
  public static boolean loadsAs(String repoTag, String reference) {
    return repoTag != null && (repoTag.equals(reference) || ("localhost/" + repoTag).equals(reference)
        || repoTag.equals("localhost/" + reference));
  }

  /** The file an image's archive is written to, beside the manifests: {@code REPOSITORY-TAG.tar}. */
  public static String archiveName(Generation.ImageEntry image) {
    String reference = image.reference().startsWith("localhost/")
        ? image.reference().substring("localhost/".length()) : image.reference();
    return reference.replaceAll("[/:@]", "-") + ".tar";
  }
}
