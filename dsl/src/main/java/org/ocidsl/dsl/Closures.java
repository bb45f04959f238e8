package org.ocidsl.dsl;

import groovy.lang.Closure;

/** How every builder runs the block a script gives it. */
final class Closures {
  private Closures() {}

  /**
   * Runs {@code body} with {@code spec} as its delegate, alone ({@link Closure#DELEGATE_ONLY}: a
   * name the spec does not know is an error, not a variable of the script), on a copy, so that
   * a block given twice is not changed by its first use; returns {@code spec}.
   */
  static <T> T runAgainst(T spec, Closure<?> body) {
    Closure<?> c = (Closure<?>) body.clone();
    c.setDelegate(spec);
    c.setResolveStrategy(Closure.DELEGATE_ONLY);
    c.call();
    return spec;
  }
}
