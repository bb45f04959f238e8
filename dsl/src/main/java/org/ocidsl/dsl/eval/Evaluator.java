package org.ocidsl.dsl.eval;

import groovy.lang.Binding;
import groovy.lang.GroovyClassLoader;
import groovy.lang.GroovySystem;
import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.Phases;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.runtime.InvokerHelper;
import org.codehaus.groovy.syntax.SyntaxException;
import org.codehaus.groovy.tools.GroovyClass;
import org.ocidsl.dsl.OcidslScript;
import org.ocidsl.dsl.RecordSpec;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.SourceLocation;
import org.ocidsl.engine.Suggestions;
import org.ocidsl.engine.Temporaries;
import org.ocidsl.stdlib.Catalog;

/**
 * Evaluates {@code *.oci.groovy} files: compiles each once, caches the classes by the hash of
 * the file's content and of the ocidsl build, runs it against {@link OcidslScript}, and turns
 * every failure into one located {@link OcidslException}.
 */
public final class Evaluator {
  private final Path cacheDir;
  private final List<ScriptLoader> loaders = new ArrayList<>();
  private int compilations;
  /** Evaluations under way: above zero, the file being read is one a script loads. */
  private int depth;

  /** An evaluator caching compiled scripts in {@code cacheDir}, or not at all when it is null. */
  public Evaluator(Path cacheDir) {
    this.cacheDir = cacheDir;
  }

  /**
   * The default cache: {@code $OCIDSL_CACHE_DIR}, else {@code $XDG_CACHE_HOME/ocidsl}, else
   * {@code ~/.cache/ocidsl}.
   */
  public static Path defaultCacheDir() {
    String explicit = System.getenv("OCIDSL_CACHE_DIR");
    if (explicit != null && !explicit.isEmpty()) {
      return Path.of(explicit);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("ocidsl");
  }

  /**
   * Starts Groovy's runtime as scripts need it (a second call finds it started): without the
   * lookup of a class named {@code groovy.runtime.metaclass.…MetaClass} for every class a script
   * uses, which only a jar on the class path could answer, and which costs every closure of a
   * script a {@link ClassNotFoundException}.
   */
  private static void groovyRuntime() {
    GroovySystem.getMetaClassRegistry().getMetaClassCreationHandler().setDisableCustomMetaClassLookup(true);
  }

  /**
   * Evaluates {@code file}, named {@code displayName} in messages, and returns the value of its
   * last expression.
   */
  public Object evaluate(Path file, String displayName) {
    return evaluate(file, displayName, OcidslScript.class, new Binding(), script -> {});
  }

  /**
   * Evaluates {@code file} as a script of {@code base} (a program with more than the language in
   * scope), with the variables of {@code binding}, after {@code prepare} has set the script up.
   */
  public <S extends OcidslScript> Object evaluate(
      Path file, String displayName, Class<S> base, Binding binding, Consumer<? super S> prepare) {
    // A file a script loads is located at its load; the one the command line names, nowhere.
    SourceLocation from = depth > 0 ? Locations.caller() : SourceLocation.UNKNOWN;
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new OcidslException(from, "cannot read '" + displayName + "': no such file");
    } catch (IOException e) {
      throw new OcidslException(from, "cannot read '" + displayName + "': " + e.getMessage());
    }
    return run(load(text, displayName, base, false), file.toAbsolutePath().getParent(), base, binding, prepare);
  }

  /**
   * Evaluates {@code text} typed at a prompt, as a script of {@code base} whose relative paths
   * start at {@code directory}. It is not cached, and the variables it declares at its top level
   * go to {@code binding} (not to the script's frame), so that the next input sees them.
   */
  public <S extends OcidslScript> Object evaluateInput(
      String text, String displayName, Path directory, Class<S> base, Binding binding, Consumer<? super S> prepare) {
    return run(load(text, displayName, base, true), directory, base, binding, prepare);
  }

