package com.whatatalk.engine.cloudapi;

import com.whatatalk.engine.conversation.MessageContent;
import java.util.Objects;

/**
 * One message to send from a business number.
 *
 * @param phoneNumberId the business number's phone-number id (path of {@code /messages}; picks the
 *     access token)
 * @param to the customer
 * @param content what to send; only outbound kinds (see {@code OutboundValidation})
 * @param replyToWamid the wamid quoted as {@code context.message_id}; null for none
 * @param bizOpaqueCallbackData echoed back by Meta in status webhooks; null for none
 */
public record OutboundMessage(
    String phoneNumberId,
    Recipient to,
    MessageContent content,
    String replyToWamid,
    String bizOpaqueCallbackData) {

  public OutboundMessage {
    Objects.requireNonNull(phoneNumberId, "phoneNumberId");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(content, "content");
  }

  public static OutboundMessage of(String phoneNumberId, Recipient to, MessageContent content) {
    return new OutboundMessage(phoneNumberId, to, content, null, null);
  }

  public OutboundMessage replyingTo(String wamid) {
    return new OutboundMessage(phoneNumberId, to, content, wamid, bizOpaqueCallbackData);
  }

  public OutboundMessage withCallbackData(String data) {
    return new OutboundMessage(phoneNumberId, to, content, replyToWamid, data);
  }
}
