package com.whatatalk.engine.contacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.deploy.cassandra.junit.CassandraExtension;
import com.whatatalk.engine.CassandraSchema;
import com.whatatalk.engine.CassandraTestConfig;
import com.whatatalk.engine.conversation.Conversation;
import com.whatatalk.engine.conversation.Conversation.Actor;
import com.whatatalk.engine.conversation.Conversation.ConversationId;
import com.whatatalk.engine.conversation.ConversationException;
import com.whatatalk.engine.inbox.CassandraInboxRepository;
import com.whatatalk.engine.inbox.ConversationSummary;
import com.whatatalk.engine.inbox.InboxSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Contacts on the real Cassandra: the store's rows, notes, counters and compare-and-set, behind
 * the service's rules. The conversation entity is stubbed (its rename is tested on its own); the
 * inbox read model is the real one, written directly.
 */
@ExtendWith(CassandraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContactsTest {
  private static final Actor ALICE = Actor.agent("alice");

  private ActorTestKit kit;
  private CassandraInboxRepository inbox;
  private Contacts contacts;
  private final List<String> renames = new CopyOnWriteArrayList<>();
  private final Map<ConversationId, Boolean> entityRefuses = new HashMap<>();
  private final List<ContactView> published = new CopyOnWriteArrayList<>();

  @BeforeAll
  void start(CassandraNode cassandra) {
    kit =
        ActorTestKit.create(
            "contacts", CassandraTestConfig.create(cassandra, CassandraExtension.uniqueKeyspace("contacts")));
    CassandraSchema.create(kit.system()).toCompletableFuture().join();
    inbox = CassandraInboxRepository.create(kit.system(), InboxSettings.create(kit.system()));
    ContactSettings settings = ContactSettings.create(kit.system());
    contacts =
        new Contacts(
            ContactStore.create(kit.system(), settings),
            inbox,
            settings,
            (id, rename) -> {
              if (entityRefuses.containsKey(id)) {
                return CompletableFuture.failedFuture(
                    new ConversationException(ConversationException.Code.NOT_FOUND, "no messages"));
              }
              renames.add(id.customerKey() + "=" + rename.name());
              return CompletableFuture.completedFuture(Done.getInstance());
            },
            published::add,
            Clock.systemUTC());
  }

  @AfterAll
  void stop() {
    kit.shutdownTestKit();
  }

  /** A conversation the inbox read model knows, with WhatsApp's profile name. */
  private ConversationId known(String profileName) {
    ConversationId id =
        new ConversationId("10" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L), "15550001111");
    ConversationSummary s =
        new ConversationSummary(
            id, "15550001111", "US.123", profileName, false, Instant.now(), "wamid.1", "inbound",
            "hi", null, null, null, null, 1, Map.of(), 1);
    await(inbox.saveSummary(null, s));
    return id;
  }

  private static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new CompletionException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static ContactException refusal(CompletionStage<?> stage) {
    RuntimeException e = assertThrows(RuntimeException.class, () -> await(stage));
    return assertInstanceOf(ContactException.class, e);
  }

  private static Map<String, String> attributes(Object... keyValues) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], (String) keyValues[i + 1]);
    }
    return m;
  }

  @Test
  void aKnownConversationIsAContactWithWhatsAppsDataAndNothingSaved() {
    ConversationId id = known("Sheena Nelson");
    ContactView v = await(contacts.get(id)).orElseThrow();
    assertNull(v.name());
    assertEquals("Sheena Nelson", v.profileName());
    assertEquals("Sheena Nelson", v.displayName());
    assertEquals("15550001111", v.waId());
    assertEquals("US.123", v.userId());
    assertEquals(List.of(), v.tags());
    assertEquals(0, v.notesCount());
  }

  @Test
  void anUnknownKeyIsNotAContactAndCannotBeEdited() {
    ConversationId id = new ConversationId("999", "15559999999");
    assertEquals(Optional.empty(), await(contacts.get(id)));
    assertEquals(
        ContactException.Kind.NOT_FOUND,
        refusal(contacts.update(ALICE, id, new ContactPatch(false, null, List.of("vip"), null))).kind());
    assertEquals(ContactException.Kind.NOT_FOUND, refusal(contacts.addNote(id, "alice", "Alice", "hi")).kind());
    assertEquals(ContactException.Kind.NOT_FOUND, refusal(contacts.notes(id, null, 10)).kind());
  }

  @Test
  void editSavesNameTagsAndAttributesAndRenamesTheConversationOnlyWhenTheNameChanges() {
    ConversationId id = known("Sheena");
    ContactView v =
        await(
            contacts.update(
                ALICE,
                id,
                new ContactPatch(true, " Sheena Smith ", List.of("VIP", " vip", "Wholesale"), attributes("plan", "gold", "city", "Lyon"))));
    assertEquals("Sheena Smith", v.name());
    assertEquals("Sheena Smith", v.displayName());
    assertEquals("Sheena", v.profileName());
    assertEquals(List.of("vip", "wholesale"), v.tags());
    assertEquals(Map.of("plan", "gold", "city", "Lyon"), v.attributes());
    assertEquals("alice", v.updatedBy());
    assertEquals(List.of("15550001111=Sheena Smith"), renames.stream().filter(r -> r.contains("Sheena Smith")).toList());
    // Published as the live contact.updated, as stored.
    assertTrue(published.contains(v), () -> "not published: " + published);

    // Attributes merge: a null removes, others stay; the name is not sent again when unchanged.
    int before = renames.size();
    v = await(contacts.update(ALICE, id, new ContactPatch(true, "Sheena Smith", null, attributes("city", null, "tier", "2"))));
    assertEquals(Map.of("plan", "gold", "tier", "2"), v.attributes());
    assertEquals(List.of("vip", "wholesale"), v.tags());
    assertEquals(before, renames.size());

    // Clearing the name shows WhatsApp's again.
    v = await(contacts.update(ALICE, id, ContactPatch.rename(null)));
    assertNull(v.name());
    assertEquals("Sheena", v.displayName());
  }

  @Test
  void invalidFieldsAreNamedOneByOne() {
    ConversationId id = known("Bo");
    Map<String, String> attrs = attributes("ok", "1", "bad key!", "x", "long", "y".repeat(1001));
    ContactException e =
        refusal(contacts.update(ALICE, id, new ContactPatch(true, "  ", List.of("fine", "", "x".repeat(51), "no,comma"), attrs)));
    assertEquals(ContactException.Kind.VALIDATION, e.kind());
    assertEquals(
        List.of("name", "tags[1]", "tags[2]", "tags[3]", "attributes.bad key!", "attributes.long"),
        new ArrayList<>(e.fields().keySet()));
    // Nothing was stored.
    assertNull(await(contacts.get(id)).orElseThrow().updatedAt());

    List<String> tooMany = new ArrayList<>();
    for (int i = 0; i < 51; i++) {
      tooMany.add("t" + i);
    }
    assertTrue(refusal(contacts.update(ALICE, id, new ContactPatch(false, null, tooMany, null))).fields().containsKey("tags"));
  }

  @Test
  void theEntityRefusingARenameIsNotFound() {
    ConversationId id = known("Cy");
    entityRefuses.put(id, true);
    assertEquals(ContactException.Kind.NOT_FOUND, refusal(contacts.update(ALICE, id, ContactPatch.rename("Cy Twombly"))).kind());
  }

  @Test
  void concurrentEditsOfOneContactAreAllKept() {
    ConversationId id = known("Di");
    List<CompletableFuture<ContactView>> edits = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      edits.add(
          contacts.update(ALICE, id, new ContactPatch(false, null, null, attributes("k" + i, "v" + i))).toCompletableFuture());
    }
    edits.forEach(e -> await(e));
    assertEquals(
        Map.of("k0", "v0", "k1", "v1", "k2", "v2", "k3", "v3"),
        await(contacts.get(id)).orElseThrow().attributes());
  }

  @Test
  void notesArePagedNewestFirstAcrossPagesAndCounted() {
    ConversationId id = known("Ed");
    List<String> written = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      written.add(await(contacts.addNote(id, "alice", "Alice", " note " + i + " ")).noteId());
    }
    NotesPage first = await(contacts.notes(id, null, 2));
    assertEquals(List.of("note 5", "note 4"), first.notes().stream().map(ContactNote::text).toList());
    assertEquals("Alice", first.notes().get(0).authorName());
    NotesPage second = await(contacts.notes(id, first.nextCursor(), 2));
    assertEquals(List.of("note 3", "note 2"), second.notes().stream().map(ContactNote::text).toList());
    NotesPage last = await(contacts.notes(id, second.nextCursor(), 2));
    assertEquals(List.of("note 1"), last.notes().stream().map(ContactNote::text).toList());
    assertNull(last.nextCursor());
    assertEquals(written.get(0), last.notes().get(0).noteId());
    assertEquals(5, await(contacts.get(id)).orElseThrow().notesCount());
    assertTrue(published.stream().anyMatch(p -> p.conversationId().equals(id) && p.notesCount() == 5));

    assertEquals(ContactException.Kind.VALIDATION, refusal(contacts.addNote(id, "alice", "Alice", "  ")).kind());
    assertEquals(
        ContactException.Kind.VALIDATION,
        refusal(contacts.addNote(id, "alice", "Alice", "x".repeat(5001))).kind());
    RuntimeException bad = assertThrows(RuntimeException.class, () -> await(contacts.notes(id, "nope", 2)));
    assertInstanceOf(IllegalArgumentException.class, bad);
  }

  @Test
  void tagsInUseFollowEdits() {
    ConversationId a = known("Fa");
    String number = a.phoneNumberId();
    ConversationId b = new ConversationId(number, "15550002222");
    await(
        inbox.saveSummary(
            null,
            new ConversationSummary(
                b, "15550002222", null, "Gu", false, Instant.now(), "wamid.2", "inbound", "hi",
                null, null, null, null, 1, Map.of(), 1)));
    await(contacts.update(ALICE, a, new ContactPatch(false, null, List.of("vip", "lead"), null)));
    await(contacts.update(ALICE, b, new ContactPatch(false, null, List.of("vip"), null)));
    assertEquals(List.of(new TagCount("lead", 1), new TagCount("vip", 2)), await(contacts.tags(number)));
    await(contacts.update(ALICE, a, new ContactPatch(false, null, List.of("customer"), null)));
    assertEquals(List.of(new TagCount("customer", 1), new TagCount("vip", 1)), await(contacts.tags(number)));
  }
}