  private <S extends OcidslScript> Object run(
      ScriptLoader loader, Path directory, Class<S> base, Binding binding, Consumer<? super S> prepare) {
    loaders.add(loader);
    groovyRuntime();
    Object loadedFrom = Locations.save();
    depth++;
    try {
      Class<?> main = loader.loadClass(loader.mainClass());
      Catalog.SERVICE_TYPES.forEach(binding::setVariable);
      S script = base.cast(InvokerHelper.createScript(main, binding));
      script.setUp(this, directory);
      prepare.accept(script);
      return script.run();
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("compiled script lost its main class", e);
    } catch (Exception | LinkageError | StackOverflowError e) {
      // Groovy lets a script throw checked exceptions too (an IOException, an interrupted sleep).
      throw userError(e);
    } finally {
      depth--;
      Locations.restore(loadedFrom);
    }
  }

  /** How many files this evaluator compiled, rather than found in the cache. */
  public int compilations() {
    return compilations;
  }

  /** A failure of the user's code as one located error, at the innermost script line. */
  public OcidslException userError(Throwable error) {
    ClassLoader[] scripts = loaders.toArray(new ClassLoader[0]);
    if (error instanceof MissingMethodException m && !(error instanceof OcidslException)) {
      return new OcidslException(Locations.of(error, m.getMethod(), scripts).orElse(SourceLocation.UNKNOWN),
          Suggestions.didYouMean("unknown function '" + m.getMethod() + "'", m.getMethod(),
              m.getType() != null && OcidslScript.class.isAssignableFrom(m.getType()) ? OcidslScript.functionNames() : List.of()),
          error);
    }
    if (error instanceof RecordSpec.FieldReadAsName f) {
      String field = f.getProperty();
      return new OcidslException(Locations.of(error, field, scripts).orElse(SourceLocation.UNKNOWN),
          "'" + field + "' is a field of " + f.builder() + ": write it as a call: "
              + Locations.meantCall(error, field, scripts).orElse(field + "(VALUE)"),
          error);
    }
    if (error instanceof MissingPropertyException p) {
      return new OcidslException(Locations.of(error, p.getProperty(), scripts).orElse(SourceLocation.UNKNOWN),
          Suggestions.didYouMean("unknown name '" + p.getProperty() + "'", p.getProperty(),
              Catalog.SERVICE_TYPES.keySet()),
          error);
    }
    return Locations.userError(error, scripts);
  }

  /** The script's main class, named by its {@linkplain #hash key}. */
  private static String mainClassName(String key) {
    return "ocidsl_" + key.substring(0, 24);
  }

  /**
   * The classes of {@code text} compiled as a script of {@code base}: from the cache when it has
   * them, else compiled (and cached, unless the text is {@code interactive} input).
   */
  private ScriptLoader load(String text, String displayName, Class<? extends OcidslScript> base, boolean interactive) {
    String key = hash(base.getName() + "\0" + text);
    String name = mainClassName(key);
    Path entry = cacheDir == null || interactive ? null : cacheDir.resolve("scripts").resolve(key);
    if (entry != null && Files.isDirectory(entry)) {
      try {
        return readCached(entry, name, displayName);
      } catch (IOException | UncheckedIOException e) {
        // A damaged cache entry is compiled again below.
      }
    }
    Positions positions = new Positions();
    Map<String, byte[]> classes = compile(name, text, displayName, positions, base, interactive);
    compilations++;
    if (entry != null) {
      writeCache(entry, classes, positions);
    }
    return new ScriptLoader(Evaluator.class.getClassLoader(), classes, name, displayName, positions);
  }

