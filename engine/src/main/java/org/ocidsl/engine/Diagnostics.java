package org.ocidsl.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Warnings raised while a system is evaluated and folded, collected for the command line to
 * print once each ({@code FILE:LINE:COL: warning: MESSAGE}).
 */
public final class Diagnostics {
  private static final ThreadLocal<Set<String>> WARNINGS = ThreadLocal.withInitial(LinkedHashSet::new);

  private Diagnostics() {}

  /** Records a warning; the same warning at the same place is kept once. */
  public static void warnOnce(SourceLocation location, String message) {
    String prefix = location != null && location.isKnown() ? location + ": " : "";
    WARNINGS.get().add(prefix + "warning: " + message);
  }

  /** The warnings recorded on this thread since the last call, which forgets them. */
  public static List<String> drain() {
    List<String> all = new ArrayList<>(WARNINGS.get());
    WARNINGS.get().clear();
    return all;
  }
}
