package com.whatatalk.engine.health;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.stream.connectors.cassandra.CassandraSessionSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * Whether this node can serve: it is an {@code Up} member of the cluster and Cassandra answers a
 * query through the same session as the journal.
 */
public final class Readiness {
  private final ActorSystem<?> system;
  private final CassandraSession session;
  private final Duration timeout;

  private Readiness(ActorSystem<?> system, CassandraSession session, Duration timeout) {
    this.system = system;
    this.session = session;
    this.timeout = timeout;
  }

  public static Readiness create(ActorSystem<?> system, Duration timeout) {
    CassandraSession session =
        CassandraSessionRegistry.get(system)
            .sessionFor(CassandraSessionSettings.create("pekko.persistence.cassandra"));
    return new Readiness(system, session, timeout);
  }

  /** Empty when ready; otherwise why not, in a few words. */
  public CompletionStage<Optional<String>> check() {
    MemberStatus status = Cluster.get(system).selfMember().status();
    if (status != MemberStatus.up()) {
      return CompletableFuture.completedFuture(
          Optional.of("cluster member is " + status + ", not Up"));
    }
    return session
        .selectOne("SELECT release_version FROM system.local")
        .toCompletableFuture()
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .<Optional<String>>thenApply(row -> Optional.empty())
        .exceptionally(e -> Optional.of("Cassandra does not answer: " + rootMessage(e)));
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
  }
}
