package com.whatatalk.engine.inbox;

import com.whatatalk.engine.conversation.Conversation.ConversationId;
import com.whatatalk.engine.conversation.Conversation.MessageStatus;
import com.whatatalk.engine.conversation.Conversation.MetaError;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * The inbox read model: written by {@link InboxProjectionHandler}, read by the API. Cursors are
 * opaque strings made by this repository; pass them back unchanged.
 */
public interface InboxRepository {

  // Queries

  /**
   * A page of a business number's conversations in one tab, newest activity first, filtered for
   * {@code forAgent} (who "mine" and "unread" refer to). {@code cursor} null for the first page.
   *
   * @throws IllegalArgumentException (in the stage) for a malformed cursor
   */
  CompletionStage<ConversationPage> listConversations(
      String phoneNumberId,
      InboxState state,
      ConversationFilter filter,
      String cursor,
      int limit,
      String forAgent);

  /** One conversation with {@code forAgent}'s unread count; empty when never seen. */
  CompletionStage<Optional<ConversationView>> getConversation(ConversationId id, String forAgent);

  /**
   * A page of the contacts whose name has a word starting with each word of {@code query}, or
   * whose phone starts with the query's digits (see {@link ContactTokens}), ordered by name;
   * {@code phoneNumberId} null searches every business number, {@code cursor} null for the first
   * page.
   *
   * @throws IllegalArgumentException (in the stage) for a malformed cursor
   */
  CompletionStage<ContactPage> searchContacts(
      String phoneNumberId, String query, String cursor, int limit);

  /** The first page of {@link #searchContacts(String, String, String, int)}. */
  default CompletionStage<List<ContactMatch>> searchContacts(
      String phoneNumberId, String query, int limit) {
    return searchContacts(phoneNumberId, query, null, limit).thenApply(ContactPage::contacts);
  }

  /** A page of a conversation's history, newest first; {@code cursor} null for the newest. */
  CompletionStage<MessagePage> messages(ConversationId id, String cursor, int limit);

  // Updates (the projection)

  /** The stored summary, with the sequence number of the last event applied. */
  CompletionStage<Optional<ConversationSummary>> summary(ConversationId id);

  /**
   * Stores {@code next}, moving its list row when its tab or activity changed since {@code
   * previous} (the stored summary, or null) and re-indexing the contact when its name or phone
   * changed.
   */
  CompletionStage<Done> saveSummary(ConversationSummary previous, ConversationSummary next);

  /** Adds a message or comment to the history (the same entry again changes nothing). */
  CompletionStage<Done> addHistory(HistoryEntry entry);

  /** Meta named an outbound message. */
  CompletionStage<Done> recordWamid(ConversationId id, String messageId, String wamid);

  /**
   * Raises an outbound message's status to {@code status} if that is higher ({@link
   * MessageStatus#merge}): a lower or equal one changes nothing. The error is kept only while the
   * status is {@code FAILED}.
   */
  CompletionStage<Done> mergeStatus(
      ConversationId id, String messageId, MessageStatus status, Instant at, MetaError error);
}
