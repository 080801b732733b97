package com.whatatalk.engine.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.whatatalk.engine.conversation.Conversation;
import com.whatatalk.engine.conversation.ConversationSettings;
import com.whatatalk.engine.conversation.MessageContent;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;

/**
 * Two nodes in one cluster: a conversation entity persisting on node 1 reaches a socket on node 2
 * through the live topic, with the journal sequence numbers of its events.
 */
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveEventsClusterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Config CONFIG =
      ConfigFactory.parseString(
              """
              pekko.actor.provider = cluster
              pekko.remote.artery.canonical.hostname = "127.0.0.1"
              pekko.remote.artery.canonical.port = 0
              pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
              pekko.coordinated-shutdown.exit-jvm = off
              pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
              pekko.loglevel = WARNING
              pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
              pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
              pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
              pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
              """)
          .withFallback(EventSourcedBehaviorTestKit.config())
          .withFallback(ConfigFactory.load());

  private final ActorTestKit node1 = ActorTestKit.create("live-cluster", CONFIG);
  private final ActorTestKit node2 = ActorTestKit.create("live-cluster", CONFIG);

  LiveEventsClusterTest() {
    Cluster c1 = Cluster.get(node1.system());
    c1.manager().tell(Join.create(c1.selfMember().address()));
    Cluster.get(node2.system()).manager().tell(Join.create(c1.selfMember().address()));
    // A publish reaches only the topic instances the publisher's node has learnt of (gossip):
    // start both nodes' hubs, then wait until each node's topic knows both instances.
    List.of(node1, node2).forEach(node -> LiveEvents.get(node.system()));
    for (ActorTestKit node : List.of(node1, node2)) {
      ActorRef<Topic.Command<LiveEvent>> topic = LiveEvents.get(node.system()).topic();
      TestProbe<Topic.TopicStats> stats = node.createTestProbe();
      stats.awaitAssert(
          WAIT,
          () -> {
            topic.tell(Topic.getTopicStats(stats.getRef()));
            assertTrue(
                stats.receiveMessage().topicInstanceCount() >= 2,
                () -> "members: " + Cluster.get(node.system()).state().getMembers());
            return null;
          });
    }
  }

  @AfterAll
  void shutdown() {
    node2.shutdownTestKit();
    node1.shutdownTestKit();
  }

  private static JsonNode next(SinkQueueWithCancel<String> socket) {
    try {
      Optional<String> frame = socket.pull().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      return JSON.readTree(frame.orElseThrow());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void whatAConversationPersistsOnOneNodeReachesASocketOnTheOther() {
    SinkQueueWithCancel<String> socket =
        LiveEvents.get(node2.system())
            .socket(null, null, null)
            .runWith(Sink.<String>queue().withAttributes(Attributes.inputBuffer(1, 1)), node2.system());
    assertEquals("ready", next(socket).path("type").asText());

    String entityId = Conversation.entityId("106540352242922", "15550001111");
    ActorRef<Conversation.Command> conversation =
        node1.spawn(
            Conversation.create(
                entityId, ConversationSettings.create(node1.system()), Clock.systemUTC()));
    TestProbe<StatusReply<Conversation.Summary>> received = node1.createTestProbe();
    conversation.tell(
        new Conversation.ReceiveInbound(
            "wamid.c1", "15550001111", null, "Ana", Instant.now(), null,
            MessageContent.Text.of("Hola"), received.getRef()));
    assertTrue(received.receiveMessage(WAIT).isSuccess());

    JsonNode created = next(socket);
    assertEquals("message.created", created.path("type").asText());
    assertEquals(1, created.path("sequence").asLong(), "the journal sequence number");
    assertEquals("106540352242922", created.path("phoneNumberId").asText());
    assertEquals("15550001111", created.path("customerKey").asText());
    assertEquals("wamid.c1", created.path("data").path("message").path("id").asText());
    assertEquals("Hola", created.path("data").path("message").path("content").path("body").asText());
    JsonNode updated = next(socket);
    assertEquals("conversation.updated", updated.path("type").asText());
    assertEquals(1, updated.path("data").path("lastInboundSequence").asLong());

    TestProbe<StatusReply<Conversation.CommentAccepted>> commented = node1.createTestProbe();
    conversation.tell(
        new Conversation.AddComment(Conversation.Actor.agent("alice"), "VIP", commented.getRef()));
    assertTrue(commented.receiveMessage(WAIT).isSuccess());
    JsonNode comment = next(socket);
    assertEquals("comment.created", comment.path("type").asText());
    assertEquals(2, comment.path("sequence").asLong());
    assertEquals("VIP", comment.path("data").path("comment").path("comment").asText());
    socket.cancel();
  }
}
