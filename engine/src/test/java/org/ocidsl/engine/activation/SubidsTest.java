package org.ocidsl.engine.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.generation.SubidRange;

class SubidsTest {
  private static Subids.Entry entry(String name, long start, long count) {
    return new Subids.Entry(name, start, count);
  }

  @Test
  void rangeToAdd_aFreeRangeWhenTheFirstIsMissingOrTooSmall(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
      throws java.io.IOException {
    java.nio.file.Path file = java.nio.file.Files.writeString(tmp.resolve("subuid"),
        "oci-container:100000:65536\nalice:165536:1000\n1002:300000:65536\n");
    assertEquals(java.util.Optional.of("166536-232071"), Subids.rangeToAdd(file, "subuid", "alice", 1001, 65535, 65536),
        "beside every range, hers too");
    assertEquals(java.util.Optional.of("166536-232071"), Subids.rangeToAdd(file, "subuid", "bob", 1003, 65535, 65536));
    assertEquals(java.util.Optional.empty(), Subids.rangeToAdd(file, "subuid", "carol", 1002, 65535, 65536),
        "a range given by uid counts");
    assertEquals(java.util.Optional.empty(), Subids.rangeToAdd(file, "subuid", "oci-container", 1001, 65535, 65536));
  }

  @Test
  void allocate_firstRangeStartsAt100000() {
    assertEquals(
        List.of(entry("oci-container", 100000, 65536)),
        Subids.allocate("subuid", List.of(SubidRange.of("oci-container")), List.of()));
  }

  @Test
  void allocate_avoidsExistingRangesAndUsesTheFirstGapThatFits() {
    List<Subids.Entry> existing =
        List.of(entry("alice", 100000, 65536), entry("bob", 200000, 65536), entry("carol", 265536, 10));
    // The gap 165536-199999 is too small for 65536 ids; the next free start is after carol.
    assertEquals(
        List.of(entry("dave", 265546, 65536), entry("erin", 165536, 1000)),
        Subids.allocate("subuid", List.of(SubidRange.of("dave"), new SubidRange("erin", null, 1000)), existing));
  }

  @Test
  void allocate_keepsAnExistingEntryOfTheSameUser() {
    List<Subids.Entry> existing = List.of(entry("oci-container", 300000, 65536));
    assertEquals(List.of(), Subids.allocate("subuid", List.of(SubidRange.of("oci-container")), existing));
  }

  @Test
  void allocate_existingEntryTooSmall_allocatesAnother() {
    List<Subids.Entry> existing = List.of(entry("oci-container", 100000, 1000));
    assertEquals(
        List.of(entry("oci-container", 101000, 65536)),
        Subids.allocate("subuid", List.of(SubidRange.of("oci-container")), existing));
  }

  @Test
  void allocate_honoursExplicitStarts() {
    assertEquals(
        List.of(entry("alice", 500000, 65536)),
        Subids.allocate("subuid", List.of(new SubidRange("alice", 500000L, 65536)), List.of()));
  }

  @Test
  void allocate_explicitRangesGoFirst_genericOnesByName() {
    List<SubidRange> requested =
        List.of(SubidRange.of("zoe"), SubidRange.of("adam"), new SubidRange("explicit", 100000L, 65536));
    assertEquals(
        List.of(entry("explicit", 100000, 65536), entry("adam", 165536, 65536), entry("zoe", 231072, 65536)),
        Subids.allocate("subuid", requested, List.of()));
  }

  @Test
  void allocate_explicitRangeAlreadyThere_addsNothing() {
    List<Subids.Entry> existing = List.of(entry("alice", 100000, 65536));
    assertEquals(
        List.of(), Subids.allocate("subgid", List.of(new SubidRange("alice", 100000L, 65536)), existing));
  }

  @Test
  void allocate_explicitOverlap_namesBothRanges() {
    List<Subids.Entry> existing = List.of(entry("bob", 100000, 65536));
    OcidslException e =
        assertThrows(
            OcidslException.class,
            () -> Subids.allocate("subuid", List.of(new SubidRange("alice", 150000L, 65536)), existing));
    assertEquals(
        "subuid range 150000-215535 of 'alice' overlaps 100000-165535 of 'bob' in /etc/subuid: choose another"
            + " start, or leave it unset to have one allocated",
        e.getMessage());
  }

  @Test
  void allocate_explicitOverlapWithinTheGeneration() {
    OcidslException e =
        assertThrows(
            OcidslException.class,
            () -> Subids.allocate(
                "subgid",
                List.of(new SubidRange("alice", 100000L, 65536), new SubidRange("bob", 165535L, 10)),
                List.of()));
    assertEquals(
        "subgid range 165535-165544 of 'bob' overlaps 100000-165535 of 'alice': choose another start, or leave it"
            + " unset to have one allocated",
        e.getMessage());
  }

  @Test
  void allocate_explicitOutsideSubordinateIds() {
    OcidslException e =
        assertThrows(
            OcidslException.class,
            () -> Subids.allocate("subuid", List.of(new SubidRange("alice", 1000L, 65536)), List.of()));
    assertEquals(
        "subuid range 1000-66535 of 'alice' is outside 100000-600099999, the ids subuids are taken from",
        e.getMessage());
  }

  @Test
  void allocate_noRoomLeft() {
    List<Subids.Entry> existing = List.of(entry("all", 100000, Subids.LIMIT - 100000 - 10));
    OcidslException e =
        assertThrows(
            OcidslException.class, () -> Subids.allocate("subuid", List.of(SubidRange.of("late")), existing));
    assertEquals("no free subuid range of 65536 ids is left for 'late' below 600100000", e.getMessage());
  }

  @Test
  void parse_skipsWhatIsNoEntry() {
    assertEquals(entry("a", 1, 2), Subids.Entry.parse("a:1:2"));
    assertNull(Subids.Entry.parse("# comment"));
    assertNull(Subids.Entry.parse("a:x:2"));
    assertNull(Subids.Entry.parse(""));
  }
}
