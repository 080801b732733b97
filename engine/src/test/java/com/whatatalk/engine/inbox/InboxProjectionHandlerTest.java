package com.whatatalk.engine.inbox;

import static com.whatatalk.engine.inbox.InboxTestSupport.id;
import static com.whatatalk.engine.inbox.InboxTestSupport.newNumber;
import static com.whatatalk.engine.inbox.InboxTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.deploy.cassandra.junit.CassandraExtension;
import com.whatatalk.engine.conversation.Conversation;
import com.whatatalk.engine.conversation.Conversation.ConversationId;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The projection handler on the real Cassandra. Its summary cache: events of a recently written
 * conversation are applied without reading its summary back, with the same result as with reads;
 * a redelivered event is still skipped; the cache is bounded. Its groups: several conversations'
 * events in one group give each its own summary and history, one summary write each, and a group
 * delivered again changes nothing.
 */
@ExtendWith(CassandraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InboxProjectionHandlerTest {
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  private ActorTestKit kit;
  private CassandraInboxRepository stored;
  private final AtomicInteger summaryReads = new AtomicInteger();
  private InboxRepository counting;

  @BeforeAll
  void start(CassandraNode cassandra) {
    kit = InboxTestSupport.start(cassandra, "projection_handler", "");
    stored = CassandraInboxRepository.create(kit.system(), InboxSettings.create(kit.system()));
    // Every call goes to the real repository; summary reads are counted.
    counting =
        (InboxRepository)
            Proxy.newProxyInstance(
                InboxRepository.class.getClassLoader(),
                new Class<?>[] {InboxRepository.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("summary")) {
                    summaryReads.incrementAndGet();
                  }
                  try {
                    return method.invoke(stored, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
  }

  @AfterAll
  void stop() {
    kit.shutdownTestKit();
  }

  @BeforeEach
  void resetCount() {
    summaryReads.set(0);
  }

  private List<String> historyIds(ConversationId id) {
    return stored.messages(id, null, 50).toCompletableFuture().join().messages().stream()
        .map(HistoryEntry::wamid)
        .sorted()
        .toList();
  }

  private ConversationSummary summary(ConversationId id) {
    return stored.summary(id).toCompletableFuture().join().orElseThrow();
  }

  @Test
  void aRecentlyWrittenConversationIsUpdatedWithoutReadingItsSummary() {
    ConversationId c = id(newNumber(), "15551110001");
    InboxTestSupport.Feed feed = new InboxTestSupport.Feed(counting, 10);
    for (long i = 1; i <= 3; i++) {
      feed.apply(text(c, i, "Ana", NOW.plusSeconds(i)));
    }
    assertEquals(1, summaryReads.get(), "only the first event reads the stored summary");
    ConversationSummary s = summary(c);
    assertEquals(3, s.lastInboundSequence());
    assertEquals(3, s.appliedSeqNr());
    assertEquals(NOW.plusSeconds(3), s.lastActivityAt());
  }

  @Test
  void aRedeliveredEventChangesNothingWhenTheSummaryIsCached() {
    ConversationId c = id(newNumber(), "15551110002");
    InboxTestSupport.Feed feed = new InboxTestSupport.Feed(counting, 10);
    EventEnvelope<Conversation.Event> first = feed.apply(text(c, 1, "Ben", NOW.plusSeconds(1)));
    feed.apply(text(c, 2, "Ben", NOW.plusSeconds(2)));
    feed.redeliver(first);
    ConversationSummary s = summary(c);
    assertEquals(2, s.appliedSeqNr());
    assertEquals(NOW.plusSeconds(2), s.lastActivityAt());
  }

  @Test
  void aGroupOfSeveralConversationsGivesEachItsOwnSummaryAndHistory() {
    String number = newNumber();
    ConversationId a = id(number, "15551110005");
    ConversationId b = id(number, "15551110006");
    InboxTestSupport.Feed feed = new InboxTestSupport.Feed(counting, 10);
    List<EventEnvelope<Conversation.Event>> group =
        feed.applyGroup(
            List.of(
                text(a, 1, "Eve", NOW.plusSeconds(1)),
                text(b, 1, "Fay", NOW.plusSeconds(2)),
                text(a, 2, "Eve", NOW.plusSeconds(3)),
                text(a, 3, "Eve", NOW.plusSeconds(4))));
    assertEquals(2, summaryReads.get(), "one read per conversation of the group");
    assertEquals(3, summary(a).appliedSeqNr());
    assertEquals(3, summary(a).lastInboundSequence());
    assertEquals(NOW.plusSeconds(4), summary(a).lastActivityAt());
    assertEquals(1, summary(b).appliedSeqNr());
    assertEquals(
        List.of("wamid.in-15551110005-1", "wamid.in-15551110005-2", "wamid.in-15551110005-3"),
        historyIds(a));
    assertEquals(List.of("wamid.in-15551110006-1"), historyIds(b));

    feed.deliver(group);
    assertEquals(3, summary(a).appliedSeqNr());
    assertEquals(3, historyIds(a).size(), "a group delivered again writes nothing twice");
  }

  @Test
  void theCacheIsBoundedAndAnEvictedConversationIsReadAgain() {
    String number = newNumber();
    ConversationId a = id(number, "15551110003");
    ConversationId b = id(number, "15551110004");
    InboxTestSupport.Feed feed = new InboxTestSupport.Feed(counting, 1);
    feed.apply(text(a, 1, "Cy", NOW.plusSeconds(1)));
    feed.apply(text(b, 1, "Di", NOW.plusSeconds(2)));
    feed.apply(text(a, 2, "Cy", NOW.plusSeconds(3)));
    feed.apply(text(b, 2, "Di", NOW.plusSeconds(4)));
    assertEquals(4, summaryReads.get(), "a cache of one holds only the last conversation written");
    assertEquals(2, summary(a).lastInboundSequence());
    assertEquals(2, summary(b).lastInboundSequence());
  }
}
