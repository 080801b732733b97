package com.whatatalk.simulator;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What the simulator posts has the structure of Meta's own webhook examples
 * (meta-examples/webhooks): for each inbound type we generate, every field path of Meta's example
 * message exists in ours, except example-only extras (listed), and the envelope paths match.
 */
class MetaWebhookShapeTest extends SimulatorTestBase {

  /** Meta example file → control-API spec producing the same type. */
  static final Map<String, String> SPECS = Map.of(
      "text-message", "{\"type\":\"text\",\"text\":{\"body\":\"hi\"}}",
      "image-message", "{\"type\":\"image\",\"image\":{\"caption\":\"Taj Mahal\"}}",
      "location-message", "{\"type\":\"location\",\"location\":{\"latitude\":1,\"longitude\":2,"
          + "\"name\":\"n\",\"address\":\"a\",\"url\":\"https://x\"}}",
      "reaction-message", "{\"type\":\"reaction\",\"reaction\":{\"message_id\":\"wamid.X\","
          + "\"emoji\":\"👍\"}}",
      "interactive-button-reply-message", "{\"type\":\"button_reply\",\"context_id\":\"wamid.X\","
          + "\"button_reply\":{\"id\":\"a\",\"title\":\"A\"}}",
      "interactive-list-reply-message", "{\"type\":\"list_reply\",\"context_id\":\"wamid.X\","
          + "\"list_reply\":{\"id\":\"a\",\"title\":\"A\",\"description\":\"d\"}}",
      "button-message", "{\"type\":\"button\",\"context_id\":\"wamid.X\","
          + "\"button\":{\"payload\":\"p\",\"text\":\"t\"}}",
      "unsupported-message", "{\"type\":\"unsupported\"}",
      "system-message", "{\"type\":\"system\",\"system\":{\"wa_id\":\"12195555358\"}}");

  @Test
  void generatedInboundWebhooksHaveMetasStructure() throws Exception {
    start("");
    Map<String, JsonNode> examples = MetaSendExamplesTest.load("meta-examples/webhooks");
    assertEquals(16, examples.size(), "Meta's spec has 16 webhook examples");
    for (Map.Entry<String, String> e : SPECS.entrySet()) {
      JsonNode meta = examples.get(e.getKey());
      String id = sim.customerSends(newCustomer(), Json.parse(e.getValue())).path("id").asText();
      WebhookReceiver.Event event = receiver.awaitMessage(id);
      JsonNode ours = receiver.posts().get(event.postIndex()).json();
      Set<String> missing = paths(meta, "");
      missing.removeAll(paths(ours, ""));
      assertEquals(Set.of(), missing, e.getKey() + ": Meta's paths absent from ours; ours = " + ours);
    }
  }

  /** Field paths of a JSON tree; array elements collapse to []. */
  private static Set<String> paths(JsonNode n, String prefix) {
    Set<String> out = new TreeSet<>();
    if (n.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> f = it.next();
        String p = prefix + "." + f.getKey();
        out.add(p);
        out.addAll(paths(f.getValue(), p));
      }
    } else if (n.isArray()) {
      n.forEach(c -> out.addAll(paths(c, prefix + "[]")));
    }
    return out;
  }
}
