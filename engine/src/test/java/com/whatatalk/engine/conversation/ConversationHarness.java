package com.whatatalk.engine.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.whatatalk.engine.conversation.Conversation.Actor;
import com.whatatalk.engine.conversation.Conversation.AddComment;
import com.whatatalk.engine.conversation.Conversation.Archive;
import com.whatatalk.engine.conversation.Conversation.Assign;
import com.whatatalk.engine.conversation.Conversation.Command;
import com.whatatalk.engine.conversation.Conversation.CommentAccepted;
import com.whatatalk.engine.conversation.Conversation.ConversationId;
import com.whatatalk.engine.conversation.Conversation.Event;
import com.whatatalk.engine.conversation.Conversation.Get;
import com.whatatalk.engine.conversation.Conversation.GetMessage;
import com.whatatalk.engine.conversation.Conversation.MarkRead;
import com.whatatalk.engine.conversation.Conversation.MessageAccepted;
import com.whatatalk.engine.conversation.Conversation.MessageInfo;
import com.whatatalk.engine.conversation.Conversation.MessageStatus;
import com.whatatalk.engine.conversation.Conversation.MetaError;
import com.whatatalk.engine.conversation.Conversation.ReceiveInbound;
import com.whatatalk.engine.conversation.Conversation.RecordSendAccepted;
import com.whatatalk.engine.conversation.Conversation.RecordSendFailed;
import com.whatatalk.engine.conversation.Conversation.RecordStatus;
import com.whatatalk.engine.conversation.Conversation.SendMessage;
import com.whatatalk.engine.conversation.Conversation.State;
import com.whatatalk.engine.conversation.Conversation.Summary;
import com.whatatalk.engine.conversation.Conversation.Unarchive;
import com.whatatalk.engine.conversation.Conversation.Unassign;
import java.time.Instant;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;

/**
 * One conversation entity under {@link EventSourcedBehaviorTestKit}, with a controllable clock and
 * one method per command, so tests read as the rules they check.
 */
final class ConversationHarness {

  final TestClock clock;
  final String entityId;
  final ConversationId id;
  final EventSourcedBehaviorTestKit<Command, Event, State> kit;

  ConversationHarness(ActorSystem<?> system, ConversationSettings settings, Instant start) {
    this(system, settings, start, ConversationFixtures.newEntityId());
  }

  ConversationHarness(
      ActorSystem<?> system, ConversationSettings settings, Instant start, String entityId) {
    this.clock = new TestClock(start);
    this.entityId = entityId;
    this.id = ConversationId.parse(entityId);
    this.kit =
        EventSourcedBehaviorTestKit.create(system, Conversation.create(entityId, settings, clock));
  }

  String waId() {
    return id.customerKey();
  }

  State state() {
    return kit.getState();
  }

  CommandResultWithReply<Command, Event, State, StatusReply<Summary>> receive(
      String wamid, Instant timestamp, MessageContent content) {
    return kit.runCommand(
        replyTo ->
            new ReceiveInbound(
                wamid, waId(), null, "Sheena Nelson", timestamp, null, content, replyTo));
  }

  CommandResultWithReply<Command, Event, State, StatusReply<Summary>> receive(
      ReceiveInboundTemplate t) {
    return kit.runCommand(
        replyTo ->
            new ReceiveInbound(
                t.wamid(),
                t.waId(),
                t.userId(),
                t.profileName(),
                t.timestamp(),
                t.contextWamid(),
                t.content(),
                replyTo));
  }

  /** A customer text at Meta time {@code timestamp}; asserts it was accepted. */
  Summary receiveText(String wamid, Instant timestamp) {
    StatusReply<Summary> reply = receive(wamid, timestamp, MessageContent.Text.of("hello")).reply();
    assertTrue(reply.isSuccess(), () -> "inbound refused: " + reply);
    return reply.getValue();
  }

