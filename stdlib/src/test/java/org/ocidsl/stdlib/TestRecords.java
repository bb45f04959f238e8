package org.ocidsl.stdlib;

import org.ocidsl.engine.SourceLocation;
import org.ocidsl.engine.config.Configuration;
import org.ocidsl.engine.config.ConfigurationType;

/**
 * Records as a script writes them: field by field, through the record's sanitizers, at a line of
 * {@value #FILE} so that errors can be checked for their location.
 */
public final class TestRecords {
  private TestRecords() {}

  public static final String FILE = "system.oci.groovy";

  /** A record of {@code type} written at line 1: {@code record(OciVolume.TYPE, "name", "data")}. */
  public static Configuration record(ConfigurationType type, Object... fieldsAndValues) {
    return recordAt(1, type, fieldsAndValues);
  }

  /** A record of {@code type} written at {@code line}, from field names each followed by its value. */
  public static Configuration recordAt(int line, ConfigurationType type, Object... fieldsAndValues) {
    if (fieldsAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("a value is missing after field " + fieldsAndValues[fieldsAndValues.length - 1]);
    }
    SourceLocation location = new SourceLocation(FILE, line, 1);
    Configuration.Builder builder = type.builder(location);
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      builder.set((String) fieldsAndValues[i], fieldsAndValues[i + 1], location);
    }
    return builder.build();
  }
}
