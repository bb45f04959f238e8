package org.ocidsl.stdlib.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ocidsl.stdlib.oci.OciFixtures.container;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A container's volumes as run's -v reads them, for the launchers' fingerprints and the exports alike. */
class VolumeSpecTest {
  @Test
  void parse_hostPathNamedOrAnonymous() {
    assertTrue(VolumeSpec.parse("/srv/www:/www:ro").hostPath());
    assertTrue(VolumeSpec.parse("/srv/www:/www:ro").readOnly());
    assertTrue(VolumeSpec.parse("data:/data").named());
    assertTrue(VolumeSpec.parse("/cache").anonymous());
  }

  @Test
  void hostPaths_onlyTheAbsoluteSourcesOfBindMounts_notAnAnonymousVolumesTarget() {
    assertEquals(List.of("/srv/www"), OciService.hostPaths(container("nginx",
        "volumes", List.of("/cache", "/srv/www:/www:ro", "data:/data", "/srv/www:/again"))));
  }
}