  CommandResultWithReply<Command, Event, State, StatusReply<MessageAccepted>> send(
      Actor actor, String clientMessageId, String contextWamid, MessageContent content) {
    return kit.runCommand(
        replyTo -> new SendMessage(actor, clientMessageId, contextWamid, content, replyTo));
  }

  CommandResultWithReply<Command, Event, State, StatusReply<MessageAccepted>> send(
      Actor actor, MessageContent content) {
    return send(actor, null, null, content);
  }

  /** Sends a text as {@code actor}; asserts it was queued and returns its message id. */
  String sendText(Actor actor, String body) {
    StatusReply<MessageAccepted> reply = send(actor, MessageContent.Text.of(body)).reply();
    assertTrue(reply.isSuccess(), () -> "send refused: " + reply);
    return reply.getValue().messageId();
  }

  CommandResultWithReply<Command, Event, State, StatusReply<Done>> accept(
      String messageId, String wamid) {
    return kit.runCommand(replyTo -> new RecordSendAccepted(messageId, wamid, replyTo));
  }

  CommandResultWithReply<Command, Event, State, StatusReply<Done>> sendFailed(
      String messageId, MetaError error) {
    return kit.runCommand(replyTo -> new RecordSendFailed(messageId, error, replyTo));
  }

  CommandResultWithReply<Command, Event, State, StatusReply<Done>> status(
      String wamid, MessageStatus status, Instant timestamp, MetaError error) {
    return kit.runCommand(replyTo -> new RecordStatus(wamid, status, timestamp, error, replyTo));
  }

  CommandResultWithReply<Command, Event, State, StatusReply<Summary>> assign(
      Actor actor, String assigneeId) {
    return kit.runCommand(replyTo -> new Assign(actor, assigneeId, replyTo));
  }

  CommandResultWithReply<Command, Event, State, StatusReply<Summary>> unassign(Actor actor) {
    return kit.runCommand(replyTo -> new Unassign(actor, replyTo));
  }

  CommandResultWithReply<Command, Event, State, StatusReply<CommentAccepted>> comment(
      Actor actor, String text) {
    return kit.runCommand(replyTo -> new AddComment(actor, text, replyTo));
  }

  CommandResultWithReply<Command, Event, State, StatusReply<Summary>> archive(Actor actor) {
    return kit.runCommand(replyTo -> new Archive(actor, replyTo));
  }

  CommandResultWithReply<Command, Event, State, StatusReply<Summary>> unarchive(Actor actor) {
    return kit.runCommand(replyTo -> new Unarchive(actor, replyTo));
  }

  CommandResultWithReply<Command, Event, State, StatusReply<Summary>> markRead(
      Actor actor, Long upToSequence) {
    return kit.runCommand(replyTo -> new MarkRead(actor, upToSequence, replyTo));
  }

  Summary get() {
    CommandResultWithReply<Command, Event, State, Summary> result =
        kit.runCommand(replyTo -> new Get(replyTo));
    return result.reply();
  }

  StatusReply<MessageInfo> getMessage(String messageId) {
    CommandResultWithReply<Command, Event, State, StatusReply<MessageInfo>> result =
        kit.runCommand(replyTo -> new GetMessage(messageId, replyTo));
    return result.reply();
  }

  /** Asserts a refusal with the given code and returns its detail text. */
  static String assertRejected(StatusReply<?> reply, ConversationException.Code code) {
    assertTrue(reply.isError(), () -> "expected " + code + " but got " + reply);
    ConversationException e = assertInstanceOf(ConversationException.class, reply.getError());
    assertEquals(code, e.code(), () -> "detail: " + e.detail());
    return e.detail();
  }

  /** The fields of an inbound webhook message, for tests that vary them. */
  record ReceiveInboundTemplate(
      String wamid,
      String waId,
      String userId,
      String profileName,
      Instant timestamp,
      String contextWamid,
      MessageContent content) {}
}
