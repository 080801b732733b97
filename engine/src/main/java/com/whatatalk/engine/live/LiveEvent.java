package com.whatatalk.engine.live;

import com.whatatalk.engine.CborSerializable;

/**
 * A change of a conversation as live sockets receive it, published cluster-wide on one topic.
 * Each node renders it once into the frame every socket of that node gets, adding a node-local
 * {@code position} for catch-up ({@link LiveRing}).
 *
 * @param type dot-namespaced past tense: {@link #MESSAGE_CREATED}, {@link
 *     #MESSAGE_STATUS_CHANGED}, {@link #CONVERSATION_UPDATED}, {@link #COMMENT_CREATED}, {@link
 *     #CONTACT_UPDATED}
 * @param sequence the journal sequence number of the conversation event behind it (the REST API
 *     shows the same number on a conversation: a client drops updates at or below what it
 *     fetched); null for a change that is not a conversation event
 * @param data the event's JSON object, rendered once by the publisher
 */
public record LiveEvent(
    String type, String phoneNumberId, String customerKey, Long sequence, String data)
    implements CborSerializable {

  public static final String MESSAGE_CREATED = "message.created";
  public static final String MESSAGE_STATUS_CHANGED = "message.status_changed";
  public static final String CONVERSATION_UPDATED = "conversation.updated";
  public static final String COMMENT_CREATED = "comment.created";
  public static final String CONTACT_UPDATED = "contact.updated";
}
