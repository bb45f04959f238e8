package org.ocidsl.dsl.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Mixed into a command whose last parameters belong to another program ({@code action}'s to the
 * action, {@code script}'s to the script): from the first positional parameter on, nothing is read
 * as an option of ours, not even {@code --help}, which every command inherits.
 */
@Command // what picocli wants of a mixin that declares no option
final class ForeignArguments {
  /** Injected by picocli with the command this is mixed into, before it parses anything. */
  @Spec(Spec.Target.MIXEE)
  void mixee(CommandSpec command) {
    command.parser().unmatchedOptionsArePositionalParams(true);
    command.parser().stopAtPositional(true);
  }
}
