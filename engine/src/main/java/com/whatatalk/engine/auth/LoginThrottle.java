package com.whatatalk.engine.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows down repeated logins per key (lower-cased email and client address), in this node's
 * memory. Attempts are counted when they start, not when they fail, so parallel guesses count
 * too. After {@code freeAttempts} attempts, each further one must wait {@code baseDelay} after the
 * previous, doubling up to {@code maxDelay}; attempts during the wait are refused and not counted.
 * A successful login forgets the key; so does {@code forgetAfter} without attempts. At most
 * {@code maxEntries} keys are kept, the least recently used dropped first.
 *
 * <p>Per node: with N nodes behind a balancer a guesser gets up to N times the attempts, which
 * the doubling delay still keeps to a handful per hour.
 */
public final class LoginThrottle {
  private final AuthSettings.Throttle settings;
  private final Clock clock;
  private final LinkedHashMap<String, Entry> entries;

  private static final class Entry {
    int attempts;
    Instant lastAttempt;
    Instant blockedUntil = Instant.MIN;
  }

  public LoginThrottle(AuthSettings.Throttle settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > settings.maxEntries();
          }
        };
  }

  /**
   * Registers an attempt for {@code key}: empty when it may go ahead, else how long until the
   * next one may.
   */
  public synchronized Optional<Duration> attempt(String key) {
    Instant now = clock.instant();
    Entry entry = entries.get(key);
    if (entry != null
        && now.isAfter(entry.lastAttempt.plus(settings.forgetAfter()))
        && !now.isBefore(entry.blockedUntil)) {
      entries.remove(key);
      entry = null;
    }
    if (entry == null) {
      entry = new Entry();
      entries.put(key, entry);
    }
    if (now.isBefore(entry.blockedUntil)) {
      return Optional.of(Duration.between(now, entry.blockedUntil));
    }
    entry.attempts++;
    entry.lastAttempt = now;
    if (entry.attempts >= settings.freeAttempts()) {
      entry.blockedUntil = now.plus(delayAfter(entry.attempts));
    }
    return Optional.empty();
  }

  /** The key logged in: its attempts are forgotten. */
  public synchronized void succeeded(String key) {
    entries.remove(key);
  }

  /** Keys remembered now (for tests and metrics). */
  public synchronized int size() {
    return entries.size();
  }

  private Duration delayAfter(int attempts) {
    int doublings = Math.min(attempts - settings.freeAttempts(), 30);
    Duration delay = settings.baseDelay().multipliedBy(1L << doublings);
    return delay.compareTo(settings.maxDelay()) > 0 ? settings.maxDelay() : delay;
  }
}
