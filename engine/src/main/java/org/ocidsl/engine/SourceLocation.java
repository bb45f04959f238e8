package org.ocidsl.engine;

/**
 * Where something was written: a file, a line and a column, all 1-based.
 *
 * <p>Every record, field value and service remembers its location so that an error can name the
 * place the user has to fix, GNU style: {@code web.oci.groovy:14:5}.
 */
public record SourceLocation(String file, int line, int column) {

  /** The location of values that were not written in any file (built-in defaults). */
  public static final SourceLocation UNKNOWN = new SourceLocation(null, 0, 0);

  public boolean isKnown() {
    return file != null;
  }

  @Override
  public String toString() {
    if (!isKnown()) {
      return "<unknown location>";
    }
    return column > 0 ? file + ":" + line + ":" + column : file + ":" + line;
  }
}
