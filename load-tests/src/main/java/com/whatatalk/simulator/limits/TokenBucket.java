package com.whatatalk.simulator.limits;

/**
 * A classic token bucket on nanosecond timestamps given by the caller (the simulated clock), so
 * that tests can age it by moving the clock instead of sleeping.
 */
final class TokenBucket {
  private double capacity;
  private double tokensPerNano;
  private double tokens;
  private long lastNanos;

  TokenBucket(double capacity, double tokensPerSecond, long nowNanos) {
    this.capacity = capacity;
    this.tokensPerNano = tokensPerSecond / 1e9;
    this.tokens = capacity;
    this.lastNanos = nowNanos;
  }

  synchronized boolean tryTake(long nowNanos) {
    refill(nowNanos);
    if (tokens >= 1.0) {
      tokens -= 1.0;
      return true;
    }
    return false;
  }

  /** Changes the rate; the bucket keeps its current fill, capped at the new capacity. */
  synchronized void reconfigure(double newCapacity, double tokensPerSecond, long nowNanos) {
    refill(nowNanos);
    capacity = newCapacity;
    tokensPerNano = tokensPerSecond / 1e9;
    tokens = Math.min(tokens, capacity);
  }

  private void refill(long nowNanos) {
    if (nowNanos > lastNanos) {
      tokens = Math.min(capacity, tokens + (nowNanos - lastNanos) * tokensPerNano);
      lastNanos = nowNanos;
    }
  }
}
