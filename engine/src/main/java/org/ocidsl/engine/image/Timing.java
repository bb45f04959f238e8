package org.ocidsl.engine.image;

/** Timings of a build's phases on standard error, when {@code -Docidsl.image.timing=true}. */
final class Timing {
  private static final boolean ON = Boolean.getBoolean("ocidsl.image.timing");
  private static long last = System.nanoTime();

  private Timing() {}

  static void mark(String what) {
    if (ON) {
      long now = System.nanoTime();
      System.err.printf("timing: %-20s %7.1f ms%n", what, (now - last) / 1e6);
      last = now;
    }
  }
}
