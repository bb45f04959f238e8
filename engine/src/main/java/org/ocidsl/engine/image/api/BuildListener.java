package org.ocidsl.engine.image.api;

/**
 * What {@link ImageBuilder} tells while it works, for a progress display. Every method has an
 * empty default; calls come from the building thread, in order.
 */
public interface BuildListener {
  /** Says nothing. */
  BuildListener SILENT = new BuildListener() {};

  /** A new step begins, e.g. {@code resolving shared libraries} or {@code writing layer 2/3}. */
  default void step(String description) {}

  /** {@code done} of {@code total} content bytes are written (called at most every few MiB). */
  default void progress(long done, long total) {}

  /** Something the user may want to fix, the build goes on (e.g. a socket file skipped). */
  default void warning(String message) {}

  /** The image is ready. */
  default void finished(BuiltImage image) {}
}
