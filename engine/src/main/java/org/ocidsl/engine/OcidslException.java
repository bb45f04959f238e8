package org.ocidsl.engine;

import java.util.Objects;

/**
 * A mistake the user has to fix, reported once, at the place it was written.
 *
 * <p>{@link #render()} gives the one-line GNU-style message the command line prints: {@code
 * FILE:LINE:COL: error: MESSAGE}, or {@code error: MESSAGE} when the place is unknown.
 */
public class OcidslException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient SourceLocation location;

  public OcidslException(SourceLocation location, String message) {
    super(message);
    this.location = Objects.requireNonNullElse(location, SourceLocation.UNKNOWN);
  }

  public OcidslException(SourceLocation location, String message, Throwable cause) {
    super(message, cause);
    this.location = Objects.requireNonNullElse(location, SourceLocation.UNKNOWN);
  }

  public OcidslException(String message) {
    this(SourceLocation.UNKNOWN, message);
  }

  public SourceLocation location() {
    return location;
  }

  /** This error located at {@code where}, unless it already knows its place. */
  public OcidslException locatedAt(SourceLocation where) {
    if (location.isKnown() || where == null || !where.isKnown()) {
      return this;
    }
    OcidslException located = new OcidslException(where, getMessage(), getCause());
    located.setStackTrace(getStackTrace());
    return located;
  }

  /** The one line the user sees. */
  public String render() {
    String prefix = location.isKnown() ? location + ": " : "";
    return prefix + "error: " + getMessage();
  }
}
