package org.ocidsl.dsl;

import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.lang.Script;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.ocidsl.dsl.eval.Evaluator;
import org.ocidsl.dsl.eval.Locations;
import org.ocidsl.engine.FileLike;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.SourceLocation;
import org.ocidsl.engine.config.Configuration;
import org.ocidsl.engine.generation.PamLimit;
import org.ocidsl.engine.image.api.ImageContent;
import org.ocidsl.engine.service.ModifyServices;
import org.ocidsl.engine.service.Service;
import org.ocidsl.engine.service.ServiceExtension;
import org.ocidsl.engine.service.ServiceType;
import org.ocidsl.stdlib.Catalog;

/**
 * The base class of every {@code *.oci.groovy} script: the builders of DSL.md in scope, with no
 * import. Each builder collects values and calls the engine, which checks them.
 */
public abstract class OcidslScript extends Script {
  private Evaluator evaluator;
  private Path directory;

  /** The names of the functions a script calls (the builders and helpers), for suggestions. */
  public static List<String> functionNames() {
    return Arrays.stream(OcidslScript.class.getDeclaredMethods())
        .filter(OcidslScript::isFunction)
        .map(Method::getName)
        .distinct()
        .sorted()
        .toList();
  }

  /** Whether {@code method} is one a script calls: public, of the script, not its setup. */
  public static boolean isFunction(Method method) {
    int modifiers = method.getModifiers();
    return Modifier.isPublic(modifiers) && !Modifier.isStatic(modifiers) && !method.getName().equals("setUp");
  }

  /** Called by the evaluator before the script runs. */
  public void setUp(Evaluator evaluator, Path directory) {
    this.evaluator = evaluator;
    this.directory = directory;
  }

  /** {@code path} relative to the directory of this script. */
  protected Path resolve(String path) {
    return directory.resolve(path).normalize();
  }

  private Configuration record(String builder, Configuration parent, Closure<?> body) {
    return RecordSpec.build(this, builder, Catalog.RECORDS.get(builder), parent, body, Locations.caller());
  }

  // ------------------------------------------------------------------ records (DSL.md section 2)

