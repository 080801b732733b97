package com.whatatalk.engine.inbox;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.engine.CassandraSchema;
import com.whatatalk.engine.CassandraTestConfig;
import com.whatatalk.engine.conversation.Conversation;
import com.whatatalk.engine.conversation.Conversation.Actor;
import com.whatatalk.engine.conversation.Conversation.ConversationId;
import com.whatatalk.engine.conversation.MessageContent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.eventsourced.EventEnvelope;

/** A test ActorSystem on the test Cassandra with the schema created, and events to feed. */
final class InboxTestSupport {
  static final Actor ALICE = Actor.agent("alice");
  static final Actor BOB = Actor.agent("bob");

  private InboxTestSupport() {}

  /** Starts a system on its own keyspace and creates the schema there (the production scripts). */
  static ActorTestKit start(CassandraNode cassandra, String prefix, String extraConfig) {
    Config config =
        ConfigFactory.parseString(extraConfig)
            .withFallback(
                CassandraTestConfig.create(
                    cassandra, com.whatatalk.deploy.cassandra.junit.CassandraExtension.uniqueKeyspace(prefix)));
    ActorTestKit kit = ActorTestKit.create(prefix, config);
    CassandraSchema.create(kit.system()).toCompletableFuture().join();
    return kit;
  }

  /** A business number no other test uses, so tests share the keyspace without seeing each other. */
  static String newNumber() {
    return "10" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000_000L);
  }

  static ConversationId id(String number, String customer) {
    return new ConversationId(number, customer);
  }

  static Conversation.InboundMessageReceived inbound(
      ConversationId id, long sequence, String name, Instant at, MessageContent content) {
    String waId = id.customerKey().chars().allMatch(Character::isDigit) ? id.customerKey() : null;
    return new Conversation.InboundMessageReceived(
        id,
        "wamid.in-" + id.customerKey() + "-" + sequence,
        sequence,
        waId,
        null,
        name,
        at,
        null,
        content,
        at.plus(Conversation.SERVICE_WINDOW),
        at);
  }

  static Conversation.InboundMessageReceived text(
      ConversationId id, long sequence, String name, Instant at) {
    return inbound(id, sequence, name, at, MessageContent.Text.of("hello " + sequence));
  }

  /** Feeds events to the handler as the projection would, numbering them per conversation. */
  static final class Feed {
    private final InboxProjectionHandler handler;
    private final Map<ConversationId, Long> seqNrs = new HashMap<>();

    Feed(InboxRepository repository) {
      this(repository, 100);
    }

    Feed(InboxRepository repository, int summaryCacheSize) {
      this.handler = new InboxProjectionHandler(repository, summaryCacheSize);
    }

    /** Applies the event as the next of its conversation; returns its envelope. */
    EventEnvelope<Conversation.Event> apply(Conversation.Event event) {
      return applyGroup(List.of(event)).get(0);
    }

    /** Delivers an envelope (again), as a group of one. */
    void redeliver(EventEnvelope<Conversation.Event> envelope) {
      deliver(List.of(envelope));
    }

    /** Numbers the events as {@link #apply} does and delivers them as one group. */
    List<EventEnvelope<Conversation.Event>> applyGroup(List<Conversation.Event> events) {
      List<EventEnvelope<Conversation.Event>> group = new ArrayList<>();
      for (Conversation.Event event : events) {
        long seqNr = seqNrs.merge(event.conversationId(), 1L, Long::sum);
        group.add(
            EventEnvelope.create(
                Offset.noOffset(),
                Conversation.persistenceId(event.conversationId().entityId()).id(),
                seqNr,
                event,
                System.currentTimeMillis()));
      }
      deliver(group);
      return group;
    }

    /** Delivers envelopes (again) as one group. */
    void deliver(List<EventEnvelope<Conversation.Event>> group) {
      handler.process(group).toCompletableFuture().join();
    }
  }
}
