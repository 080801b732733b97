package com.whatatalk.engine.outbound;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A business number's messages-per-second limit as a strict sliding window: no 1-second window
 * ever holds more than {@code mps} permits, and permits are spread at least half an interval
 * apart so a backlog does not leave in bursts. Every send attempt takes a permit, retries
 * included, so retries cannot push the number over Meta's limit. Thread-safe.
 */
final class RateLimiter {
  private static final long WINDOW_NANOS = Duration.ofSeconds(1).toNanos();

  private final long[] lastPermits; // ring of the last mps permit times (nanos), oldest at next
  private final long minSpacingNanos;
  private final Delays delays;
  private int next;
  private long lastPermit;

  RateLimiter(int mps, Delays delays) {
    this.lastPermits = new long[mps];
    this.minSpacingNanos = WINDOW_NANOS / mps / 2;
    this.delays = delays;
    long start = delays.nanoTime() - WINDOW_NANOS;
    java.util.Arrays.fill(lastPermits, start);
    this.lastPermit = start;
  }

  /** Completes when the caller may send. */
  CompletionStage<Void> acquire() {
    long now = delays.nanoTime();
    long at;
    synchronized (this) {
      at = Math.max(now, Math.max(lastPermits[next] + WINDOW_NANOS, lastPermit + minSpacingNanos));
      lastPermits[next] = at;
      next = (next + 1) % lastPermits.length;
      lastPermit = at;
    }
    return at <= now ? CompletableFuture.completedFuture(null) : delays.after(Duration.ofNanos(at - now));
  }
}
