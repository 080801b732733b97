package com.whatatalk.engine.outbound;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Meta's pair rate limit, per customer of one number: a burst of {@code burst} messages, then one
 * per {@code period} (whatsapp-cloud-api.md §7.2), as a generic cell rate algorithm: each customer
 * needs only its theoretical arrival time. Customers idle long enough to have a full burst again
 * are forgotten, so memory tracks recent recipients only. The period is kept 10 % longer than
 * Meta's: Meta measures on arrival, and jitter on the way must not turn our last allowed message
 * into a 131056. Thread-safe.
 */
final class PairLimiter {
  private final long periodNanos;
  private final long toleranceNanos;
  private final Delays delays;
  private final Map<String, Long> arrival = new HashMap<>();

  PairLimiter(int burst, Duration period, Delays delays) {
    this.periodNanos = period.toNanos() * 11 / 10;
    this.toleranceNanos = (burst - 1) * periodNanos;
    this.delays = delays;
  }

  /** Completes when a message to {@code customer} stays within the pair limit. */
  CompletionStage<Void> acquire(String customer) {
    long now = delays.nanoTime();
    long at;
    synchronized (this) {
      long tat = arrival.getOrDefault(customer, now);
      at = Math.max(now, tat - toleranceNanos);
      arrival.put(customer, Math.max(tat, at) + periodNanos);
      if (arrival.size() > 10_000) {
        arrival.values().removeIf(t -> t <= now);
      }
    }
    return at <= now ? CompletableFuture.completedFuture(null) : delays.after(Duration.ofNanos(at - now));
  }
}
