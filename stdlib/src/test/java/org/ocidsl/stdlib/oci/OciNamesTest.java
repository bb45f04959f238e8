package org.ocidsl.stdlib.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ocidsl.stdlib.TestRecords.record;
import static org.ocidsl.stdlib.oci.OciFixtures.container;
import static org.ocidsl.stdlib.oci.OciFixtures.image;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.ocidsl.engine.image.api.ImageContent;
import org.ocidsl.stdlib.oci.OciRecords.OciImage;

/**
 * The names the seed derives: {@code oci-image-reference}, {@code oci-image->container-name},
 * {@code oci-container-shepherd-name} and the names of the networks and volumes services.
 */
class OciNamesTest {

  @Test
  void ociImageReference_aReferenceWithoutSlashGetsLocalhost() {
    assertEquals("localhost/nginx:1.25", OciService.imageReference("nginx:1.25"));
    assertEquals("localhost/nginx", OciService.imageReference("nginx"));
  }

  @Test
  void ociImageReference_aReferenceWithASlashIsKept() {
    assertEquals("docker.io/library/nginx", OciService.imageReference("docker.io/library/nginx"));
    assertEquals("myregistry.local:5000/testing/test-image:tag",
        OciService.imageReference("myregistry.local:5000/testing/test-image:tag"));
  }

  @Test
  void ociImageReference_aRecordIsRepositoryColonTag() {
    assertEquals("localhost/guile:3", OciService.imageReference(image("guile", "3")));
    assertEquals("quay.io/guile/guile:latest",
        OciService.imageReference(record(OciImage.TYPE, "repository", "quay.io/guile/guile",
            "value", ImageContent.directory(Path.of("rootfs")))));
  }

  @Test
  void ociImageToContainerName_isTheRepositorysBasename() {
    assertEquals("test-image", OciService.containerNameOf(image("myregistry.local:5000/testing/test-image", "1")));
    assertEquals("nginx", OciService.containerNameOf("nginx"));
    assertEquals("nginx", OciService.containerNameOf("docker.io/library/nginx"));
  }

  /** Documented difference: the seed cuts a string at its first ':', which a registry port breaks. */
  @Test
  void ociImageToContainerName_dropsTagAndDigestOfTheBasenameOnly() {
    assertEquals("nginx", OciService.containerNameOf("nginx:1.25"));
    assertEquals("test-image", OciService.containerNameOf("myregistry.local:5000/testing/test-image:tag"));
    assertEquals("test-image", OciService.containerNameOf("myregistry.local:5000/testing/test-image"));
    assertEquals("alpine", OciService.containerNameOf("docker.io/library/alpine@sha256:0123abcd"));
  }

  @Test
  void ociContainerShepherdName_isRuntimeDashImageBasename() {
    assertEquals("podman-nginx", OciService.shepherdName("podman", container("docker.io/library/nginx:1.25")));
    assertEquals("docker-test-image",
        OciService.shepherdName("docker", container("myregistry.local:5000/testing/test-image:tag")));
    assertEquals("docker-guile", OciService.shepherdName("docker", container(image("guile", "3"))));
  }

  @Test
  void ociContainerShepherdName_isTheProvisionWhenSet() {
    assertEquals("web", OciService.shepherdName("podman", container("nginx", "provision", "web")));
  }

  @Test
  void ociNetworksShepherdName_andItsHomeForm() {
    assertEquals("podman-networks", OciService.networksName("podman", false));
    assertEquals("docker-networks", OciService.networksName("docker", false));
    assertEquals("home-podman-networks", OciService.networksName("podman", true));
  }

  @Test
  void ociVolumesShepherdName_andItsHomeForm() {
    assertEquals("podman-volumes", OciService.volumesName("podman", false));
    assertEquals("docker-volumes", OciService.volumesName("docker", false));
    assertEquals("home-docker-volumes", OciService.volumesName("docker", true));
  }
}
