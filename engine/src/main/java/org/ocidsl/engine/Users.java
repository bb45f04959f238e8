package org.ocidsl.engine;

import com.sun.security.auth.module.UnixSystem;

/** Who this process runs as. */
public final class Users {
  private Users() {}

  /**
   * The uid of this process, from the JDK's {@link UnixSystem} ({@code getuid}): ocidsl is no
   * setuid program, so it is also the effective uid that permissions are checked against.
   */
  public static long uid() {
    return new UnixSystem().getUid();
  }
}
