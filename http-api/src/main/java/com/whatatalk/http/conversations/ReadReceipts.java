package com.whatatalk.http.conversations;

import com.whatatalk.engine.cloudapi.CloudApiException;
import com.whatatalk.engine.cloudapi.WhatsAppClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.pattern.Patterns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read receipts and typing indicators at Meta, best effort: the customer's blue ticks and
 * "typing…" are a courtesy, so a failure is logged and never fails the agent's API call. A
 * failure Meta calls retryable (or a network error) is tried again after a delay that doubles, up
 * to {@code read-receipt-attempts} in all; a refusal is not.
 */
final class ReadReceipts {
  private static final Logger LOG = LoggerFactory.getLogger(ReadReceipts.class);

  private final WhatsAppClient client;
  private final ActorSystem<?> system;
  private final int attempts;
  private final Duration firstDelay;

  ReadReceipts(WhatsAppClient client, ActorSystem<?> system, ConversationsSettings settings) {
    this.client = client;
    this.system = system;
    this.attempts = Math.max(1, settings.readReceiptAttempts());
    this.firstDelay = settings.readReceiptRetryDelay();
  }

  /**
   * Marks {@code wamid} (and the customer's messages before it) read; with {@code typing}, shows
   * the typing indicator as well. Completes when done or given up, never with a failure.
   */
  CompletionStage<Boolean> markRead(String phoneNumberId, String wamid, boolean typing) {
    return attempt(phoneNumberId, wamid, typing, 1, firstDelay);
  }

  private CompletionStage<Boolean> attempt(
      String phoneNumberId, String wamid, boolean typing, int attempt, Duration delay) {
    CompletionStage<Done> call;
    try {
      call = client.markAsRead(phoneNumberId, wamid, typing);
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    return call.handle(
            (done, failure) -> {
              if (failure == null) {
                return CompletableFuture.completedFuture(true);
              }
              Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
              boolean retryable = !(cause instanceof CloudApiException e) || e.retryable();
              if (!retryable || attempt >= attempts) {
                LOG.warn(
                    "Could not mark {} read at Meta (typing={}, attempt {} of {}): {}",
                    wamid, typing, attempt, attempts, cause.toString());
                return CompletableFuture.completedFuture(false);
              }
              return Patterns.after(
                  delay,
                  system.classicSystem().scheduler(),
                  system.executionContext(),
                  () -> attempt(phoneNumberId, wamid, typing, attempt + 1, delay.multipliedBy(2)));
            })
        .thenCompose(next -> next);
  }
}
