package com.whatatalk.simulator;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The /_sim control API over HTTP: every inbound type, sent-message log, switches, stats. */
class ControlApiTest extends SimulatorTestBase {

  private JsonNode customerSends(String waId, String spec) {
    TestHttp.Res r = TestHttp.post(sim.baseUrl() + "/_sim/customers/" + waId + "/messages", null,
        spec);
    assertEquals(200, r.status(), r.text());
    return r.json();
  }

  /** Sends the spec and returns the message as the webhook receiver got it. */
  private JsonNode inbound(String waId, String spec) {
    String id = customerSends(waId, spec).path("id").asText();
    return receiver.awaitMessage(id).item();
  }

  @Test
  void customersSendEveryInboundType() {
    start("");
    String to = newCustomer();
    assertEquals("hi", inbound(to, "{\"type\":\"text\",\"text\":{\"body\":\"hi\"},\"name\":\"Ana\"}")
        .path("text").path("body").asText());
    assertEquals("Ana", sim.control().customerJson(sim.control().customers().get(to))
        .path("name").asText());

    byte[] jpeg = {(byte) 0xff, (byte) 0xd8, 1, 2, 3};
    JsonNode image = inbound(to, "{\"type\":\"image\",\"image\":{\"caption\":\"Taj\","
        + "\"mime_type\":\"image/jpeg\",\"data_base64\":\""
        + Base64.getEncoder().encodeToString(jpeg) + "\"}}");
    assertEquals("Taj", image.path("image").path("caption").asText());
    assertFalse(image.path("image").has("data_base64"));
    String mediaId = image.path("image").path("id").asText();
    String url = TestHttp.get(sim.baseUrl() + "/v23.0/" + mediaId, TOKEN).json().path("url").asText();
    assertArrayEquals(jpeg, TestHttp.get(url, TOKEN).bytes(), "the CRM can download it by id");
    for (String type : new String[] {"video", "audio", "document", "sticker"}) {
      JsonNode m = inbound(to, "{\"type\":\"" + type + "\"}");
      assertTrue(m.path(type).path("id").asText().matches("\\d+"), type);
      assertTrue(m.path(type).has("sha256"), type);
      assertTrue(m.path(type).has("mime_type"), type);
    }

    assertEquals(37.44, inbound(to, "{\"type\":\"location\",\"location\":{\"latitude\":37.44,"
        + "\"longitude\":-122.16,\"name\":\"Philz\"}}").path("location").path("latitude").asDouble());
    assertEquals("Lucía", inbound(to, "{\"type\":\"contacts\",\"contacts\":[{\"name\":"
        + "{\"formatted_name\":\"Lucía\"},\"phones\":[{\"phone\":\"+1 555\"}]}]}")
        .path("contacts").path(0).path("name").path("formatted_name").asText());

    receiver.awaitMessage(sim.customerSendsText(to, "open window"));
    String ours = wamid(send(SendErrorsAndLimitsTest.buttons(to, 2, "Opt")));
    JsonNode buttonReply = inbound(to, "{\"type\":\"button_reply\",\"context_id\":\"" + ours
        + "\",\"button_reply\":{\"id\":\"b0\",\"title\":\"Opt0\"}}");
    assertEquals("interactive", buttonReply.path("type").asText());
    assertEquals("button_reply", buttonReply.path("interactive").path("type").asText());
    assertEquals("b0", buttonReply.path("interactive").path("button_reply").path("id").asText());
    assertEquals(ours, buttonReply.path("context").path("id").asText());
    assertEquals("15550783881", buttonReply.path("context").path("from").asText());

    JsonNode listReply = inbound(to, "{\"type\":\"list_reply\",\"context_id\":\"" + ours
        + "\",\"list_reply\":{\"id\":\"r1\",\"title\":\"Row\",\"description\":\"d\"}}");
    assertEquals("list_reply", listReply.path("interactive").path("type").asText());

    JsonNode tap = inbound(to, "{\"type\":\"button\",\"context_id\":\"" + ours
        + "\",\"button\":{\"payload\":\"Unsubscribe\",\"text\":\"Unsubscribe\"}}");
    assertEquals("Unsubscribe", tap.path("button").path("payload").asText());

    JsonNode reaction = inbound(to, "{\"type\":\"reaction\",\"reaction\":{\"message_id\":\""
        + ours + "\",\"emoji\":\"❤️\"}}");
    assertEquals("❤️", reaction.path("reaction").path("emoji").asText());
    JsonNode removal = inbound(to, "{\"type\":\"reaction\",\"reaction\":{\"message_id\":\""
        + ours + "\"}}");
    assertFalse(removal.path("reaction").has("emoji"), "a removed reaction has no emoji");

    JsonNode unsupported = inbound(to, "{\"type\":\"unsupported\"}");
    assertEquals(131051, unsupported.path("errors").path(0).path("code").asInt());
    assertEquals("Message type unknown", unsupported.path("errors").path(0).path("title").asText());

    String systemId = customerSends(to, "{\"type\":\"system\",\"system\":{\"wa_id\":\"12195555358\"}}")
        .path("id").asText();
    WebhookReceiver.Event system = receiver.awaitMessage(systemId);
    assertEquals("user_changed_number", system.item().path("system").path("type").asText());
    assertFalse(system.value().has("contacts"), "system messages come without contacts");

    assertEquals(400, TestHttp.post(sim.baseUrl() + "/_sim/customers/" + to + "/messages", null,
        "{\"type\":\"hologram\"}").status());
  }

