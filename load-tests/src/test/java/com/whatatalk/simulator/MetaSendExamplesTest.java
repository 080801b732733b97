package com.whatatalk.simulator;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Meta's own 50 send examples (facebook/openapi, extracted to meta-examples/send) are the ground
 * truth: every example of a type we support is accepted and answered in Meta's shape; the others
 * get a clear Meta-style 131009 error.
 */
class MetaSendExamplesTest extends SimulatorTestBase {

  /** Examples of types WhataTalk does not send (flows, commerce, catalog): refused with 131009. */
  static final Set<String> UNSUPPORTED = Set.of(
      "send-catalog-message", "send-draft-flow-by-id", "send-draft-flow-by-name",
      "send-published-flow-by-id", "send-published-flow-by-name", "send-multi-product-message",
      "send-order-details-message", "send-order-status-message", "send-single-product-message",
      "send-flow-template-message");

  /**
   * Examples whose template name is a placeholder ("template-name") point at a seeded template
   * with the same components; the other template examples use their own (seeded) names.
   */
  static final Map<String, String> TEMPLATE_FOR_PLACEHOLDER = Map.of(
      "send-message-template-text", "order_summary",
      "send-sample-text-message", "order_summary",
      "send-sample-shipping-confirmation-template", "order_summary",
      "send-message-template-media", "order_summary_image",
      "send-message-template-interactive", "order_summary_actions");

  @Test
  void acceptsEveryExampleOfASupportedTypeInMetasShape() throws Exception {
    start("");
    Map<String, JsonNode> examples = examples();
    assertEquals(50, examples.size(), "Meta's spec has 50 send examples");
    Set<String> accepted = new TreeSet<>();
    for (Map.Entry<String, JsonNode> e : examples.entrySet()) {
      if (UNSUPPORTED.contains(e.getKey())) {
        continue;
      }
      ObjectNode body = prepare(e.getKey(), e.getValue());
      TestHttp.Res r = send(body);
      assertEquals(200, r.status(), e.getKey() + " → " + r.text());
      JsonNode json = r.json();
      if (body.has("status")) {
        assertEquals(Json.parse("{\"success\":true}"), json, e.getKey());
      } else {
        assertEquals(Set.of("messaging_product", "contacts", "messages"), fields(json),
            e.getKey());
        assertEquals("whatsapp", json.path("messaging_product").asText());
        assertEquals(1, json.path("contacts").size());
        assertEquals(body.path("to").asText(), json.path("contacts").path(0).path("input").asText());
        assertTrue(json.path("contacts").path(0).path("wa_id").asText().matches("\\d{8,15}"));
        assertEquals(1, json.path("messages").size());
        assertTrue(json.path("messages").path(0).path("id").asText().matches("wamid\\.[A-Za-z0-9+/=]+"),
            json.toString());
      }
      accepted.add(e.getKey());
    }
    assertEquals(40, accepted.size(), "accepted: " + accepted);
  }

  @Test
  void refusesExamplesOfUnsupportedTypesWithAMetaError() throws Exception {
    start("");
    Map<String, JsonNode> examples = examples();
    assertTrue(examples.keySet().containsAll(UNSUPPORTED));
    for (String name : UNSUPPORTED) {
      TestHttp.Res r = send(prepare(name, examples.get(name)));
      assertEquals(400, r.status(), name);
      assertMetaError(r, 131009);
      JsonNode error = r.json().path("error");
      assertEquals("OAuthException", error.path("type").asText());
      assertTrue(error.path("error_data").path("details").asText().contains("not supported"),
          name + " → " + r.text());
    }
  }

  /** Placeholders → a fresh customer (pair limits stay out of the way) and seeded templates. */
  private ObjectNode prepare(String name, JsonNode example) {
    ObjectNode body = example.deepCopy();
    if (body.has("to")) {
      body.put("to", "+" + newCustomer());
    }
    String template = TEMPLATE_FOR_PLACEHOLDER.get(name);
    if (template != null) {
      ObjectNode t = (ObjectNode) body.get("template");
      t.put("name", template);
      ((ObjectNode) t.get("language")).put("code", "en_US");
    }
    return body;
  }

  private static Set<String> fields(JsonNode n) {
    Set<String> s = new TreeSet<>();
    n.fieldNames().forEachRemaining(s::add);
    return s;
  }

  static Map<String, JsonNode> examples() throws IOException, URISyntaxException {
    return load("meta-examples/send");
  }

  static Map<String, JsonNode> load(String dir) throws IOException, URISyntaxException {
    Path root = Path.of(MetaSendExamplesTest.class.getClassLoader().getResource(dir).toURI());
    try (Stream<Path> files = Files.list(root)) {
      return files.filter(p -> p.toString().endsWith(".json"))
          .collect(Collectors.toMap(
              p -> p.getFileName().toString().replace(".json", ""),
              p -> {
                try (InputStream in = Files.newInputStream(p)) {
                  return Json.parse(in.readAllBytes());
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              },
              (a, b) -> a, java.util.TreeMap::new));
    }
  }
}
