package com.whatatalk.http.conversations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.whatatalk.engine.cloudapi.CloudApiRequests;
import com.whatatalk.engine.cloudapi.OutboundMessage;
import com.whatatalk.engine.cloudapi.Recipient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Meta's own send examples (load-tests/src/test/resources/meta-examples/send, from Meta's OpenAPI
 * spec) are what a client of {@code POST /api/conversations/{pnid}/{ck}/messages} copies: each one
 * we support must parse with {@link SendRequests#parse} (recipient fields ignored) and the parsed
 * content must leave for Meta, through the Cloud API client's request builder, as the same JSON.
 * Every other example is listed in {@link #NOT_SUPPORTED} with its reason.
 *
 * <p>Normalized before comparing, as in the engine's MetaSendExamplesTest: {@code recipient_type}
 * and the top-level {@code type} are dropped from ours when the example has none (both optional),
 * and {@code date_time} parameters keep only {@code fallback_value} (the one field Cloud API
 * renders; the calendar fields are On-Premises legacy). Numbers compare by value.
 *
 * <p>Meta's placeholder values that our validation rightly refuses (a link {@code
 * http(s)://image-url}, the name {@code template-name}) are made concrete in the example first, in
 * {@link #CONCRETE}, so the example's shape is still what is checked.
 */
class SendRequestsExamplesTest {
  private static final Path EXAMPLES =
      Path.of("..", "load-tests", "src", "test", "resources", "meta-examples", "send");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Examples our send API does not take, with why. */
  static final Map<String, String> NOT_SUPPORTED =
      Map.ofEntries(
          Map.entry(
              "send-typing-indicator-and-read-receipt.json",
              "not a message: a read receipt (POST .../read) with the typing indicator (POST .../typing)"),
          Map.entry("send-catalog-message.json", "interactive catalog_message: catalogs are not in our model"),
          Map.entry("send-single-product-message.json", "interactive product: catalogs are not in our model"),
          Map.entry("send-multi-product-message.json", "interactive product_list: catalogs are not in our model"),
          Map.entry("send-order-details-message.json", "interactive order_details: payments are not in our model"),
          Map.entry("send-order-status-message.json", "interactive order_status: payments are not in our model"),
          Map.entry("send-draft-flow-by-id.json", "interactive flow: flows are not in our model"),
          Map.entry("send-draft-flow-by-name.json", "interactive flow: flows are not in our model"),
          Map.entry("send-published-flow-by-id.json", "interactive flow: flows are not in our model"),
          Map.entry("send-published-flow-by-name.json", "interactive flow: flows are not in our model"),
          Map.entry(
              "send-flow-template-message.json",
              "template flow button: its action parameter (flow token and data) is not in our model"),
          Map.entry(
              "send-catalog-template-message.json",
              "template catalog button: its action parameter (thumbnail product) is not in our model"),
          Map.entry(
              "send-sample-issue-resolution-template.json",
              "boolean text parameters on quick-reply buttons (ours are strings; quick replies take a"
                  + " payload) and the legacy language.policy"));

  /**
   * Placeholder values of Meta's examples to concrete ones our validation accepts: links must be
   * http(s) URLs, template names lowercase with underscores, language codes such as en_US.
   */
  static final Map<String, String> CONCRETE =
      Map.ofEntries(
          Map.entry("http(s)://image-url", "https://example.com/image.jpg"),
          Map.entry("http(s)://the-image-url", "https://example.com/the-image.jpg"),
          Map.entry("http(s)://audio-url", "https://example.com/audio.ogg"),
          Map.entry("<http(s)://audio-url>", "https://example.com/audio.ogg"),
          Map.entry("<http(s)://video-url>", "https://example.com/video.mp4"),
          Map.entry("<http(s)://document-url>", "https://example.com/document.pdf"),
          Map.entry("<http(s)://sticker-url>", "https://example.com/sticker.webp"),
          Map.entry("template-name", "template_name"),
          Map.entry("language-and-locale-code", "en_US"));

  @Test
  void everyExampleIsCheckedOrListedWithItsReason() throws IOException {
    Set<String> files = files();
    assertTrue(files.size() >= 50, "expected Meta's 50 examples in " + EXAMPLES.toAbsolutePath());
    assertTrue(files.containsAll(NOT_SUPPORTED.keySet()), "a listed example is gone: " + NOT_SUPPORTED.keySet());
    NOT_SUPPORTED.values().forEach(reason -> assertTrue(!reason.isBlank()));
  }

  @TestFactory
  Stream<DynamicTest> eachSupportedExampleParsesAndLeavesForMetaUnchanged() throws IOException {
    return files().stream()
        .filter(f -> !NOT_SUPPORTED.containsKey(f))
        .map(f -> DynamicTest.dynamicTest(f, () -> roundTrip(f)));
  }

  @TestFactory
  Stream<DynamicTest> eachUnsupportedExampleIsRefusedFieldByField() throws IOException {
    return files().stream()
        .filter(NOT_SUPPORTED::containsKey)
        .map(
            f ->
                DynamicTest.dynamicTest(
                    f,
                    () -> {
                      SendRequests.Parsed parsed = SendRequests.parse(example(f));
                      // Refused with a reason, never accepted with part of it silently dropped.
                      assertTrue(!parsed.problems().isEmpty(), f + " was accepted");
                      assertEquals(null, parsed.request());
                    }));
  }

  private static void roundTrip(String file) {
    ObjectNode example = example(file);
    SendRequests.Parsed parsed = SendRequests.parse(example);
    assertEquals(Map.of(), parsed.problems(), file);
    SendRequests.SendRequest request = parsed.request();
    OutboundMessage message =
        new OutboundMessage(
            "106540352242922",
            Recipient.phone(example.path("to").asText()),
            request.content(),
            request.contextWamid(),
            null);
    ObjectNode ours = CloudApiRequests.sendMessage(message).orElseThrow();
    normalize(example, ours);
    assertTrue(
        example.equals(BY_VALUE, ours),
        () -> file + "\nexample:\n" + pretty(example) + "\nours:\n" + pretty(ours));
  }

  private static Set<String> files() throws IOException {
    try (Stream<Path> list = Files.list(EXAMPLES)) {
      return list.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".json"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private static ObjectNode example(String file) {
    try {
      ObjectNode node = (ObjectNode) MAPPER.readTree(EXAMPLES.resolve(file).toFile());
      concrete(node);
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void concrete(JsonNode node) {
    if (node.isObject()) {
      ObjectNode o = (ObjectNode) node;
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getValue().isTextual() && CONCRETE.containsKey(e.getValue().asText())) {
          e.setValue(TextNode.valueOf(CONCRETE.get(e.getValue().asText())));
        } else {
          concrete(e.getValue());
        }
      }
    } else if (node.isArray()) {
      node.forEach(SendRequestsExamplesTest::concrete);
    }
  }

  private static void normalize(ObjectNode example, ObjectNode ours) {
    for (String optional : List.of("recipient_type", "type")) {
      if (!example.has(optional)) {
        ours.remove(optional);
      }
    }
    example.findParents("date_time").stream()
        .map(parent -> parent.get("date_time"))
        .filter(JsonNode::isObject)
        .forEach(d -> ((ObjectNode) d).retain("fallback_value"));
  }

  private static final Comparator<JsonNode> BY_VALUE =
      (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
          return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
      };

  private static String pretty(JsonNode node) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
