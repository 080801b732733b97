package com.whatatalk.http.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.deploy.cassandra.junit.CassandraExtension;
import com.whatatalk.engine.conversation.Conversation;
import com.whatatalk.engine.conversation.MessageContent;
import com.whatatalk.engine.outbound.OutboundSender;
import com.whatatalk.http.TestApp;
import com.whatatalk.simulator.CloudApiSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Live events on the real app (HTTP, engine, journal) with the Cloud API simulator: a customer's
 * message reaches a connected socket within a second of the webhook's answer, and an agent's
 * reply shows its ticks up to read. One app for the class (a start costs about 30 s).
 */
@ExtendWith(CassandraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final CloudApiSimulator simulator;
  private final TestApp app;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String session;
  private final String adminId;

  LiveEndToEndTest(CassandraNode cassandra) throws IOException, InterruptedException {
    int port = TestApp.freePort();
    simulator = TestApp.simulator(port, TestApp.simulatorDefaults());
    app = TestApp.start(cassandra, CassandraExtension.uniqueKeyspace("live_e2e"), port, simulator, Map.of());
    HttpResponse<String> login =
        http.send(
            HttpRequest.newBuilder(URI.create(app.url("/api/auth/login")))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"" + TestApp.ADMIN_EMAIL + "\",\"password\":\"" + TestApp.ADMIN_PASSWORD + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, login.statusCode(), login.body());
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    session = cookie.substring(cookie.indexOf('=') + 1);
    adminId = JSON.readTree(login.body()).path("user").path("id").asText();
  }

  @AfterAll
  void shutdown() {
    TestApp.close(app, simulator);
  }

  private WsClient connect() {
    WsClient socket = WsClient.connect(http, URI.create(app.url("/api/live").replace("http:", "ws:")), session);
    assertEquals("ready", socket.next(WAIT).type());
    return socket;
  }

  private static boolean created(WsClient.Frame f, String id) {
    return f.type().equals("message.created")
        && f.json().path("data").path("message").path("id").asText().equals(id);
  }

  @Test
  void aCustomersMessageReachesAConnectedSocketWithinOneSecondOfTheWebhooksAnswer() throws Exception {
    try (WsClient socket = connect()) {
      String customer = "16505550301";
      String wamid = "wamid.live.e2e.1";
      HttpRequest webhook =
          InboundWebhook.text(
              URI.create(app.url("/webhooks/whatsapp")), TestApp.APP_SECRET,
              simulator.settings().defaultNumber(), customer, wamid, "Is my order on its way?");
      HttpResponse<String> answer = http.send(webhook, HttpResponse.BodyHandlers.ofString());
      long answeredAt = System.nanoTime();
      assertEquals(200, answer.statusCode(), answer.body());

      WsClient.Frame frame = socket.next(f -> created(f, wamid), WAIT);
      long latencyMs = (frame.arrivedNanos() - answeredAt) / 1_000_000;
      // The entity publishes before it answers the intake, so the event usually arrives first.
      assertTrue(latencyMs <= 1000, "message.created " + latencyMs + " ms after the webhook's answer");
      JsonNode e = frame.json();
      assertEquals(TestApp.PHONE_NUMBER_ID, e.path("phoneNumberId").asText());
      assertEquals(customer, e.path("customerKey").asText());
      assertEquals(1, e.path("sequence").asLong(), "the first event of the conversation's journal");
      JsonNode message = e.path("data").path("message");
      assertEquals("inbound", message.path("kind").asText());
      assertEquals("Is my order on its way?", message.path("content").path("body").asText());
      assertEquals(1, message.path("sequence").asLong());

      JsonNode conversation = socket.next(WAIT).json();
      assertEquals("conversation.updated", conversation.path("type").asText());
      assertEquals(customer, conversation.path("customerKey").asText());
      assertEquals(1, conversation.path("data").path("lastInboundSequence").asLong());
      assertTrue(conversation.path("data").path("readPositions").isEmpty(), "unread for everyone");
    }
  }

  @Test
  void aSimulatedCustomerWritesAndTheAgentsReplyTicksUpToRead() {
    try (WsClient socket = connect()) {
      String customer = "16505550302";
      String wamid = simulator.customerSendsText(customer, "Hello?");
      WsClient.Frame inbound = socket.next(f -> created(f, wamid), WAIT);
      assertEquals(customer, inbound.json().path("customerKey").asText());

      Conversation.MessageAccepted accepted =
          app.conversation(customer)
              .<Conversation.MessageAccepted>askWithStatus(
                  replyTo ->
                      new Conversation.SendMessage(
                          Conversation.Actor.admin(adminId), "client-live-1", null,
                          MessageContent.Text.of("Yes, it left this morning"), replyTo),
                  WAIT)
              .toCompletableFuture()
              .join();
      OutboundSender.ensure(app.app.system(), TestApp.PHONE_NUMBER_ID); // as the send route does
      WsClient.Frame queued = socket.next(f -> created(f, accepted.messageId()), WAIT);
      JsonNode message = queued.json().path("data").path("message");
      assertEquals("outbound", message.path("kind").asText());
      assertEquals("queued", message.path("status").asText());
      assertEquals("client-live-1", message.path("clientMessageId").asText());
      assertEquals(adminId, message.path("sentBy").path("userId").asText());

      List<String> ticks = new ArrayList<>();
      long lastSequence = queued.json().path("sequence").asLong();
      while (!ticks.contains("read")) {
        WsClient.Frame f =
            socket.next(
                x -> x.type().equals("message.status_changed")
                    && x.json().path("data").path("messageId").asText().equals(accepted.messageId()),
                WAIT);
        ticks.add(f.json().path("data").path("status").asText());
        long sequence = f.json().path("sequence").asLong();
        assertTrue(sequence > lastSequence, "journal order: " + sequence + " after " + lastSequence);
        lastSequence = sequence;
        assertTrue(f.json().path("data").path("wamid").asText().startsWith("wamid."));
      }
      // Each tick once, only upwards (the entity keeps the highest status; the simulator's default
      // sends sent, delivered and read in order).
      List<String> lattice = List.of("sent", "delivered", "read");
      assertTrue(lattice.containsAll(ticks), ticks.toString());
      List<Integer> order = ticks.stream().map(lattice::indexOf).toList();
      assertEquals(order.stream().sorted().distinct().toList(), order, "only upwards: " + ticks);
    }
  }
}
