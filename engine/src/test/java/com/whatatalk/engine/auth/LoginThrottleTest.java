package com.whatatalk.engine.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  private static final AuthSettings.Throttle SETTINGS =
      new AuthSettings.Throttle(3, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofHours(1), 100);

  /** A clock the test moves. */
  static final class FakeClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }

  @Test
  void freeAttemptsThenADoublingWaitUpToTheMaximum() {
    FakeClock clock = new FakeClock();
    LoginThrottle throttle = new LoginThrottle(SETTINGS, clock);
    String key = "a@example.com|10.0.0.1";
    assertEquals(Optional.empty(), throttle.attempt(key));
    assertEquals(Optional.empty(), throttle.attempt(key));
    assertEquals(Optional.empty(), throttle.attempt(key)); // the 3rd: allowed, next waits 1 s
    assertEquals(Optional.of(Duration.ofSeconds(1)), throttle.attempt(key));
    clock.advance(Duration.ofMillis(400));
    assertEquals(Optional.of(Duration.ofMillis(600)), throttle.attempt(key), "refused, not counted");
    clock.advance(Duration.ofMillis(600));
    assertEquals(Optional.empty(), throttle.attempt(key));
    assertEquals(Optional.of(Duration.ofSeconds(2)), throttle.attempt(key));
    for (long expected : new long[] {4, 8, 8, 8}) {
      clock.advance(Duration.ofSeconds(10));
      assertEquals(Optional.empty(), throttle.attempt(key));
      assertEquals(Optional.of(Duration.ofSeconds(expected)), throttle.attempt(key));
    }
    assertEquals(Optional.empty(), throttle.attempt("a@example.com|10.0.0.2"), "per address");
    assertEquals(Optional.empty(), throttle.attempt("b@example.com|10.0.0.1"), "per email");
  }

  @Test
  void successAndTimeForgetAKey() {
    FakeClock clock = new FakeClock();
    LoginThrottle throttle = new LoginThrottle(SETTINGS, clock);
    String key = "a@example.com|10.0.0.1";
    for (int i = 0; i < 3; i++) {
      throttle.attempt(key);
    }
    clock.advance(Duration.ofSeconds(1));
    throttle.succeeded(key);
    for (int i = 0; i < 3; i++) {
      assertEquals(Optional.empty(), throttle.attempt(key), "counting starts afresh after a login");
    }
    clock.advance(Duration.ofHours(2));
    for (int i = 0; i < 3; i++) {
      assertEquals(Optional.empty(), throttle.attempt(key), "forgotten after forget-after");
    }
  }

  @Test
  void remembersAtMostMaxEntriesDroppingTheLeastRecentlyUsed() {
    FakeClock clock = new FakeClock();
    LoginThrottle throttle = new LoginThrottle(SETTINGS, clock);
    String hot = "victim@example.com|10.0.0.1";
    for (int i = 0; i < 3; i++) {
      throttle.attempt(hot);
    }
    for (int i = 0; i < 1000; i++) {
      throttle.attempt("user" + i + "@example.com|10.0.0.9");
      throttle.attempt(hot); // the throttled key stays in use, so it stays remembered
    }
    assertEquals(100, throttle.size());
    assertEquals(true, throttle.attempt(hot).isPresent());
  }
}
