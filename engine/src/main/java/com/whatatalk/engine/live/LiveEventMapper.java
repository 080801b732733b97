package com.whatatalk.engine.live;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.whatatalk.engine.conversation.Conversation;
import com.whatatalk.engine.conversation.Conversation.ConversationId;
import com.whatatalk.engine.conversation.Conversation.MessageStatus;
import com.whatatalk.engine.conversation.Conversation.MetaError;
import com.whatatalk.engine.inbox.HistoryEntry;
import com.whatatalk.engine.inbox.MessageView;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns what a conversation just persisted into live events (pure). Messages and comments have
 * the shape of an item of the history API ({@link MessageView}: lower-case enums, no null fields,
 * instants to the millisecond as the read side stores them), so a client treats a live message
 * and a fetched one alike:
 *
 * <ul>
 *   <li>{@code message.created} {@code {"message": entry}}: a customer message or a message
 *       queued to the customer (with its client message id, to reconcile an optimistic send);
 *   <li>{@code message.status_changed} {@code {messageId, wamid, status, statusAt, error}}: a
 *       tick moved up (sent, delivered, read) or the message failed with Meta's error;
 *   <li>{@code comment.created} {@code {"comment": entry}};
 *   <li>{@code conversation.updated}: the conversation's fields after the change (assignee,
 *       archived, window closes-at, last inbound sequence and each agent's read position, from
 *       which unread is computed), once per persisted batch, after its other events, when
 *       anything of that changed (a customer message moves the window and the unread count).
 * </ul>
 *
 * A send accepted by Meta (it only names the wamid) and a status kept for a wamid not known yet
 * show nothing; the latter shows when it applies.
 */
public final class LiveEventMapper {
  private LiveEventMapper() {}


  public record MessageCreated(MessageView message) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record MessageStatusChanged(
      String messageId, String wamid, String status, Instant statusAt, MetaError error) {}

  public record CommentCreated(MessageView comment) {}

  public record ConversationUpdated(
      String waId,
      String userId,
      String profileName,
      String assigneeId,
      boolean archived,
      Instant windowClosesAt,
      long lastInboundSequence,
      Map<String, Long> readPositions) {}

  /**
   * The live events of {@code events}, persisted together as journal sequence numbers {@code
   * lastSequenceNr - events.size() + 1 .. lastSequenceNr}; {@code after} is the state after them.
   */
  public static List<LiveEvent> map(
      List<? extends Conversation.Event> events, long lastSequenceNr, Conversation.State after) {
    List<LiveEvent> live = new ArrayList<>(events.size() + 1);
    long sequence = lastSequenceNr - events.size();
    boolean conversationChanged = false;
    ConversationId id = null;
    for (Conversation.Event event : events) {
      sequence++;
      id = event.conversationId();
      Object data = null;
      String type = null;
      if (event instanceof Conversation.InboundMessageReceived e) {
        type = LiveEvent.MESSAGE_CREATED;
        data = new MessageCreated(MessageView.of(HistoryEntry.inbound(e)));
        conversationChanged = true;
      } else if (event instanceof Conversation.OutboundMessageQueued e) {
        type = LiveEvent.MESSAGE_CREATED;
        data = new MessageCreated(MessageView.of(HistoryEntry.outbound(e)));
      } else if (event instanceof Conversation.MessageStatusUpdated e) {
        type = LiveEvent.MESSAGE_STATUS_CHANGED;
        data =
            new MessageStatusChanged(
                e.messageId(), e.wamid(), lower(e.status()), millis(e.timestamp()), e.error());
      } else if (event instanceof Conversation.OutboundSendFailed e) {
        type = LiveEvent.MESSAGE_STATUS_CHANGED;
        data =
            new MessageStatusChanged(
                e.messageId(), null, lower(MessageStatus.FAILED), millis(e.at()), e.error());
      } else if (event instanceof Conversation.CommentAdded e) {
        type = LiveEvent.COMMENT_CREATED;
        data = new CommentCreated(MessageView.of(HistoryEntry.comment(e)));
      } else if (event instanceof Conversation.ConversationReactivated
          || event instanceof Conversation.AgentAssigned
          || event instanceof Conversation.ConversationUnassigned
          || event instanceof Conversation.ConversationArchived
          || event instanceof Conversation.ConversationUnarchived
          || event instanceof Conversation.ConversationRead) {
        conversationChanged = true;
      }
      if (type != null) {
        live.add(of(type, id, sequence, data));
      }
    }
    if (conversationChanged) {
      live.add(
          of(
              LiveEvent.CONVERSATION_UPDATED,
              id,
              lastSequenceNr,
              new ConversationUpdated(
                  after.waId(),
                  after.userId(),
                  after.profileName(),
                  after.assigneeId(),
                  after.archived(),
                  millis(after.windowClosesAt()),
                  after.lastInboundSequence(),
                  after.readPositions())));
    }
    return live;
  }

  /** A live event with {@code data} rendered as JSON. */
  public static LiveEvent of(String type, ConversationId id, Long sequence, Object data) {
    return new LiveEvent(
        type, id.phoneNumberId(), id.customerKey(), sequence, LiveJson.write(data));
  }

  private static String lower(Enum<?> value) {
    return value == null ? null : value.name().toLowerCase(Locale.ROOT);
  }

  private static Instant millis(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
  }
}