  @Test
  void readWhatWasSentAndDriveSwitchesClockAndStats() {
    start("");
    String to = newCustomer();
    sim.customerSendsText(to, "hi");
    String w = wamid(send(text(to, "reply 1")));
    wamid(send(text(to, "reply 2")));
    JsonNode sent = TestHttp.get(sim.baseUrl() + "/_sim/customers/" + to + "/messages?limit=1",
        null).json().path("data");
    assertEquals(1, sent.size());
    assertEquals("reply 2", sent.path(0).path("request").path("text").path("body").asText());
    receiver.awaitStatus(w, "read");

    JsonNode switches = TestHttp.post(sim.baseUrl() + "/_sim/switches", null,
        "{\"read_receipts\":false,\"duplicate_probability\":0.5,\"out_of_order\":true}").json();
    assertFalse(switches.path("read_receipts").asBoolean());
    assertEquals(0.5, switches.path("duplicate_probability").asDouble());
    assertTrue(sim.switches().outOfOrder());

    assertEquals(1000, TestHttp.post(sim.baseUrl() + "/_sim/numbers/" + PN + "/mps", null,
        "{\"mps\":1000}").json().path("mps").asInt());
    assertEquals(400, TestHttp.post(sim.baseUrl() + "/_sim/numbers/" + PN + "/mps", null,
        "{\"mps\":1001}").status());

    JsonNode window = TestHttp.post(sim.baseUrl() + "/_sim/customers/" + to + "/window", null,
        "{\"action\":\"expire\"}").json();
    assertFalse(window.path("window_open").path(PN).asBoolean());
    TestHttp.post(sim.baseUrl() + "/_sim/customers/" + to + "/window", null, "{\"action\":\"open\"}");
    JsonNode clock = TestHttp.post(sim.baseUrl() + "/_sim/clock/advance", null,
        "{\"seconds\":90000}").json();
    assertEquals(90_000_000L, clock.path("offset_millis").asLong());
    assertFalse(TestHttp.get(sim.baseUrl() + "/_sim/customers/" + to, null).json()
        .path("window_open").path(PN).asBoolean(), "25 h later the window is closed");

    TestHttp.post(messagesUrl(), "bad", text(to, "x"));
    JsonNode stats = TestHttp.get(sim.baseUrl() + "/_sim/stats", null).json();
    assertEquals(2, stats.path("phone_numbers").path(PN).path("accepted").asInt());
    assertTrue(stats.path("phone_numbers").path(PN).path("max_accepted_per_second").asInt() >= 1);
    assertEquals(1, stats.path("errors_by_code").path("190").asInt());
    assertTrue(stats.path("webhooks").path("items_enqueued").asInt() >= 1);
    assertEquals(0, TestHttp.post(sim.baseUrl() + "/_sim/stats/reset", null, "").json()
        .path("errors_by_code").size());

    JsonNode verify = TestHttp.post(sim.baseUrl() + "/_sim/webhooks/verify", null, "{}").json();
    assertTrue(verify.path("verified").asBoolean(), verify.toString());
    assertEquals("ok", TestHttp.get(sim.baseUrl() + "/_sim/health", null).json()
        .path("status").asText());
  }
}
