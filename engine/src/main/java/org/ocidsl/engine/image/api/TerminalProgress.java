package org.ocidsl.engine.image.api;

import java.io.PrintStream;

/**
 * A {@link BuildListener} for a terminal: each step on its own line, and while layers are
 * written, a percentage redrawn in place ({@code \r}) at most ten times a second. Without a
 * terminal ({@code interactive} false) percentages are left out.
 */
public final class TerminalProgress implements BuildListener {
  private final PrintStream out;
  private final boolean interactive;
  private long lastDraw;
  private boolean drawn;

  public TerminalProgress(PrintStream out, boolean interactive) {
    this.out = out;
    this.interactive = interactive;
  }

  /** Progress on {@code out}, redrawn in place when the JVM has a console. */
  public TerminalProgress(PrintStream out) {
    this(out, System.console() != null);
  }

  @Override
  public void step(String description) {
    endLine();
    out.println(description);
    out.flush();
  }

  @Override
  public void progress(long done, long total) {
    if (!interactive || total <= 0) {
      return;
    }
    long now = System.nanoTime();
    if (drawn && done < total && now - lastDraw < 100_000_000L) {
      return;
    }
    lastDraw = now;
    drawn = true;
    out.printf("\r  %3d%%  %,d / %,d MiB", done * 100 / total, done >> 20, total >> 20);
    out.flush();
  }

  @Override
  public void warning(String message) {
    endLine();
    out.println("warning: " + message);
    out.flush();
  }

  @Override
  public void finished(BuiltImage image) {
    endLine();
    out.println(
        (image.cacheHit() ? "unchanged: " : "built: ") + image.repoTag() + " " + image.imageId());
    out.flush();
  }

  private void endLine() {
    if (drawn) {
      out.println();
      drawn = false;
    }
  }
}
