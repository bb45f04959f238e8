package org.ocidsl.stdlib.export;

import java.util.ArrayList;
import java.util.List;

/**
 * A published port as run's {@code -p} reads it: {@code [[IP:][HOST]:]CONTAINER[/PROTOCOL]},
 * where each port may be a range {@code FIRST-LAST}; an IPv6 address is written in brackets.
 * {@link #expand} gives one port per number, as Kubernetes lists them.
 */
record PortSpec(String hostIp, Integer hostPort, int containerPort, String protocol) {
  /**
   * The ports of {@code spec}, one per container port.
   *
   * @throws IllegalArgumentException naming {@code spec} when it is not a port
   */
  static List<PortSpec> expand(String spec) {
    String rest = spec;
    String protocol = "TCP";
    int slash = rest.lastIndexOf('/');
    if (slash >= 0) {
      protocol = rest.substring(slash + 1).toUpperCase(java.util.Locale.ROOT);
      rest = rest.substring(0, slash);
    }
    int colon = rest.lastIndexOf(':');
    String container = rest.substring(colon + 1);
    String host = null;
    String ip = null;
    if (colon >= 0) {
      String front = rest.substring(0, colon);
      int hostColon = front.lastIndexOf(':');
      if (hostColon >= 0 && !front.endsWith("]")) {
        ip = front.substring(0, hostColon);
        host = front.substring(hostColon + 1);
      } else if (front.endsWith("]") || front.contains(".")) {
        ip = front;
      } else {
        host = front;
      }
      if (ip != null && ip.startsWith("[") && ip.endsWith("]")) {
        ip = ip.substring(1, ip.length() - 1);
      }
      if (ip != null && ip.isEmpty()) {
        ip = null;
      }
      if (host != null && host.isEmpty()) {
        host = null;
      }
    }
    if (!List.of("TCP", "UDP", "SCTP").contains(protocol)) {
      throw new IllegalArgumentException("port '" + spec + "' has an unknown protocol");
    }
    int[] containers = range(container, spec);
    int[] hosts = host == null ? null : range(host, spec);
    if (hosts != null && hosts.length != containers.length) {
      throw new IllegalArgumentException("port '" + spec + "' maps ranges of different lengths");
    }
    List<PortSpec> ports = new ArrayList<>();
    for (int i = 0; i < containers.length; i++) {
      ports.add(new PortSpec(ip, hosts == null ? null : hosts[i], containers[i], protocol));
    }
    return ports;
  }

  private static int[] range(String text, String spec) {
    try {
      int dash = text.indexOf('-');
      int first = Integer.parseInt(dash < 0 ? text : text.substring(0, dash));
      int last = dash < 0 ? first : Integer.parseInt(text.substring(dash + 1));
      if (first < 1 || last > 65535 || last < first) {
        throw new IllegalArgumentException("port '" + spec + "' is out of range 1-65535");
      }
      int[] numbers = new int[last - first + 1];
      for (int i = 0; i < numbers.length; i++) {
        numbers[i] = first + i;
      }
      return numbers;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port '" + spec + "' is not [[IP:][HOST]:]CONTAINER[/PROTOCOL]", e);
    }
  }
}
