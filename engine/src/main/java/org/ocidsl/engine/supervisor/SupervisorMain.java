package org.ocidsl.engine.supervisor;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.ocidsl.engine.OcidslException;

/**
 * The supervisor as a program of its own: what {@link SupervisorLauncher#detach} runs in a new
 * session.
 *
 * <pre>
 * SupervisorMain --state-dir DIR [--secrets-from-stdin] [--detached] [--stop-grace SECONDS] GENERATION
 * </pre>
 *
 * <p>{@code --secrets-from-stdin} reads the secret environment as one JSON object, {@code
 * {"SERVICE": {"VAR": "value"}}}, from standard input up to its end. {@code --detached} keeps the
 * supervisor's messages in its log only. Exit status: 0 once halted, 1 on an error, 2 on a usage
 * error.
 */
public final class SupervisorMain {
  private SupervisorMain() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(args, System.in, out, err));
  }

  /** Parses {@code args}, supervises until halted, and returns the exit status. */
  public static int run(String[] args, InputStream in, PrintWriter out, PrintWriter err) {
    Path stateDir = null;
    Path generation = null;
    boolean secretsFromStdin = false;
    boolean detached = false;
    Duration grace = SupervisorOptions.DEFAULT_STOP_GRACE;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--state-dir" -> stateDir = Path.of(args[++i]);
          case "--secrets-from-stdin" -> secretsFromStdin = true;
          case "--detached" -> detached = true;
          case "--stop-grace" -> grace = Duration.ofMillis((long) (Double.parseDouble(args[++i]) * 1000));
          default -> {
            if (args[i].startsWith("-") || generation != null) {
              return usage(err, "unexpected argument '" + args[i] + "'");
            }
            generation = Path.of(args[i]);
          }
        }
      }
    } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
      return usage(err, "an option lacks its value");
    }
    if (stateDir == null || generation == null) {
      return usage(err, "--state-dir and GENERATION are required");
    }
    try {
      Map<String, Map<String, String>> secrets = secretsFromStdin ? readSecrets(in) : Map.of();
      Supervisor.runForeground(
          SupervisorOptions.of(stateDir, generation)
              .withSecrets(secrets)
              .withOut(detached ? null : out)
              .withStopGrace(grace));
      return 0;
    } catch (OcidslException e) {
      err.println(e.render());
      return 1;
    } catch (IOException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
  }

  /** {@code secrets} as {@link #readSecrets} reads them. */
  public static String secretsText(Map<String, Map<String, String>> secrets) {
    return Protocol.write(secrets);
  }

  /** The secret environment, as one JSON object on {@code in}, read to its end. */
  public static Map<String, Map<String, String>> readSecrets(InputStream in) throws IOException {
    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return Map.of();
    }
    // Never echo the input in an error: it holds secrets.
    String bad = "the secrets on standard input are not a JSON object of objects of strings";
    try {
      Map<String, Map<String, String>> secrets = Protocol.secrets(Protocol.parse(text));
      return secrets == null ? Map.of() : secrets;
    } catch (Protocol.MalformedException e) {
      throw new OcidslException(bad);
    }
  }

  private static int usage(PrintWriter err, String message) {
    err.println("supervisor: " + message);
    err.println(
        "usage: SupervisorMain --state-dir DIR [--secrets-from-stdin] [--detached] [--stop-grace SECONDS] GENERATION");
    return 2;
  }
}
