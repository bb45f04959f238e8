package org.ocidsl.stdlib.export;

import org.ocidsl.engine.SourceLocation;

/**
 * Something of the system that a target cannot express: {@code subject} names the service (or
 * network, volume) and {@code what} says what was left out and why; {@code location} is where it
 * was written.
 */
public record Dropped(SourceLocation location, String subject, String what) {
  /** {@code FILE:LINE:COL: SEVERITY: SUBJECT: WHAT}, one line. */
  public String render(String severity) {
    String prefix = location != null && location.isKnown() ? location + ": " : "";
    return prefix + severity + ": " + subject + ": " + what;
  }
}
