package com.whatatalk.engine.auth;

import com.whatatalk.engine.CassandraSchema;
import java.util.concurrent.CompletionStage;
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
    return CassandraSchema.createScript(
        system,
        "create_auth_tables.cql",
        system.settings().config().getBoolean("pekko.persistence.cassandra.journal.keyspace-autocreate"));
  }
}
