package com.whatatalk.engine.outbound;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.IntSupplier;

/**
 * A business number's messages-per-second limit as a strict sliding window over the instants
 * permits are actually released: no 1-second window ever holds more than {@code mps} of them, and
 * releases are at least half an interval apart, so a backlog leaves evenly rather than in bursts.
 * Releases are decided when they happen, not planned ahead, so a pause of the JVM or the
 * scheduler cannot bunch planned permits together afterwards. Every send attempt takes a permit,
 * retries included, so retries cannot push the number over Meta's limit. The window holds 3 %
 * fewer permits than the rate: Meta counts arrivals, and jitter on the way (measured on this
 * machine under load: 83 arrivals in one second at an exact 80/s) must not cross its limit.
 * The rate is read again at each release decision, so an admin's change of the number's mps
 * applies at once: the window keeps its most recent releases, so lowering the rate cannot let a
 * second hold more than the new limit. Thread-safe.
 */
final class RateLimiter {
  private static final long WINDOW_NANOS = Duration.ofSeconds(1).toNanos();

  private final IntSupplier mps;
  private final Delays delays;
  private final ArrayDeque<CompletableFuture<Void>> waiters = new ArrayDeque<>();
  private long[] released; // ring of the last permits' release instants, oldest at next
  private long minSpacingNanos;
  private int currentMps;
  private int next;
  private long lastRelease;
  private boolean releaseScheduled;

  RateLimiter(int mps, Delays delays) {
    this(() -> mps, delays);
  }

  RateLimiter(IntSupplier mps, Delays delays) {
    this.mps = mps;
    this.delays = delays;
    this.released = new long[0];
    this.lastRelease = delays.nanoTime() - WINDOW_NANOS;
    resize(mps.getAsInt());
  }

  /** A new ring for {@code newMps}, holding the newest releases of the old one, oldest first. */
  private void resize(int newMps) {
    int permits = Math.max(1, newMps * 97 / 100);
    long[] ring = new long[permits];
    Arrays.fill(ring, delays.nanoTime() - WINDOW_NANOS);
    int keep = Math.min(permits, released.length);
    for (int k = 0; k < keep; k++) {
      ring[permits - keep + k] = released[Math.floorMod(next - keep + k, released.length)];
    }
    released = ring;
    next = 0;
    minSpacingNanos = WINDOW_NANOS / permits / 2;
    currentMps = newMps;
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
      int wanted = mps.getAsInt();
      if (wanted != currentMps) {
        resize(wanted);
      }
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
