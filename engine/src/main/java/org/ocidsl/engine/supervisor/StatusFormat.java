package org.ocidsl.engine.supervisor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/** Service statuses printed as GNU Shepherd's {@code herd status} prints them. */
public final class StatusFormat {
  private StatusFormat() {}

  /**
   * The overview: "Started:", "Stopped:", "One-shot:" and "Failed to start:", each listing its
   * services by name (" + web", " - db", " * setup", " ! broken"); empty lists are left out.
   */
  public static String summary(List<ServiceStatus> services) {
    StringBuilder out = new StringBuilder();
    section(out, "Started:", "+", services, ServiceStatus::started);
    section(out, "Stopped:", "-", services, s -> switch (s.state()) {
      case STOPPED, STARTING, DISABLED -> true;
      default -> false;
    });
    section(out, "One-shot:", "*", services, s -> s.state() == ServiceState.DONE);
    section(out, "Failed to start:", "!", services, s -> s.state() == ServiceState.FAILED);
    return out.toString();
  }

  private static void section(
      StringBuilder out, String header, String bullet, List<ServiceStatus> services,
      Predicate<ServiceStatus> member) {
    List<ServiceStatus> listed = new ArrayList<>(services.stream().filter(member).toList());
    if (listed.isEmpty()) {
      return;
    }
    listed.sort(Comparator.comparing(ServiceStatus::name));
    out.append(header).append('\n');
    for (ServiceStatus s : listed) {
      out.append(' ').append(bullet).append(' ').append(s.name())
          .append(s.replacementPending() ? " (replacement pending)" : "").append('\n');
    }
  }

  /** The status of one service, as {@code herd status NAME}. */
  public static String detail(ServiceStatus s) {
    return detail(s, List.of());
  }

  /**
   * The status of one service, and when it failed, {@code logTail}: the last lines of its log,
   * which say why more often than its exit status does.
   */
  public static String detail(ServiceStatus s, List<String> logTail) {
    StringBuilder out = new StringBuilder();
    out.append("Status of ").append(s.name()).append(":\n");
    switch (s.state()) {
      case RUNNING, STOPPING -> {
        out.append("  It is started.\n");
        out.append("  Running value is ").append(s.pid()).append(".\n");
      }
      case STARTING -> out.append("  It is starting.\n");
      case DONE -> out.append("  It is stopped (one-shot).\n");
      case FAILED -> out.append("  It failed to start.\n");
      default -> out.append("  It is stopped.\n");
    }
    out.append(s.enabled() ? "  It is enabled.\n" : "  It is disabled.\n");
    out.append("  Provides (").append(String.join(" ", s.provision())).append(").\n");
    out.append("  Requires (").append(String.join(" ", s.requirement())).append(").\n");
    out.append(s.respawn() && !s.oneShot() ? "  Will be respawned.\n" : "  Will not be respawned.\n");
    if (s.health() != null) {
      out.append("  Health: ").append(s.health());
      if (s.healthSince() != null) {
        out.append(" since ").append(LogFile.TIMESTAMP.format(
            java.time.LocalDateTime.ofInstant(java.time.Instant.ofEpochMilli(s.healthSince()), java.time.ZoneId.systemDefault())));
      }
      out.append(".\n");
    }
    if (s.replacementPending()) {
      out.append("  Replacement pending (restart it to apply its new definition).\n");
    }
    if (showsFailure(s)) {
      out.append("  Last failure: ").append(s.failure()).append(".\n");
      if (!logTail.isEmpty()) {
        out.append("  Last lines of its log:\n");
        logTail.forEach(line -> out.append("    ").append(line).append('\n'));
      }
    }
    return out.toString();
  }

  /** Whether {@link #detail} shows the last failure of {@code s}. */
  public static boolean showsFailure(ServiceStatus s) {
    return s.failure() != null && (s.state() != ServiceState.RUNNING || "unhealthy".equals(s.health()));
  }
}
