package com.whatatalk.engine.inbox;

import static com.whatatalk.engine.inbox.InboxTestSupport.ALICE;
import static com.whatatalk.engine.inbox.InboxTestSupport.id;
import static com.whatatalk.engine.inbox.InboxTestSupport.newNumber;
import static com.whatatalk.engine.inbox.InboxTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.deploy.cassandra.junit.CassandraExtension;
import com.whatatalk.engine.CassandraSchema;
import com.whatatalk.engine.CassandraTestConfig;
import com.whatatalk.engine.conversation.Conversation;
import com.whatatalk.engine.conversation.Conversation.ConversationId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.connectors.cassandra.CassandraSessionSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A saved contact name ({@link Conversation.ContactRenamed}) in the inbox read model, on the real
 * Cassandra: it shows in the list instead of WhatsApp's profile name (also after later inbound
 * messages), the search index follows it, and clearing it brings the profile name back. Also: the
 * read model script upgrades tables created before the column existed.
 */
@ExtendWith(CassandraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContactRenameReadModelTest {
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  private ActorTestKit kit;
  private CassandraInboxRepository repository;
  private InboxTestSupport.Feed feed;

  @BeforeAll
  void start(CassandraNode cassandra) {
    kit = InboxTestSupport.start(cassandra, "contact_rename", "");
    repository = CassandraInboxRepository.create(kit.system(), InboxSettings.create(kit.system()));
    feed = new InboxTestSupport.Feed(repository);
  }

  @AfterAll
  void stop() {
    kit.shutdownTestKit();
  }

  private ConversationView listed(String number) {
    List<ConversationView> page =
        repository
            .listConversations(number, InboxState.ACTIVE, ConversationFilter.all(), null, 10, "alice")
            .toCompletableFuture()
            .join()
            .conversations();
    assertEquals(1, page.size());
    return page.get(0);
  }

  private Set<ConversationId> search(String number, String query) {
    return repository.searchContacts(number, query, 20).toCompletableFuture().join().stream()
        .map(ContactMatch::conversationId)
        .collect(Collectors.toSet());
  }

  @Test
  void savedNameShowsInTheListWinsOverLaterProfileNamesAndIsSearchable() {
    String number = newNumber();
    ConversationId c = id(number, "15551230001");
    feed.apply(text(c, 1, "Sheena Nelson", NOW.minusSeconds(60)));
    feed.apply(new Conversation.ContactRenamed(c, "Dr Ophelia Brandt", ALICE, NOW.minusSeconds(50)));

    ConversationSummary s = listed(number).summary();
    assertEquals("Dr Ophelia Brandt", s.contactName());
    assertEquals("Dr Ophelia Brandt", s.displayName());
    assertEquals("Sheena Nelson", s.profileName());
    assertEquals(Set.of(c), search(number, "ophel"));
    assertEquals(Set.of(c), search(number, "brandt dr"));
    // WhatsApp's name still finds the customer too.
    assertEquals(Set.of(c), search(number, "sheena"));
    ContactMatch match = repository.searchContacts(number, "ophelia", 5).toCompletableFuture().join().get(0);
    assertEquals("Dr Ophelia Brandt", match.displayName());

    // A later message carries a new profile name: the saved name still shows.
    feed.apply(text(c, 2, "Sheena N.", NOW.minusSeconds(40)));
    s = listed(number).summary();
    assertEquals("Dr Ophelia Brandt", s.displayName());
    assertEquals("Sheena N.", s.profileName());

    // Renamed again: the previous saved name no longer finds it.
    feed.apply(new Conversation.ContactRenamed(c, "Olga Quist", ALICE, NOW.minusSeconds(30)));
    assertEquals(Set.of(), search(number, "brandt"));
    assertEquals(Set.of(c), search(number, "quist"));

    // Cleared: WhatsApp's profile name shows again, and the saved name is gone from the index.
    feed.apply(new Conversation.ContactRenamed(c, null, ALICE, NOW.minusSeconds(20)));
    s = listed(number).summary();
    assertNull(s.contactName());
    assertEquals("Sheena N.", s.displayName());
    assertEquals(Set.of(), search(number, "quist"));
    assertEquals(
        "Sheena N.",
        repository.getConversation(c, "alice").toCompletableFuture().join().orElseThrow().summary().displayName());
  }

  @Test
  void aRenameDoesNotMoveTheConversationInTheList() {
    String number = newNumber();
    ConversationId c = id(number, "15551230002");
    feed.apply(text(c, 1, "Ann", NOW.minusSeconds(600)));
    feed.apply(new Conversation.ContactRenamed(c, "Ann Smith", ALICE, NOW));
    assertEquals(NOW.minusSeconds(600), listed(number).summary().lastActivityAt());
  }

  @Test
  void theReadModelScriptAddsTheColumnToTablesCreatedBeforeItAndCanRunAgain(CassandraNode cassandra) {
    String keyspace = CassandraExtension.uniqueKeyspace("inbox_upgrade");
    Config config = CassandraTestConfig.create(cassandra, keyspace);
    ActorTestKit old = ActorTestKit.create("inbox_upgrade", config);
    try {
      CassandraSession session =
          CassandraSessionRegistry.get(old.system())
              .sessionFor(CassandraSessionSettings.create("pekko.persistence.cassandra"));
      session
          .executeDDL(
              "CREATE KEYSPACE IF NOT EXISTS " + keyspace
                  + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")
          .toCompletableFuture()
          .join();
      // The summary table as the first release created it: no contact_name.
      session
          .executeDDL(
              "CREATE TABLE " + keyspace + ".inbox_conversations (phone_number_id text,"
                  + " customer_key text, wa_id text, user_id text, profile_name text,"
                  + " archived boolean, last_activity_at timestamp, last_message_id text,"
                  + " last_direction text, last_preview text, last_outbound_message_id text,"
                  + " last_outbound_status text, assignee_id text, window_closes_at timestamp,"
                  + " last_inbound_sequence bigint, read_positions frozen<map<text, bigint>>,"
                  + " applied_seq_nr bigint, PRIMARY KEY ((phone_number_id, customer_key)))")
          .toCompletableFuture()
          .join();
      CassandraSchema.createScript(old.system(), "create_read_models.cql", false).toCompletableFuture().join();
      CassandraSchema.createScript(old.system(), "create_read_models.cql", false).toCompletableFuture().join();
      List<String> columns =
          session
              .selectAll(
                  "SELECT table_name FROM system_schema.columns WHERE keyspace_name = '"
                      + keyspace + "' AND column_name = 'contact_name' ALLOW FILTERING")
              .toCompletableFuture()
              .join()
              .stream()
              .map(r -> r.getString("table_name"))
              .sorted()
              .toList();
      assertEquals(
          List.of("inbox_by_activity", "inbox_by_assignee", "inbox_contact_words", "inbox_conversations"),
          columns);

      CassandraInboxRepository upgraded =
          CassandraInboxRepository.create(old.system(), InboxSettings.create(old.system()));
      InboxTestSupport.Feed upgradedFeed = new InboxTestSupport.Feed(upgraded);
      ConversationId c = id(newNumber(), "15551230003");
      upgradedFeed.apply(text(c, 1, "Ann", NOW));
      upgradedFeed.apply(new Conversation.ContactRenamed(c, "Ann Smith", ALICE, NOW));
      assertTrue(upgraded.summary(c).toCompletableFuture().join().orElseThrow().displayName().equals("Ann Smith"));
    } finally {
      old.shutdownTestKit();
    }
  }
}
