package com.whatatalk.engine.outbound;

import com.whatatalk.engine.cloudapi.OutboundMessage;
import com.whatatalk.engine.cloudapi.Recipient;
import com.whatatalk.engine.cloudapi.SendOutcome;
import com.whatatalk.engine.cloudapi.WhatsAppClient;
import com.whatatalk.engine.conversation.Conversation;
import com.whatatalk.engine.conversation.Conversation.MessageInfo;
import com.whatatalk.engine.conversation.Conversation.MessageStatus;
import com.whatatalk.engine.conversation.Conversation.OutboundMessageQueued;
import com.whatatalk.engine.conversation.ConversationException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.IntSupplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.pattern.StatusReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one queued message of one business number: skip it if its conversation already has a
 * send result (a replay after a crash), wait for the pair limit and the number's rate, send,
 * retry retryable errors with backoff and jitter up to a bounded number of attempts, and record
 * the result in the conversation. The returned stage completes only once the result is recorded,
 * so the pipeline's offset never passes a message that is not settled.
 */
final class OutboundDelivery {
  private static final Logger LOG = LoggerFactory.getLogger(OutboundDelivery.class);
  /** Meta's pair rate limit error: too many messages to the same customer. */
  private static final int PAIR_RATE_LIMIT = 131056;

  /** Where the conversations are: the entity ref of an id (sharding in production). */
  interface Conversations {
    EntityRef<Conversation.Command> ref(Conversation.ConversationId id);
  }

  private final String phoneNumberId;
  private final WhatsAppClient client;
  private final Conversations conversations;
  private final OutboundSettings settings;
  private final Duration askTimeout;
  private final IntSupplier mps;
  private final RateLimiter rate;
  private final PairLimiter pairs;
  private final Delays delays;

  OutboundDelivery(
      String phoneNumberId,
      WhatsAppClient client,
      Conversations conversations,
      OutboundSettings settings,
      IntSupplier mps,
      Duration askTimeout,
      Delays delays) {
    this.phoneNumberId = phoneNumberId;
    this.mps = mps;
    this.client = client;
    this.conversations = conversations;
    this.settings = settings;
    this.askTimeout = askTimeout;
    this.delays = delays;
    this.rate = new RateLimiter(mps, delays);
    this.pairs = new PairLimiter(settings.pairBurst(), settings.pairPeriod(), delays);
  }

  private volatile Instant lastQueuedAt;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final java.util.concurrent.ConcurrentHashMap<String, CompletableFuture<Done>> deliveries =
      new java.util.concurrent.ConcurrentHashMap<>();

  String phoneNumberId() {
    return phoneNumberId;
  }

  /** The number's messages per second now. */
  int mps() {
    return mps.getAsInt();
  }

  private volatile boolean draining;

  /**
   * Stop sending: messages still waiting for a permit are left for after the restart; those
   * already sent finish and are recorded.
   */
  void drain() {
    draining = true;
  }

  /** Messages started and not yet settled. */
  int inFlight() {
    return inFlight.get();
  }

  /** How far behind the number is: the age of the newest message in flight (zero when idle). */
  Duration lag(Instant now) {
    Instant queuedAt = lastQueuedAt;
    return inFlight.get() == 0 || queuedAt == null || queuedAt.isAfter(now)
        ? Duration.ZERO
        : Duration.between(queuedAt, now);
  }

  CompletionStage<Done> deliver(Conversation.Event event) {
    if (!(event instanceof OutboundMessageQueued queued)
        || !queued.conversationId().phoneNumberId().equals(phoneNumberId)) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    lastQueuedAt = queued.queuedAt();
    // A restarted projection re-reads from its last stored offset while the first reading's
    // deliveries are still on their way: join the delivery in flight instead of starting a second
    // one, which would pass the "still queued" check too and send the message twice.
    CompletableFuture<Done> started = new CompletableFuture<>();
    CompletableFuture<Done> existing = deliveries.putIfAbsent(queued.messageId(), started);
    if (existing != null) {
      return existing;
    }
    inFlight.incrementAndGet();
    EntityRef<Conversation.Command> conversation = conversations.ref(queued.conversationId());
    stillQueued(conversation, queued.messageId())
        .thenCompose(
            queuedStill ->
                queuedStill
                    ? attempt(conversation, queued, 1)
                    : CompletableFuture.completedFuture(Done.getInstance()))
        .whenComplete(
            (done, failure) -> {
              inFlight.decrementAndGet();
              deliveries.remove(queued.messageId(), started);
              if (failure != null) {
                started.completeExceptionally(failure);
              } else {
                started.complete(done);
              }
            });
    return started;
  }

