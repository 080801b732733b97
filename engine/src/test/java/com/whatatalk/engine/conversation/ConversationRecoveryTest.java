package com.whatatalk.engine.conversation;

import static com.whatatalk.engine.conversation.ConversationFixtures.ALICE;
import static com.whatatalk.engine.conversation.ConversationFixtures.PHONE_NUMBER_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.deploy.cassandra.junit.CassandraExtension;
import com.whatatalk.engine.CassandraTestConfig;
import com.whatatalk.engine.conversation.Conversation.MessageInfo;
import com.whatatalk.engine.conversation.Conversation.MessageStatus;
import com.whatatalk.engine.conversation.Conversation.Summary;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The conversation against the real Cassandra journal: what one ActorSystem persisted, a new
 * ActorSystem recovers, with and without snapshots, to the same state.
 */
@ExtendWith(CassandraExtension.class)
class ConversationRecoveryTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final CassandraNode cassandra;

  ConversationRecoveryTest(CassandraNode cassandra) {
    this.cassandra = cassandra;
  }

  @Test
  void recoversTheSameStateInANewActorSystemWithAndWithoutSnapshots() {
    for (int snapshotEvery : new int[] {3, 1_000_000}) {
      String keyspace = CassandraExtension.uniqueKeyspace("conversation_recovery");
      Config config = CassandraTestConfig.create(cassandra, keyspace);
      ConversationSettings settings = ConversationFixtures.settings(snapshotEvery, 1000, 500, 100);
      String customer = "16505559001";
      String entityId = Conversation.entityId(PHONE_NUMBER_ID, customer);

      Written written;
      ActorTestKit first = start(config, settings);
      try {
        written = write(sharded(first, entityId), customer);
      } finally {
        first.shutdownTestKit();
      }
      long snapshots = snapshotRows(keyspace, "Conversation|" + entityId);
      if (snapshotEvery == 3) {
        assertTrue(snapshots > 0, "snapshots were written");
      } else {
        assertEquals(0, snapshots, "no snapshot: recovery replays every event");
      }

      ActorTestKit next = start(config, settings);
      try {
        EntityRef<Conversation.Command> recovered = sharded(next, entityId);
        assertEquals(written.summary(), summary(recovered), "snapshotEvery=" + snapshotEvery);
        for (MessageInfo message : written.messages()) {
          assertEquals(message, info(recovered, message.messageId()), "snapshotEvery=" + snapshotEvery);
        }
      } finally {
        next.shutdownTestKit();
      }
    }
  }

  private long snapshotRows(String keyspace, String persistenceId) {
    try (CqlSession session =
        CqlSession.builder()
            .addContactPoint(new InetSocketAddress(cassandra.host(), cassandra.cqlPort()))
            .withLocalDatacenter("datacenter1")
            .build()) {
      return session
          .execute(
              "SELECT count(*) FROM " + keyspace + ".snapshots WHERE persistence_id = ?", persistenceId)
          .one()
          .getLong(0);
    }
  }

  private record Written(Summary summary, List<MessageInfo> messages) {}

  /** A small but complete history: inbound, sends, results, statuses, assignment, read. */
  private Written write(EntityRef<Conversation.Command> conversation, String customer) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    List<String> messageIds = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int n = i;
      ask(
          conversation,
          (ActorRef<StatusReply<Summary>> replyTo) ->
              new Conversation.ReceiveInbound(
                  "wamid.in-" + n, customer, null, "Sheena", now.minusSeconds(60 - n), null,
                  MessageContent.Text.of("hello " + n), replyTo));
      Conversation.MessageAccepted accepted =
          ask(
              conversation,
              (ActorRef<StatusReply<Conversation.MessageAccepted>> replyTo) ->
                  new Conversation.SendMessage(
                      ALICE, "client-" + n, null, MessageContent.Text.of("reply " + n), replyTo));
      messageIds.add(accepted.messageId());
      ask(
          conversation,
          (ActorRef<StatusReply<Done>> replyTo) ->
              new Conversation.RecordSendAccepted(accepted.messageId(), "wamid.out-" + n, replyTo));
    }
    ask(
        conversation,
        (ActorRef<StatusReply<Done>> replyTo) ->
            new Conversation.RecordStatus("wamid.out-0", MessageStatus.READ, now, null, replyTo));
    ask(
        conversation,
        (ActorRef<StatusReply<Done>> replyTo) ->
            new Conversation.RecordStatus("wamid.out-1", MessageStatus.DELIVERED, now, null, replyTo));
    ask(
        conversation,
        (ActorRef<StatusReply<Summary>> replyTo) -> new Conversation.Assign(ALICE, "alice", replyTo));
    ask(
        conversation,
        (ActorRef<StatusReply<Summary>> replyTo) -> new Conversation.MarkRead(ALICE, 2L, replyTo));

    List<MessageInfo> messages = new ArrayList<>();
    for (String id : messageIds) {
      messages.add(info(conversation, id));
    }
    assertEquals(MessageStatus.READ, messages.get(0).status());
    assertEquals(MessageStatus.DELIVERED, messages.get(1).status());
    Summary summary = summary(conversation);
    assertEquals(4, summary.lastInboundSequence());
    assertEquals(2, summary.unreadFor("alice"));
    assertNotNull(summary.windowClosesAt());
    return new Written(summary, messages);
  }

  private static ActorTestKit start(Config config, ConversationSettings settings) {
    ActorTestKit kit = ActorTestKit.create("recovery", config);
    Cluster cluster = Cluster.get(kit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    Conversation.init(kit.system(), settings, Clock.systemUTC());
    return kit;
  }

  private static EntityRef<Conversation.Command> sharded(ActorTestKit kit, String entityId) {
    return ClusterSharding.get(kit.system()).entityRefFor(Conversation.ENTITY_KEY, entityId);
  }

  private static Summary summary(EntityRef<Conversation.Command> conversation) {
    return conversation.ask(Conversation.Get::new, TIMEOUT).toCompletableFuture().join();
  }

  private static MessageInfo info(EntityRef<Conversation.Command> conversation, String messageId) {
    return ask(
        conversation,
        (ActorRef<StatusReply<MessageInfo>> replyTo) -> new Conversation.GetMessage(messageId, replyTo));
  }

  private static <T> T ask(
      EntityRef<Conversation.Command> conversation,
      Function<ActorRef<StatusReply<T>>, Conversation.Command> command) {
    return conversation.askWithStatus(command::apply, TIMEOUT).toCompletableFuture().join();
  }
}
