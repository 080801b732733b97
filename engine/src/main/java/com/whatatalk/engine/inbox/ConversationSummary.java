package com.whatatalk.engine.inbox;

import com.whatatalk.engine.conversation.Conversation.ConversationId;
import com.whatatalk.engine.conversation.Conversation.MessageStatus;
import java.time.Instant;
import java.util.Map;

/**
 * A conversation as the inbox shows it, as stored in {@code inbox_conversations} and copied into
 * {@code inbox_by_activity}. Instants are whole milliseconds (Cassandra's precision), so the list
 * position ({@code lastActivityAt}, customer key) read back equals the one written.
 *
 * @param lastDirection {@code "inbound"} or {@code "outbound"} (null before any message)
 * @param lastPreview one line for the list: the text, or {@code "📷 Photo"}, {@code "📄 Document:
 *     name"}...
 * @param lastOutboundStatus the status of {@code lastOutboundMessageId}, the latest message sent
 * @param lastInboundSequence the sequence of the latest inbound message (0 before any)
 * @param readPositions per agent, the inbound sequence read up to
 * @param appliedSeqNr the journal sequence number of the last event applied (idempotency)
 * @param contactName the name an agent saved for the customer (null: none); it takes precedence
 *     over {@code profileName}, WhatsApp's profile name, in {@link #displayName()}
 */
public record ConversationSummary(
    ConversationId conversationId,
    String waId,
    String userId,
    String profileName,
    boolean archived,
    Instant lastActivityAt,
    String lastMessageId,
    String lastDirection,
    String lastPreview,
    String lastOutboundMessageId,
    MessageStatus lastOutboundStatus,
    String assigneeId,
    Instant windowClosesAt,
    long lastInboundSequence,
    Map<String, Long> readPositions,
    long appliedSeqNr,
    String contactName) {

  public ConversationSummary {
    readPositions = readPositions == null ? Map.of() : Map.copyOf(readPositions);
  }

  /** A summary without a saved contact name. */
  public ConversationSummary(
      ConversationId conversationId,
      String waId,
      String userId,
      String profileName,
      boolean archived,
      Instant lastActivityAt,
      String lastMessageId,
      String lastDirection,
      String lastPreview,
      String lastOutboundMessageId,
      MessageStatus lastOutboundStatus,
      String assigneeId,
      Instant windowClosesAt,
      long lastInboundSequence,
      Map<String, Long> readPositions,
      long appliedSeqNr) {
    this(
        conversationId, waId, userId, profileName, archived, lastActivityAt, lastMessageId,
        lastDirection, lastPreview, lastOutboundMessageId, lastOutboundStatus, assigneeId,
        windowClosesAt, lastInboundSequence, readPositions, appliedSeqNr, null);
  }

  /** The name to show: the one an agent saved, else WhatsApp's profile name (may be null). */
  public String displayName() {
    return contactName != null ? contactName : profileName;
  }

  /** Before the first event: nothing known but the id. */
  public static ConversationSummary empty(ConversationId id) {
    boolean phone = id.customerKey().chars().allMatch(Character::isDigit);
    return new ConversationSummary(
        id,
        phone ? id.customerKey() : null,
        phone ? null : id.customerKey(),
        null,
        false,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        0,
        Map.of(),
        0);
  }

  public InboxState state() {
    return InboxState.of(archived);
  }

  /** Inbound messages after {@code agentId}'s read position (all of them for a null agent). */
  public long unreadFor(String agentId) {
    long read = agentId == null ? 0 : readPositions.getOrDefault(agentId, 0L);
    return Math.max(0, lastInboundSequence - read);
  }

  /** Whether free-form messages may be sent at {@code now}. */
  public boolean windowOpenAt(Instant now) {
    return windowClosesAt != null && now.isBefore(windowClosesAt);
  }
}
