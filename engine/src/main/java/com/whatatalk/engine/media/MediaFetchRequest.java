package com.whatatalk.engine.media;

import com.whatatalk.engine.conversation.Conversation;
import com.whatatalk.engine.conversation.MessageContent;

/**
 * What is needed to download an inbound media, again if need be: taken from the {@link
 * Conversation.InboundMessageReceived} event and kept in the fetch log.
 *
 * @param conversationId the conversation's entity id
 * @param slice the conversation's tag slice (whose fetcher retries it)
 * @param sha256 the digest the webhook announced (base64), nullable
 */
public record MediaFetchRequest(
    String phoneNumberId,
    String metaMediaId,
    String conversationId,
    int slice,
    String wamid,
    MessageContent.MediaKind kind,
    String mimeType,
    String sha256,
    String filename) {

  static MediaFetchRequest of(
      Conversation.InboundMessageReceived event, MessageContent.Media media, int slice) {
    return new MediaFetchRequest(
        event.conversationId().phoneNumberId(),
        media.mediaId(),
        event.conversationId().entityId(),
        slice,
        event.wamid(),
        media.kind(),
        media.mimeType(),
        media.sha256(),
        media.filename());
  }

  MediaStore.MetaKey metaKey() {
    return new MediaStore.MetaKey(phoneNumberId, metaMediaId);
  }
}
