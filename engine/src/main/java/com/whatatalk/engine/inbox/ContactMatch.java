package com.whatatalk.engine.inbox;

import com.whatatalk.engine.conversation.Conversation.ConversationId;

/** A contact found by name or phone, with the conversation it belongs to. */
public record ContactMatch(
    ConversationId conversationId, String profileName, String waId, String userId) {}
