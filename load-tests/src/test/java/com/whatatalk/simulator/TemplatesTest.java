package com.whatatalk.simulator;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The template library (listing, filters, paging) and Meta's send-time template checks. */
class TemplatesTest extends SimulatorTestBase {

  @Test
  void listsSeededTemplatesWithCursorPaging() {
    start("");
    String url = sim.baseUrl() + "/v23.0/" + WABA + "/message_templates";
    JsonNode all = TestHttp.get(url + "?limit=100", TOKEN).json();
    int total = all.path("data").size();
    assertTrue(total >= 10);
    Set<String> statuses = new HashSet<>();
    all.path("data").forEach(t -> statuses.add(t.path("status").asText()));
    assertEquals(Set.of("APPROVED", "PENDING", "REJECTED", "PAUSED", "DISABLED"), statuses);

    Set<String> ids = new HashSet<>();
    String next = url + "?limit=4";
    int pages = 0;
    while (next != null) {
      JsonNode page = TestHttp.get(next, TOKEN).json();
      page.path("data").forEach(t -> assertTrue(ids.add(t.path("id").asText() + t.path("language"))));
      assertTrue(page.path("paging").path("cursors").has("after"));
      next = page.path("paging").has("next") ? page.path("paging").path("next").asText() : null;
      pages++;
    }
    assertEquals(total, ids.size());
    assertEquals((total + 3) / 4, pages);

    JsonNode approved = TestHttp.get(url + "?status=approved&fields=name,status", TOKEN).json();
    approved.path("data").forEach(t -> {
      assertEquals("APPROVED", t.path("status").asText());
      assertFalse(t.has("components"));
      assertTrue(t.has("id"));
    });
    JsonNode byName = TestHttp.get(url + "?name=reservation_confirmation", TOKEN).json();
    assertEquals(1, byName.path("data").size());
    assertEquals("NAMED", byName.path("data").path(0).path("parameter_format").asText());
    assertEquals(100, TestHttp.get(sim.baseUrl() + "/v23.0/123/message_templates", TOKEN)
        .json().path("error").path("code").asInt());
  }

  @Test
  void sendTimeChecks() {
    start("");
    String to = newCustomer();
    assertMetaError(send(template(to, "no_such_template", "en_US")), 132001);
    assertMetaError(send(template(to, "hello_world", "fr")), 132001);
    assertMetaError(send(withBody(template(to, "seasonal_sale", "en_US"), "x")), 132015);
    assertMetaError(send(withBody(template(to, "legacy_discount", "en_US"), "x")), 132016);
    assertMetaError(send(withBody(template(to, "welcome_offer", "en_US"), "x")), 132001);
    assertMetaError(send(withBody(template(to, "promo_rejected", "en_US"), "x")), 132001);
    assertMetaError(send(withBody(template(to, "order_summary", "en_US"), "a", "b")), 132000);
    assertEquals(200, send(withBody(template(to, "order_summary", "en_US"), "a", "b", "c")).status());
    // A media header needs its image parameter.
    assertMetaError(send(withBody(template(to, "order_summary_image", "en_US"), "a", "b", "c")),
        132000);
    // A dynamic URL button needs its suffix.
    assertMetaError(send(withBody(template(to, "order_tracking", "en_US"), "SK-1")), 132000);
    ObjectNode tracking = withBody(template(to, "order_tracking", "en_US"), "SK-1");
    ((ArrayNode) tracking.path("template").path("components")).addObject().put("type", "button")
        .put("sub_type", "url").put("index", "0").putArray("parameters").addObject()
        .put("type", "text").put("text", "SK-1");
    assertEquals(200, send(tracking).status());
    TestHttp.Res accepted = send(template(to, "hello_world", "en_US"));
    assertEquals("accepted", accepted.json().path("messages").path(0).path("message_status").asText());
  }

  @Test
  void namedParametersMustMatchByName() {
    start("");
    String to = newCustomer();
    ObjectNode ok = template(to, "appointment_reminder", "pt_BR");
    ArrayNode p = ((ArrayNode) ok.path("template").path("components")).addObject()
        .put("type", "body").putArray("parameters");
    p.addObject().put("type", "text").put("parameter_name", "time").put("text", "10h");
    p.addObject().put("type", "text").put("parameter_name", "first_name").put("text", "Ana");
    assertEquals(200, send(ok).status());
    ObjectNode wrong = ok.deepCopy();
    ((ObjectNode) wrong.path("template").path("components").path(0).path("parameters").path(0))
        .put("parameter_name", "hour");
    assertMetaError(send(wrong), 132000);
  }

  @Test
  void pausingATemplateAtRunTimeBlocksIt() {
    start("");
    assertTrue(sim.setTemplateStatus("hello_world", "en_US", "PAUSED"));
    assertMetaError(send(template(newCustomer(), "hello_world", "en_US")), 132015);
  }

  static ObjectNode withBody(ObjectNode template, String... params) {
    ArrayNode p = ((ArrayNode) template.path("template").path("components")).addObject()
        .put("type", "body").putArray("parameters");
    for (String s : params) {
      p.addObject().put("type", "text").put("text", s);
    }
    return template;
  }
}
