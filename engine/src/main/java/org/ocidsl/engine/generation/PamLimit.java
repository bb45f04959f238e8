package org.ocidsl.engine.generation;

import java.util.Objects;

/** A line of {@code limits.conf}: {@code * both nofile 100000}. */
public record PamLimit(String domain, String type, String item, String value) {
  public PamLimit {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(value, "value");
  }

  /** The line as limits.conf has it; Guix's {@code both} is written as {@code -}. */
  public String line() {
    return domain + " " + ("both".equals(type) ? "-" : type) + " " + item + " " + value;
  }
}
