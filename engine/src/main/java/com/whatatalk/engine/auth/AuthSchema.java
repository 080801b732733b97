package com.whatatalk.engine.auth;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
 * The tables of users, sessions and phone numbers: the production script {@code
 * deploy/cassandra/create_auth_tables.cql}, run with the journal's keyspace. The app creates them
 * through {@code CassandraSchema} when schema autocreate is on; tests call {@link #create}.
 */
public final class AuthSchema {
  static final String SCRIPT = "/com/whatatalk/deploy/cassandra/cql/create_auth_tables.cql";

  private AuthSchema() {}

  /** The journal's session, shared by the user, session and phone-number stores. */
  public static CassandraSession session(ActorSystem<?> system) {
    return CassandraSessionRegistry.get(system)
        .sessionFor(CassandraSessionSettings.create("pekko.persistence.cassandra"));
  }

  public static String keyspace(ActorSystem<?> system) {
    return system.settings().config().getString("pekko.persistence.cassandra.journal.keyspace");
  }

  /**
   * Creates the tables (and, when the journal's {@code keyspace-autocreate} is on, the keyspace)
   * if they do not exist, one statement at a time.
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
        read().lines().filter(l -> !l.strip().startsWith("--")).collect(Collectors.joining("\n"));
    return Arrays.stream(cql.split(";"))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .map(s -> s.replace("whatatalk.", keyspace + "."))
        .toList();
  }

  private static String read() {
    try (InputStream in = AuthSchema.class.getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IllegalStateException("missing schema script " + SCRIPT);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
