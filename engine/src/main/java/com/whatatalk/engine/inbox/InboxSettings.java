package com.whatatalk.engine.inbox;

import com.typesafe.config.Config;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The {@code crm.engine.inbox} section, read once (reference.conf says what each key means).
 *
 * @param keyspace the read model's keyspace (the journal's when the key is empty)
 * @param sessionConfigPath the Cassandra session (CassandraSessionRegistry) to use
 * @param readConsistency consistency of the read model's reads, e.g. LOCAL_QUORUM
 * @param writeConsistency consistency of its writes
 * @param maxPageSize the largest page a query returns, whatever is asked
 * @param listMaxScan list rows read at most per filtered list request
 * @param searchMaxScan index rows read at most per search
 * @param saveOffsetAfter the projection applies events in groups of at most this many ...
 * @param saveOffsetInterval ... or of what arrived within this long (its offset is stored after each)
 * @param restartMinBackoff a failed projection restarts after this long, doubling ...
 * @param restartMaxBackoff ... up to this
 * @param summaryCacheSize summaries each projection instance keeps after writing them
 */
public record InboxSettings(
    String keyspace,
    String sessionConfigPath,
    String readConsistency,
    String writeConsistency,
    int maxPageSize,
    int listMaxScan,
    int searchMaxScan,
    int saveOffsetAfter,
    Duration saveOffsetInterval,
    Duration restartMinBackoff,
    Duration restartMaxBackoff,
    int summaryCacheSize) {

  public static final String SECTION = "crm.engine.inbox";

  public InboxSettings {
    if (keyspace == null || keyspace.isBlank()) {
      throw new IllegalArgumentException(SECTION + ".keyspace: no keyspace");
    }
    positive("max-page-size", maxPageSize);
    positive("list-max-scan", listMaxScan);
    positive("search-max-scan", searchMaxScan);
    positive("save-offset-after", saveOffsetAfter);
    positive("summary-cache-size", summaryCacheSize);
  }

  public static InboxSettings create(Config config) {
    Config c = config.getConfig(SECTION);
    String keyspace = c.getString("keyspace");
    if (keyspace.isBlank()) {
      keyspace = config.getString("pekko.persistence.cassandra.journal.keyspace");
    }
    return new InboxSettings(
        keyspace,
        c.getString("session-config-path"),
        c.getString("read-consistency"),
        c.getString("write-consistency"),
        c.getInt("max-page-size"),
        c.getInt("list-max-scan"),
        c.getInt("search-max-scan"),
        c.getInt("save-offset-after"),
        c.getDuration("save-offset-interval"),
        c.getDuration("restart-min-backoff"),
        c.getDuration("restart-max-backoff"),
        c.getInt("summary-cache-size"));
  }

  public static InboxSettings create(ActorSystem<?> system) {
    return create(system.settings().config());
  }

  private static void positive(String key, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(SECTION + "." + key + " must be positive, was " + value);
    }
  }
}
