package com.whatatalk.engine.inbox;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.whatatalk.engine.conversation.Conversation.MetaError;
import com.whatatalk.engine.conversation.MessageContent;
import java.time.Instant;
import java.util.Locale;

/**
 * A message or comment as clients see it, the same in the history API (GET .../messages) and in
 * live events, so a client treats a fetched message and a pushed one alike: {@code kind} inbound,
 * outbound or comment; {@code id} the wamid (inbound), our message id (outbound), the comment id;
 * {@code sequence} the inbound sequence (read positions refer to it); lower-case enums; no null
 * fields.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageView(
    String id,
    String kind,
    Instant at,
    String wamid,
    Long sequence,
    MessageContent content,
    String comment,
    String clientMessageId,
    String contextWamid,
    SentBy sentBy,
    String status,
    Instant statusAt,
    MetaError error) {

  public record SentBy(String userId, String role) {}

  public static MessageView of(HistoryEntry e) {
    return new MessageView(
        e.messageId(),
        lower(e.kind()),
        e.at(),
        e.wamid(),
        e.sequence(),
        e.content(),
        e.comment(),
        e.clientMessageId(),
        e.contextWamid(),
        e.sentBy() == null ? null : new SentBy(e.sentBy().userId(), lower(e.sentBy().role())),
        lower(e.status()),
        e.statusAt(),
        e.error());
  }

  private static String lower(Enum<?> value) {
    return value == null ? null : value.name().toLowerCase(Locale.ROOT);
  }
}
