package org.ocidsl.dsl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ocidsl.dsl.eval.Evaluator;
import org.ocidsl.engine.Mode;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.Pipeline;
import org.ocidsl.engine.SourceLocation;
import org.ocidsl.engine.config.Configuration;
import org.ocidsl.engine.config.Field;
import org.ocidsl.engine.generation.Generation;
import org.ocidsl.engine.service.Service;
import org.ocidsl.engine.service.ServiceFolder;
import org.ocidsl.engine.shepherd.ShepherdGraph;
import org.ocidsl.stdlib.Catalog;
import org.ocidsl.stdlib.ModeServices;
import org.ocidsl.stdlib.base.BaseServices;
import org.ocidsl.stdlib.oci.Docker;
import org.ocidsl.stdlib.oci.OciRecords.OciConfiguration;
import org.ocidsl.stdlib.oci.OciService;

/** From a file to a checked generation: evaluate, fold to the root, validate the service graph. */
public final class Systems {
  private Systems() {}

  /** A system folded and checked, and the file it comes from: what {@code check} summarizes. */
  public record Folded(String file, Path path, Pipeline.Folded folded) {
    public Generation generation() {
      return folded.generation();
    }

    public ShepherdGraph graph() {
      return folded.graph();
    }

    public ServiceFolder.Folded fold() {
      return folded.fold();
    }

    /** The absolute path of the file, as a generation records its source. */
    public String source() {
      return path.toAbsolutePath().toString();
    }

    /** The containers, networks and volumes the system provisions, counted. */
    public int count(Field<List<Configuration>> field) {
      int n = 0;
      for (Object value : fold().valuesOf(OciService.TYPE)) {
        n += ((Configuration) value).get(field).size();
      }
      if (field == OciConfiguration.CONTAINERS) {
        for (Object value : fold().valuesOf(Docker.OCI_CONTAINER)) {
          n += ((List<?>) value).size();
        }
      }
      return n;
    }

    /** {@code FILE: N services, N containers, N networks, N volumes, N images}. */
    public String summary() {
      return file + ": " + plural(generation().services().size(), "service") + ", "
          + plural(count(OciConfiguration.CONTAINERS), "container") + ", "
          + plural(count(OciConfiguration.NETWORKS), "network") + ", "
          + plural(count(OciConfiguration.VOLUMES), "volume") + ", " + plural(generation().images().size(), "image");
    }

    private static String plural(int n, String what) {
      return n + " " + what + (n == 1 ? "" : "s");
    }
  }

  /**
   * Evaluates {@code file} (named {@code displayName} in messages) and folds it as a system of
   * {@code mode} ({@link ModeServices}).
   *
   * @throws OcidslException located where the user has to fix it
   */
  public static Folded load(Path file, String displayName, Evaluator evaluator, Mode mode) {
    return fold(evaluate(file, displayName, evaluator), displayName, file, evaluator, mode);
  }

  /**
   * The system that {@code file} evaluates to, unfolded.
   *
   * @throws OcidslException located at the file's beginning when it is no system
   */
  public static SystemDefinition evaluate(Path file, String displayName, Evaluator evaluator) {
    Object value = evaluator.evaluate(file, displayName);
    if (!(value instanceof SystemDefinition system)) {
      throw new OcidslException(new SourceLocation(displayName, 1, 1),
          "the file does not evaluate to a system: its last expression must be system { ... }");
    }
    return system;
  }

  /**
   * Folds {@code system}, which {@code evaluator} evaluated, as the system of {@code file} (the
   * source its generation records) and of {@code mode} ({@link ModeServices}).
   *
   * @throws OcidslException located where the user has to fix it
   */
  public static Folded fold(SystemDefinition system, String displayName, Path file, Evaluator evaluator, Mode mode) {
    List<Service> services = new ArrayList<>(system.services());
    if (services.stream().noneMatch(s -> s.type() == BaseServices.SYSTEM)) {
      services.add(0, Service.withDefault(BaseServices.SYSTEM, system.location()));
    }
    if (services.stream().noneMatch(s -> s.type() == BaseServices.SHEPHERD_ROOT)) {
      services.add(1, Service.withDefault(BaseServices.SHEPHERD_ROOT, system.location()));
    }
    Pipeline.Folded folded;
    try {
      folded = Pipeline.fold(ModeServices.of(mode, services, Mode.user()), BaseServices.SYSTEM, Catalog::providerHint);
    } catch (RuntimeException e) {
      throw evaluator.userError(e);
    }
    return new Folded(displayName, file, folded);
  }
}
