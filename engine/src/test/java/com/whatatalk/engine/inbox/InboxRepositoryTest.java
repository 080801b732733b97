package com.whatatalk.engine.inbox;

import static com.whatatalk.engine.inbox.InboxTestSupport.ALICE;
import static com.whatatalk.engine.inbox.InboxTestSupport.BOB;
import static com.whatatalk.engine.inbox.InboxTestSupport.id;
import static com.whatatalk.engine.inbox.InboxTestSupport.inbound;
import static com.whatatalk.engine.inbox.InboxTestSupport.newNumber;
import static com.whatatalk.engine.inbox.InboxTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.deploy.cassandra.junit.CassandraExtension;
import com.whatatalk.engine.conversation.Conversation;
import com.whatatalk.engine.conversation.Conversation.ConversationId;
import com.whatatalk.engine.conversation.Conversation.MessageStatus;
import com.whatatalk.engine.conversation.Conversation.MetaError;
import com.whatatalk.engine.conversation.MessageContent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The handler and the Cassandra repository together, on the real Cassandra with the production
 * schema: events in, the API's queries out. Each test uses its own business number.
 */
@ExtendWith(CassandraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InboxRepositoryTest {
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  private ActorTestKit kit;
  private InboxSettings settings;
  private CassandraInboxRepository repository;
  private InboxTestSupport.Feed feed;

  @BeforeAll
  void start(CassandraNode cassandra) {
    kit = InboxTestSupport.start(cassandra, "inbox_repository", "");
    settings = InboxSettings.create(kit.system());
    repository = CassandraInboxRepository.create(kit.system(), settings);
    feed = new InboxTestSupport.Feed(repository);
  }

  @AfterAll
  void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void listsByLastActivityNewestFirstInCursorPagesAcrossDays() {
    String number = newNumber();
    List<ConversationId> expected = new ArrayList<>();
    // Oldest first: two conversations three and two days ago, then five from the last hour.
    feed.apply(text(id(number, "15550000001"), 1, "Old One", NOW.minus(Duration.ofDays(3))));
    feed.apply(text(id(number, "15550000002"), 1, "Old Two", NOW.minus(Duration.ofDays(2))));
    for (int i = 3; i <= 7; i++) {
      feed.apply(text(id(number, "1555000000" + i), 1, "New " + i, NOW.minusSeconds(600 - i)));
    }
    for (int i = 7; i >= 1; i--) {
      expected.add(id(number, "1555000000" + i));
    }
    assertEquals(expected, allPages(number, InboxState.ACTIVE, ConversationFilter.all(), 2));
    assertEquals(expected, allPages(number, InboxState.ACTIVE, ConversationFilter.all(), 7));

    // The oldest writes again: it moves to the top, once.
    feed.apply(text(id(number, "15550000001"), 2, "Old One", NOW.minusSeconds(10)));
    List<ConversationId> moved = new ArrayList<>(expected);
    moved.remove(id(number, "15550000001"));
    moved.add(0, id(number, "15550000001"));
    assertEquals(moved, allPages(number, InboxState.ACTIVE, ConversationFilter.all(), 3));

    ConversationPage first =
        list(number, InboxState.ACTIVE, ConversationFilter.all(), null, 1, "alice");
    ConversationSummary top = first.conversations().get(0).summary();
    assertEquals("hello 2", top.lastPreview());
    assertEquals("inbound", top.lastDirection());
    assertEquals(NOW.minusSeconds(10), top.lastActivityAt());
    assertEquals("15550000001", top.waId());
    assertEquals("Old One", top.profileName());
    assertEquals(NOW.minusSeconds(10).plus(Conversation.SERVICE_WINDOW), top.windowClosesAt());
    assertNotNull(first.nextCursor());
  }

  @Test
  void aLateOldMessageCountsAsUnreadButMovesNothing() {
    String number = newNumber();
    ConversationId c = id(number, "15551110000");
    feed.apply(text(c, 1, "Late", NOW.minusSeconds(60)));
    feed.apply(text(c, 2, "Late", NOW.minusSeconds(3600)));
    ConversationView view = repository.getConversation(c, "alice").toCompletableFuture().join().orElseThrow();
    assertEquals(2, view.unread());
    assertEquals("hello 1", view.summary().lastPreview());
    assertEquals(NOW.minusSeconds(60), view.summary().lastActivityAt());
  }

  @Test
  void archivingMovesBetweenTabsAndACustomerMessageReactivates() {
    String number = newNumber();
    ConversationId c = id(number, "15552220000");
    ConversationId other = id(number, "15552220001");
    feed.apply(text(c, 1, "Arch", NOW.minusSeconds(300)));
    feed.apply(text(other, 1, "Other", NOW.minusSeconds(200)));
    feed.apply(new Conversation.ConversationArchived(c, ALICE, NOW.minusSeconds(100)));
    assertEquals(List.of(other), allPages(number, InboxState.ACTIVE, ConversationFilter.all(), 10));
    assertEquals(List.of(c), allPages(number, InboxState.ARCHIVED, ConversationFilter.all(), 10));
    assertTrue(summary(c).archived());
    // Archiving does not change the activity: the archived tab is ordered the same way.
    assertEquals(NOW.minusSeconds(300), summary(c).lastActivityAt());

    feed.apply(text(c, 2, "Arch", NOW.minusSeconds(50)));
    feed.apply(new Conversation.ConversationReactivated(c, "wamid.in-15552220000-2", NOW));
    assertEquals(List.of(c, other), allPages(number, InboxState.ACTIVE, ConversationFilter.all(), 10));
    assertEquals(List.of(), allPages(number, InboxState.ARCHIVED, ConversationFilter.all(), 10));

    feed.apply(new Conversation.ConversationArchived(c, ALICE, NOW));
    feed.apply(new Conversation.ConversationUnarchived(c, BOB, NOW));
    assertEquals(List.of(c, other), allPages(number, InboxState.ACTIVE, ConversationFilter.all(), 10));
    assertEquals(List.of(), allPages(number, InboxState.ARCHIVED, ConversationFilter.all(), 10));
  }

  @Test
  void unreadIsPerAgentAndTheUnreadFilterUsesTheAskingAgent() {
    String number = newNumber();
    ConversationId c = id(number, "15553330000");
    ConversationId quiet = id(number, "15553330001");
    for (int i = 1; i <= 3; i++) {
      feed.apply(text(c, i, "Reader", NOW.minusSeconds(100 - i)));
    }
    feed.apply(text(quiet, 1, "Quiet", NOW.minusSeconds(500)));
    feed.apply(new Conversation.ConversationRead(quiet, "alice", 1, NOW));
    feed.apply(new Conversation.ConversationRead(quiet, "bob", 1, NOW));
    feed.apply(new Conversation.ConversationRead(c, "alice", 2, NOW));

    assertEquals(1, repository.getConversation(c, "alice").toCompletableFuture().join().orElseThrow().unread());
    assertEquals(3, repository.getConversation(c, "bob").toCompletableFuture().join().orElseThrow().unread());
    ConversationPage page = list(number, InboxState.ACTIVE, ConversationFilter.all(), null, 10, "alice");
    assertEquals(List.of(1L, 0L), page.conversations().stream().map(ConversationView::unread).toList());

    ConversationFilter unread = ConversationFilter.all().withUnreadOnly();
    assertEquals(List.of(c), allPages(number, InboxState.ACTIVE, unread, 10, "alice"));
    feed.apply(new Conversation.ConversationRead(c, "alice", 3, NOW));
    assertEquals(List.of(), allPages(number, InboxState.ACTIVE, unread, 10, "alice"));
    assertEquals(List.of(c), allPages(number, InboxState.ACTIVE, unread, 10, "bob"));
    // A read position never moves back, whatever order the reads come in.
    feed.apply(new Conversation.ConversationRead(c, "alice", 1, NOW));
    assertEquals(0, repository.getConversation(c, "alice").toCompletableFuture().join().orElseThrow().unread());
    assertTrue(repository.getConversation(id(number, "1"), "alice").toCompletableFuture().join().isEmpty());
  }

  @Test
  void filtersByAssignee() {
    String number = newNumber();
    ConversationId a = id(number, "15554440001");
    ConversationId b = id(number, "15554440002");
    ConversationId none = id(number, "15554440003");
    feed.apply(text(a, 1, "A", NOW.minusSeconds(30)));
    feed.apply(text(b, 1, "B", NOW.minusSeconds(20)));
    feed.apply(text(none, 1, "N", NOW.minusSeconds(10)));
    feed.apply(new Conversation.AgentAssigned(a, "alice", null, ALICE, NOW));
    feed.apply(new Conversation.AgentAssigned(b, "bob", null, BOB, NOW));

    assertEquals(List.of(a), allPages(number, InboxState.ACTIVE, ConversationFilter.mine(), 10, "alice"));
    assertEquals(List.of(b), allPages(number, InboxState.ACTIVE, ConversationFilter.mine(), 10, "bob"));
    assertEquals(List.of(none), allPages(number, InboxState.ACTIVE, ConversationFilter.unassigned(), 10));
    assertEquals(
        List.of(b), allPages(number, InboxState.ACTIVE, ConversationFilter.assignedTo("bob"), 10));

    feed.apply(new Conversation.AgentAssigned(b, "alice", "bob", BOB, NOW));
    feed.apply(new Conversation.ConversationUnassigned(a, "alice", ALICE, NOW));
    assertEquals(List.of(b), allPages(number, InboxState.ACTIVE, ConversationFilter.mine(), 10, "alice"));
    assertEquals(
        List.of(none, a), allPages(number, InboxState.ACTIVE, ConversationFilter.unassigned(), 10));
    assertEquals("alice", summary(b).assigneeId());
    assertNull(summary(a).assigneeId());
  }

  @Test
  void aFilteredScanIsBoundedAndGoesOnWithItsCursor() {
    CassandraInboxRepository bounded = scanningAtMost(3);
    String number = newNumber();
    for (int i = 1; i <= 8; i++) {
      ConversationId c = id(number, "155566600" + i);
      feed.apply(text(c, 1, "S" + i, NOW.minusSeconds(100 - i)));
      if (i > 1) {
        feed.apply(new Conversation.ConversationRead(c, "alice", 1, NOW));
      }
    }
    ConversationId oldest = id(number, "1555666001");
    ConversationFilter unread = ConversationFilter.all().withUnreadOnly();

    ConversationPage first =
        bounded
            .listConversations(number, InboxState.ACTIVE, unread, null, 5, "alice")
            .toCompletableFuture()
            .join();
    assertEquals(List.of(), first.conversations(), "3 rows scanned, none unread for alice");
    assertNotNull(first.nextCursor(), "the scan stopped at its bound, not at the end");

    List<ConversationId> found = new ArrayList<>();
    String cursor = first.nextCursor();
    int requests = 1;
    while (cursor != null) {
      ConversationPage page =
          bounded
              .listConversations(number, InboxState.ACTIVE, unread, cursor, 5, "alice")
              .toCompletableFuture()
              .join();
      page.conversations().forEach(v -> found.add(v.summary().conversationId()));
      cursor = page.nextCursor();
      assertTrue(++requests < 10, "cursors make progress");
    }
    assertEquals(List.of(oldest), found);
  }

  @Test
  void theAssigneeFiltersReadTheAssigneesOwnRowsNotTheTab() {
    // A scan budget of 3 rows: were "mine" a scan of the tab, alice's two oldest conversations
    // (behind 8 others) would come back as empty pages with cursors.
    CassandraInboxRepository bounded = scanningAtMost(3);
    String number = newNumber();
    List<ConversationId> others = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      ConversationId c = id(number, "155577700" + i);
      feed.apply(text(c, 1, "O" + i, NOW.minusSeconds(100 - i)));
      others.add(c);
    }
    ConversationId older = id(number, "15557771000");
    ConversationId old = id(number, "15557771001");
    feed.apply(text(older, 1, "Older", NOW.minusSeconds(300)));
    feed.apply(text(old, 1, "Old", NOW.minusSeconds(200)));
    feed.apply(new Conversation.AgentAssigned(older, "alice", null, ALICE, NOW));
    feed.apply(new Conversation.AgentAssigned(old, "alice", null, ALICE, NOW));
    feed.apply(new Conversation.AgentAssigned(others.get(0), "bob", null, BOB, NOW));

    ConversationPage mine = listWith(bounded, number, InboxState.ACTIVE, ConversationFilter.mine(), null, 5, "alice");
    assertEquals(List.of(old, older), ids(mine), "one request, a full answer");
    assertNull(mine.nextCursor());
    // Pages by cursor, each full, the same order as the tab.
    ConversationPage one = listWith(bounded, number, InboxState.ACTIVE, ConversationFilter.mine(), null, 1, "alice");
    assertEquals(List.of(old), ids(one));
    ConversationPage two =
        listWith(bounded, number, InboxState.ACTIVE, ConversationFilter.mine(), one.nextCursor(), 1, "alice");
    assertEquals(List.of(older), ids(two));
    assertNull(two.nextCursor());
    assertEquals(
        List.of(others.get(0)),
        ids(listWith(bounded, number, InboxState.ACTIVE, ConversationFilter.assignedTo("bob"), null, 5, "alice")));
    assertEquals(List.of(), ids(listWith(bounded, number, InboxState.ACTIVE, ConversationFilter.mine(), null, 5, null)));

    // Unread on top of mine filters alice's rows only; the rows carry the summary's read state.
    ConversationFilter mineUnread = ConversationFilter.mine().withUnreadOnly();
    feed.apply(new Conversation.ConversationRead(old, "alice", 1, NOW));
    assertEquals(List.of(older), ids(listWith(bounded, number, InboxState.ACTIVE, mineUnread, null, 5, "alice")));
    assertEquals(0, listWith(bounded, number, InboxState.ACTIVE, ConversationFilter.mine(), null, 5, "alice")
        .conversations().get(0).unread());

    // A new message moves the row up; archiving moves it to the other tab; reassigning and
    // unassigning take it out of alice's rows.
    feed.apply(text(older, 2, "Older", NOW.minusSeconds(5)));
    assertEquals(List.of(older, old), allPages(number, InboxState.ACTIVE, ConversationFilter.mine(), 1, "alice"));
    assertEquals(List.of(older), allPages(number, InboxState.ACTIVE, mineUnread, 1, "alice"));
    assertEquals("hello 2", listWith(bounded, number, InboxState.ACTIVE, ConversationFilter.mine(), null, 1, "alice")
        .conversations().get(0).summary().lastPreview());
    feed.apply(new Conversation.ConversationArchived(old, ALICE, NOW));
    assertEquals(List.of(older), allPages(number, InboxState.ACTIVE, ConversationFilter.mine(), 5, "alice"));
    assertEquals(List.of(old), allPages(number, InboxState.ARCHIVED, ConversationFilter.mine(), 5, "alice"));
    feed.apply(new Conversation.AgentAssigned(older, "bob", "alice", BOB, NOW));
    feed.apply(new Conversation.ConversationUnassigned(old, "alice", ALICE, NOW));
    assertEquals(List.of(), allPages(number, InboxState.ACTIVE, ConversationFilter.mine(), 5, "alice"));
    assertEquals(List.of(), allPages(number, InboxState.ARCHIVED, ConversationFilter.mine(), 5, "alice"));
    assertEquals(List.of(older, others.get(0)), allPages(number, InboxState.ACTIVE, ConversationFilter.mine(), 1, "bob"));
  }

  @Test
  void aMalformedCursorIsRefused() {
    CompletionException e =
        assertThrows(
            CompletionException.class,
            () ->
                repository
                    .listConversations(newNumber(), InboxState.ACTIVE, ConversationFilter.all(), "bm9wZQ", 5, "a")
                    .toCompletableFuture()
                    .join());
    assertInstanceOf(IllegalArgumentException.class, e.getCause());
  }

  @Test
  void findsContactsByAnyWordPrefixAndByPhoneTypedAnyWay() {
    String number = newNumber();
    String otherNumber = newNumber();
    ConversationId sheena = id(number, "16505551234");
    ConversationId jose = id(number, "34612345678");
    ConversationId elsewhere = id(otherNumber, "447700900123");
    feed.apply(text(sheena, 1, "Sheena Nelson", NOW));
    feed.apply(text(jose, 1, "José-Luis Núñez", NOW));
    feed.apply(text(elsewhere, 1, "Sheena Nelmes", NOW));

    for (String q : List.of("she", "SHEENA", "nel", "Nelson", "sheena nel", "  nel  she ")) {
      assertEquals(List.of(sheena), search(number, q), q);
    }
    assertEquals(List.of(jose), search(number, "jose"));
    assertEquals(List.of(jose), search(number, "núñ"));
    assertEquals(List.of(jose), search(number, "luis"));
    for (String q : List.of("+1 650 555", "(650) 555-1234", "6505551234", "1650", "+16505551234", "650-555")) {
      assertEquals(List.of(sheena), search(number, q), q);
    }
    assertEquals(List.of(jose), search(number, "+34 612 345"));
    assertEquals(List.of(jose), search(number, "612 34"));
    for (String q : List.of("ner", "son", "5551234", "16", "", "   ", "sheena x")) {
      assertEquals(List.of(), search(number, q), q);
    }
    // Every number when none is given, ordered by name ("Nelmes" before "Nelson").
    assertEquals(List.of(elsewhere, sheena), search(null, "nel"));
    assertEquals(List.of(elsewhere), search(otherNumber, "sheena"));
    assertEquals(List.of(elsewhere), search(null, "7700 900"));

    // A new name is found, the old one no longer.
    feed.apply(text(sheena, 2, "Sheena Smith", NOW.plusSeconds(1)));
    assertEquals(List.of(), search(number, "nelson"));
    assertEquals(List.of(sheena), search(number, "smi"));
    ContactMatch match =
        repository.searchContacts(number, "smith", 10).toCompletableFuture().join().get(0);
    assertEquals("Sheena Smith", match.profileName());
    assertEquals("16505551234", match.waId());
  }

  @Test
  void searchPagesByCursorInNameOrderWithoutRepeatsOrGaps() {
    String number = newNumber();
    List<ConversationId> byName = new ArrayList<>();
    // Fed in another order than the names; "Pagan Pagewood" has two words in the range.
    String[] names = {"Pagoda Zed", "pagan Pagewood", "Pagina Ann", "Page Turner", "Pageant Bo"};
    for (int i = 0; i < names.length; i++) {
      feed.apply(text(id(number, "1555121000" + i), 1, names[i], NOW.minusSeconds(i)));
    }
    for (int i : new int[] {1, 3, 4, 2, 0}) { // pagan, page, pageant, pagina, pagoda
      byName.add(id(number, "1555121000" + i));
    }
    for (int limit : List.of(1, 2, 3, 5, 6)) {
      List<ConversationId> walked = new ArrayList<>();
      String cursor = null;
      int pages = 0;
      do {
        ContactPage page = repository.searchContacts(number, "pag", cursor, limit).toCompletableFuture().join();
        if (page.nextCursor() != null) {
          assertEquals(limit, page.contacts().size(), "a page with a next one is full");
        }
        page.contacts().forEach(m -> walked.add(m.conversationId()));
        cursor = page.nextCursor();
        assertTrue(++pages <= 6, "cursors make progress");
      } while (cursor != null);
      assertEquals(byName, walked, "limit " + limit);
    }
    assertNull(repository.searchContacts(number, "pag", null, 5).toCompletableFuture().join().nextCursor());
    CompletionException e =
        assertThrows(
            CompletionException.class,
            () -> repository.searchContacts(number, "pag", "bm9wZQ", 5).toCompletableFuture().join());
    assertInstanceOf(IllegalArgumentException.class, e.getCause());
  }

  @Test
  void bulkInsertedConversationsReadAsIfTheProjectionHadWrittenThem() {
    String number = newNumber();
    String projected = newNumber();
    List<ConversationSummary> summaries = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      ConversationId c = id(number, "1555131" + (1000 + i));
      summaries.add(
          new ConversationSummary(
              c, c.customerKey(), null, "Bulk Person" + (char) ('a' + i % 26), i % 5 == 0,
              NOW.minus(Duration.ofHours(7L * i)), "wamid." + i, "inbound", "hi " + i, null, null,
              i % 3 == 0 ? "alice" : null, NOW.plus(Duration.ofDays(1)), 2, java.util.Map.of("alice", 1L),
              3));
    }
    repository.insertNew(summaries, 4, 3).toCompletableFuture().join();
    for (ConversationSummary s : summaries) {
      repository.saveSummary(null, new ConversationSummary(
          id(projected, s.conversationId().customerKey()), s.waId(), s.userId(), s.profileName(), s.archived(),
          s.lastActivityAt(), s.lastMessageId(), s.lastDirection(), s.lastPreview(), null, null,
          s.assigneeId(), s.windowClosesAt(), s.lastInboundSequence(), s.readPositions(), s.appliedSeqNr()))
          .toCompletableFuture().join();
    }
    assertEquals(summaries.get(7), summary(summaries.get(7).conversationId()));
    for (InboxState state : InboxState.values()) {
      for (ConversationFilter filter :
          List.of(ConversationFilter.all(), ConversationFilter.mine(), ConversationFilter.mine().withUnreadOnly())) {
        List<String> bulk = allPages(number, state, filter, 4, "alice").stream().map(ConversationId::customerKey).toList();
        assertEquals(allPages(projected, state, filter, 4, "alice").stream().map(ConversationId::customerKey).toList(), bulk);
        assertTrue(bulk.size() > 1, state + " " + filter);
      }
    }
    assertEquals(30, repository.searchContacts(number, "bulk", null, 100).toCompletableFuture().join().contacts().size());
    assertEquals(
        search(projected, "personc").stream().map(ConversationId::customerKey).toList(),
        search(number, "personc").stream().map(ConversationId::customerKey).toList());
    assertEquals(2, search(number, "personc").size());
  }

  @Test
  void pagesHistoryNewestFirstAcrossMonthsWithCommentsAndContent() {
    String number = newNumber();
    ConversationId c = id(number, "15557770000");
    Instant january = Instant.parse("2026-01-31T23:59:00Z");
    Instant february = Instant.parse("2026-02-01T00:01:00Z");
    MessageContent.Media document =
        new MessageContent.Media(
            MessageContent.MediaKind.DOCUMENT, "media-1", null, "the offer", "offer.pdf",
            "application/pdf", "abc");
    feed.apply(text(c, 1, "Hist", january));
    feed.apply(inbound(c, 2, "Hist", january.plusSeconds(30), document));
    feed.apply(new Conversation.CommentAdded(c, "comment-1", ALICE, "VIP customer", february));
    feed.apply(queued(c, "out-1", february.plusSeconds(1), MessageContent.Text.of("Hi!")));
    feed.apply(text(c, 3, "Hist", february.plusSeconds(2)));

    List<HistoryEntry> all = new ArrayList<>();
    String cursor = null;
    List<Integer> sizes = new ArrayList<>();
    do {
      MessagePage page = repository.messages(c, cursor, 2).toCompletableFuture().join();
      all.addAll(page.messages());
      sizes.add(page.messages().size());
      cursor = page.nextCursor();
    } while (cursor != null);
    assertEquals(List.of(2, 2, 1), sizes);
    assertEquals(
        List.of("wamid.in-15557770000-3", "out-1", "comment-1", "wamid.in-15557770000-2", "wamid.in-15557770000-1"),
        all.stream().map(HistoryEntry::messageId).toList());
    HistoryEntry comment = all.get(2);
    assertEquals(HistoryEntry.Kind.COMMENT, comment.kind());
    assertEquals("VIP customer", comment.comment());
    assertEquals(ALICE, comment.sentBy());
    HistoryEntry doc = all.get(3);
    assertEquals(HistoryEntry.Kind.INBOUND, doc.kind());
    assertEquals(document, doc.content());
    assertEquals(2L, doc.sequence());
    HistoryEntry out = all.get(1);
    assertEquals(HistoryEntry.Kind.OUTBOUND, out.kind());
    assertEquals(MessageContent.Text.of("Hi!"), out.content());
    assertEquals(MessageStatus.QUEUED, out.status());
    assertEquals(ALICE, out.sentBy());
    assertEquals("client-out-1", out.clientMessageId());

    assertEquals(3, repository.messages(c, null, 3).toCompletableFuture().join().messages().size());
    assertEquals(5, repository.messages(c, null, 5).toCompletableFuture().join().messages().size());
    assertNull(repository.messages(c, null, 5).toCompletableFuture().join().nextCursor());
    assertEquals("📄 Document: offer.pdf", Previews.of(document));
  }

  @Test
  void statusesOnlyMoveUpAndTheLastSentMessageShowsItsStatus() {
    String number = newNumber();
    ConversationId c = id(number, "15558880000");
    feed.apply(text(c, 1, "Stat", NOW.minusSeconds(60)));
    feed.apply(queued(c, "m1", NOW.minusSeconds(50), MessageContent.Text.of("one")));
    feed.apply(new Conversation.OutboundMessageAccepted(c, "m1", "wamid.out-1", NOW));
    feed.apply(status(c, "m1", MessageStatus.READ, null));
    feed.apply(status(c, "m1", MessageStatus.DELIVERED, null));
    feed.apply(status(c, "m1", MessageStatus.SENT, null));
    HistoryEntry m1 = history(c, "m1");
    assertEquals(MessageStatus.READ, m1.status());
    assertEquals("wamid.out-1", m1.wamid());
    ConversationSummary s = summary(c);
    assertEquals("m1", s.lastOutboundMessageId());
    assertEquals(MessageStatus.READ, s.lastOutboundStatus());
    assertEquals("outbound", s.lastDirection());
    assertEquals("one", s.lastPreview());

    MetaError error = new MetaError(131047, "Re-engagement message", "more than 24 hours");
    feed.apply(queued(c, "m2", NOW.minusSeconds(40), MessageContent.Text.of("two")));
    feed.apply(new Conversation.OutboundSendFailed(c, "m2", error, NOW));
    assertEquals(MessageStatus.FAILED, history(c, "m2").status());
    assertEquals(error, history(c, "m2").error());
    assertEquals(MessageStatus.FAILED, summary(c).lastOutboundStatus());
    feed.apply(status(c, "m2", MessageStatus.SENT, null));
    assertEquals(MessageStatus.FAILED, history(c, "m2").status(), "sent is below failed");
    // A delivery receipt after a failure wins (the message provably arrived) and clears the error.
    feed.apply(status(c, "m2", MessageStatus.DELIVERED, null));
    assertEquals(MessageStatus.DELIVERED, history(c, "m2").status());
    assertNull(history(c, "m2").error());
    assertEquals(MessageStatus.DELIVERED, summary(c).lastOutboundStatus());
    assertEquals(MessageStatus.READ, history(c, "m1").status());
  }

  @Test
  void theSameEventAgainChangesNothing() {
    String number = newNumber();
    ConversationId c = id(number, "15559990000");
    ConversationId d = id(number, "15559990001");
    List<EventEnvelope<Conversation.Event>> envelopes = new ArrayList<>();
    envelopes.add(feed.apply(text(c, 1, "Idem Potent", NOW.minusSeconds(90))));
    envelopes.add(feed.apply(text(d, 1, "Other", NOW.minusSeconds(80))));
    envelopes.add(feed.apply(queued(c, "m1", NOW.minusSeconds(70), MessageContent.Text.of("x"))));
    envelopes.add(feed.apply(new Conversation.OutboundMessageAccepted(c, "m1", "wamid.o", NOW)));
    envelopes.add(feed.apply(status(c, "m1", MessageStatus.DELIVERED, null)));
    envelopes.add(feed.apply(new Conversation.CommentAdded(c, "k1", BOB, "note", NOW.minusSeconds(60))));
    envelopes.add(feed.apply(new Conversation.ConversationRead(c, "alice", 1, NOW)));
    envelopes.add(feed.apply(new Conversation.AgentAssigned(d, "bob", null, BOB, NOW)));
    envelopes.add(feed.apply(new Conversation.AgentAssigned(c, "alice", null, ALICE, NOW)));
    envelopes.add(feed.apply(new Conversation.ConversationArchived(c, ALICE, NOW)));

    ConversationSummary summary = summary(c);
    List<ConversationId> active = allPages(number, InboxState.ACTIVE, ConversationFilter.all(), 10);
    List<ConversationId> archived = allPages(number, InboxState.ARCHIVED, ConversationFilter.all(), 10);
    List<HistoryEntry> history = repository.messages(c, null, 50).toCompletableFuture().join().messages();

    for (EventEnvelope<Conversation.Event> envelope : envelopes) {
      feed.redeliver(envelope);
    }
    // A crash between the history write and the summary: the history write alone runs again.
    for (EventEnvelope<Conversation.Event> envelope : envelopes) {
      InboxProjectionHandler.historyWrite(repository, envelope.event()).toCompletableFuture().join();
    }

    assertEquals(summary, summary(c));
    assertEquals(active, allPages(number, InboxState.ACTIVE, ConversationFilter.all(), 10));
    assertEquals(archived, allPages(number, InboxState.ARCHIVED, ConversationFilter.all(), 10));
    assertEquals(List.of(d), active);
    assertEquals(List.of(c), archived);
    assertEquals(history, repository.messages(c, null, 50).toCompletableFuture().join().messages());
    assertEquals(3, history.size());
    assertEquals(MessageStatus.DELIVERED, history(c, "m1").status());
    assertEquals(List.of(c), search(number, "potent"));
    assertEquals(List.of(d), allPages(number, InboxState.ACTIVE, ConversationFilter.mine(), 10, "bob"));
    assertEquals(List.of(c), allPages(number, InboxState.ARCHIVED, ConversationFilter.mine(), 10, "alice"));
    assertEquals(List.of(), allPages(number, InboxState.ACTIVE, ConversationFilter.mine(), 10, "alice"));
  }

  // Helpers

  /** The repository on the same tables with a filtered list scan of at most {@code rows} rows. */
  private CassandraInboxRepository scanningAtMost(int rows) {
    InboxSettings small =
        new InboxSettings(
            settings.keyspace(), settings.sessionConfigPath(), "ONE", "ONE", 200, rows, 1000, 1,
            Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 100);
    return new CassandraInboxRepository(
        org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry.get(kit.system())
            .sessionFor(
                org.apache.pekko.stream.connectors.cassandra.CassandraSessionSettings.create(
                    settings.sessionConfigPath())),
        small,
        org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider.get(kit.system())
            .getOrCreate("jackson-json", java.util.Optional.empty()),
        Clock.systemUTC());
  }

  private static ConversationPage listWith(
      CassandraInboxRepository repo,
      String number,
      InboxState state,
      ConversationFilter filter,
      String cursor,
      int limit,
      String agent) {
    return repo.listConversations(number, state, filter, cursor, limit, agent).toCompletableFuture().join();
  }

  private static List<ConversationId> ids(ConversationPage page) {
    return page.conversations().stream().map(v -> v.summary().conversationId()).toList();
  }

  private static Conversation.OutboundMessageQueued queued(
      ConversationId c, String messageId, Instant at, MessageContent content) {
    return new Conversation.OutboundMessageQueued(
        c, messageId, "client-" + messageId, ALICE, c.customerKey(), null, null, content, at);
  }

  private static Conversation.MessageStatusUpdated status(
      ConversationId c, String messageId, MessageStatus status, MetaError error) {
    return new Conversation.MessageStatusUpdated(
        c, messageId, "wamid." + messageId, status, NOW, error, NOW);
  }

  private ConversationSummary summary(ConversationId c) {
    return repository.summary(c).toCompletableFuture().join().orElseThrow();
  }

  private HistoryEntry history(ConversationId c, String messageId) {
    return repository.messages(c, null, 100).toCompletableFuture().join().messages().stream()
        .filter(m -> m.messageId().equals(messageId))
        .findFirst()
        .orElseThrow();
  }

  private List<ConversationId> search(String number, String query) {
    return repository.searchContacts(number, query, 20).toCompletableFuture().join().stream()
        .map(ContactMatch::conversationId)
        .toList();
  }

  private ConversationPage list(
      String number, InboxState state, ConversationFilter filter, String cursor, int limit, String agent) {
    return repository
        .listConversations(number, state, filter, cursor, limit, agent)
        .toCompletableFuture()
        .join();
  }

  private List<ConversationId> allPages(
      String number, InboxState state, ConversationFilter filter, int limit) {
    return allPages(number, state, filter, limit, "alice");
  }

  /** Follows the cursors to the end; every full page but the last has exactly {@code limit}. */
  private List<ConversationId> allPages(
      String number, InboxState state, ConversationFilter filter, int limit, String agent) {
    List<ConversationId> ids = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      ConversationPage page = list(number, state, filter, cursor, limit, agent);
      if (page.nextCursor() != null) {
        assertEquals(limit, page.conversations().size(), "a page with a next one is full");
      }
      page.conversations().forEach(v -> ids.add(v.summary().conversationId()));
      cursor = page.nextCursor();
      assertTrue(++pages < 50, "cursors make progress");
    } while (cursor != null);
    return ids;
  }
}
