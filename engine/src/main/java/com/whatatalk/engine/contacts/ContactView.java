package com.whatatalk.engine.contacts;

import com.whatatalk.engine.conversation.Conversation.ConversationId;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A contact as the API shows it.
 *
 * @param name the name an agent saved (null: none)
 * @param profileName WhatsApp's profile name, from the latest inbound message (null: none yet)
 * @param displayName {@code name}, else {@code profileName}
 * @param waId the phone number (digits) when known
 * @param userId the business-scoped user id (BSUID) when known
 * @param tags sorted
 * @param notesCount the notes written about this contact
 */
public record ContactView(
    ConversationId conversationId,
    String name,
    String profileName,
    String displayName,
    String waId,
    String userId,
    List<String> tags,
    Map<String, String> attributes,
    long notesCount,
    Instant updatedAt,
    String updatedBy) {}
