package com.whatatalk.simulator.limits;

import com.whatatalk.simulator.SimClock;
import com.whatatalk.simulator.SimulatorSettings;
import com.whatatalk.simulator.SimulatorSettings.PhoneNumber;
import com.whatatalk.simulator.graph.ErrorCodes;
import com.whatatalk.simulator.graph.GraphError;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Meta's two send limits (§7): a per-number token bucket of {@code mps} tokens refilled at
 * {@code mps} per second (→ 130429), and a per-(number, customer) pair bucket of capacity 45
 * refilled one token per 6 s (→ 131056). Also meters, per number, every request received and every
 * message accepted in sliding one-second windows, so tests can assert the peak rate.
 */
public final class RateLimits {
  /** Meta's ceiling for an upgraded number. */
  public static final int MAX_MPS = 1000;

  private final SimClock clock;
  private final int pairCapacity;
  private final double pairTokensPerSecond;
  private final Map<String, Integer> mps = new ConcurrentHashMap<>();
  private final Map<String, TokenBucket> numberBuckets = new ConcurrentHashMap<>();
  private final Map<String, TokenBucket> pairBuckets = new ConcurrentHashMap<>();
  private final Map<String, SlidingSecondCounter> received = new ConcurrentHashMap<>();
  private final Map<String, SlidingSecondCounter> accepted = new ConcurrentHashMap<>();

  public RateLimits(SimulatorSettings settings, SimClock clock) {
    this.clock = clock;
    this.pairCapacity = settings.pairCapacity();
    this.pairTokensPerSecond = 1.0 / seconds(settings.pairRefillPeriod());
    for (PhoneNumber n : settings.phoneNumbers()) {
      mps.put(n.id(), n.mps());
    }
  }

  /**
   * Counts a send attempt and takes a token from the number's bucket and then from the pair's;
   * returns the error when either is empty. A rejected pair attempt still spends its number token,
   * as it did use the number's throughput at Meta.
   */
  public Optional<GraphError> tryAcquire(String phoneNumberId, String waId) {
    long now = nanos();
    received.computeIfAbsent(phoneNumberId, k -> new SlidingSecondCounter()).record(now);
    int rate = mps(phoneNumberId);
    TokenBucket number = numberBuckets.computeIfAbsent(phoneNumberId,
        k -> new TokenBucket(rate, rate, now));
    if (!number.tryTake(now)) {
      return Optional.of(ErrorCodes.throughput());
    }
    TokenBucket pair = pairBuckets.computeIfAbsent(phoneNumberId + "/" + waId,
        k -> new TokenBucket(pairCapacity, pairTokensPerSecond, now));
    if (!pair.tryTake(now)) {
      return Optional.of(ErrorCodes.pairRateLimit());
    }
    accepted.computeIfAbsent(phoneNumberId, k -> new SlidingSecondCounter()).record(now);
    return Optional.empty();
  }

  public int mps(String phoneNumberId) {
    return mps.getOrDefault(phoneNumberId, 80);
  }

  public void setMps(String phoneNumberId, int newMps) {
    if (newMps < 1 || newMps > MAX_MPS) {
      throw new IllegalArgumentException("mps must be within 1.." + MAX_MPS);
    }
    mps.put(phoneNumberId, newMps);
    TokenBucket b = numberBuckets.get(phoneNumberId);
    if (b != null) {
      b.reconfigure(newMps, newMps, nanos());
    }
  }

  /** Highest number of messages accepted in any sliding one-second window. */
  public int maxAcceptedPerSecond(String phoneNumberId) {
    SlidingSecondCounter c = accepted.get(phoneNumberId);
    return c == null ? 0 : c.max();
  }

  /** Highest number of send requests received (accepted or not) in any one-second window. */
  public int maxReceivedPerSecond(String phoneNumberId) {
    SlidingSecondCounter c = received.get(phoneNumberId);
    return c == null ? 0 : c.max();
  }

  public long accepted(String phoneNumberId) {
    SlidingSecondCounter c = accepted.get(phoneNumberId);
    return c == null ? 0 : c.total();
  }

  public long received(String phoneNumberId) {
    SlidingSecondCounter c = received.get(phoneNumberId);
    return c == null ? 0 : c.total();
  }

  /** Forgets meters and refills every bucket (between benchmark runs). */
  public void reset() {
    received.clear();
    accepted.clear();
    numberBuckets.clear();
    pairBuckets.clear();
  }

  private long nanos() {
    Instant now = clock.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }
}
