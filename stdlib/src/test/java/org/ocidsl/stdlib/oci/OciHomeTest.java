package org.ocidsl.stdlib.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ocidsl.stdlib.oci.OciFixtures.configuration;
import static org.ocidsl.stdlib.oci.OciFixtures.container;
import static org.ocidsl.stdlib.oci.OciFixtures.extensionValue;
import static org.ocidsl.stdlib.oci.OciFixtures.network;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.config.Configuration;
import org.ocidsl.engine.generation.SubidRange;
import org.ocidsl.engine.shepherd.ShepherdService;
import org.ocidsl.stdlib.base.BaseServices;
import org.ocidsl.stdlib.base.BaseServices.SubidsExtension;

/** The oci service made for-home, as Guix Home's home-oci-service-type. */
class OciHomeTest {
  static final Configuration PODMAN = configuration("runtime", "podman",
      "networks", List.of(network("net")), "containers", List.of(container("redis:7", "network", "net")));

  @Test
  void forHome_noAccount_subidsOfItsUser_homeNames_runAsItsUser() {
    Configuration home = OciService.forHome(PODMAN, "alice");

    assertEquals(List.of(), extensionValue(OciService.TYPE, BaseServices.ACCOUNT, home));
    SubidsExtension subids = (SubidsExtension) extensionValue(OciService.TYPE, BaseServices.SUBIDS, home);
    assertEquals(List.of(SubidRange.of("alice")), subids.subuids());
    assertEquals(List.of(SubidRange.of("alice")), subids.subgids());
    List<ShepherdService> services = OciService.shepherdServices(home);
    assertEquals(List.of("podman-redis", "home-podman-networks"), services.stream().map(ShepherdService::name).toList());
    ShepherdService redis = services.get(0);
    assertEquals(List.of("home-podman-networks"), redis.requirement());
    assertTrue(redis.user().isEmpty() && redis.group().isEmpty(), redis.toString());
    assertEquals(List.of(), services.get(1).requirement(), "no host networking milestone in a home system");
  }

  @Test
  void forHome_aContainerWithAUserOfItsOwn_isRefused() {
    Configuration other = configuration("runtime", "podman", "containers", List.of(container("redis:7", "user", "bob")));

    OcidslException e = assertThrows(OcidslException.class,
        () -> OciService.shepherdServices(OciService.forHome(other, "alice")));

    assertEquals("container user 'bob' needs a system (root) configuration: a home system runs every container as"
        + " its own user", e.getMessage());
  }
}
