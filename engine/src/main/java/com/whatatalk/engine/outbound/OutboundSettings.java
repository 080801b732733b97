package com.whatatalk.engine.outbound;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The {@code crm.engine.outbound} section, read once (see {@code reference.conf}).
 *
 * @param defaultMps messages per second per business number unless {@code mpsPerNumber} says
 *     otherwise (Meta's default tier is 80)
 * @param mpsPerNumber phone-number id to its messages-per-second tier (up to 1,000)
 * @param parallelism sends in flight per number
 * @param maxAttempts attempts per message before a retryable error becomes a failure
 * @param minBackoff first retry delay for retryable errors (doubles per attempt, with jitter)
 * @param maxBackoff longest retry delay
 * @param pairBurst messages to one customer allowed at once (Meta: 45 within 6 s)
 * @param pairPeriod then one message per this period to the same customer (Meta: 6 s)
 * @param backlogLimit a number whose backlog (estimated from the pipeline's lag) exceeds this many
 *     messages refuses new sends with 429
 * @param saveOffsetAfter offsets are stored after this many messages ...
 * @param saveOffsetInterval ... or this long, whichever comes first
 */
public record OutboundSettings(
    int defaultMps,
    Map<String, Integer> mpsPerNumber,
    int parallelism,
    int maxAttempts,
    Duration minBackoff,
    Duration maxBackoff,
    int pairBurst,
    Duration pairPeriod,
    long backlogLimit,
    int saveOffsetAfter,
    Duration saveOffsetInterval) {

  public static final String SECTION = "crm.engine.outbound";

  public OutboundSettings {
    mpsPerNumber = Map.copyOf(mpsPerNumber);
    if (defaultMps <= 0 || defaultMps > 1000) {
      throw new IllegalArgumentException(SECTION + ".default-mps must be within 1..1000");
    }
    mpsPerNumber.forEach(
        (number, mps) -> {
          if (mps <= 0 || mps > 1000) {
            throw new IllegalArgumentException(SECTION + ".mps-per-number." + number + " must be within 1..1000");
          }
        });
  }

  public static OutboundSettings create(Config config) {
    Config c = config.getConfig(SECTION);
    Map<String, Integer> mps = new HashMap<>();
    Config perNumber = c.getConfig("mps-per-number");
    perNumber.root().keySet().forEach(number -> mps.put(number, perNumber.getInt("\"" + number + "\"")));
    return new OutboundSettings(
        c.getInt("default-mps"),
        mps,
        c.getInt("parallelism"),
        c.getInt("max-attempts"),
        c.getDuration("min-backoff"),
        c.getDuration("max-backoff"),
        c.getInt("pair-burst"),
        c.getDuration("pair-period"),
        c.getLong("backlog-limit"),
        c.getInt("save-offset-after"),
        c.getDuration("save-offset-interval"));
  }

  public static OutboundSettings create(ActorSystem<?> system) {
    return create(system.settings().config());
  }

  public int mpsFor(String phoneNumberId) {
    return mpsPerNumber.getOrDefault(phoneNumberId, defaultMps);
  }
}
