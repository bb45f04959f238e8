package org.ocidsl.dsl.eval;

import java.util.Optional;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.SourceLocation;

/** Finds the place in a user's script that is running now, or that an exception came from. */
public final class Locations {
  /** The script call made last on this thread, noted by the call itself ({@link CallMarker}). */
  private static final ThreadLocal<Call> LAST_CALL = new ThreadLocal<>();

  private record Call(Class<?> script, int line, int column) {}

  private Locations() {}

  /**
   * The place of the last call a script made on this thread: asked on entry to a DSL method, where
   * it was called from (later, the block it ran may have made calls since). Unknown before an
   * evaluation's first call and once it has ended, until a block of the script runs again (a
   * service type's {@code compose}, say, in the fold).
   */
  public static SourceLocation caller() {
    Call call = LAST_CALL.get();
    if (call == null || !(call.script().getClassLoader() instanceof ScriptLoader loader)) {
      return SourceLocation.UNKNOWN;
    }
    return new SourceLocation(loader.file(), call.line(), call.column());
  }

  /**
   * Compiled into scripts: notes that {@code script} makes a call at {@code line} and {@code
   * column}, and returns {@code lastArgument}, the last value the call evaluates before it goes.
   */
  public static <T> T at(Class<?> script, int line, int column, T lastArgument) {
    LAST_CALL.set(new Call(script, line, column));
    return lastArgument;
  }

  /** Compiled into scripts before a call without an argument to pass through {@link #at}. */
  public static boolean at(Class<?> script, int line, int column) {
    LAST_CALL.set(new Call(script, line, column));
    return true;
  }

  /** The note of the last call, for {@link #restore} when an evaluation ends. */
  static Object save() {
    return LAST_CALL.get();
  }

  /** Brings back what {@link #save} returned: the place in the script that loaded this one. */
  static void restore(Object saved) {
    if (saved == null) {
      LAST_CALL.remove();
    } else {
      LAST_CALL.set((Call) saved);
    }
  }

  /** The place in a script that {@code error} was thrown from, through any depth of calls. */
  static Optional<SourceLocation> of(Throwable error, ClassLoader... candidates) {
    return of(error, null, candidates);
  }

  /** Like {@link #of(Throwable, ClassLoader...)}, at the column of the call named {@code name}. */
  static Optional<SourceLocation> of(Throwable error, String name, ClassLoader... candidates) {
    return frame(error, candidates).map(f -> locate(f.loader(), f.line(), name));
  }

  /**
   * The call that {@code name}, read as a name where {@code error} was thrown, probably meant, as
   * {@link Positions} recorded it: {@code stopTimeout(-3)} for {@code stopTimeout -3}.
   */
  static Optional<String> meantCall(Throwable error, String name, ClassLoader... candidates) {
    return frame(error, candidates).flatMap(f -> f.loader().positions()
        .call(f.line(), f.loader().positions().column(f.line(), name), name));
  }

  private record Frame(ScriptLoader loader, int line) {}

  /** The innermost frame of {@code error} in a script of {@code candidates}. */
  private static Optional<Frame> frame(Throwable error, ClassLoader... candidates) {
    for (StackTraceElement e : error.getStackTrace()) {
      for (ClassLoader candidate : candidates) {
        if (candidate instanceof ScriptLoader loader && isFrom(loader, e.getClassName()) && e.getLineNumber() > 0) {
          return Optional.of(new Frame(loader, e.getLineNumber()));
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
