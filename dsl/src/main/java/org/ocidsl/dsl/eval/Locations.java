package org.ocidsl.dsl.eval;

import java.util.Optional;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.SourceLocation;

/** Finds the place in a user's script that is running now, or that an exception came from. */
public final class Locations {
  private static final StackWalker WALKER =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  private Locations() {}

  /** The place of the innermost script frame on the stack, for a call named {@code name}. */
  public static SourceLocation caller(String name) {
    return WALKER.walk(frames -> frames
        .filter(f -> f.getDeclaringClass().getClassLoader() instanceof ScriptLoader)
        .findFirst()
        .map(f -> locate((ScriptLoader) f.getDeclaringClass().getClassLoader(), f.getLineNumber(), name))
        .orElse(SourceLocation.UNKNOWN));
  }

  /** The place in a script that {@code error} was thrown from, through any depth of calls. */
  static Optional<SourceLocation> of(Throwable error, ClassLoader... candidates) {
    return of(error, null, candidates);
  }

  /** Like {@link #of(Throwable, ClassLoader...)}, at the column of the call named {@code name}. */
  static Optional<SourceLocation> of(Throwable error, String name, ClassLoader... candidates) {
    for (StackTraceElement e : error.getStackTrace()) {
      for (ClassLoader candidate : candidates) {
        if (candidate instanceof ScriptLoader loader && isFrom(loader, e.getClassName()) && e.getLineNumber() > 0) {
          return Optional.of(locate(loader, e.getLineNumber(), name));
        }
      }
    }
    return Optional.empty();
  }

  private static boolean isFrom(ScriptLoader loader, String className) {
    try {
      return Class.forName(className, false, loader).getClassLoader() == loader;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static SourceLocation locate(ScriptLoader loader, int line, String name) {
    return new SourceLocation(loader.file(), line, loader.positions().column(line, name == null ? "" : name));
  }

  /** {@code error} as a located user error: kept if already one, else at its place in a script. */
  static OcidslException userError(Throwable error, ClassLoader... scripts) {
    if (error instanceof OcidslException located) {
      return located.location().isKnown() ? located
          : located.locatedAt(of(error, scripts).orElse(SourceLocation.UNKNOWN));
    }
    String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    return new OcidslException(of(error, scripts).orElse(SourceLocation.UNKNOWN), message, error);
  }
}
