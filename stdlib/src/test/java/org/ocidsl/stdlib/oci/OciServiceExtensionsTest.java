package org.ocidsl.stdlib.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ocidsl.stdlib.TestRecords.record;
import static org.ocidsl.stdlib.oci.OciFixtures.configuration;
import static org.ocidsl.stdlib.oci.OciFixtures.container;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ocidsl.engine.generation.SubidRange;
import org.ocidsl.engine.generation.UserAccount;
import org.ocidsl.stdlib.base.BaseRecords;
import org.ocidsl.stdlib.base.BaseServices.SubidsExtension;

/** What the OCI service asks of the host: the seed's {@code oci-service-accounts} and {@code oci-service-subids}. */
class OciServiceExtensionsTest {

  @Test
  void ociServiceAccounts_docker() {
    assertEquals(List.of(new UserAccount("oci-container", "users", List.of("docker"), "OCI services account",
            "/var/empty", false, "/usr/sbin/nologin", true)),
        OciService.accounts(configuration()));
  }

  @Test
  void ociServiceAccounts_podman() {
    assertEquals(List.of(new UserAccount("alice", "users", List.of("cgroup"), "OCI services account",
            "/home/alice", true, "/usr/sbin/nologin", false)),
        OciService.accounts(configuration("runtime", "podman", "user", "alice")));
  }

  @Test
  void ociServiceAccounts_theGroupFieldIsTheSupplementaryGroup() {
    assertEquals(List.of("ops"),
        ((UserAccount) OciService.accounts(configuration("runtime", "podman", "group", "ops")).get(0)).supplementaryGroups());
    assertEquals(List.of("ops"),
        ((UserAccount) OciService.accounts(configuration("group", "ops")).get(0)).supplementaryGroups());
  }

  @Test
  void ociServiceSubids_aDefaultRangeForTheUserWithPodman() {
    SubidsExtension subids = OciService.subids(configuration("runtime", "podman", "user", "alice"));
    assertEquals(List.of(SubidRange.of("alice")), subids.subuids());
    assertEquals(List.of(SubidRange.of("alice")), subids.subgids());
  }

  @Test
  void ociServiceSubids_theConfiguredRanges() {
    SubidsExtension subids = OciService.subids(configuration("runtime", "podman",
        "subuidsRange", record(BaseRecords.SubidRange.TYPE, "name", "oci-container", "start", 100000, "count", 70000),
        "subgidsRange", record(BaseRecords.SubidRange.TYPE, "name", "oci-container", "start", 200000)));
    assertEquals(List.of(new SubidRange("oci-container", 100000L, 70000)), subids.subuids());
    assertEquals(List.of(new SubidRange("oci-container", 200000L, SubidRange.DEFAULT_COUNT)), subids.subgids());
  }

  @Test
  void ociServiceSubids_aRangeForEachOtherUserOfAContainer() {
    SubidsExtension subids = OciService.subids(configuration("runtime", "podman", "containers", List.of(
        container("nginx", "user", "bob"),
        container("redis", "user", "oci-container"),
        container("postgres"))));
    List<SubidRange> expected = List.of(SubidRange.of("oci-container"), SubidRange.of("bob"));
    assertEquals(expected, subids.subuids());
    assertEquals(expected, subids.subgids());
  }

  @Test
  void ociServiceSubids_noneWithDocker() {
    assertEquals(SubidsExtension.EMPTY,
        OciService.subids(configuration("containers", List.of(container("nginx", "user", "bob")))));
  }
}
