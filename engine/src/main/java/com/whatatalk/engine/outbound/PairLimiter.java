package com.whatatalk.engine.outbound;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Meta's pair rate limit, per customer of one number: a burst of {@code burst} messages, then one
 * per {@code period} (whatsapp-cloud-api.md §7.2), as a generic cell rate algorithm: each customer
 * needs only its theoretical arrival time and its queue of waiting messages (first come, first
 * served). As in {@link RateLimiter}, releases are decided when they happen, so a pause cannot
 * bunch two of them together. Both the burst and the rate are kept 10 % below Meta's: Meta
 * counts on arrival, from the first message it sees, and our messages reach it later and unevenly
 * (rate queue, connection set-up), so an exact copy of its bucket still drew 131056s. Customers
 * idle long enough to have a full burst again are forgotten, so memory tracks recent recipients
 * only. Thread-safe.
 */
final class PairLimiter {
  private static final int FORGET_ABOVE = 10_000;

  private static final class Pair {
    long arrival; // theoretical arrival time of the next message (GCRA's TAT)
    boolean releaseScheduled;
    final ArrayDeque<CompletableFuture<Void>> waiters = new ArrayDeque<>();

    Pair(long now) {
      this.arrival = now;
    }
  }

  private final long periodNanos;
  private final long toleranceNanos;
  private final Delays delays;
  private final Map<String, Pair> pairs = new HashMap<>();

  PairLimiter(int burst, Duration period, Delays delays) {
    this.periodNanos = period.toNanos() * 11 / 10;
    this.toleranceNanos = (Math.max(1, burst * 9 / 10) - 1) * periodNanos;
    this.delays = delays;
  }

  /** Completes when a message to {@code customer} stays within the pair limit. */
  CompletionStage<Void> acquire(String customer) {
    CompletableFuture<Void> permit = new CompletableFuture<>();
    synchronized (this) {
      long now = delays.nanoTime();
      if (pairs.size() > FORGET_ABOVE) {
        pairs.values().removeIf(p -> p.waiters.isEmpty() && p.arrival <= now);
      }
      pairs.computeIfAbsent(customer, c -> new Pair(now)).waiters.add(permit);
    }
    release(customer);
    return permit;
  }

  private void release(String customer) {
    List<CompletableFuture<Void>> ready = new ArrayList<>();
    long wait = 0;
    synchronized (this) {
      Pair pair = pairs.get(customer);
      long now = delays.nanoTime();
      while (!pair.waiters.isEmpty()) {
        long allowedAt = pair.arrival - toleranceNanos;
        if (allowedAt > now) {
          wait = allowedAt - now;
          break;
        }
        pair.arrival = Math.max(pair.arrival, now) + periodNanos;
        ready.add(pair.waiters.poll());
      }
      if (pair.waiters.isEmpty() || pair.releaseScheduled) {
        wait = 0;
      } else {
        pair.releaseScheduled = true;
      }
      if (wait > 0) {
        Pair scheduled = pair;
        delays
            .after(Duration.ofNanos(wait))
            .thenRun(
                () -> {
                  synchronized (this) {
                    scheduled.releaseScheduled = false;
                  }
                  release(customer);
                });
      }
    }
    ready.forEach(permit -> permit.complete(null));
  }
}
