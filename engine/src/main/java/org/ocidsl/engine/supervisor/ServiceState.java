package org.ocidsl.engine.supervisor;

/** Where a supervised service stands. */
public enum ServiceState {
  /** Not running, and not asked to run. */
  STOPPED,
  /** Its requirements are starting, its one-shot start is running, or it waits to be respawned. */
  STARTING,
  /** Its start process lives: {@code pid} is that process, and its session. */
  RUNNING,
  /** A one-shot service whose start exited with status 0. */
  DONE,
  /** Its stop launcher runs, or its processes are being terminated. */
  STOPPING,
  /** Its start could not be run, or a one-shot start failed. */
  FAILED,
  /** It died more often than the respawn limit allows, and was given up. */
  DISABLED
}
