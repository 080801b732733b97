package com.whatatalk.simulator;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Synchronous errors of POST /messages: auth, unknown number, validation and both rate limits. */
class SendErrorsAndLimitsTest extends SimulatorTestBase {

  @Test
  void wrongOrMissingTokenIs401WithCode190() {
    start("");
    TestHttp.Res wrong = TestHttp.post(messagesUrl(), "nope", text(newCustomer(), "hi"));
    assertEquals(401, wrong.status());
    assertMetaError(wrong, 190);
    TestHttp.Res missing = TestHttp.post(messagesUrl(), null, text(newCustomer(), "hi"));
    assertEquals(401, missing.status());
    assertMetaError(missing, 190);
  }

  @Test
  void unknownPhoneNumberIdIsGraphMethodException100Subcode33() {
    start("");
    TestHttp.Res r = TestHttp.post(sim.baseUrl() + "/v23.0/999/messages", TOKEN,
        text(newCustomer(), "hi"));
    assertEquals(400, r.status());
    JsonNode e = r.json().path("error");
    assertEquals("GraphMethodException", e.path("type").asText());
    assertEquals(100, e.path("code").asInt());
    assertEquals(33, e.path("error_subcode").asInt());
    assertTrue(e.path("message").asText().contains("Object with ID '999' does not exist"));
  }

  @Test
  void validationErrorsCarryCodeAndDetails() {
    start("");
    String to = newCustomer();
    assertError(text(to, "x".repeat(4097)), 100, "text.body");
    assertError((ObjectNode) text(to, "hi").without("messaging_product"), 100, "messaging_product");
    ObjectNode noBody = text(to, "hi");
    noBody.putObject("text");
    assertError(noBody, 131008, "text.body");
    assertError(buttons(to, 4, "Title"), 131009, "at most 3");
    assertError(buttons(to, 2, "T".repeat(21)), 100, "reply.title");
    assertError(list(to, 11), 131009, "at most 10 rows");
    ObjectNode image = base(to, "image");
    image.putObject("image").put("id", "1").put("link", "https://x/y.jpg");
    assertError(image, 131009, "not both");
    ObjectNode caption = base(to, "image");
    caption.putObject("image").put("link", "https://x/y.jpg").put("caption", "c".repeat(1025));
    assertError(caption, 100, "caption");
    ObjectNode cta = base(to, "interactive");
    ObjectNode in = cta.putObject("interactive").put("type", "cta_url");
    in.putObject("body").put("text", "b");
    in.putObject("action").put("name", "cta_url").putObject("parameters")
        .put("display_text", "D".repeat(21)).put("url", "https://x");
    assertError(cta, 100, "display_text");
    TestHttp.Res malformed = TestHttp.post(messagesUrl(), TOKEN, "{not json");
    assertEquals(400, malformed.status());
    assertMetaError(malformed, 100);
  }

  @Test
  void numberThroughputBucketRefusesWith130429AndCountsThePeak() {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    start("simulator.pair-limit.capacity = 1000", clock);
    sim.setMps(PN, 5);
    int accepted = 0;
    int limited = 0;
    for (int i = 0; i < 8; i++) {
      TestHttp.Res r = send(template(newCustomer(), "hello_world", "en_US"));
      if (r.status() == 200) {
        accepted++;
      } else {
        assertMetaError(r, 130429);
        limited++;
      }
    }
    assertEquals(5, accepted, "a standing clock never refills the bucket");
    assertEquals(3, limited);
    assertEquals(5, sim.maxAcceptedPerSecond(PN));
    assertEquals(8, sim.maxReceivedPerSecond(PN));
    assertEquals(3, sim.errorCount(130429));
    clock.advance(Duration.ofSeconds(1));
    assertEquals(200, send(template(newCustomer(), "hello_world", "en_US")).status());
    assertEquals(5, sim.stats().path("phone_numbers").path(PN).path("max_accepted_per_second").asInt());
  }

  @Test
  void pairRateLimitAllowsABurstOf45ThenOnePerSixSeconds() {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    start("", clock);
    sim.setMps(PN, 1000);
    String to = newCustomer();
    for (int i = 0; i < 45; i++) {
      assertEquals(200, send(template(to, "hello_world", "en_US")).status(), "message " + i);
    }
    TestHttp.Res limited = send(template(to, "hello_world", "en_US"));
    assertMetaError(limited, 131056);
    assertEquals(200, send(template(newCustomer(), "hello_world", "en_US")).status(),
        "other customers are unaffected");
    clock.advance(Duration.ofSeconds(6));
    assertEquals(200, send(template(to, "hello_world", "en_US")).status());
    assertMetaError(send(template(to, "hello_world", "en_US")), 131056);
  }

  @Test
  void unknownPathsAreGraphErrors() {
    start("");
    TestHttp.Res r = TestHttp.get(sim.baseUrl() + "/nothing/here", TOKEN);
    assertEquals(400, r.status());
    assertEquals(2500, r.json().path("error").path("code").asInt());
  }

  private void assertError(ObjectNode body, int code, String detailsContain) {
    TestHttp.Res r = send(body);
    assertEquals(400, r.status(), r.text());
    assertMetaError(r, code);
    assertTrue(r.json().path("error").path("error_data").path("details").asText()
        .contains(detailsContain), r.text());
  }

  static ObjectNode base(String to, String type) {
    return Json.object().put("messaging_product", "whatsapp").put("to", to).put("type", type);
  }

  static ObjectNode buttons(String to, int n, String title) {
    ObjectNode b = base(to, "interactive");
    ObjectNode in = b.putObject("interactive").put("type", "button");
    in.putObject("body").put("text", "Pick one");
    ArrayNode buttons = in.putObject("action").putArray("buttons");
    for (int i = 0; i < n; i++) {
      buttons.addObject().put("type", "reply").putObject("reply").put("id", "b" + i)
          .put("title", title + i);
    }
    return b;
  }

  static ObjectNode list(String to, int rows) {
    ObjectNode b = base(to, "interactive");
    ObjectNode in = b.putObject("interactive").put("type", "list");
    in.putObject("body").put("text", "Pick one");
    ObjectNode action = in.putObject("action").put("button", "Options");
    ArrayNode r = action.putArray("sections").addObject().put("title", "All").putArray("rows");
    for (int i = 0; i < rows; i++) {
      r.addObject().put("id", "r" + i).put("title", "Row " + i).put("description", "d");
    }
    return b;
  }
}
