package com.whatatalk.engine.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Sockets of one node (the hub and the socket stage, without HTTP): first frames, catch-up,
 * filters, a slow socket dropped-and-resynced while another keeps up, session checks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveSocketTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ActorTestKit kit =
      ActorTestKit.create(
          "live",
          ConfigFactory.parseString(
                  """
                  crm.engine.live.socket-buffer = 4
                  crm.engine.live.session-check-interval = 100ms
                  pekko.loglevel = WARNING
                  """)
              .withFallback(ConfigFactory.load()));
  private final LiveEvents live = LiveEvents.get(kit.system());
  private final AtomicInteger published = new AtomicInteger();

  @AfterAll
  void shutdown() {
    kit.shutdownTestKit();
  }

  private LiveEvent event(String number) {
    long n = published.incrementAndGet();
    return new LiveEvent("message.created", number, "1555" + n, n, "{\"n\":" + n + "}");
  }

  /** A socket read one frame at a time: nothing is taken from it until pulled. */
  private SinkQueueWithCancel<String> connect(String since, String number, SessionGuard guard) {
    return live.socket(since, number, guard)
        .runWith(Sink.<String>queue().withAttributes(Attributes.inputBuffer(1, 1)), kit.system());
  }

  private static JsonNode next(SinkQueueWithCancel<String> socket) {
    Optional<String> frame = await(socket.pull());
    return frame.map(LiveSocketTest::parse).orElse(null);
  }

  private static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void awaitSockets(int count) {
    TestProbe<Object> probe = kit.createTestProbe();
    probe.awaitAssert(
        WAIT,
        () -> {
          assertEquals(count, await(live.stats(WAIT)).sockets());
          return null;
        });
  }

  @Test
  void aSocketIsReadyThenGetsEventsInOrderAndCatchesUpAfterAReconnect() {
    int before = await(live.stats(WAIT)).sockets();
    SinkQueueWithCancel<String> first = connect(null, null, null);
    JsonNode ready = next(first);
    assertEquals("ready", ready.path("type").asText());
    String start = ready.path("position").asText();

    LiveEvent a = event("A");
    LiveEvent b = event("B");
    LiveEvent c = event("A");
    live.publish(a);
    live.publish(b);
    live.publish(c);
    JsonNode fa = next(first);
    JsonNode fb = next(first);
    JsonNode fc = next(first);
    assertEquals(List.of(a.sequence(), b.sequence(), c.sequence()),
        List.of(fa.path("sequence").asLong(), fb.path("sequence").asLong(), fc.path("sequence").asLong()));
    assertEquals(a.sequence(), fa.path("data").path("n").asLong());
    first.cancel();

    // reconnect after having processed a: b and c again, then live
    SinkQueueWithCancel<String> again = connect(fa.path("position").asText(), null, null);
    JsonNode readyAgain = next(again);
    assertEquals("ready", readyAgain.path("type").asText());
    assertEquals(fc.path("position").asText(), readyAgain.path("position").asText());
    assertEquals(fb.path("position").asText(), next(again).path("position").asText());
    assertEquals(fc.path("position").asText(), next(again).path("position").asText());
    LiveEvent d = event("B");
    live.publish(d);
    assertEquals(d.sequence(), next(again).path("sequence").asLong());
    again.cancel();

    // only number A, since the start
    SinkQueueWithCancel<String> onlyA = connect(start, "A", null);
    assertEquals("ready", next(onlyA).path("type").asText());
    assertEquals(a.sequence(), next(onlyA).path("sequence").asLong());
    assertEquals(c.sequence(), next(onlyA).path("sequence").asLong());
    LiveEvent e = event("B");
    LiveEvent f = event("A");
    live.publish(e);
    live.publish(f);
    assertEquals(f.sequence(), next(onlyA).path("sequence").asLong(), "B's event is not for it");
    onlyA.cancel();

    // a position this node never gave (another node, before a restart)
    SinkQueueWithCancel<String> stranger = connect("elsewhere.12", null, null);
    JsonNode resync = next(stranger);
    assertEquals("resync", resync.path("type").asText());
    assertEquals(fc.path("position").asText().split("\\.")[0], resync.path("position").asText().split("\\.")[0]);
    stranger.cancel();
    awaitSockets(before);
  }

  @Test
  void aSlowSocketIsResyncedWhileAnotherGetsEverythingAndPublishersNeverWait() {
    TestProbe<String> fast = kit.createTestProbe();
    live.socket(null, null, null).runWith(Sink.foreach(f -> fast.getRef().tell(f)), kit.system());
    assertEquals("ready", parse(fast.receiveMessage()).path("type").asText());
    SinkQueueWithCancel<String> slow = connect(null, null, null);
    assertEquals("ready", next(slow).path("type").asText());

    int count = 200;
    List<Long> sent = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      LiveEvent e = event("A");
      sent.add(e.sequence());
      live.publish(e);
    }
    List<Long> received = new ArrayList<>();
    String lastPosition = null;
    for (int i = 0; i < count; i++) {
      JsonNode f = parse(fast.receiveMessage(WAIT));
      received.add(f.path("sequence").asLong());
      lastPosition = f.path("position").asText();
    }
    assertEquals(sent, received, "the fast socket got every event, in order");

    // The slow one holds at most its buffer (4) plus what the reader had taken (1); it ends with
    // the newest event, either as itself or as the position of a resync.
    List<JsonNode> slowFrames = new ArrayList<>();
    JsonNode f;
    do {
      f = next(slow);
      slowFrames.add(f);
    } while (!f.path("position").asText().equals(lastPosition) && slowFrames.size() <= 6);
    assertTrue(slowFrames.size() <= 5, "bounded backlog: " + slowFrames);
    assertTrue(slowFrames.stream().anyMatch(x -> x.path("type").asText().equals("resync")), slowFrames.toString());
    slow.cancel();
  }

  private static SessionGuard guard(Instant endsAt, CompletionStage<Boolean> check, AtomicInteger checks) {
    return new SessionGuard() {
      @Override
      public Instant endsAt() {
        return endsAt;
      }

      @Override
      public CompletionStage<Boolean> stillValid() {
        checks.incrementAndGet();
        return check;
      }
    };
  }

  @Test
  void aSocketWhoseSessionEndedGetsSessionEndedAndCloses() {
    AtomicInteger checks = new AtomicInteger();
    SinkQueueWithCancel<String> loggedOut =
        connect(null, null, guard(Instant.now().plusSeconds(3600), CompletableFuture.completedFuture(false), checks));
    assertEquals("ready", next(loggedOut).path("type").asText());
    assertEquals("session_ended", next(loggedOut).path("type").asText());
    assertEquals(null, next(loggedOut), "completed: the WebSocket closes");

    SinkQueueWithCancel<String> expired =
        connect(null, null, guard(Instant.now().minusSeconds(1), new CompletableFuture<>(), new AtomicInteger()));
    JsonNode last;
    JsonNode f = next(expired);
    do {
      last = f;
      f = next(expired);
    } while (f != null);
    assertEquals("session_ended", last.path("type").asText());
  }

  @Test
  void aCheckThatCannotAnswerKeepsTheSocketOpen() {
    AtomicInteger checks = new AtomicInteger();
    SinkQueueWithCancel<String> socket =
        connect(null, null, guard(Instant.now().plusSeconds(3600), CompletableFuture.failedFuture(new IllegalStateException("cassandra down")), checks));
    assertEquals("ready", next(socket).path("type").asText());
    TestProbe<Object> probe = kit.createTestProbe();
    probe.awaitAssert(
        WAIT,
        () -> {
          assertTrue(checks.get() >= 3);
          return null;
        });
    LiveEvent e = event("A");
    live.publish(e);
    JsonNode f = next(socket);
    assertEquals(e.sequence(), f.path("sequence").asLong(), "still open: " + f);
    assertFalse(f.path("type").asText().equals("session_ended"));
    socket.cancel();
  }
}
