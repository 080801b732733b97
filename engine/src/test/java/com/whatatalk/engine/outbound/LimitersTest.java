package com.whatatalk.engine.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LimitersTest {
  private final FakeDelays time = new FakeDelays();

  @Test
  void rateLimiterNeverReleasesMoreThanTheRateInAnySlidingSecond() {
    RateLimiter limiter = new RateLimiter(80, time);
    List<Long> releases = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 400; i++) {
      limiter.acquire().thenRun(() -> releases.add(time.nanoTime()));
    }
    time.advance(Duration.ofSeconds(10));

    assertEquals(400, releases.size());
    long second = Duration.ofSeconds(1).toNanos();
    int perWindow = 77; // 3 % headroom under 80 for arrival jitter
    for (int i = 0; i + perWindow < releases.size(); i++) {
      assertTrue(releases.get(i + perWindow) - releases.get(i) >= second, "78 releases within one second at " + i);
    }
    long minSpacing = second / perWindow / 2;
    for (int i = 1; i < releases.size(); i++) {
      assertTrue(releases.get(i) - releases.get(i - 1) >= minSpacing, "spread, not burst, at " + i);
    }
    // Paced at the rate, not far below it: 400 messages at 77/s take about 5.2 s.
    double seconds = (releases.get(399) - releases.get(0)) / 1e9;
    assertTrue(seconds < 5.3, "took " + seconds + " s");
  }

  @Test
  void rateLimiterDoesNotBurstAfterAPause() {
    RateLimiter limiter = new RateLimiter(10, time); // 9 per window with the headroom
    List<Long> releases = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 9; i++) {
      limiter.acquire().thenRun(() -> releases.add(time.nanoTime()));
    }
    time.advance(Duration.ofSeconds(5)); // idle
    for (int i = 0; i < 30; i++) {
      limiter.acquire().thenRun(() -> releases.add(time.nanoTime()));
    }
    time.advance(Duration.ofSeconds(10));

    assertEquals(39, releases.size());
    long second = Duration.ofSeconds(1).toNanos();
    for (int i = 0; i + 9 < releases.size(); i++) {
      assertTrue(releases.get(i + 9) - releases.get(i) >= second, "10 releases within one second at " + i);
    }
  }

  @Test
  void rateLimiterFollowsAChangedRateAtOnceWithoutABurst() {
    AtomicInteger mps = new AtomicInteger(10); // 9 per window with the headroom
    RateLimiter limiter = new RateLimiter(mps::get, time);
    List<Long> releases = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 300; i++) {
      limiter.acquire().thenRun(() -> releases.add(time.nanoTime()));
    }
    time.advance(Duration.ofSeconds(3));
    int atTen = releases.size();
    long raisedAt = time.nanoTime();
    mps.set(100); // an admin raises the number's tier: 97 per window
    time.advance(Duration.ofSeconds(2));
    int raised = releases.size() - atTen;
    long loweredAt = time.nanoTime();
    mps.set(20); // and lowers it again: 19 per window
    time.advance(Duration.ofSeconds(10));

    assertEquals(300, releases.size());
    assertTrue(atTen <= 3 * 9 + 1, "released " + atTen + " in 3 s at 10 mps");
    assertTrue(raised >= 150, "only " + raised + " released in the 2 s after the raise to 100 mps");
    long second = Duration.ofSeconds(1).toNanos();
    for (int i = 0; i + 97 < releases.size(); i++) {
      assertTrue(releases.get(i + 97) - releases.get(i) >= second, "98 releases within one second at " + i);
    }
    // Releases made at 100 mps stay made; each one after the lowering waits until the second
    // before it holds fewer than 19.
    List<Long> afterLowering = releases.stream().filter(t -> t > loweredAt).toList();
    assertTrue(afterLowering.size() >= 50, "only " + afterLowering.size() + " released after lowering");
    for (long t : afterLowering) {
      long inSecond = releases.stream().filter(r -> r > t - second && r <= t).count();
      assertTrue(inSecond <= 19, inSecond + " releases in the second up to " + (t - raisedAt) + " ns after the raise");
    }
  }

  @Test
  void pairLimiterAllowsABurstThenOnePerPeriodWithAMargin() {
    // Meta: 45 at once, then one per 6 s. We keep 10 % below both: 40, then one per 6.6 s.
    PairLimiter limiter = new PairLimiter(45, Duration.ofSeconds(6), time);
    List<Long> releases = Collections.synchronizedList(new ArrayList<>());
    long start = time.nanoTime();
    for (int i = 0; i < 43; i++) {
      limiter.acquire("16505551234").thenRun(() -> releases.add(time.nanoTime() - start));
    }
    limiter.acquire("someone-else").thenRun(() -> releases.add(-1L));
    time.advance(Duration.ofSeconds(1));
    assertEquals(41, releases.size(), "40 at once, and another customer is not held back");

    time.advance(Duration.ofSeconds(30));
    assertEquals(44, releases.size());
    long period = Duration.ofMillis(6600).toNanos();
    assertEquals(List.of(period, 2 * period, 3 * period), releases.subList(41, 44));
  }
}