  /** False when the conversation already recorded a send result: never send a message twice. */
  private CompletionStage<Boolean> stillQueued(
      EntityRef<Conversation.Command> conversation, String messageId) {
    return ask(
            conversation,
            (ActorRef<StatusReply<MessageInfo>> replyTo) -> new Conversation.GetMessage(messageId, replyTo))
        .thenApply(info -> info.wamid() == null && info.status() == MessageStatus.QUEUED)
        .exceptionally(
            e -> {
              if (isCode(e, ConversationException.Code.NOT_FOUND)) {
                // Beyond the entity's recent-message memory: send (at least once) rather than drop.
                return true;
              }
              throw propagate(e);
            });
  }

  private CompletionStage<Done> attempt(
      EntityRef<Conversation.Command> conversation, OutboundMessageQueued queued, int attempt) {
    String customer = queued.conversationId().customerKey();
    return pairs
        .acquire(customer)
        .thenCompose(ok -> rate.acquire())
        .thenCompose(
            ok ->
                draining
                    // Not sent, not recorded, offset not stored: it is read again after the restart.
                    ? CompletableFuture.<SendOutcome>failedFuture(new IllegalStateException("draining"))
                    : client.send(message(queued)))
        .thenCompose(
            outcome -> {
              if (outcome instanceof SendOutcome.Accepted accepted) {
                return record(
                    conversation,
                    replyTo -> new Conversation.RecordSendAccepted(queued.messageId(), accepted.wamid(), replyTo));
              }
              SendOutcome.Rejected rejected = (SendOutcome.Rejected) outcome;
              if (rejected.retryable() && attempt < settings.maxAttempts()) {
                Duration wait = backoff(rejected, attempt);
                LOG.debug("Retrying message {} in {} after {}", queued.messageId(), wait, rejected.error().summary());
                return delays.after(wait).thenCompose(ok -> attempt(conversation, queued, attempt + 1));
              }
              var error = rejected.error();
              return record(
                  conversation,
                  replyTo ->
                      new Conversation.RecordSendFailed(
                          queued.messageId(),
                          new Conversation.MetaError(error.code(), error.title(), error.details()),
                          replyTo));
            });
  }

  private OutboundMessage message(OutboundMessageQueued queued) {
    Recipient to =
        queued.recipientWaId() != null
            ? Recipient.phone(queued.recipientWaId())
            : Recipient.bsuid(queued.recipientUserId());
    // Our message id rides along as biz_opaque_callback_data: Meta echoes it in every status.
    return new OutboundMessage(phoneNumberId, to, queued.content(), queued.contextWamid(), queued.messageId());
  }

  /**
   * Meta's advice for the pair limit (131056) is 4^X seconds; other retryable errors back off
   * exponentially from min-backoff. Both are capped, honour Meta's hint when longer, and get
   * ±20 % jitter so that many throttled messages do not return at the same instant.
   */
  Duration backoff(SendOutcome.Rejected rejected, int attempt) {
    long millis =
        rejected.error().code() == PAIR_RATE_LIMIT
            ? 1000L * (long) Math.pow(4, attempt - 1)
            : settings.minBackoff().toMillis() * (1L << Math.min(attempt - 1, 20));
    millis = Math.min(millis, settings.maxBackoff().toMillis());
    millis = Math.max(millis, rejected.retryAfterHint().map(Duration::toMillis).orElse(0L));
    double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
    return Duration.ofMillis((long) (millis * jitter));
  }

  /** Records a send result; a result the conversation already has is fine (a replay). */
  private CompletionStage<Done> record(
      EntityRef<Conversation.Command> conversation,
      Function<ActorRef<StatusReply<Done>>, Conversation.Command> command) {
    return ask(conversation, command)
        .exceptionally(
            e -> {
              if (isCode(e, ConversationException.Code.CONFLICT) || isCode(e, ConversationException.Code.NOT_FOUND)) {
                LOG.warn("Send result not recorded: {}", e.getMessage());
                return Done.getInstance();
              }
              throw propagate(e);
            });
  }

  private <T> CompletionStage<T> ask(
      EntityRef<Conversation.Command> conversation,
      Function<ActorRef<StatusReply<T>>, Conversation.Command> command) {
    return conversation.askWithStatus(command::apply, askTimeout);
  }

  private static boolean isCode(Throwable e, ConversationException.Code code) {
    return ConversationException.from(e).map(c -> c.code() == code).orElse(false);
  }

  private static RuntimeException propagate(Throwable e) {
    return e instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(e);
  }
}
