package com.whatatalk.engine.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.engine.CassandraTestConfig;
import com.whatatalk.engine.conversation.Conversation;
import com.whatatalk.engine.conversation.ConversationSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * A one-node cluster journaling into a keyspace of the benchmark's Cassandra node, with
 * conversations sharded as in production ({@link Conversation#init}).
 */
final class BenchCluster implements AutoCloseable {
  /** Benchmarks measure what production runs: no serialization of local messages. */
  private static final String OVERRIDES =
      """
      pekko.actor.serialize-messages = off
      pekko.log-dead-letters = off
      pekko.log-dead-letters-during-shutdown = off
      """;

  final ActorSystem<Void> system;
  final ConversationSettings settings;
  private final ClusterSharding sharding;

  private BenchCluster(ActorSystem<Void> system, ConversationSettings settings) {
    this.system = system;
    this.settings = settings;
    this.sharding = ClusterSharding.get(system);
  }

  static Config config(CassandraNode node, String keyspace, String extraConfig) {
    return ConfigFactory.parseString(extraConfig == null ? "" : extraConfig)
        .withFallback(ConfigFactory.parseString(OVERRIDES))
        .withFallback(CassandraTestConfig.create(node, keyspace))
        .resolve();
  }

  /** The engine's defaults with another snapshot interval and idle passivation. */
  static ConversationSettings settings(Config config, int snapshotEvery, Duration passivateAfter) {
    ConversationSettings d = ConversationSettings.create(config);
    return new ConversationSettings(
        snapshotEvery, d.keepSnapshots(), d.tagSlices(), passivateAfter, d.askTimeout(),
        d.recentInboundIds(), d.recentOutboundMessages(), d.pendingStatuses());
  }

  static BenchCluster start(Config config, ConversationSettings settings) {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bench", config);
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (cluster.selfMember().status() != MemberStatus.up()) {
      if (System.nanoTime() > deadline) {
        system.terminate();
        throw new IllegalStateException("the one-node cluster did not come up in 30 s");
      }
      sleep(20);
    }
    Conversation.init(system, settings, Clock.systemUTC());
    return new BenchCluster(system, settings);
  }

  EntityRef<Conversation.Command> ref(String entityId) {
    return sharding.entityRefFor(Conversation.ENTITY_KEY, entityId);
  }

  /** Whether the entity is running in this node's shard region. */
  boolean isActive(String entityId) {
    ShardRegion.CurrentShardRegionState state =
        AskPattern.<org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery,
                ShardRegion.CurrentShardRegionState>ask(
                sharding.shardState(),
                replyTo -> new GetShardRegionState(Conversation.ENTITY_KEY, replyTo),
                Duration.ofSeconds(10),
                system.scheduler())
            .toCompletableFuture()
            .join();
    for (ShardRegion.ShardState shard : state.getShards()) {
      if (shard.getEntityIds().contains(entityId)) {
        return true;
      }
    }
    return false;
  }

  /** Waits until idle passivation has stopped the entity. */
  void awaitPassivated(String entityId, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (isActive(entityId)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(entityId + " was not passivated within " + max);
      }
      sleep(50);
    }
  }

  /** The shard id the default message extractor gives an entity (1000 shards by default). */
  int shardOf(String entityId) {
    int shards = system.settings().config().getInt("pekko.cluster.sharding.number-of-shards");
    return Math.abs(entityId.hashCode() % shards);
  }

  int numberOfShards() {
    return system.settings().config().getInt("pekko.cluster.sharding.number-of-shards");
  }

  @Override
  public void close() {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("ActorSystem did not terminate cleanly: " + e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
