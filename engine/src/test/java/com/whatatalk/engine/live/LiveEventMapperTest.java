package com.whatatalk.engine.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.whatatalk.engine.conversation.Conversation;
import com.whatatalk.engine.conversation.Conversation.Actor;
import com.whatatalk.engine.conversation.Conversation.ConversationId;
import com.whatatalk.engine.conversation.Conversation.Event;
import com.whatatalk.engine.conversation.Conversation.MessageStatus;
import com.whatatalk.engine.conversation.Conversation.MetaError;
import com.whatatalk.engine.conversation.Conversation.State;
import com.whatatalk.engine.conversation.MessageContent;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each conversation event as the live JSON a socket receives. */
class LiveEventMapperTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ConversationId ID = new ConversationId("106540352242922", "16505551234");
  private static final Instant T = Instant.parse("2026-05-04T10:00:00.123456Z");
  private static final Actor ALICE = Actor.agent("alice");

  /** A state after the events (the mapper only reads the conversation's fields from it). */
  private static State state(String assignee, boolean archived, long lastInbound, Map<String, Long> read) {
    return new State(
        "16505551234", null, "Sheena", T.plusSeconds(86_400), assignee, archived, lastInbound, read,
        List.of(), List.of(), List.of());
  }

  private static final State AFTER = state("alice", false, 3, Map.of("alice", 2L));

  /** The frames a socket receives for {@code events} persisted as sequence numbers up to {@code last}. */
  private static List<JsonNode> frames(List<Event> events, long last, State after) {
    return LiveEventMapper.map(events, last, after).stream()
        .map(e -> parse(LiveJson.frame("abc.7", e)))
        .toList();
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void assertEnvelope(JsonNode f, String type, long sequence) {
    assertEquals(type, f.path("type").asText());
    assertEquals("abc.7", f.path("position").asText());
    assertEquals("106540352242922", f.path("phoneNumberId").asText());
    assertEquals("16505551234", f.path("customerKey").asText());
    assertEquals(sequence, f.path("sequence").asLong());
  }

  private static void assertConversation(JsonNode f, State s) {
    JsonNode d = f.path("data");
    assertEquals(s.assigneeId() == null ? null : s.assigneeId(), d.path("assigneeId").isNull() ? null : d.path("assigneeId").asText());
    assertEquals(s.archived(), d.path("archived").asBoolean());
    assertEquals("2026-05-05T10:00:00.123Z", d.path("windowClosesAt").asText());
    assertEquals(s.lastInboundSequence(), d.path("lastInboundSequence").asLong());
    assertEquals(s.readPositions().size(), d.path("readPositions").size());
    s.readPositions().forEach((agent, pos) -> assertEquals(pos, d.path("readPositions").path(agent).asLong()));
    assertEquals("Sheena", d.path("profileName").asText());
  }

  @Test
  void aCustomerMessageIsAMessageCreatedThenTheConversationWithItsWindowAndUnread() {
    Event e =
        new Conversation.InboundMessageReceived(
            ID, "wamid.in1", 3, "16505551234", null, "Sheena", T, "wamid.quoted",
            MessageContent.Text.of("Hi"), T.plusSeconds(86_400), T);
    List<JsonNode> f = frames(List.of(e), 12, AFTER);
    assertEquals(2, f.size());
    assertEnvelope(f.get(0), "message.created", 12);
    JsonNode m = f.get(0).path("data").path("message");
    assertEquals("wamid.in1", m.path("id").asText());
    assertEquals("inbound", m.path("kind").asText());
    assertEquals("wamid.in1", m.path("wamid").asText());
    assertEquals(3, m.path("sequence").asLong(), "the inbound sequence read positions refer to");
    assertEquals("2026-05-04T10:00:00.123Z", m.path("at").asText(), "to the millisecond, as history");
    assertEquals("text", m.path("content").path("type").asText());
    assertEquals("Hi", m.path("content").path("body").asText());
    assertEquals("wamid.quoted", m.path("contextWamid").asText());
    assertTrue(m.path("sentBy").isMissingNode(), "no null fields, as the history API");
    assertEnvelope(f.get(1), "conversation.updated", 12);
    assertConversation(f.get(1), AFTER);
  }

  @Test
  void aBatchNumbersEachEventAndEndsWithOneConversationUpdate() {
    State after = state(null, false, 1, Map.of());
    List<Event> batch =
        List.of(
            new Conversation.InboundMessageReceived(
                ID, "wamid.in2", 1, "16505551234", null, null, T, null, MessageContent.Text.of("back"),
                T.plusSeconds(86_400), T),
            new Conversation.ConversationReactivated(ID, "wamid.in2", T));
    List<JsonNode> f = frames(batch, 6, after);
    assertEquals(2, f.size());
    assertEnvelope(f.get(0), "message.created", 5);
    assertEnvelope(f.get(1), "conversation.updated", 6);
    assertEquals(false, f.get(1).path("data").path("archived").asBoolean());
  }

  @Test
  void aQueuedMessageIsAMessageCreatedWithItsClientIdSenderAndQueuedStatus() {
    Event e =
        new Conversation.OutboundMessageQueued(
            ID, "m-1", "client-1", ALICE, "16505551234", null, null, MessageContent.Text.of("Hello"), T);
    List<JsonNode> f = frames(List.of(e), 4, AFTER);
    assertEquals(1, f.size(), "the conversation's fields did not change");
    assertEnvelope(f.get(0), "message.created", 4);
    JsonNode m = f.get(0).path("data").path("message");
    assertEquals("m-1", m.path("id").asText());
    assertEquals("outbound", m.path("kind").asText());
    assertEquals("client-1", m.path("clientMessageId").asText());
    assertEquals("alice", m.path("sentBy").path("userId").asText());
    assertEquals("agent", m.path("sentBy").path("role").asText());
    assertEquals("queued", m.path("status").asText());
    assertTrue(m.path("wamid").isMissingNode());
  }

  @Test
  void ticksAreStatusChangesAndAnAcceptanceOrAPendingStatusShowsNothing() {
    List<Event> batch =
        List.of(
            new Conversation.OutboundMessageAccepted(ID, "m-1", "wamid.out1", T),
            new Conversation.MessageStatusUpdated(ID, "m-1", "wamid.out1", MessageStatus.DELIVERED, T, null, T));
    List<JsonNode> f = frames(batch, 9, AFTER);
    assertEquals(1, f.size());
    assertEnvelope(f.get(0), "message.status_changed", 9);
    JsonNode d = f.get(0).path("data");
    assertEquals("m-1", d.path("messageId").asText());
    assertEquals("wamid.out1", d.path("wamid").asText());
    assertEquals("delivered", d.path("status").asText());
    assertEquals("2026-05-04T10:00:00.123Z", d.path("statusAt").asText());
    assertTrue(d.path("error").isMissingNode());

    Event pending = new Conversation.PendingStatusRecorded(ID, "wamid.x", MessageStatus.READ, T, null, T);
    assertEquals(List.of(), LiveEventMapper.map(List.of(pending), 10, AFTER));
  }

  @Test
  void aFailureCarriesMetasError() {
    MetaError error = new MetaError(131047, "Re-engagement message", "more than 24 hours");
    List<JsonNode> f =
        frames(List.of(new Conversation.OutboundSendFailed(ID, "m-2", error, T)), 11, AFTER);
    assertEnvelope(f.get(0), "message.status_changed", 11);
    JsonNode d = f.get(0).path("data");
    assertEquals("failed", d.path("status").asText());
    assertEquals(131047, d.path("error").path("code").asInt());
    assertEquals("Re-engagement message", d.path("error").path("title").asText());
    assertEquals("more than 24 hours", d.path("error").path("details").asText());

    List<JsonNode> failedLater =
        frames(
            List.of(new Conversation.MessageStatusUpdated(ID, "m-3", "wamid.o3", MessageStatus.FAILED, T, error, T)),
            12,
            AFTER);
    assertEquals("failed", failedLater.get(0).path("data").path("status").asText());
    assertEquals(131047, failedLater.get(0).path("data").path("error").path("code").asInt());
  }

  @Test
  void aCommentIsACommentCreatedLikeInTheHistory() {
    List<JsonNode> f = frames(List.of(new Conversation.CommentAdded(ID, "c-1", ALICE, "call back", T)), 2, AFTER);
    assertEquals(1, f.size());
    assertEnvelope(f.get(0), "comment.created", 2);
    JsonNode c = f.get(0).path("data").path("comment");
    assertEquals("c-1", c.path("id").asText());
    assertEquals("comment", c.path("kind").asText());
    assertEquals("call back", c.path("comment").asText());
    assertEquals("alice", c.path("sentBy").path("userId").asText());
  }

  @Test
  void assignmentArchiveAndReadPositionsAreConversationUpdatesWithTheStateAfter() {
    List<Event> each =
        List.of(
            new Conversation.AgentAssigned(ID, "alice", null, ALICE, T),
            new Conversation.ConversationUnassigned(ID, "alice", ALICE, T),
            new Conversation.ConversationArchived(ID, ALICE, T),
            new Conversation.ConversationUnarchived(ID, ALICE, T),
            new Conversation.ConversationRead(ID, "alice", 2, T));
    State archived = state(null, true, 3, Map.of("alice", 2L, "bob", 1L));
    for (Event e : each) {
      List<JsonNode> f = frames(List.of(e), 20, archived);
      assertEquals(1, f.size(), e.toString());
      assertEnvelope(f.get(0), "conversation.updated", 20);
      assertConversation(f.get(0), archived);
    }
  }

  @Test
  void aRenameIsLeftToTheContactsFeatureWhichPublishesTheWholeContact() {
    Event e = new Conversation.ContactRenamed(ID, "Sheena N.", ALICE, T);
    assertEquals(List.of(), LiveEventMapper.map(List.of(e), 3, AFTER));
  }

  @Test
  void otherFeaturesPublishTheirOwnDataAndMayHaveNoSequence() {
    LiveEvent e = LiveEventMapper.of("contact.updated", ID, null, Map.of("name", "Sheena N."));
    JsonNode f = parse(LiveJson.frame("abc.7", e));
    assertEquals("contact.updated", f.path("type").asText());
    assertTrue(f.path("sequence").isNull());
    assertEquals("Sheena N.", f.path("data").path("name").asText());
  }
}
