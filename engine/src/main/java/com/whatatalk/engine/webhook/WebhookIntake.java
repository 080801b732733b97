package com.whatatalk.engine.webhook;

import com.whatatalk.engine.conversation.Conversation;
import com.whatatalk.engine.conversation.ConversationException;
import com.whatatalk.engine.templates.TemplateLibrary;
import com.whatatalk.engine.webhook.WebhookItem.AccountError;
import com.whatatalk.engine.webhook.WebhookItem.Acknowledged;
import com.whatatalk.engine.webhook.WebhookItem.InboundMessage;
import com.whatatalk.engine.webhook.WebhookItem.StatusUpdate;
import com.whatatalk.engine.webhook.WebhookItem.TemplateStatusUpdate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each webhook item to its conversation and completes only when every one of them is
 * persisted, so the HTTP layer answers Meta 200 only for durable data; any failure fails the whole
 * webhook and Meta retries it (the entities ignore what they already have).
 *
 * <p>An item that can never be stored (a customer id that is not a phone number, a message Meta
 * sent without an id) is logged and counted as dropped rather than failing the webhook: Meta would
 * otherwise retry it for days, holding back nothing but noise.
 */
public final class WebhookIntake {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookIntake.class);

  private final ClusterSharding sharding;
  private final Duration askTimeout;
  private final TemplateLibrary templates;

  /** Template status webhooks update {@code templates} before the webhook is answered. */
  public WebhookIntake(ActorSystem<?> system, Duration askTimeout, TemplateLibrary templates) {
    this.sharding = ClusterSharding.get(system);
    this.askTimeout = askTimeout;
    this.templates = templates;
  }

  /** What one webhook carried and what became of it. */
  public record Report(int messages, int statuses, int acknowledged, int dropped) {
    Report plus(Report o) {
      return new Report(
          messages + o.messages, statuses + o.statuses, acknowledged + o.acknowledged, dropped + o.dropped);
    }
  }

  private static final Report MESSAGE = new Report(1, 0, 0, 0);
  private static final Report STATUS = new Report(0, 1, 0, 0);
  private static final Report ACKNOWLEDGED = new Report(0, 0, 1, 0);
  private static final Report DROPPED = new Report(0, 0, 0, 1);

  public CompletionStage<Report> accept(List<WebhookItem> items) {
    CompletableFuture<Report> total = CompletableFuture.completedFuture(new Report(0, 0, 0, 0));
    for (WebhookItem item : items) {
      CompletableFuture<Report> one = accept(item).toCompletableFuture();
      total = total.thenCombine(one, Report::plus);
    }
    return total;
  }

  private CompletionStage<Report> accept(WebhookItem item) {
    try {
      if (item instanceof InboundMessage m) {
        return conversation(m.phoneNumberId(), m.waId(), m.userId())
            .<Conversation.Summary>askWithStatus(
                replyTo ->
                    new Conversation.ReceiveInbound(
                        m.wamid(), m.waId(), m.userId(), m.profileName(), m.timestamp(),
                        m.contextWamid(), m.content(), replyTo),
                askTimeout)
            .thenApply(summary -> MESSAGE)
            .exceptionally(e -> dropIfInvalid(e, item));
      }
      if (item instanceof StatusUpdate s) {
        return conversation(s.phoneNumberId(), s.recipientWaId(), s.recipientUserId())
            .<org.apache.pekko.Done>askWithStatus(
                replyTo ->
                    new Conversation.RecordStatus(s.wamid(), s.status(), s.timestamp(), s.error(), replyTo),
                askTimeout)
            .thenApply(done -> STATUS)
            .exceptionally(e -> dropIfInvalid(e, item));
      }
      if (item instanceof TemplateStatusUpdate t) {
        return templates
            .applyStatus(t.wabaId(), t.name(), t.language(), t.event(), t.at())
            .thenApply(changed -> ACKNOWLEDGED);
      }
      if (item instanceof AccountError a) {
        LOG.warn("Meta reported an error for number {}: {}", a.phoneNumberId(), a.error());
        return CompletableFuture.completedFuture(ACKNOWLEDGED);
      }
      if (item instanceof Acknowledged ack) {
        LOG.debug("Acknowledged webhook item ({}): {}", ack.field(), ack.reason());
        return CompletableFuture.completedFuture(ACKNOWLEDGED);
      }
      // A new item type must be handled above: failing the webhook (Meta retries) loses nothing.
      throw new IllegalStateException("no handling for webhook item " + item.getClass().getSimpleName());
    } catch (IllegalArgumentException invalid) {
      LOG.warn("Dropped a webhook item that cannot be stored ({}): {}", invalid.getMessage(), item);
      return CompletableFuture.completedFuture(DROPPED);
    }
  }

  private EntityRef<Conversation.Command> conversation(String phoneNumberId, String waId, String userId) {
    return sharding.entityRefFor(
        Conversation.ENTITY_KEY,
        Conversation.entityId(phoneNumberId, Conversation.customerKey(waId, userId)));
  }

  /** A refusal for bad data is dropped; anything else (a timeout, the journal) fails the webhook. */
  private static Report dropIfInvalid(Throwable e, WebhookItem item) {
    var refusal = ConversationException.from(e);
    if (refusal.isPresent() && refusal.get().code() == ConversationException.Code.VALIDATION_FAILED) {
      LOG.warn("Dropped a webhook item the conversation refused ({}): {}", refusal.get().getMessage(), item);
      return DROPPED;
    }
    throw e instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(e);
  }
}
