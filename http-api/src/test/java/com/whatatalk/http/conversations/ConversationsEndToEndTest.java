package com.whatatalk.http.conversations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.deploy.cassandra.junit.CassandraExtension;
import com.whatatalk.http.TestApp;
import com.whatatalk.simulator.CloudApiSimulator;
import com.whatatalk.simulator.customers.Switches;
import com.whatatalk.simulator.messages.SendHandler.ReadRequest;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The inbox API on the real app (one start for the class) with the Cloud API simulator: a
 * simulated customer's message becomes an unread conversation for each agent until they read it;
 * an agent's reply goes out through the real outbound pipeline and climbs the ticks to read as the
 * simulator's status webhooks come back; search finds the contact; reading marks the customer's
 * message read at "Meta" (the simulator), and typing shows its indicator. Templates go only when
 * the library synced from the simulator has them approved, with parameters that fit: what our API
 * accepts, the simulator (which checks as Meta does) sends.
 */
@ExtendWith(CassandraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConversationsEndToEndTest {
  private static final String NUMBER = TestApp.PHONE_NUMBER_ID;
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private CloudApiSimulator simulator;
  private TestApp app;
  private String admin;

  @BeforeAll
  void start(CassandraNode cassandra) {
    int port = TestApp.freePort();
    simulator = TestApp.simulator(port, TestApp.simulatorDefaults());
    // A slow read receipt, so the reply is seen delivered before it is read.
    simulator.setSwitches(
        new Switches(Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofSeconds(3), Duration.ZERO,
            1.0, true, 0.0, 0.0, false));
    app = TestApp.start(cassandra, CassandraExtension.uniqueKeyspace("conversations_e2e"), port, simulator, Map.of());
    admin = login(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
    Reply number =
        call("POST", "/api/phone-numbers", admin,
            "{\"phoneNumberId\":\"" + NUMBER + "\",\"displayNumber\":\"+1 555 010 0000\",\"wabaId\":\"102290129340398\","
                + "\"accessToken\":\"" + simulator.settings().accessToken() + "\",\"markAsRead\":true,\"typingIndicator\":true}");
    assertEquals(201, number.status(), number.raw());
    Reply synced = call("POST", "/api/templates/sync?phoneNumberId=" + NUMBER, admin, null);
    assertEquals(200, synced.status(), synced.raw());
  }

  @AfterAll
  void stop() {
    TestApp.close(app, simulator);
  }

  private record Reply(int status, JsonNode body, String raw, HttpResponse<String> response) {}

  private Reply call(String method, String path, String cookie, String json) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(app.url(path)))
            .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body()), r.body(), r);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private String login(String email, String password) {
    Reply r = call("POST", "/api/auth/login", null, JSON.createObjectNode().put("email", email).put("password", password).toString());
    assertEquals(200, r.status(), r.raw());
    return r.response().headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
  }

  /** A new agent who has set their own password; the session cookie. */
  private String agent(String email) {
    Reply created = call("POST", "/api/agents", admin, "{\"email\":\"" + email + "\",\"displayName\":\"Agent\"}");
    assertEquals(201, created.status(), created.raw());
    String oneTime = created.body().path("oneTimePassword").asText();
    Reply changed =
        call("POST", "/api/auth/password", login(email, oneTime),
            "{\"currentPassword\":\"" + oneTime + "\",\"newPassword\":\"an agent's own password\"}");
    assertEquals(200, changed.status(), changed.raw());
    return changed.response().headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
  }

  private List<JsonNode> list(String query, String cookie) {
    Reply r = call("GET", "/api/conversations?limit=100" + query, cookie, null);
    assertEquals(200, r.status(), r.raw());
    List<JsonNode> items = new ArrayList<>();
    r.body().path("conversations").forEach(items::add);
    return items;
  }

  private static boolean has(List<JsonNode> items, String customer) {
    return items.stream().anyMatch(c -> c.path("customerKey").asText().equals(customer));
  }

  @Test
  void aCustomerMessageIsUnreadPerAgentTheReplyClimbsToReadAndSearchFindsTheContact() {
    String alice = agent("alice@e2e.example");
    String bob = agent("bob@e2e.example");
    String customer = "15550007001";
    String conversation = "/api/conversations/" + NUMBER + "/" + customer;

    JsonNode sent =
        simulator.customerSends(
            customer, JSON.createObjectNode().put("type", "text").put("name", "Octavia Pemberton")
                .set("text", JSON.createObjectNode().put("body", "Is my order on its way?")));
    String wamid = sent.path("id").asText();

    // Unread for every agent until each reads it.
    Eventually.within(WAIT, () -> {
      List<JsonNode> unread = list("&unread=true", alice);
      assertTrue(has(unread, customer), unread.toString());
      JsonNode item = unread.stream().filter(c -> c.path("customerKey").asText().equals(customer)).findFirst().orElseThrow();
      assertEquals(1, item.path("unread").asLong());
      assertEquals("Is my order on its way?", item.path("lastMessage").path("preview").asText());
      assertEquals("Octavia Pemberton", item.path("name").asText());
    });
    assertTrue(has(list("&unread=true", bob), customer));
    Reply bobReads = call("POST", conversation + "/read", bob, null);
    assertEquals(200, bobReads.status(), bobReads.raw());
    // Reading marks the customer's message read at Meta (the number's switch is on).
    Eventually.within(Duration.ofSeconds(10), () ->
        assertTrue(simulator.control().sendHandler().readRequests().contains(new ReadRequest(NUMBER, wamid, false)),
            simulator.control().sendHandler().readRequests().toString()));
    Eventually.within(WAIT, () -> assertFalse(has(list("&unread=true", bob), customer), "bob read it"));
    assertTrue(has(list("&unread=true", alice), customer), "alice has not");

    // Alice types, then replies; the reply climbs the ticks as the simulator reports them.
    Reply typing = call("POST", conversation + "/typing", alice, null);
    assertEquals(202, typing.status(), typing.raw());
    assertTrue(typing.body().path("typingIndicator").asBoolean(), typing.raw());
    Eventually.within(Duration.ofSeconds(10), () ->
        assertTrue(simulator.control().sendHandler().readRequests().contains(new ReadRequest(NUMBER, wamid, true))));
    Reply reply =
        call("POST", conversation + "/messages", alice,
            "{\"clientMessageId\":\"e2e-1\",\"type\":\"text\",\"text\":{\"body\":\"Yes, it ships today!\"},\"context\":{\"message_id\":\"" + wamid + "\"}}");
    assertEquals(202, reply.status(), reply.raw());
    String messageId = reply.body().path("messageId").asText();
    List<String> seen = new ArrayList<>();
    Eventually.within(Duration.ofSeconds(60), () -> {
      Reply history = call("GET", conversation + "/messages", alice, null);
      assertEquals(200, history.status(), history.raw());
      JsonNode out = null;
      for (JsonNode m : history.body().path("messages")) {
        if (m.path("id").asText().equals(messageId)) {
          out = m;
        }
      }
      assertTrue(out != null, history.raw());
      String status = out.path("status").asText();
      if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
        seen.add(status);
      }
      assertEquals("read", status, seen.toString());
      assertEquals(wamid, out.path("contextWamid").asText());
      assertFalse(out.path("wamid").asText().isEmpty());
    });
    List<String> ticks = List.of("queued", "sent", "delivered", "read");
    for (int i = 1; i < seen.size(); i++) {
      assertTrue(ticks.indexOf(seen.get(i)) > ticks.indexOf(seen.get(i - 1)), "only forward: " + seen);
    }
    assertTrue(seen.contains("delivered"), "delivered before read: " + seen);
    assertEquals("read", simulator.sentMessages(customer, 1).get(0).status());
    Eventually.within(WAIT, () -> {
      JsonNode item = list("", alice).stream().filter(c -> c.path("customerKey").asText().equals(customer)).findFirst().orElseThrow();
      assertEquals("read", item.path("lastMessage").path("outboundStatus").asText(), item.toString());
    });

    // Search: a part of the name, and the phone typed with spaces or a '+'.
    for (String q : List.of("pember", "Octa", "+1 555 000 7001", "555 0007001", "+15550007001")) {
      List<JsonNode> found = list("&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), alice);
      assertTrue(has(found, customer), q + " -> " + found);
    }
    assertFalse(has(list("&q=" + URLEncoder.encode("nobody", StandardCharsets.UTF_8), alice), customer));

    Reply detail = call("GET", conversation, alice, null);
    assertEquals(200, detail.status(), detail.raw());
    assertTrue(detail.body().path("window").path("open").asBoolean());
    assertEquals(1, detail.body().path("unread").asLong());
    assertTrue(detail.body().path("sequence").asLong() > 0);
  }

  @Test
  void anApprovedTemplateStartsAConversationAndReachesTheCustomerOthersAreRefusedBeforeQueueing() {
    String alice = agent("alice.templates@e2e.example");
    String customer = "15550007002"; // never wrote: only a template may start the conversation
    String path = "/api/conversations/" + NUMBER + "/" + customer + "/messages";
    String orderSummary =
        "{\"clientMessageId\":\"e2e-t1\",\"type\":\"template\",\"template\":{\"name\":\"order_summary\","
            + "\"language\":{\"code\":\"en_US\"},\"components\":[{\"type\":\"body\",\"parameters\":["
            + "{\"type\":\"text\",\"text\":\"Ann\"},{\"type\":\"text\",\"text\":\"$12.50\"},"
            + "{\"type\":\"text\",\"text\":\"Friday\"}]}]}}";

    Reply paused =
        call("POST", path, alice,
            "{\"type\":\"template\",\"template\":{\"name\":\"seasonal_sale\",\"language\":{\"code\":\"en_US\"},"
                + "\"components\":[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"Ann\"}]}]}}");
    assertEquals(400, paused.status(), paused.raw());
    assertTrue(paused.body().path("error").path("fields").path("template.name").asText().contains("PAUSED"), paused.raw());
    // Meta would answer 132000 only once the message went out; we refuse it up front.
    Reply twoOfThree = call("POST", path, alice, orderSummary.replace(",{\"type\":\"text\",\"text\":\"Friday\"}", ""));
    assertEquals(400, twoOfThree.status(), twoOfThree.raw());
    assertTrue(twoOfThree.body().path("error").path("fields").has("template.components[0].parameters"), twoOfThree.raw());

    Reply sent = call("POST", path, alice, orderSummary);
    assertEquals(202, sent.status(), sent.raw());
    String messageId = sent.body().path("messageId").asText();
    Eventually.within(Duration.ofSeconds(60), () -> {
      Reply history = call("GET", "/api/conversations/" + NUMBER + "/" + customer + "/messages", alice, null);
      assertEquals(200, history.status(), history.raw());
      JsonNode out = null;
      for (JsonNode m : history.body().path("messages")) {
        if (m.path("id").asText().equals(messageId)) {
          out = m;
        }
      }
      assertTrue(out != null, history.raw());
      assertTrue(List.of("sent", "delivered", "read").contains(out.path("status").asText()), out.toString());
    });
    assertEquals(1, simulator.sentMessages(customer, 1).size());
  }
}
