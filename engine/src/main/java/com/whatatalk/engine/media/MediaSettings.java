package com.whatatalk.engine.media;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.typesafe.config.Config;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The {@code crm.engine.media} section of the configuration, read once (see {@code reference.conf}
 * for what each key means).
 */
public record MediaSettings(
    int chunkSize,
    long maxSize,
    int writeParallelism,
    int readAhead,
    ConsistencyLevel writeConsistency,
    ConsistencyLevel readConsistency,
    Fetcher fetcher) {

  public static final String SECTION = "crm.engine.media";

  /** {@code crm.engine.media.fetcher}: the inbound media projection and its retries. */
  public record Fetcher(
      int parallelism,
      int attemptsPerPass,
      int maxAttempts,
      Duration minBackoff,
      Duration maxBackoff,
      Duration sweepInterval,
      Duration giveUpAfter,
      int saveOffsetAfter,
      Duration saveOffsetInterval) {
    public Fetcher {
      positive("fetcher.parallelism", parallelism);
      positive("fetcher.attempts-per-pass", attemptsPerPass);
      positive("fetcher.max-attempts", maxAttempts);
      positive("fetcher.save-offset-after", saveOffsetAfter);
      positive("fetcher.min-backoff", minBackoff);
      positive("fetcher.max-backoff", maxBackoff);
      positive("fetcher.give-up-after", giveUpAfter);
      positive("fetcher.save-offset-interval", saveOffsetInterval);
      if (sweepInterval == null || sweepInterval.isNegative()) {
        throw new IllegalArgumentException(SECTION + ".fetcher.sweep-interval must not be negative");
      }
    }
  }

  public MediaSettings {
    positive("chunk-size", chunkSize);
    positive("write-parallelism", writeParallelism);
    positive("read-ahead", readAhead);
    if (maxSize <= 0) {
      throw new IllegalArgumentException(SECTION + ".max-size must be positive");
    }
    if (chunkSize > 1024 * 1024) {
      // Cassandra warns about (and may refuse) large mutations; chunks keep partitions small.
      throw new IllegalArgumentException(SECTION + ".chunk-size must be at most 1 MiB");
    }
  }

  /** Reads {@code crm.engine.media} from a whole (root) configuration. */
  public static MediaSettings create(Config config) {
    Config c = config.getConfig(SECTION);
    Config f = c.getConfig("fetcher");
    return new MediaSettings(
        (int) c.getBytes("chunk-size").longValue(),
        c.getBytes("max-size"),
        c.getInt("write-parallelism"),
        c.getInt("read-ahead"),
        DefaultConsistencyLevel.valueOf(c.getString("write-consistency")),
        DefaultConsistencyLevel.valueOf(c.getString("read-consistency")),
        new Fetcher(
            f.getInt("parallelism"),
            f.getInt("attempts-per-pass"),
            f.getInt("max-attempts"),
            f.getDuration("min-backoff"),
            f.getDuration("max-backoff"),
            f.getDuration("sweep-interval"),
            f.getDuration("give-up-after"),
            f.getInt("save-offset-after"),
            f.getDuration("save-offset-interval")));
  }

  public static MediaSettings create(ActorSystem<?> system) {
    return create(system.settings().config());
  }

  private static void positive(String key, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(SECTION + "." + key + " must be positive, was " + value);
    }
  }

  private static void positive(String key, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(SECTION + "." + key + " must be positive");
    }
  }
}