  private static Map<String, byte[]> compile(
      String name, String text, String displayName, Positions positions, Class<? extends OcidslScript> base,
      boolean interactive) {
    CompilerConfiguration config = new CompilerConfiguration();
    config.setScriptBaseClass(base.getName());
    // Call-site caches rather than invokedynamic: a fresh JVM would bootstrap each of a script's
    // hundreds of indy call sites at its first run, a large part of a short command.
    config.getOptimizationOptions().put(CompilerConfiguration.INVOKEDYNAMIC, false);
    if (interactive) {
      config.addCompilationCustomizers(new TopLevelDeclarations());
    }
    config.addCompilationCustomizers(new PositionsCollector(positions), new CallMarker());
    GroovyClassLoader groovyLoader = new GroovyClassLoader(Evaluator.class.getClassLoader(), config);
    CompilationUnit unit = new CompilationUnit(config, null, groovyLoader);
    unit.addSource(name + ".groovy", text);
    try {
      unit.compile(Phases.CLASS_GENERATION);
    } catch (MultipleCompilationErrorsException e) {
      throw compileError(e, text, displayName);
    }
    Map<String, byte[]> classes = new LinkedHashMap<>();
    for (GroovyClass c : unit.getClasses()) {
      classes.put(c.getName(), c.getBytes());
    }
    return classes;
  }

  private static OcidslException compileError(MultipleCompilationErrorsException e, String text, String displayName) {
    for (Message m : e.getErrorCollector().getErrors()) {
      if (m instanceof SyntaxErrorMessage syntax) {
        Optional<SyntaxMistakes.Mistake> mistake = SyntaxMistakes.find(text);
        if (mistake.isPresent()) {
          SyntaxMistakes.Mistake found = mistake.get();
          return new OcidslException(new SourceLocation(displayName, found.line(), found.column()), found.message(), e);
        }
        SyntaxException cause = syntax.getCause();
        String message = cause.getOriginalMessage().replaceAll("\\s*@ line \\d+, column \\d+\\.?$", "").strip();
        message = message.lines().findFirst().orElse(message);
        return new OcidslException(
            new SourceLocation(displayName, cause.getLine(), Math.max(cause.getStartColumn(), 1)), message, e);
      }
    }
    return new OcidslException(new SourceLocation(displayName, 1, 1), e.getMessage().lines()
        .filter(l -> !l.isBlank() && !l.startsWith("startup failed")).findFirst().orElse("compilation failed"), e);
  }

  private static ScriptLoader readCached(Path entry, String name, String displayName) throws IOException {
    Map<String, byte[]> classes = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(entry.resolve("classes"))) {
      for (Path f : files.toList()) {
        String file = f.getFileName().toString();
        classes.put(file.substring(0, file.length() - ".class".length()), Files.readAllBytes(f));
      }
    }
    Positions positions = Positions.decode(Files.readString(entry.resolve("positions")));
    return new ScriptLoader(Evaluator.class.getClassLoader(), classes, name, displayName, positions);
  }

  /** Writes the entry beside its place and renames it in, so a reader never sees half of it. */
  private static void writeCache(Path entry, Map<String, byte[]> classes, Positions positions) {
    try {
      Files.createDirectories(entry.getParent());
      Path tmp = Temporaries.newDirectory(entry.getParent(), ".writing-");
      Files.createDirectories(tmp.resolve("classes"));
      for (Map.Entry<String, byte[]> c : classes.entrySet()) {
        Files.write(tmp.resolve("classes").resolve(c.getKey() + ".class"), c.getValue());
      }
      Files.writeString(tmp.resolve("positions"), positions.encode());
      try {
        Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException | java.nio.file.FileAlreadyExistsException
          | java.nio.file.DirectoryNotEmptyException raced) {
        deleteTree(tmp);
      }
    } catch (IOException e) {
      // The cache only saves time: a script that cannot be cached is still evaluated.
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** A script's key in the cache: the SHA-256 of this build of ocidsl and of its text (and base class). */
  private static String hash(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(Build.ID.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The version and build time of ocidsl: compiled scripts of another build are not reused. Read
   * when a script is first hashed, not when the warm-up starts, which it would delay.
   */
  private static final class Build {
    static final String ID = buildId();
  }

  private static String buildId() {
    Properties p = new Properties();
    try (InputStream in = Evaluator.class.getResourceAsStream("/org/ocidsl/dsl/build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("version", "dev") + "/" + p.getProperty("build", "dev");
  }
}
