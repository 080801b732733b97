package com.whatatalk.engine.conversation;

import static com.whatatalk.engine.conversation.ConversationFixtures.ALICE;
import static com.whatatalk.engine.conversation.ConversationFixtures.BOB;
import static com.whatatalk.engine.conversation.ConversationFixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.whatatalk.engine.conversation.Conversation.Command;
import com.whatatalk.engine.conversation.Conversation.MessageAccepted;
import com.whatatalk.engine.conversation.Conversation.MessageInfo;
import com.whatatalk.engine.conversation.Conversation.MessageStatus;
import com.whatatalk.engine.conversation.Conversation.Summary;
import com.whatatalk.engine.conversation.ConversationException.Code;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.NoOffset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.query.javadsl.PersistenceTestKitReadJournal;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The entity as the API and the webhook intake reach it: through Cluster Sharding and an {@link
 * EntityRef}, on a single-node cluster that joins itself, with the in-memory journal and every
 * message serialized ({@code serialize-messages = on}), as between nodes.
 */
@ExtendWith(LogCapturingExtension.class)
class ConversationShardingTest {

  private static final int TAG_SLICES = 4;

  private static final Config CONFIG =
      ConfigFactory.parseString(
              """
              pekko.actor.provider = cluster
              pekko.remote.artery.canonical.hostname = "127.0.0.1"
              pekko.remote.artery.canonical.port = 0
              pekko.actor.serialize-messages = on
              pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
              pekko.coordinated-shutdown.exit-jvm = off
              crm.engine.conversation.tag-slices = %d
              """
                  .formatted(TAG_SLICES))
          .withFallback(PersistenceTestKitPlugin.config())
          .withFallback(PersistenceTestKitSnapshotPlugin.config())
          .withFallback(ConversationFixtures.LOGGING)
          .withFallback(ConfigFactory.load());

  private static final ActorTestKit testKit =
      ActorTestKit.create("ConversationShardingTest", CONFIG);
  private static final TestClock clock = new TestClock(T0);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static ConversationSettings settings;

