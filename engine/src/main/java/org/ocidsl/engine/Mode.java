package org.ocidsl.engine;

/**
 * Whose system a command works on: the host's ({@link #SYSTEM}, Guix System, run by root) or one
 * user's ({@link #HOME}, Guix Home's {@code home-oci-service-type}, run by that user with what
 * the host already provides). This is the one place that decides it: every command asks {@link
 * #of}, and the fold, the state directory and activation follow the answer.
 *
 * <p>A home system creates no account, group or subordinate ids and writes nothing outside its
 * state directory; its services run as the user who runs it.
 */
public enum Mode {
  SYSTEM,
  HOME;

  /** {@link #HOME} when asked for ({@code --home}) or when this process does not run as root. */
  public static Mode of(boolean homeAsked) {
    return homeAsked || Users.uid() != 0 ? HOME : SYSTEM;
  }

  public boolean home() {
    return this == HOME;
  }

  /** The user a home system belongs to: the one this process runs as. */
  public static String user() {
    return System.getProperty("user.name");
  }
}
