package org.ocidsl.stdlib.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Ports as run's -p writes them, read for Kubernetes. */
class PortSpecTest {
  @Test
  void expand_everyFormOfRunsPublishOption() {
    assertEquals(List.of(new PortSpec(null, null, 80, "TCP")), PortSpec.expand("80"));
    assertEquals(List.of(new PortSpec(null, 8080, 80, "TCP")), PortSpec.expand("8080:80"));
    assertEquals(List.of(new PortSpec("127.0.0.1", 5353, 53, "UDP")), PortSpec.expand("127.0.0.1:5353:53/udp"));
    assertEquals(List.of(new PortSpec("127.0.0.1", null, 80, "TCP")), PortSpec.expand("127.0.0.1::80"));
    assertEquals(List.of(new PortSpec("::1", 8080, 80, "TCP")), PortSpec.expand("[::1]:8080:80"));
    assertEquals(List.of(new PortSpec(null, 9000, 90, "SCTP"), new PortSpec(null, 9001, 91, "SCTP")),
        PortSpec.expand("9000-9001:90-91/sctp"));
  }

  @Test
  void expand_whatIsNoPort_isRefusedNamingIt() {
    assertEquals("port 'http' is not [[IP:][HOST]:]CONTAINER[/PROTOCOL]",
        assertThrows(IllegalArgumentException.class, () -> PortSpec.expand("http")).getMessage());
    assertEquals("port '8000-8002:80-81' maps ranges of different lengths",
        assertThrows(IllegalArgumentException.class, () -> PortSpec.expand("8000-8002:80-81")).getMessage());
    assertEquals("port '80/icmp' has an unknown protocol",
        assertThrows(IllegalArgumentException.class, () -> PortSpec.expand("80/icmp")).getMessage());
    assertEquals("port '70000' is out of range 1-65535",
        assertThrows(IllegalArgumentException.class, () -> PortSpec.expand("70000")).getMessage());
  }
}