  @BeforeAll
  static void joinSelfAndStartSharding() {
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    testKit
        .createTestProbe()
        .awaitAssert(
            Duration.ofSeconds(10),
            () -> {
              assertEquals(MemberStatus.up(), cluster.selfMember().status());
              return null;
            });
    settings = ConversationSettings.create(testKit.system());
    Conversation.init(testKit.system(), settings, clock);
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static EntityRef<Command> conversation(String entityId) {
    return ClusterSharding.get(testKit.system()).entityRefFor(Conversation.ENTITY_KEY, entityId);
  }

  /** Asks and waits; the Java DSL's askWithStatus takes a scala.Function1, which a lambda fits. */
  private static <T> T ask(
      EntityRef<Command> ref, scala.Function1<ActorRef<StatusReply<T>>, Command> command)
      throws Exception {
    return ref.askWithStatus(command, TIMEOUT).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Summary get(EntityRef<Command> ref) throws Exception {
    return ref.ask(Conversation.Get::new, TIMEOUT).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Summary receive(EntityRef<Command> ref, String entityId, String wamid)
      throws Exception {
    String waId = Conversation.ConversationId.parse(entityId).customerKey();
    return ask(
        ref,
        replyTo ->
            new Conversation.ReceiveInbound(
                wamid,
                waId,
                null,
                "Sheena",
                clock.instant(),
                null,
                MessageContent.Text.of("hi"),
                replyTo));
  }

  private static MessageAccepted sendText(EntityRef<Command> ref, String text) throws Exception {
    return ask(
        ref,
        replyTo ->
            new Conversation.SendMessage(ALICE, null, null, MessageContent.Text.of(text), replyTo));
  }

  @Test
  void runTheConversationThroughShardingWithEverythingSerialized() throws Exception {
    String entityId = ConversationFixtures.newEntityId();
    EntityRef<Command> ref = conversation(entityId);

    Summary afterInbound = receive(ref, entityId, "wamid.in");
    assertTrue(afterInbound.windowOpen());
    assertEquals(clock.instant().plus(Conversation.SERVICE_WINDOW), afterInbound.windowClosesAt());

    MessageAccepted accepted = sendText(ref, "Your order shipped");
    assertEquals(MessageStatus.QUEUED, accepted.status());
    Done done =
        ask(
            ref,
            replyTo ->
                new Conversation.RecordSendAccepted(accepted.messageId(), "wamid.out", replyTo));
    assertEquals(Done.getInstance(), done);
    for (MessageStatus status : List.of(MessageStatus.READ, MessageStatus.DELIVERED)) {
      Done recorded =
          ask(
              ref,
              replyTo ->
                  new Conversation.RecordStatus(
                      "wamid.out", status, clock.instant(), null, replyTo));
      assertEquals(Done.getInstance(), recorded);
    }

    MessageInfo info =
        ask(ref, replyTo -> new Conversation.GetMessage(accepted.messageId(), replyTo));
    assertEquals(MessageStatus.READ, info.status());
    assertEquals("wamid.out", info.wamid());

    Summary assigned = ask(ref, replyTo -> new Conversation.Assign(ALICE, "alice", replyTo));
    assertEquals("alice", assigned.assigneeId());
    Summary summary = ask(ref, replyTo -> new Conversation.MarkRead(ALICE, null, replyTo));
    assertEquals("alice", summary.assigneeId());
    assertEquals(0, summary.unreadFor("alice"));
    assertEquals(1, summary.unreadFor("bob"));
    assertEquals(summary.readPositions(), get(ref).readPositions());
  }

  @Test
  void refusalsArriveAsConversationExceptionsWithTheirCode() throws Exception {
    String entityId = ConversationFixtures.newEntityId();
    EntityRef<Command> ref = conversation(entityId);

    ExecutionException windowClosed =
        assertThrows(ExecutionException.class, () -> sendText(ref, "nobody wrote yet"));
    assertEquals(Code.WINDOW_CLOSED, ConversationException.from(windowClosed).orElseThrow().code());

    receive(ref, entityId, "wamid.in");
    Summary assigned = ask(ref, replyTo -> new Conversation.Assign(ALICE, "alice", replyTo));
    assertEquals("alice", assigned.assigneeId());
    ExecutionException notAssignee =
        assertThrows(
            ExecutionException.class,
            () ->
                ask(
                    ref,
                    (ActorRef<StatusReply<MessageAccepted>> replyTo) ->
                        new Conversation.SendMessage(
                            BOB, null, null, MessageContent.Text.of("x"), replyTo)));
    ConversationException e = ConversationException.from(notAssignee).orElseThrow();
    assertEquals(Code.NOT_ASSIGNEE, e.code());
    assertEquals("not_assignee", e.code().wire());
  }

  @Test
  void conversationsOfOneNumberAreIndependent() throws Exception {
    String first = ConversationFixtures.newEntityId();
    String second = ConversationFixtures.newEntityId();
    receive(conversation(first), first, "wamid.same-id-in-two-conversations");

    Summary other = get(conversation(second));
    assertFalse(other.windowOpen());
    assertEquals(0, other.lastInboundSequence());
    // The same wamid in another conversation is that conversation's own message.
    assertEquals(
        1,
        receive(conversation(second), second, "wamid.same-id-in-two-conversations")
            .lastInboundSequence());
  }

  @Test
  void eventsAreTaggedWithTheConversationSlice() throws Exception {
    String entityId = ConversationFixtures.newEntityId();
    EntityRef<Command> ref = conversation(entityId);
    receive(ref, entityId, "wamid.1");
    sendText(ref, "hello");
    Conversation.CommentAccepted comment =
        ask(ref, replyTo -> new Conversation.AddComment(ALICE, "note", replyTo));
    assertFalse(comment.commentId().isBlank());

    String persistenceId = Conversation.persistenceId(entityId).id();
    String tag = Conversation.tagFor(entityId, TAG_SLICES);
    PersistenceTestKitReadJournal journal =
        PersistenceQuery.get(testKit.system())
            .getReadJournalFor(
                PersistenceTestKitReadJournal.class, PersistenceTestKitReadJournal.Identifier());

    List<EventEnvelope> tagged = eventsByTag(journal, tag);
    List<Object> mine =
        tagged.stream()
            .filter(e -> e.persistenceId().equals(persistenceId))
            .map(EventEnvelope::event)
            .collect(Collectors.toList());
    assertEquals(3, mine.size());
    assertTrue(mine.get(1) instanceof Conversation.OutboundMessageQueued);

    for (String other : Conversation.tags(TAG_SLICES)) {
      if (!other.equals(tag)) {
        Set<String> ids =
            eventsByTag(journal, other).stream()
                .map(EventEnvelope::persistenceId)
                .collect(Collectors.toSet());
        assertFalse(ids.contains(persistenceId), other);
      }
    }
    assertEquals("Conversation|" + entityId, persistenceId);
    assertEquals(entityId, Conversation.entityIdOf(persistenceId));
  }

  @Test
  void onlyInboundMediaIsAlsoTaggedForTheMediaFetcherOfItsSlice() throws Exception {
    String entityId = ConversationFixtures.newEntityId();
    EntityRef<Command> ref = conversation(entityId);
    receive(ref, entityId, "wamid.text");
    String waId = Conversation.ConversationId.parse(entityId).customerKey();
    ConversationShardingTest.<Summary>ask(
        ref,
        replyTo ->
            new Conversation.ReceiveInbound(
                "wamid.photo",
                waId,
                null,
                "Sheena",
                clock.instant(),
                null,
                MessageContent.Media.byId(MessageContent.MediaKind.IMAGE, "media-1", "look"),
                replyTo));
    String slice = Conversation.tagFor(entityId, TAG_SLICES);
    String mediaTag = Conversation.MEDIA_TAG_PREFIX + slice.substring(Conversation.TAG_PREFIX.length());
    assertTrue(Conversation.mediaTags(TAG_SLICES).contains(mediaTag));
    PersistenceTestKitReadJournal journal =
        PersistenceQuery.get(testKit.system())
            .getReadJournalFor(
                PersistenceTestKitReadJournal.class, PersistenceTestKitReadJournal.Identifier());
    String persistenceId = Conversation.persistenceId(entityId).id();

    List<Object> media =
        eventsByTag(journal, mediaTag).stream()
            .filter(e -> e.persistenceId().equals(persistenceId))
            .map(EventEnvelope::event)
            .collect(Collectors.toList());
    assertEquals(1, media.size());
    assertEquals("wamid.photo", ((Conversation.InboundMessageReceived) media.get(0)).wamid());
    long inSlice =
        eventsByTag(journal, slice).stream().filter(e -> e.persistenceId().equals(persistenceId)).count();
    assertEquals(2, inSlice, "both messages stay in the conversation slice");
  }

  private static List<EventEnvelope> eventsByTag(PersistenceTestKitReadJournal journal, String tag)
      throws Exception {
    return journal
        .currentEventsByTag(tag, NoOffset.getInstance())
        .runWith(Sink.seq(), testKit.system())
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }
}
