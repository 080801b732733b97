package com.whatatalk.engine.media;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
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
  static final String SCRIPT = "/com/whatatalk/deploy/cassandra/cql/create_media_tables.cql";

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
    Config config = system.settings().config();
    String keyspace = keyspace(system);
    CassandraSession session = session(system);
    List<String> statements = new ArrayList<>();
    if (config.getBoolean("pekko.persistence.cassandra.journal.keyspace-autocreate")) {
      statements.add(
          "CREATE KEYSPACE IF NOT EXISTS " + keyspace
              + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': "
              + config.getInt("pekko.persistence.cassandra.journal.replication-factor") + "}");
    }
    statements.addAll(statements(keyspace));
    CompletionStage<Done> done = CompletableFuture.completedFuture(Done.getInstance());
    for (String statement : statements) {
      done = done.thenCompose(ok -> session.executeDDL(statement));
    }
    return done;
  }

  static List<String> statements(String keyspace) {
    String cql =
        read().lines()
            .filter(l -> !l.strip().startsWith("--"))
            .collect(Collectors.joining("\n"));
    return Arrays.stream(cql.split(";"))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .map(s -> s.replace("whatatalk.", keyspace + "."))
        .toList();
  }

  private static String read() {
    try (InputStream in = MediaSchema.class.getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IllegalStateException("missing schema script " + SCRIPT);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
