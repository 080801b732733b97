package com.whatatalk.engine.media;

import com.whatatalk.engine.CassandraSchema;
import com.typesafe.config.Config;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.CassandraSessionSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * The media tables: the production script {@code deploy/cassandra/create_media_tables.cql}, run
 * with the journal's keyspace. Production applies the script with cqlsh; the local run and tests
 * (where {@code pekko.persistence.cassandra.journal.tables-autocreate} is on) create them on
 * start, one statement at a time.
 */
public final class MediaSchema {

  private MediaSchema() {}

  /** The journal's session, shared by the media store and the fetch log. */
  static CassandraSession session(ActorSystem<?> system) {
    return CassandraSessionRegistry.get(system)
        .sessionFor(CassandraSessionSettings.create("pekko.persistence.cassandra"));
  }

  static String keyspace(ActorSystem<?> system) {
    return system.settings().config().getString("pekko.persistence.cassandra.journal.keyspace");
  }

  // One creation per actor system: the store and the fetch log share it (concurrent CREATE TABLE
  // IF NOT EXISTS of the same table can answer before the table is usable).
  private static final Map<ActorSystem<?>, CompletionStage<Done>> CREATED =
      Collections.synchronizedMap(new WeakHashMap<>());

  /**
   * Creates the tables when the journal's {@code tables-autocreate} is on (once per actor system);
   * else does nothing.
   */
  public static CompletionStage<Done> createIfConfigured(ActorSystem<?> system) {
    Config config = system.settings().config();
    if (!config.getBoolean("pekko.persistence.cassandra.journal.tables-autocreate")) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    return CREATED.computeIfAbsent(system, MediaSchema::create);
  }

  /**
   * Creates the tables (and, when the journal's {@code keyspace-autocreate} is on, the keyspace
   * with its configured replication factor) if they do not exist.
   */
  public static CompletionStage<Done> create(ActorSystem<?> system) {
    return CassandraSchema.createScript(
        system,
        "create_media_tables.cql",
        system.settings().config().getBoolean("pekko.persistence.cassandra.journal.keyspace-autocreate"));
  }
}
