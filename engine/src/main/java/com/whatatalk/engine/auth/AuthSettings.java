package com.whatatalk.engine.auth;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.typesafe.config.Config;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * {@code crm.engine.auth}, read once.
 *
 * @param argon2MemoryKib Argon2id memory cost in KiB
 * @param argon2Iterations Argon2id time cost
 * @param argon2Parallelism Argon2id lanes
 * @param hashingThreads threads that hash and verify passwords (each holds argon2MemoryKib)
 * @param hashingQueue hashes waiting for a thread before further logins are refused as busy
 * @param minPasswordLength shortest password a user may choose
 * @param maxPasswordLength longest password accepted (bounds the hashing work per request)
 * @param oneTimePasswordLength length of generated passwords (first admin, new agents, resets)
 * @param sessionLifetime absolute lifetime of a login session
 * @param consistency consistency of session and user reads and writes
 * @param throttle login throttling
 * @param firstAdmin the first admin
 * @param phoneNumbersRefresh how often each node reloads the phone numbers on its own
 */
public record AuthSettings(
    int argon2MemoryKib,
    int argon2Iterations,
    int argon2Parallelism,
    int hashingThreads,
    int hashingQueue,
    int minPasswordLength,
    int maxPasswordLength,
    int oneTimePasswordLength,
    Duration sessionLifetime,
    ConsistencyLevel consistency,
    Throttle throttle,
    FirstAdmin firstAdmin,
    Duration phoneNumbersRefresh) {

  /**
   * @param freeAttempts attempts per email and client address before any wait
   * @param baseDelay the first wait; it doubles with every further attempt
   * @param maxDelay the longest wait
   * @param forgetAfter an email and address without attempts this long start afresh
   * @param maxEntries email-and-address pairs remembered (least recently used forgotten first)
   */
  public record Throttle(
      int freeAttempts, Duration baseDelay, Duration maxDelay, Duration forgetAfter, int maxEntries) {}

  /**
   * @param email the admin to ensure on start; empty: create {@code defaultEmail} with a one-time
   *     password when there is no admin at all
   * @param password that admin's password; empty: a one-time password, printed once
   */
  public record FirstAdmin(String email, String password, String displayName, String defaultEmail) {
    @Override
    public String toString() {
      return "FirstAdmin[email=" + email + ", password=" + (password.isEmpty() ? "" : "<redacted>")
          + ", displayName=" + displayName + ", defaultEmail=" + defaultEmail + "]";
    }
  }

  public static AuthSettings create(ActorSystem<?> system) {
    return create(system.settings().config().getConfig("crm.engine.auth"));
  }

  public static AuthSettings create(Config c) {
    Config t = c.getConfig("login-throttle");
    Config f = c.getConfig("first-admin");
    return new AuthSettings(
        (int) (c.getBytes("argon2.memory") / 1024),
        c.getInt("argon2.iterations"),
        c.getInt("argon2.parallelism"),
        c.getInt("hashing-threads"),
        c.getInt("hashing-queue"),
        c.getInt("min-password-length"),
        c.getInt("max-password-length"),
        c.getInt("one-time-password-length"),
        c.getDuration("session-lifetime"),
        DefaultConsistencyLevel.valueOf(c.getString("consistency")),
        new Throttle(
            t.getInt("free-attempts"),
            t.getDuration("base-delay"),
            t.getDuration("max-delay"),
            t.getDuration("forget-after"),
            t.getInt("max-entries")),
        new FirstAdmin(
            f.getString("email").strip(),
            f.getString("password"),
            f.getString("display-name"),
            f.getString("default-email")),
        c.getDuration("phone-numbers.refresh-interval"));
  }

  /** The same settings with cheap hashing, for tests. */
  public AuthSettings withArgon2(int memoryKib, int iterations) {
    return new AuthSettings(
        memoryKib, iterations, argon2Parallelism, hashingThreads, hashingQueue, minPasswordLength,
        maxPasswordLength, oneTimePasswordLength, sessionLifetime, consistency, throttle, firstAdmin,
        phoneNumbersRefresh);
  }

  public AuthSettings withFirstAdmin(FirstAdmin firstAdmin) {
    return new AuthSettings(
        argon2MemoryKib, argon2Iterations, argon2Parallelism, hashingThreads, hashingQueue,
        minPasswordLength, maxPasswordLength, oneTimePasswordLength, sessionLifetime, consistency,
        throttle, firstAdmin, phoneNumbersRefresh);
  }

  public AuthSettings withThrottle(Throttle throttle) {
    return new AuthSettings(
        argon2MemoryKib, argon2Iterations, argon2Parallelism, hashingThreads, hashingQueue,
        minPasswordLength, maxPasswordLength, oneTimePasswordLength, sessionLifetime, consistency,
        throttle, firstAdmin, phoneNumbersRefresh);
  }

  public AuthSettings withSessionLifetime(Duration sessionLifetime) {
    return new AuthSettings(
        argon2MemoryKib, argon2Iterations, argon2Parallelism, hashingThreads, hashingQueue,
        minPasswordLength, maxPasswordLength, oneTimePasswordLength, sessionLifetime, consistency,
        throttle, firstAdmin, phoneNumbersRefresh);
  }
}