  public Configuration ociImage(@DelegatesTo(value = RecordSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return record("ociImage", null, body);
  }

  public Configuration ociImage(Configuration parent, @DelegatesTo(value = RecordSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return record("ociImage", parent, body);
  }

  public Configuration ociContainer(@DelegatesTo(value = RecordSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return record("ociContainer", null, body);
  }

  public Configuration ociContainer(Configuration parent, @DelegatesTo(value = RecordSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return record("ociContainer", parent, body);
  }

  public Configuration ociHealthCheck(@DelegatesTo(value = RecordSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return record("ociHealthCheck", null, body);
  }

  public Configuration ociHealthCheck(Configuration parent, @DelegatesTo(value = RecordSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return record("ociHealthCheck", parent, body);
  }

  public Configuration ociNetwork(@DelegatesTo(value = RecordSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return record("ociNetwork", null, body);
  }

  public Configuration ociNetwork(Configuration parent, @DelegatesTo(value = RecordSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return record("ociNetwork", parent, body);
  }

  public Configuration ociVolume(@DelegatesTo(value = RecordSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return record("ociVolume", null, body);
  }

  public Configuration ociVolume(Configuration parent, @DelegatesTo(value = RecordSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return record("ociVolume", parent, body);
  }

  public Configuration ociConfiguration(@DelegatesTo(value = RecordSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return record("ociConfiguration", null, body);
  }

  public Configuration ociConfiguration(Configuration parent, @DelegatesTo(value = RecordSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return record("ociConfiguration", parent, body);
  }

  public Configuration ociExtension(@DelegatesTo(value = RecordSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return record("ociExtension", null, body);
  }

  public Configuration ociExtension(Configuration parent, @DelegatesTo(value = RecordSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return record("ociExtension", parent, body);
  }

  public Configuration rootlessPodman(@DelegatesTo(value = RecordSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return record("rootlessPodman", null, body);
  }

  public Configuration rootlessPodman(Configuration parent, @DelegatesTo(value = RecordSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return record("rootlessPodman", parent, body);
  }

  public Configuration dockerConfiguration(@DelegatesTo(value = RecordSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return record("dockerConfiguration", null, body);
  }

  public Configuration dockerConfiguration(Configuration parent, @DelegatesTo(value = RecordSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return record("dockerConfiguration", parent, body);
  }

  public Configuration containerdConfiguration(@DelegatesTo(value = RecordSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return record("containerdConfiguration", null, body);
  }

  public Configuration containerdConfiguration(Configuration parent, @DelegatesTo(value = RecordSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return record("containerdConfiguration", parent, body);
  }

  public Configuration shepherdService(@DelegatesTo(value = RecordSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return record("shepherdService", null, body);
  }

  public Configuration shepherdService(Configuration parent, @DelegatesTo(value = RecordSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return record("shepherdService", parent, body);
  }

  public Configuration shepherdAction(@DelegatesTo(value = RecordSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return record("shepherdAction", null, body);
  }

  public Configuration shepherdAction(Configuration parent, @DelegatesTo(value = RecordSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return record("shepherdAction", parent, body);
  }

  public Configuration subidRange(@DelegatesTo(value = RecordSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return record("subidRange", null, body);
  }

  public Configuration subidRange(Configuration parent, @DelegatesTo(value = RecordSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return record("subidRange", parent, body);
  }

  public Configuration userAccount(@DelegatesTo(value = RecordSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return record("userAccount", null, body);
  }

  public Configuration userAccount(Configuration parent, @DelegatesTo(value = RecordSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return record("userAccount", parent, body);
  }

  public Configuration userGroup(@DelegatesTo(value = RecordSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return record("userGroup", null, body);
  }

  public Configuration userGroup(Configuration parent, @DelegatesTo(value = RecordSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return record("userGroup", parent, body);
  }

  /** A line of limits.conf, as Guix's {@code pam-limits-entry}: {@code pamLimitsEntry '*', 'both', 'nofile', 100000}. */
  public PamLimit pamLimitsEntry(String domain, String type, String item, Object value) {
    try {
      if (!List.of("hard", "soft", "both").contains(type)) {
        throw new IllegalArgumentException("pam limits type must be one of hard, soft, both but " + type + " was found");
      }
      return new PamLimit(domain, type, item, String.valueOf(value));
    } catch (IllegalArgumentException e) {
      throw new OcidslException(Locations.caller(), e.getMessage());
    }
  }

  // ------------------------------------------------------------------ file-like values

  /** Guix's {@code plain-file}: a file named {@code name} whose content is {@code content}. */
  public FileLike plainFile(String name, String content) {
    SourceLocation at = Locations.caller();
    try {
      return FileLike.plain(name, content);
    } catch (IllegalArgumentException e) {
      throw new OcidslException(at, "plainFile: " + e.getMessage());
    }
  }

  /**
   * Guix's {@code local-file}: the host file {@code path}, relative to the directory of this
   * script, read when the system is folded.
   */
  public FileLike localFile(String path) {
    SourceLocation at = Locations.caller();
    try {
      return FileLike.local(resolve(path), at);
    } catch (IllegalArgumentException e) {
      throw new OcidslException(at, "localFile: " + e.getMessage());
    }
  }

  // ------------------------------------------------------------------ image values

  /** A host directory tree (relative to the script) as the content of an image. */
  public ImageContent directory(String path) {
    return imageValue(() -> ImageContent.directory(resolve(path)));
  }

  /** Host files, directories and symlinks placed in the image: {@code files { file 'a', '/a' }}. */
  public ImageContent files(@DelegatesTo(value = FilesSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return imageValue(() -> ImageContent.files(FilesSpec.entries(this, body)));
  }

  /** Host executables with every shared library they load. */
  public ImageContent programs(String... programs) {
    return imageValue(() -> ImageContent.programs(Arrays.stream(programs).map(this::resolve).toList()));
  }

  /** An existing docker-archive or OCI archive (relative to the script). */
  public ImageContent tarball(String path) {
    return imageValue(() -> ImageContent.tarball(resolve(path)));
  }

  private ImageContent imageValue(Supplier<ImageContent> make) {
    // Before make runs a block of the script, whose calls are noted as they are made.
    SourceLocation at = Locations.caller();
    try {
      return make.get();
    } catch (IllegalArgumentException e) {
      throw new OcidslException(at, e.getMessage());
    }
  }

  // ------------------------------------------------------------------ systems (DSL.md section 3)

  /** A system of the services {@code body} declares. */
  public SystemDefinition system(@DelegatesTo(value = SystemSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return SystemSpec.build(this, List.of(), body, Locations.caller());
  }

  /** {@code base}'s services followed by those {@code body} declares. */
  public SystemDefinition system(SystemDefinition base, @DelegatesTo(value = SystemSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return SystemSpec.build(this, base.services(), body, Locations.caller());
  }

  /** A new service type, like Guix's {@code service-type}. */
  public ServiceType serviceType(@DelegatesTo(value = ServiceTypeSpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return ServiceTypeSpec.build(this, body, Locations.caller());
  }

  /** An extension of {@code target}: {@code compute} maps this service's value to the target's. */
  public ServiceExtension serviceExtension(ServiceType target, Closure<?> compute) {
    return ServiceExtension.of(target, value -> Coerce.value(compute.call(value)));
  }

  /** An extension of a type named later in the script: {@code serviceExtension({ laterType }) { ... }}. */
  public ServiceExtension serviceExtension(Closure<?> target, Closure<?> compute) {
    SourceLocation at = Locations.caller();
    return ServiceExtension.lazy(() -> {
      Object t = target.call();
      if (!(t instanceof ServiceType type)) {
        throw new OcidslException(at, "serviceExtension target must be a service type but " + t + " was found");
      }
      return type;
    }, value -> Coerce.value(compute.call(value)));
  }

  /** A service of {@code type} with its default value, outside a system (for lists of services). */
  public Service service(ServiceType type) {
    return Service.withDefault(type, Locations.caller());
  }

  /** A service of {@code type} with {@code value}, outside a system. */
  public Service service(ServiceType type, Object value) {
    return new Service(type, Coerce.value(value), Locations.caller());
  }

  /** Guix's {@code simple-service}. */
  public Service simpleService(String name, ServiceType target, Object value) {
    return Service.simple(name, target, Coerce.value(value), Locations.caller());
  }

  /** Guix's {@code modify-services}, over a list of services or a system. */
  public Object modifyServices(Object services, @DelegatesTo(value = ModifySpec.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    SourceLocation at = Locations.caller();
    List<ModifyServices.Clause> clauses = ModifySpec.clauses(this, body);
    if (services instanceof SystemDefinition system) {
      return new SystemDefinition(ModifyServices.apply(system.services(), clauses), system.location());
    }
    if (services instanceof Collection<?> list) {
      List<Service> given = new ArrayList<>();
      for (Object s : list) {
        if (!(s instanceof Service service)) {
          throw new OcidslException(at, "modifyServices takes services but " + s + " was found");
        }
        given.add(service);
      }
      return ModifyServices.apply(given, clauses);
    }
    throw new OcidslException(at,
        "modifyServices takes a system or a list of services but " + services + " was found");
  }

  /** Evaluates another file, relative to this one, and returns its value. */
  public Object load(String path) {
    return evaluator.evaluate(resolve(path), path);
  }
}
