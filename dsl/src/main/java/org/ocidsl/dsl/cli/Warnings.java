package org.ocidsl.dsl.cli;

import java.io.PrintWriter;
import org.ocidsl.engine.Diagnostics;

/** Prints the warnings raised while a system was evaluated and folded. */
final class Warnings {
  private Warnings() {}

  static void print(PrintWriter err) {
    Diagnostics.drain().forEach(err::println);
    err.flush();
  }
}
