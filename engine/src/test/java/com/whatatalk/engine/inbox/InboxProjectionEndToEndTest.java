package com.whatatalk.engine.inbox;

import static com.whatatalk.engine.inbox.InboxTestSupport.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.deploy.cassandra.junit.CassandraExtension;
import com.whatatalk.engine.conversation.Conversation;
import com.whatatalk.engine.conversation.Conversation.ConversationId;
import com.whatatalk.engine.conversation.Conversation.MessageStatus;
import com.whatatalk.engine.conversation.ConversationSettings;
import com.whatatalk.engine.conversation.MessageContent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
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
 * The whole read side on a real ActorSystem: sharded conversation entities journal into
 * Cassandra, the sharded projection reads their tags and fills the inbox tables, the queries see
 * it. Each step waits for the read model with a bounded poll.
 */
@ExtendWith(CassandraExtension.class)
class InboxProjectionEndToEndTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String NUMBER = "106540352242922";

  private final CassandraNode cassandra;

  InboxProjectionEndToEndTest(CassandraNode cassandra) {
    this.cassandra = cassandra;
  }

  @Test
  void commandsToConversationsShowInTheInbox() {
    ActorTestKit kit = InboxTestSupport.start(cassandra, "inbox_e2e", "");
    try {
      Cluster cluster = Cluster.get(kit.system());
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
      ConversationSettings conversations =
          new ConversationSettings(100, 2, 4, Duration.ofMinutes(2), TIMEOUT, 1000, 500, 100);
      Conversation.init(kit.system(), conversations, Clock.systemUTC());
      InboxSettings settings = InboxSettings.create(kit.system());
      InboxRepository inbox = CassandraInboxRepository.create(kit.system(), settings);
      InboxProjection.init(kit.system(), inbox, settings, conversations.tagSlices());

      ConversationId sheenaId = new ConversationId(NUMBER, "16505551234");
      ConversationId omarId = new ConversationId(NUMBER, "447700900123");
      EntityRef<Conversation.Command> sheena = entity(kit, sheenaId);
      EntityRef<Conversation.Command> omar = entity(kit, omarId);
      Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

      receive(sheena, "wamid.s1", "16505551234", "Sheena Nelson", now.minusSeconds(20), "Hi there");
      receive(omar, "wamid.o1", "447700900123", "Omar Haddad", now.minusSeconds(10), "Hello?");
      List<ConversationId> order =
          await(
              () -> ids(inbox.listConversations(NUMBER, InboxState.ACTIVE, ConversationFilter.all(), null, 10, "alice")),
              ids -> ids.size() == 2);
      assertEquals(List.of(omarId, sheenaId), order);

      // Alice replies to Sheena: Sheena's conversation moves up, shows the reply and its ticks.
      Conversation.MessageAccepted sent =
          ask(
              sheena,
              (ActorRef<StatusReply<Conversation.MessageAccepted>> replyTo) ->
                  new Conversation.SendMessage(ALICE, "c-1", null, MessageContent.Text.of("Hello Sheena"), replyTo));
      ask(
          sheena,
          (ActorRef<StatusReply<Done>> replyTo) ->
              new Conversation.RecordSendAccepted(sent.messageId(), "wamid.out-1", replyTo));
      ask(
          sheena,
          (ActorRef<StatusReply<Done>> replyTo) ->
              new Conversation.RecordStatus("wamid.out-1", MessageStatus.READ, Instant.now(), null, replyTo));
      ask(
          sheena,
          (ActorRef<StatusReply<Done>> replyTo) ->
              new Conversation.RecordStatus("wamid.out-1", MessageStatus.DELIVERED, Instant.now(), null, replyTo));
      ask(
          sheena,
          (ActorRef<StatusReply<Conversation.Summary>> replyTo) -> new Conversation.Assign(ALICE, "alice", replyTo));
      ask(
          sheena,
          (ActorRef<StatusReply<Conversation.CommentAccepted>> replyTo) ->
              new Conversation.AddComment(ALICE, "asked for a refund", replyTo));
      ask(
          sheena,
          (ActorRef<StatusReply<Conversation.Summary>> replyTo) -> new Conversation.MarkRead(ALICE, null, replyTo));

      ConversationView view =
          await(
              () -> inbox.getConversation(sheenaId, "alice").thenApply(Optional::get),
              v -> v.unread() == 0 && "alice".equals(v.summary().assigneeId())
                  && v.summary().lastOutboundStatus() == MessageStatus.READ);
      assertEquals("Hello Sheena", view.summary().lastPreview());
      assertEquals("outbound", view.summary().lastDirection());
      assertEquals(1, inbox.getConversation(sheenaId, "bob").toCompletableFuture().join().orElseThrow().unread());
      assertEquals(
          List.of(sheenaId, omarId),
          idsNow(inbox.listConversations(NUMBER, InboxState.ACTIVE, ConversationFilter.all(), null, 10, "alice")));
      assertEquals(
          List.of(sheenaId),
          idsNow(inbox.listConversations(NUMBER, InboxState.ACTIVE, ConversationFilter.mine(), null, 10, "alice")));
      assertEquals(
          List.of(omarId),
          idsNow(inbox.listConversations(NUMBER, InboxState.ACTIVE, ConversationFilter.all().withUnreadOnly(), null, 10, "alice")));

      MessagePage history =
          await(() -> inbox.messages(sheenaId, null, 10), p -> p.messages().size() == 3);
      assertEquals(
          List.of(HistoryEntry.Kind.COMMENT, HistoryEntry.Kind.OUTBOUND, HistoryEntry.Kind.INBOUND),
          history.messages().stream().map(HistoryEntry::kind).toList());
      assertEquals(MessageStatus.READ, history.messages().get(1).status());
      assertEquals("wamid.out-1", history.messages().get(1).wamid());

      assertEquals(List.of(sheenaId), contacts(inbox.searchContacts(NUMBER, "nel", 10)));
      assertEquals(List.of(sheenaId), contacts(inbox.searchContacts(NUMBER, "+1 650 555", 10)));
      assertEquals(List.of(omarId), contacts(inbox.searchContacts(null, "7700 900", 10)));

      // Archive Omar, then he writes again: back in the active tab, on top.
      ask(
          omar,
          (ActorRef<StatusReply<Conversation.Summary>> replyTo) -> new Conversation.Archive(ALICE, replyTo));
      await(
          () -> ids(inbox.listConversations(NUMBER, InboxState.ARCHIVED, ConversationFilter.all(), null, 10, "alice")),
          ids -> ids.equals(List.of(omarId)));
      receive(omar, "wamid.o2", "447700900123", "Omar Haddad", Instant.now(), "Still there?");
      assertEquals(
          List.of(omarId, sheenaId),
          await(
              () -> ids(inbox.listConversations(NUMBER, InboxState.ACTIVE, ConversationFilter.all(), null, 10, "alice")),
              ids -> ids.size() == 2));
      assertTrue(
          idsNow(inbox.listConversations(NUMBER, InboxState.ARCHIVED, ConversationFilter.all(), null, 10, "alice"))
              .isEmpty());
    } finally {
      kit.shutdownTestKit();
    }
  }

  private static EntityRef<Conversation.Command> entity(ActorTestKit kit, ConversationId id) {
    return ClusterSharding.get(kit.system()).entityRefFor(Conversation.ENTITY_KEY, id.entityId());
  }

  private static void receive(
      EntityRef<Conversation.Command> c, String wamid, String waId, String name, Instant at, String text) {
    ask(
        c,
        (ActorRef<StatusReply<Conversation.Summary>> replyTo) ->
            new Conversation.ReceiveInbound(wamid, waId, null, name, at, null, MessageContent.Text.of(text), replyTo));
  }

  private static <T> T ask(
      EntityRef<Conversation.Command> c, Function<ActorRef<StatusReply<T>>, Conversation.Command> command) {
    return c.askWithStatus(command::apply, TIMEOUT).toCompletableFuture().join();
  }

  private static java.util.concurrent.CompletionStage<List<ConversationId>> ids(
      java.util.concurrent.CompletionStage<ConversationPage> page) {
    return page.thenApply(
        p -> p.conversations().stream().map(v -> v.summary().conversationId()).toList());
  }

  private static List<ConversationId> idsNow(
      java.util.concurrent.CompletionStage<ConversationPage> page) {
    return ids(page).toCompletableFuture().join();
  }

  private static List<ConversationId> contacts(
      java.util.concurrent.CompletionStage<List<ContactMatch>> matches) {
    return matches.toCompletableFuture().join().stream().map(ContactMatch::conversationId).toList();
  }

  /** Polls the read model until {@code done} holds, for at most {@link #TIMEOUT}. */
  private static <T> T await(
      Supplier<java.util.concurrent.CompletionStage<T>> query, Predicate<T> done) {
    Instant deadline = Instant.now().plus(TIMEOUT);
    T last = null;
    while (Instant.now().isBefore(deadline)) {
      try {
        last = query.get().toCompletableFuture().join();
        if (done.test(last)) {
          return last;
        }
      } catch (RuntimeException notYet) {
        last = null; // e.g. the conversation is not in the read model yet
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("the read model did not get there within " + TIMEOUT + "; last: " + last);
  }
}
