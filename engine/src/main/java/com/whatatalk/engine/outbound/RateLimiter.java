package com.whatatalk.engine.outbound;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A business number's messages-per-second limit as a strict sliding window over the instants
 * permits are actually released: no 1-second window ever holds more than {@code mps} of them, and
 * releases are at least half an interval apart, so a backlog leaves evenly rather than in bursts.
 * Releases are decided when they happen, not planned ahead, so a pause of the JVM or the
 * scheduler cannot bunch planned permits together afterwards. Every send attempt takes a permit,
 * retries included, so retries cannot push the number over Meta's limit. The window holds 3 %
 * fewer permits than the rate: Meta counts arrivals, and jitter on the way (measured on this
 * machine under load: 83 arrivals in one second at an exact 80/s) must not cross its limit.
 * Thread-safe.
 */
final class RateLimiter {
  private static final long WINDOW_NANOS = Duration.ofSeconds(1).toNanos();

  private final long[] released; // ring of the last mps release instants, oldest at next
  private final long minSpacingNanos;
  private final Delays delays;
  private final ArrayDeque<CompletableFuture<Void>> waiters = new ArrayDeque<>();
  private int next;
  private long lastRelease;
  private boolean releaseScheduled;

  RateLimiter(int mps, Delays delays) {
    int permits = Math.max(1, mps * 97 / 100);
    this.released = new long[permits];
    this.minSpacingNanos = WINDOW_NANOS / permits / 2;
    this.delays = delays;
    long longAgo = delays.nanoTime() - WINDOW_NANOS;
    Arrays.fill(released, longAgo);
    this.lastRelease = longAgo;
  }

  /** Completes when the caller may send. */
  CompletionStage<Void> acquire() {
    CompletableFuture<Void> permit = new CompletableFuture<>();
    synchronized (this) {
      waiters.add(permit);
    }
    release();
    return permit;
  }

  /** Releases every waiter the window allows now, and schedules the next release if some wait. */
  private void release() {
    List<CompletableFuture<Void>> ready = new ArrayList<>();
    long wait = 0;
    synchronized (this) {
      long now = delays.nanoTime();
      while (!waiters.isEmpty()) {
        long allowedAt = Math.max(released[next] + WINDOW_NANOS, lastRelease + minSpacingNanos);
        if (allowedAt > now) {
          wait = allowedAt - now;
          break;
        }
        released[next] = now;
        next = (next + 1) % released.length;
        lastRelease = now;
        ready.add(waiters.poll());
      }
      if (waiters.isEmpty() || releaseScheduled) {
        wait = 0;
      } else {
        releaseScheduled = true;
      }
    }
    if (wait > 0) {
      delays
          .after(Duration.ofNanos(wait))
          .thenRun(
              () -> {
                synchronized (this) {
                  releaseScheduled = false;
                }
                release();
              });
    }
    // Completed outside the lock: the callers' sends run on from here.
    ready.forEach(permit -> permit.complete(null));
  }
}
