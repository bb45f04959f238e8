package org.ocidsl.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.SourceLocation;

/**
 * Records read and built through their field constants: the value comes back with the field's
 * type, and a field of another record type is refused even when its name matches.
 */
class TypedFieldsTest {
  private static final SourceLocation RECORD = new SourceLocation("web.oci.groovy", 3, 1);
  private static final SourceLocation VALUE = new SourceLocation("web.oci.groovy", 5, 9);

  static final Field<String> NAME = Field.required("name", FieldType.STRING, "The name.");
  static final Field<String> TAG = Field.of("tag", FieldType.STRING, "latest", "The tag.");
  static final Field<String> DRIVER = Field.maybe("driver", FieldType.STRING, "The driver.");
  static final Field<Boolean> VERBOSE = Field.of("verbose", FieldType.BOOLEAN, false, "Verbose.");
  /** Takes strings and numbers, stores strings: the sanitizer gives the stored type. */
  static final Field<List<String>> PORTS =
      Field.of("ports", FieldType.LIST, List.of(), "The ports.").sanitizedBy(TypedFieldsTest::ports);

  static final ConfigurationType TYPE = ConfigurationType.named("example-configuration")
      .fields(NAME, TAG, DRIVER, VERBOSE, PORTS).build();

  /** Another type with a field of the same name, type and documentation as {@link #NAME}. */
  static final Field<String> OTHER_NAME = Field.required("name", FieldType.STRING, "The name.");
  static final ConfigurationType OTHER = ConfigurationType.named("other-configuration").fields(OTHER_NAME).build();

  private static List<String> ports(Object value) {
    if (!(value instanceof List<?> list)) {
      throw new IllegalArgumentException("ports must be a list but " + value + " was found");
    }
    List<String> result = new ArrayList<>();
    list.forEach(p -> result.add(String.valueOf(p)));
    return result;
  }

  @Test
  void get_returnsTheValueWithTheFieldsType() {
    Configuration c = TYPE.builder(RECORD)
        .set("name", "web", VALUE)
        .set("verbose", true, VALUE)
        .set("ports", List.of(8080, "443"), VALUE)
        .build();

    String name = c.get(NAME);
    boolean verbose = c.get(VERBOSE);
    List<String> ports = c.get(PORTS);
    assertEquals("web", name);
    assertTrue(verbose);
    assertEquals(List.of("8080", "443"), ports);
    assertEquals(VALUE, c.fieldLocation(NAME));
  }

  @Test
  void get_givesTheDefaultOfAFieldNotSet_andNullForAnUnsetMaybeField() {
    Configuration c = TYPE.builder(RECORD).set(NAME, "web", VALUE).build();

    assertEquals("latest", c.get(TAG));
    assertEquals(false, c.get(VERBOSE));
    assertEquals(List.of(), c.get(PORTS));
    assertTrue(c.isSet(TAG));
    assertNull(c.get(DRIVER));
    assertFalse(c.isSet(DRIVER));
    assertEquals("bridge", c.getOrElse(DRIVER, "bridge"));
    assertEquals("web", c.getOrElse(NAME, "other"));
    assertEquals(RECORD, c.fieldLocation(TAG));
  }

  @Test
  void aFieldOfAnotherRecordType_isAProgrammingError() {
    Configuration c = TYPE.builder(RECORD).set(NAME, "web", VALUE).build();

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.get(OTHER_NAME));
    assertEquals("'name' is not a field of example-configuration", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> c.isSet(OTHER_NAME));
    assertThrows(IllegalArgumentException.class, () -> c.fieldLocation(OTHER_NAME));
    assertThrows(IllegalArgumentException.class, () -> OTHER.builder(RECORD).set(NAME, "web", VALUE));
    assertEquals("web", OTHER.builder(RECORD).set(OTHER_NAME, "web", VALUE).build().get(OTHER_NAME));
  }

  @Test
  void typedSet_checksAndSanitizesTheValueAsTheNamedSetDoes() {
    Configuration c = TYPE.builder(RECORD).set(NAME, "web", VALUE).set(PORTS, List.of("80"), VALUE).build();
    assertEquals(List.of("80"), c.get(PORTS));
    assertEquals(VALUE, c.fieldLocation(PORTS));

    @SuppressWarnings({"unchecked", "rawtypes"}) // a value of the wrong type, as dynamic code could pass
    Field<Object> name = (Field) NAME;
    OcidslException typed = assertThrows(OcidslException.class, () -> TYPE.builder(RECORD).set(name, 8080, VALUE));
    OcidslException named = assertThrows(OcidslException.class, () -> TYPE.builder(RECORD).set("name", 8080, VALUE));
    assertEquals("web.oci.groovy:5:9: error: invalid value 8080 for field 'name'", typed.render());
    assertEquals(named.render(), typed.render());

    @SuppressWarnings({"unchecked", "rawtypes"})
    Field<Object> ports = (Field) PORTS;
    OcidslException sanitized = assertThrows(OcidslException.class, () -> TYPE.builder(RECORD).set(ports, "nope", VALUE));
    assertEquals("web.oci.groovy:5:9: error: ports must be a list but nope was found", sanitized.render());
  }

  @Test
  void sanitizedBy_storesTheSanitizedDefault() {
    Field<List<String>> ports =
        Field.of("ports", FieldType.LIST, List.of(8080), "The ports.").sanitizedBy(TypedFieldsTest::ports);
    assertEquals(List.of("8080"), ports.defaultValue().orElseThrow());
    assertEquals("list", ports.typeName());
  }
}
