package org.ocidsl.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ocidsl.stdlib.TestRecords.record;
import static org.ocidsl.stdlib.TestRecords.recordAt;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.SourceLocation;
import org.ocidsl.engine.config.Configuration;
import org.ocidsl.stdlib.base.BaseRecords;
import org.ocidsl.stdlib.oci.OciRecords.OciConfiguration;
import org.ocidsl.stdlib.oci.OciRecords.OciContainer;
import org.ocidsl.stdlib.oci.OciRecords.OciNetwork;
import org.ocidsl.stdlib.oci.OciRecords.OciVolume;

/**
 * The seed's {@code oci-sanitize-*} procedures, one by one: first {@link Sanitizers} alone, then
 * each as the field of an OCI record that the seed sanitizes with it, with its name and delimiter.
 */
class OciSanitizersTest {

  @Test
  void ociSanitizePair_joinsKeyAndValueWithTheDelimiter() {
    assertEquals(List.of("10443:443"), Sanitizers.mixedList("ports", ":").sanitize(List.of(Map.entry("10443", "443"))));
    assertEquals(List.of("LANG=C"), Sanitizers.mixedList("environment", "=").sanitize(List.of(Map.entry("LANG", "C"))));
  }

  @Test
  void ociSanitizePair_refusesAPairWhoseMembersAreNotStrings() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Sanitizers.mixedList("ports", ":").sanitize(List.of(Map.entry("8080", 80))));
    assertEquals("pair members must contain only strings but (\"8080\" . 80) was found", e.getMessage());
  }

  @Test
  void ociSanitizeMixedList_keepsStringsAndPairsInTheirOrder() {
    assertEquals(List.of("8080:80", "10443:443", "2022:22"),
        Sanitizers.mixedList("ports", ":").sanitize(List.of("8080:80", Map.entry("10443", "443"), "2022:22")));
  }

  @Test
  void ociSanitizeMixedList_refusesAMemberThatIsNeitherStringNorPair() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Sanitizers.mixedList("ports", ":").sanitize(List.of("8080:80", 8080)));
    assertEquals("ports members must be either a string or a pair but 8080 was found", e.getMessage());
  }

  @Test
  void ociSanitizeHostEnvironment_joinsPairsWithEquals() {
    Configuration c = container("hostEnvironment", List.of(Map.entry("LANGUAGE", "eo:ca:eu"), "JAVA_HOME=/opt/java"));
    assertEquals(List.of("LANGUAGE=eo:ca:eu", "JAVA_HOME=/opt/java"), c.get(OciContainer.HOST_ENVIRONMENT));
  }

  @Test
  void ociSanitizeHostEnvironment_refusesAMemberWithoutANameAndDoesNotShowIt() {
    OcidslException e = assertThrows(OcidslException.class,
        () -> recordAt(4, OciContainer.TYPE, "image", "nginx", "hostEnvironment", List.of("s3cret")));
    assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    assertTrue(e.getMessage().startsWith("host-environment members must be NAME=VALUE"), e.getMessage());
    assertEquals(4, e.location().line());
  }

  @Test
  void ociSanitizeEnvironment_joinsPairsWithEqualsAndNamesTheField() {
    assertEquals(List.of("HOME=/home/nobody", "JAVA_HOME=/java"),
        container("environment", List.of(Map.entry("HOME", "/home/nobody"), "JAVA_HOME=/java")).get(OciContainer.ENVIRONMENT));
    assertRefused("environment members must be either a string or a pair but 1 was found",
        () -> recordAt(3, OciContainer.TYPE, "image", "nginx", "environment", List.of(1)));
  }

  @Test
  void ociSanitizePorts_joinsPairsWithAColonAndNamesTheField() {
    assertEquals(List.of("8088:80", "2022:22"),
        container("ports", List.of(Map.entry("8088", "80"), "2022:22")).get(OciContainer.PORTS));
    assertRefused("ports members must be either a string or a pair but 8080 was found",
        () -> recordAt(3, OciContainer.TYPE, "image", "nginx", "ports", List.of(8080)));
  }

  @Test
  void ociSanitizeVolumes_joinsPairsWithAColonAndNamesTheField() {
    assertEquals(List.of("/mnt/dir:/dir", "/run/current-system/profile:/java"),
        container("volumes", List.of(Map.entry("/mnt/dir", "/dir"), "/run/current-system/profile:/java")).get(OciContainer.VOLUMES));
    assertRefused("volumes members must be either a string or a pair but #t was found",
        () -> recordAt(3, OciContainer.TYPE, "image", "nginx", "volumes", List.of(true)));
  }

  @Test
  void ociSanitizeLabels_joinsPairsWithEqualsForNetworksAndVolumes() {
    List<Object> labels = List.of(Map.entry("foo", "bar"), "baz=qux");
    assertEquals(List.of("foo=bar", "baz=qux"),
        record(OciNetwork.TYPE, "name", "backend", "labels", labels).get(OciNetwork.LABELS));
    assertEquals(List.of("foo=bar", "baz=qux"),
        record(OciVolume.TYPE, "name", "data", "labels", labels).get(OciVolume.LABELS));
    assertRefused("labels members must be either a string or a pair but 1 was found",
        () -> recordAt(3, OciVolume.TYPE, "name", "data", "labels", List.of(1)));
  }

  @Test
  void ociSanitizeExtraArguments_keepsStringsAndRefusesAnythingElse() {
    assertEquals(List.of("--cap-add", "NET_ADMIN"),
        container("extraArguments", List.of("--cap-add", "NET_ADMIN")).get(OciContainer.EXTRA_ARGUMENTS));
    String refused = "extra arguments may only be strings but 42 was found";
    assertRefused(refused, () -> recordAt(3, OciContainer.TYPE, "image", "nginx", "extraArguments", List.of(42)));
    assertRefused(refused, () -> recordAt(3, OciNetwork.TYPE, "name", "n", "extraArguments", List.of(42)));
    assertRefused(refused, () -> recordAt(3, OciVolume.TYPE, "name", "v", "extraArguments", List.of(42)));
    assertRefused(refused, () -> recordAt(3, OciConfiguration.TYPE, "runtimeExtraArguments", List.of(42)));
  }

  @Test
  void ociSanitizeShepherdActions_keepsShepherdActionsAndRefusesAnythingElse() {
    Configuration reload = record(BaseRecords.ShepherdAction.TYPE, "name", "reload", "procedure", List.of("kill", "-HUP"));
    assertEquals(List.of(reload), container("shepherdActions", List.of(reload)).get(OciContainer.SHEPHERD_ACTIONS));
    assertRefused("shepherd-actions may only be shepherd-action records but reload was found",
        () -> recordAt(3, OciContainer.TYPE, "image", "nginx", "shepherdActions", List.of("reload")));
  }

  @Test
  void listOfOciRecords_refusesARecordOfAnotherType() {
    Configuration network = record(OciNetwork.TYPE, "name", "backend");
    OcidslException e = assertThrows(OcidslException.class,
        () -> recordAt(3, OciConfiguration.TYPE, "containers", List.of(network)));
    assertTrue(e.getMessage().startsWith("containers contains an illegal value: #<oci-network-configuration"),
        e.getMessage());
  }

  private static Configuration container(String field, Object value) {
    return record(OciContainer.TYPE, "image", "nginx", field, value);
  }

  /** {@code write} fails with {@code message}, located at line 3 where the test writes the value. */
  private static void assertRefused(String message, Executable write) {
    OcidslException e = assertThrows(OcidslException.class, write);
    assertEquals(message, e.getMessage());
    assertEquals(new SourceLocation(TestRecords.FILE, 3, 1), e.location());
  }
}
