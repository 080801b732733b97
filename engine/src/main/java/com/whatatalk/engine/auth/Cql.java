package com.whatatalk.engine.auth;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;

/**
 * Statements of the auth and phone-number stores on the journal's session: prepared once each,
 * bound with the configured consistency, {@code whatatalk.} replaced by the journal's keyspace.
 */
public final class Cql {
  private final CassandraSession session;
  private final String keyspace;
  private final ConsistencyLevel consistency;
  private final ConcurrentHashMap<String, CompletionStage<PreparedStatement>> prepared =
      new ConcurrentHashMap<>();

  public Cql(ActorSystem<?> system, ConsistencyLevel consistency) {
    this.session = AuthSchema.session(system);
    this.keyspace = AuthSchema.keyspace(system);
    this.consistency = consistency;
  }

  public CompletionStage<BoundStatement> bind(String cql, Object... values) {
    return prepared
        .computeIfAbsent(
            cql,
            q ->
                session
                    .prepare(q.replace("whatatalk.", keyspace + "."))
                    .whenComplete(
                        (ps, failure) -> {
                          if (failure != null) {
                            prepared.remove(q);
                          }
                        }))
        .thenApply(ps -> ps.bind(values).setConsistencyLevel(consistency));
  }

  public CompletionStage<Optional<Row>> one(String cql, Object... values) {
    return bind(cql, values).thenCompose(session::selectOne);
  }

  public CompletionStage<List<Row>> all(String cql, Object... values) {
    return bind(cql, values).thenCompose(session::selectAll);
  }

  public CompletionStage<Done> write(String cql, Object... values) {
    return bind(cql, values).thenCompose(session::executeWrite);
  }

  /** A lightweight transaction: whether it applied, and the current row when it did not. */
  public CompletionStage<Conditional> conditional(String cql, Object... values) {
    return one(cql, values)
        .thenApply(
            row ->
                new Conditional(row.map(r -> r.getBoolean("[applied]")).orElse(true), row));
  }

  public record Conditional(boolean applied, Optional<Row> row) {}
}
