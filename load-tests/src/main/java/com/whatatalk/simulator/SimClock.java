package com.whatatalk.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The simulator's notion of "now": a base clock (the system clock, or one a test injects) plus an
 * offset that the control API can push forward, so that windows, URL expiry and buckets can be
 * aged without waiting.
 */
public final class SimClock {
  private final Clock base;
  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  public SimClock(Clock base) {
    this.base = base;
  }

  public static SimClock system() {
    return new SimClock(Clock.systemUTC());
  }

  public Instant now() {
    return base.instant().plus(offset.get());
  }

  public long epochSeconds() {
    return now().getEpochSecond();
  }

  /** Moves simulated time forward; returns the new offset. */
  public Duration advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("the simulated clock only moves forward");
    }
    return offset.updateAndGet(o -> o.plus(by));
  }

  public Duration offset() {
    return offset.get();
  }
}
