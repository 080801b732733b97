package com.whatatalk.simulator;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Status webhooks, the envelope, signatures, retries, batching, switches and the handshake. */
class WebhooksTest extends SimulatorTestBase {

  @Test
  void statusesGoSentDeliveredReadSignedInMetasEnvelope() {
    start("");
    String to = newCustomer();
    String inbound = sim.customerSendsText(to, "hi there");
    WebhookReceiver.Event in = receiver.awaitMessage(inbound);
    String w = wamid(send(text(to, "hello")));
    WebhookReceiver.Event sent = receiver.awaitStatus(w, "sent");
    WebhookReceiver.Event delivered = receiver.awaitStatus(w, "delivered");
    WebhookReceiver.Event read = receiver.awaitStatus(w, "read");

    // Envelope per §4.4 for the inbound message.
    JsonNode post = receiver.posts().get(in.postIndex()).json();
    assertEquals("whatsapp_business_account", post.path("object").asText());
    JsonNode entry = post.path("entry").path(0);
    assertEquals(WABA, entry.path("id").asText());
    JsonNode change = entry.path("changes").path(0);
    assertEquals("messages", change.path("field").asText());
    JsonNode value = change.path("value");
    assertEquals("whatsapp", value.path("messaging_product").asText());
    assertEquals("15550783881", value.path("metadata").path("display_phone_number").asText());
    assertEquals(PN, value.path("metadata").path("phone_number_id").asText());
    JsonNode contact = value.path("contacts").path(0);
    assertEquals(to, contact.path("wa_id").asText());
    assertTrue(contact.path("user_id").asText().matches("[A-Z]{2}\\.\\d+"));
    assertTrue(contact.path("profile").path("name").isTextual());
    JsonNode msg = in.item();
    assertEquals(to, msg.path("from").asText());
    assertEquals(contact.path("user_id").asText(), msg.path("from_user_id").asText());
    assertTrue(msg.path("timestamp").isTextual() && msg.path("timestamp").asText().matches("\\d+"));
    assertEquals("hi there", msg.path("text").path("body").asText());

    // Statuses: strings of Unix seconds, pricing on sent and exactly one of delivered/read.
    for (WebhookReceiver.Event e : List.of(sent, delivered, read)) {
      assertTrue(e.item().path("timestamp").isTextual());
      assertEquals(to, e.item().path("recipient_id").asText());
    }
    assertEquals("service", sent.item().path("pricing").path("category").asText());
    assertEquals("free_customer_service", sent.item().path("pricing").path("type").asText());
    assertTrue(sent.item().has("conversation"), "v23 still carries conversation");
    assertTrue(delivered.item().has("pricing"));
    assertFalse(read.item().has("pricing"));
    assertTrue(receiver.posts().stream().allMatch(WebhookReceiver.Post::signatureValid),
        "every POST carries a valid X-Hub-Signature-256");
    assertEquals("read", sim.sentMessages(to, 1).get(0).status());
  }

  @Test
  void readReceiptsOffStopsAtDeliveredAndSkippedDeliveredPutsPricingOnRead() {
    start("simulator.statuses.read-receipts = false");
    String to = newCustomer();
    receiver.awaitMessage(sim.customerSendsText(to, "hi"));
    String w = wamid(send(text(to, "one")));
    receiver.awaitStatus(w, "delivered");
    // A bounded look for a 'read' that must not come (20 read-delays).
    assertThrows(AssertionError.class, () -> receiver.await(
        e -> e.id().equals(w) && e.status().equals("read"), Duration.ofMillis(400)));

    sim.setSwitches(sim.switches().withReadReceipts(true).withSkipDeliveredProbability(1.0));
    String w2 = wamid(send(text(to, "two")));
    WebhookReceiver.Event read = receiver.awaitStatus(w2, "read");
    assertTrue(read.item().has("pricing"));
    assertTrue(receiver.statuses(w2).stream().noneMatch(e -> e.status().equals("delivered")));
  }

  @Test
  void reactionsOnlyGetSent() {
    start("");
    String to = newCustomer();
    receiver.awaitMessage(sim.customerSendsText(to, "hi"));
    String text = wamid(send(text(to, "first")));
    String plain = wamid(send(text(to, "second")));
    ObjectNode reaction = SendErrorsAndLimitsTest.base(to, "reaction");
    reaction.putObject("reaction").put("message_id", text).put("emoji", "👍");
    String r = wamid(send(reaction));
    receiver.awaitStatus(r, "sent");
    receiver.awaitStatus(plain, "read"); // sent after the reaction and already read
    assertEquals(List.of("sent"), receiver.statuses(r).stream().map(WebhookReceiver.Event::status).toList());
  }

