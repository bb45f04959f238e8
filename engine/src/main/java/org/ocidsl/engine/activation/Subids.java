package org.ocidsl.engine.activation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.generation.SubidRange;

/**
 * Subordinate id ranges in {@code /etc/subuid} and {@code /etc/subgid}, allocated as Guix's {@code
 * allocate-subids} does (gnu/build/accounts.scm): ranges with an explicit start first, in the
 * order of their starts, then the others by user name, each getting the first free range of its
 * count from {@value #MIN} on. Unlike Guix, entries already in the file are never rewritten: a
 * user who has a range that fits keeps it (Debian's useradd may have given one), and new entries
 * are appended.
 */
public final class Subids {
  /** The first subordinate id, as shadow's SUB_UID_MIN. */
  static final long MIN = 100_000;
  /** One past the last subordinate id, as shadow's SUB_UID_MAX (600100000) taken as exclusive. */
  static final long LIMIT = 600_100_000;

  private Subids() {}

  /** A line of a subid file: {@code name:start:count}. */
  record Entry(String name, long start, long count) {
    Entry {
      Objects.requireNonNull(name, "name");
    }

    /** One past the last id. */
    long end() {
      return start + count;
    }

    boolean overlaps(long otherStart, long otherCount) {
      return start < otherStart + otherCount && otherStart < end();
    }

    boolean covers(long otherStart, long otherCount) {
      return start <= otherStart && otherStart + otherCount <= end();
    }

    /** The ids as {@code FIRST-LAST}, both included. */
    String ids() {
      return start + "-" + (start + count - 1);
    }

    String line() {
      return name + ":" + start + ":" + count;
    }

    /** The entry of line {@code line}, or null when the line is no entry. */
    static Entry parse(String line) {
      String[] fields = line.split(":", -1);
      if (fields.length != 3 || fields[0].isEmpty()) {
        return null;
      }
      try {
        long start = Long.parseLong(fields[1]);
        long count = Long.parseLong(fields[2]);
        return start >= 0 && count > 0 ? new Entry(fields[0], start, count) : null;
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }

  /**
   * The entries to add to a file holding {@code existing} so that every range of {@code
   * requested} is there; {@code kind} ({@code subuid} or {@code subgid}) names them in errors.
   *
   * @throws OcidslException when an explicit range overlaps another one or leaves the range of
   *     subordinate ids, or when no free range is left
   */
  static List<Entry> allocate(String kind, List<SubidRange> requested, List<Entry> existing) {
    List<SubidRange> ordered = new ArrayList<>(requested);
    ordered.sort(
        Comparator.comparing((SubidRange r) -> !r.allocated())
            .thenComparing(r -> r.allocated() ? r.start() : 0L)
            .thenComparing(r -> r.allocated() ? "" : r.name()));
    List<Entry> taken = new ArrayList<>(existing);
    List<Entry> added = new ArrayList<>();
    for (SubidRange range : ordered) {
      Entry entry = range.allocated() ? explicit(kind, range, taken, existing) : generic(kind, range, taken);
      if (entry != null) {
        taken.add(entry);
        added.add(entry);
      }
    }
    return added;
  }

  private static Entry explicit(String kind, SubidRange range, List<Entry> taken, List<Entry> existing) {
    long start = range.start();
    long count = range.count();
    if (taken.stream().anyMatch(e -> e.name().equals(range.name()) && e.covers(start, count))) {
      return null;
    }
    Entry wanted = new Entry(range.name(), start, count);
    if (start < MIN || wanted.end() > LIMIT) {
      throw new OcidslException(
          kind + " range " + wanted.ids() + " of '" + range.name() + "' is outside " + MIN + "-" + (LIMIT - 1)
              + ", the ids " + kind + "s are taken from");
    }
    for (Entry other : taken) {
      if (other.overlaps(start, count)) {
        throw new OcidslException(
            kind + " range " + wanted.ids() + " of '" + range.name() + "' overlaps " + other.ids() + " of '"
                + other.name() + "'" + (existing.contains(other) ? " in /etc/" + kind : "")
                + ": choose another start, or leave it unset to have one allocated");
      }
    }
    return wanted;
  }

  private static Entry generic(String kind, SubidRange range, List<Entry> taken) {
    long count = range.count();
    if (taken.stream().anyMatch(e -> e.name().equals(range.name()) && e.count() >= count)) {
      return null;
    }
    TreeSet<Long> candidates = new TreeSet<>();
    candidates.add(MIN);
    taken.stream().map(Entry::end).filter(end -> end > MIN).forEach(candidates::add);
    for (long start : candidates) {
      if (start + count > LIMIT) {
        break;
      }
      if (taken.stream().noneMatch(e -> e.overlaps(start, count))) {
        return new Entry(range.name(), start, count);
      }
    }
    throw new OcidslException(
        "no free " + kind + " range of " + count + " ids is left for '" + range.name() + "' below " + LIMIT);
  }

  /**
   * A free range of {@code count} ids, as {@code FIRST-LAST}, that {@code usermod} could give the
   * user named {@code user} or numbered {@code uid} in {@code file} ({@code kind} names it), when
   * the first range it has there (the one util-linux's {@code unshare --map-auto} maps) holds
   * fewer than {@code needed} ids; empty when it holds enough.
   */
  public static Optional<String> rangeToAdd(Path file, String kind, String user, long uid, long needed, long count)
      throws IOException {
    List<Entry> existing = read(file);
    java.util.function.Predicate<Entry> theirs = e -> e.name().equals(user) || e.name().equals(Long.toString(uid));
    if (existing.stream().filter(theirs).findFirst().map(e -> e.count() >= needed).orElse(false)) {
      return Optional.empty();
    }
    return Optional.of(allocate(kind, List.of(new SubidRange(user, null, count)), existing).get(0).ids());
  }

  /** The entries of {@code file}, none when it does not exist. */
  static List<Entry> read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .map(Entry::parse)
        .filter(Objects::nonNull)
        .toList();
  }

  /** Appends {@code entries} to {@code file}, atomically, keeping its mode and owner. */
  static void append(Path file, List<Entry> entries) throws IOException {
    StringBuilder text = new StringBuilder();
    if (Files.exists(file)) {
      text.append(Files.readString(file, StandardCharsets.UTF_8));
      if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
        text.append('\n');
      }
    }
    entries.forEach(e -> text.append(e.line()).append('\n'));
    HostFiles.replace(file, text.toString().getBytes(StandardCharsets.UTF_8), HostFiles.FILE_MODE);
  }
}
