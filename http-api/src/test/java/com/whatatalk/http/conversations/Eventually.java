package com.whatatalk.http.conversations;

import java.time.Duration;
import java.util.function.Supplier;

/** Bounded waiting for eventually consistent state (the read side): retry until it holds. */
final class Eventually {
  private static final Duration INTERVAL = Duration.ofMillis(100);

  private Eventually() {}

  /** The first value {@code attempt} returns without an AssertionError, within {@code max}. */
  static <T> T within(Duration max, Supplier<T> attempt) {
    long deadline = System.nanoTime() + max.toNanos();
    while (true) {
      try {
        return attempt.get();
      } catch (AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      try {
        Thread.sleep(INTERVAL.toMillis()); // the poll interval, bounded by the deadline above
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  static void within(Duration max, Runnable check) {
    within(
        max,
        () -> {
          check.run();
          return null;
        });
  }
}