  @Test
  void freeFormOutsideTheWindowIsAcceptedThenFailsWith131047() {
    start("");
    String to = newCustomer();
    TestHttp.Res r = send(text(to, "are you there?"));
    assertEquals(200, r.status(), "accepted synchronously, as Meta does");
    WebhookReceiver.Event failed = receiver.awaitStatus(wamid(r), "failed");
    JsonNode error = failed.item().path("errors").path(0);
    assertEquals(131047, error.path("code").asInt());
    assertEquals("Re-engagement message", error.path("title").asText());
    assertTrue(error.path("error_data").path("details").asText().contains("24 hours"));
    // A template is fine outside the window and is billed.
    String t = wamid(send(template(to, "hello_world", "en_US")));
    WebhookReceiver.Event sent = receiver.awaitStatus(t, "sent");
    assertEquals("regular", sent.item().path("pricing").path("type").asText());
    // The window expires by control call too.
    sim.customerSendsText(to, "hi");
    sim.expireWindow(PN, to);
    assertEquals(131047, receiver.awaitStatus(wamid(send(text(to, "late"))), "failed")
        .item().path("errors").path(0).path("code").asInt());
    assertTrue(sim.errorCount(131047) >= 2);
  }

  @Test
  void duplicatesAndOutOfOrderSwitches() {
    start("");
    sim.setSwitches(sim.switches().withDuplicateProbability(1.0).withOutOfOrder(true)
        .withDelays(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ZERO));
    String to = newCustomer();
    receiver.awaitMessage(sim.customerSendsText(to, "hi"));
    String w = wamid(send(text(to, "dup")));
    receiver.awaitCount(e -> e.id().equals(w) && e.kind().equals("status"), 6, WAIT);
    List<WebhookReceiver.Event> statuses = receiver.statuses(w);
    assertEquals(2, statuses.stream().filter(e -> e.status().equals("sent")).count());
    assertEquals(2, statuses.stream().filter(e -> e.status().equals("delivered")).count());
    assertEquals(2, statuses.stream().filter(e -> e.status().equals("read")).count());
    int firstRead = indexOf(statuses, "read");
    int firstDelivered = indexOf(statuses, "delivered");
    assertTrue(firstRead < firstDelivered, "read arrives before delivered: " + statuses);
    long deliveredTs = statuses.get(firstDelivered).item().path("timestamp").asLong();
    long readTs = statuses.get(firstRead).item().path("timestamp").asLong();
    assertTrue(deliveredTs <= readTs, "timestamps stay truthful");
  }

  @Test
  void retriesWithBackoffAfter500sThenSucceeds() {
    start("");
    int failedBefore = receiver.failedAnswers();
    receiver.failNext(3);
    String to = newCustomer();
    String w = sim.customerSendsText(to, "are you getting this?");
    receiver.awaitMessage(w);
    assertEquals(failedBefore + 3, receiver.failedAnswers());
    assertTrue(sim.stats().path("webhooks").path("failed_attempts").asInt() >= 3);
  }

  @Test
  void batchesSeveralItemsPerPost() {
    start("simulator.webhooks { max-batch = 50, linger = 300ms }");
    int postsBefore = receiver.posts().size();
    Set<String> ids = new TreeSet<>();
    for (int i = 0; i < 20; i++) {
      ids.add(sim.customerSendsText(newCustomer(), "batch " + i));
    }
    receiver.awaitCount(e -> ids.contains(e.id()), 20, WAIT);
    long posts = receiver.events().stream().filter(e -> ids.contains(e.id()))
        .map(WebhookReceiver.Event::postIndex).distinct().count();
    assertTrue(posts < 20, "20 messages in " + posts + " POSTs");
    JsonNode value = receiver.posts().get(postsBefore).json().path("entry").path(0)
        .path("changes").path(0).path("value");
    assertEquals(value.path("messages").size(), value.path("contacts").size());
  }

  @Test
  void handshakeAgainstTheEndpoint() throws Exception {
    start("");
    JsonNode ok = sim.verifyWebhook().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertTrue(ok.path("verified").asBoolean(), ok.toString());
    assertEquals(ok.path("challenge").asText(), ok.path("body").asText());
    JsonNode bad = sim.verifyWebhook("wrong").toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertFalse(bad.path("verified").asBoolean());
    assertEquals(403, bad.path("status").asInt());
  }

  @Test
  void usernameUsersCanOmitWaId() {
    start("simulator.bsuid.omit-wa-id = true");
    String to = newCustomer();
    WebhookReceiver.Event in = receiver.awaitMessage(sim.customerSendsText(to, "hi"));
    assertFalse(in.item().has("from"));
    assertTrue(in.item().has("from_user_id"));
    assertFalse(in.value().path("contacts").path(0).has("wa_id"));
    assertTrue(in.value().path("contacts").path(0).has("user_id"));
  }

  private static int indexOf(List<WebhookReceiver.Event> events, String status) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).status().equals(status)) {
        return i;
      }
    }
    return -1;
  }
}
