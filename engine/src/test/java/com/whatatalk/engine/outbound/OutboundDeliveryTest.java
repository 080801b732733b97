package com.whatatalk.engine.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.typesafe.config.ConfigFactory;
import com.whatatalk.engine.cloudapi.MediaDownload;
import com.whatatalk.engine.cloudapi.MediaInfo;
import com.whatatalk.engine.cloudapi.MediaUpload;
import com.whatatalk.engine.cloudapi.OutboundMessage;
import com.whatatalk.engine.cloudapi.SendOutcome;
import com.whatatalk.engine.cloudapi.TemplateDefinition;
import com.whatatalk.engine.cloudapi.WhatsAppClient;
import com.whatatalk.engine.conversation.Conversation;
import com.whatatalk.engine.conversation.MessageContent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.testkit.javadsl.TestEntityRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutboundDeliveryTest {
  private final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.load());

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  /** Counts sends; each answers when the test completes it. */
  private static final class SlowClient implements WhatsAppClient {
    final AtomicInteger sends = new AtomicInteger();
    final CompletableFuture<SendOutcome> answer = new CompletableFuture<>();

    @Override
    public CompletionStage<SendOutcome> send(OutboundMessage message) {
      sends.incrementAndGet();
      return answer;
    }

    @Override
    public CompletionStage<Done> markAsRead(String phoneNumberId, String wamid, boolean typing) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<String> uploadMedia(String phoneNumberId, MediaUpload upload) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<MediaInfo> mediaInfo(String phoneNumberId, String mediaId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<MediaDownload> downloadMedia(String phoneNumberId, String url) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<List<TemplateDefinition>> listTemplates(String wabaId) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void theSameQueuedMessageReadTwiceWhileInFlightIsSentOnce() {
    TestProbe<Conversation.Command> conversation = testKit.createTestProbe();
    SlowClient client = new SlowClient();
    OutboundDelivery delivery =
        new OutboundDelivery(
            "106540352242922",
            client,
            id -> TestEntityRef.of(Conversation.ENTITY_KEY, id.entityId(), conversation.getRef()),
            OutboundSettings.create(ConfigFactory.load()),
            () -> 80,
            Duration.ofSeconds(5),
            Delays.of(testKit.system()));
    Conversation.OutboundMessageQueued queued =
        new Conversation.OutboundMessageQueued(
            new Conversation.ConversationId("106540352242922", "16505551234"),
            "m-1", null, Conversation.Actor.agent("alice"), "16505551234", null, null,
            MessageContent.Text.of("hello"), Instant.now());

    CompletionStage<Done> first = delivery.deliver(queued);
    Conversation.GetMessage check = conversation.expectMessageClass(Conversation.GetMessage.class);
    check.replyTo().tell(StatusReply.success(new Conversation.MessageInfo(
        "m-1", null, null, Conversation.MessageStatus.QUEUED, null, Instant.now(), null)));
    // The projection restarts and reads the same event again while the send is on the wire.
    CompletionStage<Done> second = delivery.deliver(queued);

    assertSame(first, second, "joins the delivery in flight");
    client.answer.complete(new SendOutcome.Accepted("wamid.1", "16505551234", null));
    Conversation.RecordSendAccepted recorded = conversation.expectMessageClass(Conversation.RecordSendAccepted.class);
    recorded.replyTo().tell(StatusReply.ack());
    first.toCompletableFuture().join();
    assertEquals(1, client.sends.get(), "sent once");
    conversation.expectNoMessage(Duration.ofMillis(200));
  }
}
