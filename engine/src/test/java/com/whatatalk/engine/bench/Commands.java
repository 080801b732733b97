package com.whatatalk.engine.bench;

import com.whatatalk.engine.conversation.Conversation;
import com.whatatalk.engine.conversation.Conversation.MessageStatus;
import com.whatatalk.engine.conversation.MessageContent;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * The commands the benchmark sends, each timed under its type: what the webhook intake and the
 * API send in production (an inbound text, an agent's text reply, Meta's send result, statuses).
 */
final class Commands {
  static final String PHONE_NUMBER_ID = "106540352242922";
  static final Duration ASK_TIMEOUT = Duration.ofSeconds(30);
  private static final Conversation.Actor AGENT = Conversation.Actor.agent("bench-agent");

  private final String run;
  private final AtomicLong wamids = new AtomicLong();

  Commands(String run) {
    this.run = run;
  }

  /** Conversation {@code i} of set {@code set}: a distinct customer phone number. */
  static String entityId(int set, int i) {
    return Conversation.entityId(PHONE_NUMBER_ID, String.valueOf(15550000000L + set * 10_000_000L + i));
  }

  static String customerKey(String entityId) {
    return entityId.substring(entityId.indexOf('|') + 1);
  }

  String newWamid(String kind) {
    return "wamid.bench." + run + "." + kind + "." + wamids.incrementAndGet();
  }

  CompletionStage<Conversation.Summary> inbound(
      Samples s, String type, EntityRef<Conversation.Command> ref, String customer) {
    String wamid = newWamid("in");
    Instant now = Instant.now();
    return s.timed(
        type,
        () ->
            ref.askWithStatus(
                replyTo ->
                    new Conversation.ReceiveInbound(
                        wamid, customer, null, "Bench Customer", now, null,
                        MessageContent.Text.of("Hello, is my order " + wamid + " on its way?"),
                        replyTo),
                ASK_TIMEOUT));
  }

  CompletionStage<Conversation.MessageAccepted> send(
      Samples s, EntityRef<Conversation.Command> ref) {
    return s.timed(
        "send",
        () ->
            ref.askWithStatus(
                replyTo ->
                    new Conversation.SendMessage(
                        AGENT, null, null,
                        MessageContent.Text.of("Yes, it left the warehouse this morning."),
                        replyTo),
                ASK_TIMEOUT));
  }

  CompletionStage<Done> accepted(
      Samples s, EntityRef<Conversation.Command> ref, String messageId, String wamid) {
    return s.timed(
        "accepted",
        () ->
            ref.askWithStatus(
                replyTo -> new Conversation.RecordSendAccepted(messageId, wamid, replyTo),
                ASK_TIMEOUT));
  }

  CompletionStage<Done> status(
      Samples s, EntityRef<Conversation.Command> ref, String wamid, MessageStatus status) {
    Instant now = Instant.now();
    return s.timed(
        "status",
        () ->
            ref.askWithStatus(
                replyTo -> new Conversation.RecordStatus(wamid, status, now, null, replyTo),
                ASK_TIMEOUT));
  }

  CompletionStage<Conversation.Summary> get(
      Samples s, String type, EntityRef<Conversation.Command> ref) {
    return s.timed(type, () -> ref.ask(Conversation.Get::new, ASK_TIMEOUT));
  }

  /**
   * A customer writes, an agent answers, Meta accepts the answer and reports it sent, delivered
   * and read: six commands, each persisting one event.
   */
  CompletionStage<Done> turn(Samples s, EntityRef<Conversation.Command> ref, String customer) {
    String outWamid = newWamid("out");
    return inbound(s, "inbound", ref, customer)
        .thenCompose(summary -> send(s, ref))
        .thenCompose(m -> accepted(s, ref, m.messageId(), outWamid))
        .thenCompose(d -> status(s, ref, outWamid, MessageStatus.SENT))
        .thenCompose(d -> status(s, ref, outWamid, MessageStatus.DELIVERED))
        .thenCompose(d -> status(s, ref, outWamid, MessageStatus.READ));
  }
}
