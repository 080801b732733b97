package com.whatatalk.engine.inbox;

import com.whatatalk.engine.conversation.Conversation.ConversationId;

/**
 * A contact found by name or phone, with the conversation it belongs to. {@code contactName} is
 * the name an agent saved (null: none), {@code profileName} WhatsApp's.
 */
public record ContactMatch(
    ConversationId conversationId,
    String profileName,
    String waId,
    String userId,
    String contactName) {

  public ContactMatch(
      ConversationId conversationId, String profileName, String waId, String userId) {
    this(conversationId, profileName, waId, userId, null);
  }

  /** The name to show: the saved one, else WhatsApp's profile name. */
  public String displayName() {
    return contactName != null ? contactName : profileName;
  }
}
