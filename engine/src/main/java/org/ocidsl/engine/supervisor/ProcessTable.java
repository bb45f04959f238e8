package org.ocidsl.engine.supervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The processes of the host as {@code /proc} shows them, by session: how the supervisor finds
 * every process a service left, signals them, and knows when they are gone. Zombies count as
 * gone: they hold no resource but their process-table entry, and only their parent can reap them.
 *
 * <p>Each service runs in a session of its own whose id is the PID of its first process, so the
 * session is the service's process group and any group its processes made.
 */
final class ProcessTable {
  private static final Path PROC = Path.of("/proc");
  private static final long SNAPSHOT_TTL_NANOS = 15_000_000L;

  private Map<Long, List<Long>> bySession = Map.of();
  private long takenAt;

  /** The live (non-zombie) members of session {@code sid}, from a snapshot at most 15 ms old. */
  synchronized List<Long> members(long sid) {
    if (System.nanoTime() - takenAt > SNAPSHOT_TTL_NANOS) {
      refresh();
    }
    return bySession.getOrDefault(sid, List.of());
  }

  /** The live members of session {@code sid}, read now. */
  synchronized List<Long> membersNow(long sid) {
    refresh();
    return bySession.getOrDefault(sid, List.of());
  }

  /**
   * Sends SIGTERM ({@code force == false}) or SIGKILL to every live process of session {@code
   * sid}, and to {@code leader} itself in case it has not reached its own session yet.
   */
  void signalSession(long sid, boolean force) {
    // SIGTERM goes to the members of a recent snapshot: those it misses are killed when the
    // grace period ends, from a fresh one.
    List<Long> targets = new ArrayList<>(force ? membersNow(sid) : members(sid));
    if (!targets.contains(sid)) {
      targets.add(sid);
    }
    for (long pid : targets) {
      if (pid == ProcessHandle.current().pid()) {
        continue;
      }
      ProcessHandle.of(pid)
          .ifPresent(
              h -> {
                if (force) {
                  h.destroyForcibly();
                } else {
                  h.destroy();
                }
              });
    }
  }

  private void refresh() {
    Map<Long, List<Long>> sessions = new HashMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
          continue;
        }
        Optional<Stat> stat = stat(Long.parseLong(name));
        if (stat.isPresent() && !stat.get().zombie()) {
          sessions.computeIfAbsent(stat.get().session(), k -> new ArrayList<>()).add(stat.get().pid());
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Keep the previous snapshot: /proc is always there on Linux.
      return;
    }
    bySession = sessions;
    takenAt = System.nanoTime();
  }

  /** What {@code /proc/PID/stat} says of a process, when it exists. */
  static Optional<Stat> stat(long pid) {
    String text;
    try {
      text = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return Optional.empty();
    }
    // "PID (COMM) STATE PPID PGRP SESSION ... STARTTIME(22) ...": COMM may hold anything.
    int close = text.lastIndexOf(')');
    if (close < 0) {
      return Optional.empty();
    }
    String[] f = text.substring(close + 2).trim().split(" ");
    if (f.length < 20) {
      return Optional.empty();
    }
    try {
      char state = f[0].charAt(0);
      return Optional.of(
          new Stat(pid, state, Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[19])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** One line of {@code /proc/PID/stat}, the fields the supervisor reads. */
  record Stat(long pid, char state, long processGroup, long session, long startTime) {
    boolean zombie() {
      return state == 'Z' || state == 'X' || state == 'x';
    }
  }
}
