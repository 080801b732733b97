package com.whatatalk.simulator.limits;

import java.util.ArrayDeque;

/**
 * Counts events in the sliding one-second window ending at each event and remembers the highest
 * count seen: "the most messages this number saw in any one second".
 */
final class SlidingSecondCounter {
  private static final long SECOND_NANOS = 1_000_000_000L;
  private final ArrayDeque<Long> window = new ArrayDeque<>();
  private long total;
  private int max;

  synchronized void record(long nowNanos) {
    while (!window.isEmpty() && window.peekFirst() <= nowNanos - SECOND_NANOS) {
      window.pollFirst();
    }
    window.addLast(nowNanos);
    total++;
    max = Math.max(max, window.size());
  }

  synchronized int max() {
    return max;
  }

  synchronized long total() {
    return total;
  }

  synchronized void reset() {
    window.clear();
    total = 0;
    max = 0;
  }
}
