package com.whatatalk.engine.inbox;

import com.whatatalk.engine.conversation.Conversation;
import com.whatatalk.engine.conversation.Conversation.Actor;
import com.whatatalk.engine.conversation.Conversation.ConversationId;
import com.whatatalk.engine.conversation.Conversation.MessageStatus;
import com.whatatalk.engine.conversation.Conversation.MetaError;
import com.whatatalk.engine.conversation.MessageContent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One item of a conversation's history: a customer message, a message sent to them, or an
 * internal comment.
 *
 * @param messageId the wamid of an inbound message, the message id of an outbound one, the comment
 *     id of a comment
 * @param at Meta's timestamp (inbound), when it was queued (outbound), when it was written
 *     (comment)
 * @param sequence the inbound sequence (read positions refer to it); null otherwise
 * @param content null for comments
 * @param comment the text of a comment; null otherwise
 * @param sentBy who sent the outbound message or wrote the comment
 * @param status outbound only: the highest status seen, never lower
 * @param error outbound only, with {@code FAILED}
 */
public record HistoryEntry(
    ConversationId conversationId,
    String messageId,
    Kind kind,
    Instant at,
    String wamid,
    Long sequence,
    MessageContent content,
    String comment,
    String clientMessageId,
    String contextWamid,
    Actor sentBy,
    MessageStatus status,
    Instant statusAt,
    MetaError error) {

  public enum Kind {
    INBOUND,
    OUTBOUND,
    COMMENT
  }

  /** A customer message as the history holds it (times to the millisecond, as Cassandra stores). */
  public static HistoryEntry inbound(Conversation.InboundMessageReceived e) {
    return new HistoryEntry(
        e.conversationId(), e.wamid(), Kind.INBOUND, millis(e.timestamp()), e.wamid(), e.sequence(),
        e.content(), null, null, e.contextWamid(), null, null, null, null);
  }

  /** A message queued to the customer, before Meta has named it. */
  public static HistoryEntry outbound(Conversation.OutboundMessageQueued e) {
    return new HistoryEntry(
        e.conversationId(), e.messageId(), Kind.OUTBOUND, millis(e.queuedAt()), null, null,
        e.content(), null, e.clientMessageId(), e.contextWamid(), e.sentBy(), MessageStatus.QUEUED,
        millis(e.queuedAt()), null);
  }

  public static HistoryEntry comment(Conversation.CommentAdded e) {
    return new HistoryEntry(
        e.conversationId(), e.commentId(), Kind.COMMENT, millis(e.at()), null, null, null, e.text(),
        null, null, e.author(), null, null, null);
  }

  static Instant millis(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
  }
}
