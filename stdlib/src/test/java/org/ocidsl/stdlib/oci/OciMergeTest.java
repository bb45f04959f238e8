package org.ocidsl.stdlib.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.ocidsl.stdlib.TestRecords.recordAt;
import static org.ocidsl.stdlib.oci.OciFixtures.configuration;
import static org.ocidsl.stdlib.oci.OciFixtures.container;
import static org.ocidsl.stdlib.oci.OciFixtures.extension;
import static org.ocidsl.stdlib.oci.OciFixtures.network;
import static org.ocidsl.stdlib.oci.OciFixtures.volume;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.config.Configuration;
import org.ocidsl.stdlib.oci.OciRecords.OciConfiguration;
import org.ocidsl.stdlib.oci.OciRecords.OciContainer;
import org.ocidsl.stdlib.oci.OciRecords.OciExtension;
import org.ocidsl.stdlib.oci.OciRecords.OciNetwork;
import org.ocidsl.stdlib.oci.OciRecords.OciVolume;
import org.ocidsl.engine.config.Field;

/**
 * How the seed merges what extends the OCI service: {@code oci-objects-merge-lst}, {@code
 * oci-extension-merge}, the service type's {@code compose} (a fold of it) and {@code
 * oci-configuration-extend}, each refusing a name given twice.
 */
class OciMergeTest {

  @Test
  void ociObjectsMergeLst_holdsBothListsReversed() {
    Configuration a = network("a");
    Configuration b = network("b");
    Configuration c = network("c");
    assertEquals(List.of(c, b, a),
        OciService.mergeObjects(List.of(a, b), List.of(c), "network", n -> n.get(OciNetwork.NAME)));
  }

  @Test
  void ociObjectsMergeLst_refusesANameSeenTwiceAtTheSecondOne() {
    Configuration first = recordAt(3, OciNetwork.TYPE, "name", "backend");
    Configuration second = recordAt(9, OciNetwork.TYPE, "name", "backend", "driver", "bridge");
    OcidslException e = assertThrows(OcidslException.class,
        () -> OciService.mergeObjects(List.of(first), List.of(second), "network", n -> n.get(OciNetwork.NAME)));
    assertEquals("Duplicated network: backend. Names of network should be unique, please remove the duplicate.",
        e.getMessage());
    assertEquals(9, e.location().line());
  }

  @Test
  void ociExtensionMerge_namesContainersByProvisionOrImageBasename() {
    OcidslException e = assertThrows(OcidslException.class, () -> OciService.mergeExtensions(
        extension("containers", List.of(container("docker.io/library/nginx:1.25"))),
        extension("containers", List.of(container("nginx")))));
    assertEquals("Duplicated container: nginx. Names of container should be unique, please remove the duplicate.",
        e.getMessage());

    Configuration merged = OciService.mergeExtensions(
        extension("containers", List.of(container("nginx", "provision", "web1"))),
        extension("containers", List.of(container("nginx", "provision", "web2"))));
    assertEquals(List.of("web2", "web1"), merged.get(OciExtension.CONTAINERS).stream().map(c -> c.get(OciContainer.PROVISION)).toList());
  }

  @Test
  void ociExtensionMerge_refusesDuplicatedNetworksAndVolumes() {
    assertThrows(OcidslException.class, () -> OciService.mergeExtensions(
        extension("networks", List.of(network("backend"))), extension("networks", List.of(network("backend")))));
    OcidslException e = assertThrows(OcidslException.class, () -> OciService.mergeExtensions(
        extension("volumes", List.of(volume("data"))), extension("volumes", List.of(volume("data")))));
    assertEquals("Duplicated volume: data. Names of volume should be unique, please remove the duplicate.", e.getMessage());
  }

  /** The seed folds the extensions into an empty one: {@code (fold oci-extension-merge (oci-extension) args)}. */
  @Test
  void ociServiceTypeCompose_foldsTheMergeInTheSeedsOrder() {
    Configuration composed = (Configuration) OciService.compose(List.of(
        extension("networks", List.of(network("a"), network("b"))),
        extension("networks", List.of(network("c"), network("d")))));
    assertEquals(List.of("a", "b", "d", "c"), names(composed.get(OciExtension.NETWORKS), OciNetwork.NAME));
    assertEquals(List.of(), composed.get(OciExtension.CONTAINERS));
  }

  @Test
  void ociConfigurationExtend_namesContainersAsTheirServices() {
    Configuration config = configuration("runtime", "podman", "containers", List.of(container("nginx")));
    OcidslException e = assertThrows(OcidslException.class, () -> OciService.extend(config,
        extension("containers", List.of(container("redis", "provision", "podman-nginx")))));
    assertEquals("Duplicated container: podman-nginx. Names of container should be unique, please remove the duplicate.",
        e.getMessage());
  }

  @Test
  void ociConfigurationExtend_keepsTheConfigurationAndMergesItsLists() {
    Configuration config = configuration("runtime", "podman", "user", "alice",
        "networks", List.of(network("a")), "volumes", List.of(volume("v")));
    Configuration extended = OciService.extend(config, extension(
        "networks", List.of(network("b")), "containers", List.of(container("nginx"))));
    assertEquals("podman", extended.get(OciConfiguration.RUNTIME));
    assertEquals("alice", extended.get(OciConfiguration.USER));
    assertEquals(List.of("b", "a"), names(extended.get(OciConfiguration.NETWORKS), OciNetwork.NAME));
    assertEquals(List.of("v"), names(extended.get(OciConfiguration.VOLUMES), OciVolume.NAME));
    assertEquals(List.of("podman-nginx"),
        extended.get(OciConfiguration.CONTAINERS).stream().map(c -> OciService.shepherdName("podman", c)).toList());
  }

  private static List<String> names(List<Configuration> objects, Field<String> name) {
    return objects.stream().map(o -> o.get(name)).toList();
  }
}
