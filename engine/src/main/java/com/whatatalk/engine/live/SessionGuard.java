package com.whatatalk.engine.live;

import java.time.Instant;
import java.util.concurrent.CompletionStage;

/** Keeps a socket open only while its login session lasts. */
public interface SessionGuard {
  /** When the session ends at the latest (its absolute expiry). */
  Instant endsAt();

  /**
   * Whether the session is still valid (not logged out, user still active). A failed stage (say
   * Cassandra unreachable) keeps the socket open: only a definite "no" closes it.
   */
  CompletionStage<Boolean> stillValid();
}
