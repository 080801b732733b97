package com.whatatalk.engine.webhook;

import com.whatatalk.engine.conversation.Conversation.MessageStatus;
import com.whatatalk.engine.conversation.Conversation.MetaError;
import com.whatatalk.engine.conversation.MessageContent;
import java.time.Instant;

/**
 * One thing a webhook POST told us, in domain terms: a webhook carries any number of them
 * ({@code entry[] > changes[] > messages[] | statuses[] | errors[]}).
 */
public sealed interface WebhookItem {

  /** A customer's message to the business number {@code phoneNumberId}. */
  record InboundMessage(
      String phoneNumberId,
      String wamid,
      String waId,
      String userId,
      String profileName,
      Instant timestamp,
      String contextWamid,
      MessageContent content)
      implements WebhookItem {}

  /** A status of one of our messages; {@code error} only for {@code FAILED}. */
  record StatusUpdate(
      String phoneNumberId,
      String wamid,
      String recipientWaId,
      String recipientUserId,
      MessageStatus status,
      Instant timestamp,
      MetaError error)
      implements WebhookItem {}

  /** An account- or app-level error ({@code value.errors[]}): no message of ours is named. */
  record AccountError(String phoneNumberId, MetaError error) implements WebhookItem {}

  /**
   * A template's status changed at Meta ({@code message_template_status_update}): {@code event}
   * in Meta's spelling ({@code APPROVED}, {@code PAUSED}, {@code REJECTED}, {@code DISABLED}...),
   * {@code at} the entry's time (null when Meta gave none). Applied to the template library at
   * once, between its syncs.
   */
  record TemplateStatusUpdate(
      String wabaId, String templateId, String name, String language, String event, String reason,
      Instant at)
      implements WebhookItem {}

  /**
   * Something we read and deliberately do not act on (another webhook field such as
   * {@code message_template_quality_update}, a status such as {@code played} without meaning for
   * the ticks, an item without a customer): acknowledged so Meta does not retry it.
   */
  record Acknowledged(String field, String reason) implements WebhookItem {}
}
