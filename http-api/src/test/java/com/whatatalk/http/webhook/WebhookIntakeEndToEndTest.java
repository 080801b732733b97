package com.whatatalk.http.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.deploy.cassandra.junit.CassandraExtension;
import com.whatatalk.http.TestApp;
import com.whatatalk.simulator.CloudApiSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Webhooks through the real app into the real journal: Meta's own examples land in their
 * conversations, forged or missing signatures persist nothing, a batch persists every item, and
 * the handshake answers the challenge.
 */
@ExtendWith(CassandraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookIntakeEndToEndTest {
  private static final Path META_WEBHOOKS =
      Path.of("..", "load-tests", "src", "test", "resources", "meta-examples", "webhooks");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final WebhookSignature signature = new WebhookSignature(TestApp.APP_SECRET);
  private CloudApiSimulator simulator;
  private TestApp app;

  @BeforeAll
  void start(CassandraNode cassandra) {
    int port = TestApp.freePort();
    simulator = TestApp.simulator(port, TestApp.simulatorDefaults());
    app = TestApp.start(cassandra, CassandraExtension.uniqueKeyspace("webhooks"), port, simulator, Map.of());
  }

  @AfterAll
  void stop() {
    TestApp.close(app, simulator);
  }

  @Test
  void everyOneOfMetasWebhookExamplesIsAcceptedAndLandsInItsConversation() throws Exception {
    List<Path> examples;
    try (Stream<Path> files = Files.list(META_WEBHOOKS)) {
      examples = files.sorted().toList();
    }
    assertEquals(16, examples.size());
    long inbound = 0;
    for (Path example : examples) {
      byte[] body = Files.readAllBytes(example);
      assertEquals(200, post(body, signature.sign(body)).statusCode(), example.getFileName().toString());
      JsonNode value = JSON.readTree(body).at("/entry/0/changes/0/value");
      inbound += value.path("messages").size();
    }
    // Meta's examples share one customer; group events are acknowledged, not stored.
    assertEquals(13, inbound);
    assertEquals(inbound, app.summary("16505551234").lastInboundSequence() + duplicateWamids(examples));
  }

  @Test
  void everyInboundTypeASimulatedCustomerSendsLandsInItsConversation() throws Exception {
    String customer = "15550003001";
    String text = simulator.customerSendsText(customer, "Hi there");
    String png = java.util.Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
    List<String> specs =
        List.of(
            "{\"type\":\"image\",\"image\":{\"data_base64\":\"" + png + "\",\"mime_type\":\"image/png\",\"caption\":\"look\"}}",
            "{\"type\":\"video\",\"video\":{\"data_base64\":\"" + png + "\",\"mime_type\":\"video/mp4\"}}",
            "{\"type\":\"audio\",\"audio\":{\"data_base64\":\"" + png + "\",\"mime_type\":\"audio/ogg\"}}",
            "{\"type\":\"document\",\"document\":{\"data_base64\":\"" + png + "\",\"mime_type\":\"application/pdf\",\"filename\":\"invoice.pdf\"}}",
            "{\"type\":\"sticker\",\"sticker\":{\"data_base64\":\"" + png + "\",\"mime_type\":\"image/webp\"}}",
            "{\"type\":\"location\",\"location\":{\"latitude\":37.44,\"longitude\":-122.16,\"name\":\"Philz\"}}",
            "{\"type\":\"contacts\",\"contacts\":[{\"name\":{\"formatted_name\":\"Ana\"},\"phones\":[{\"phone\":\"+1 555 0100\"}]}]}",
            "{\"type\":\"button_reply\",\"button_reply\":{\"id\":\"yes\",\"title\":\"Yes\"}}",
            "{\"type\":\"list_reply\",\"list_reply\":{\"id\":\"express\",\"title\":\"Express\"}}",
            "{\"type\":\"button\",\"button\":{\"payload\":\"STOP\",\"text\":\"Stop promotions\"}}",
            "{\"type\":\"reaction\",\"reaction\":{\"message_id\":\"" + text + "\",\"emoji\":\"👍\"}}",
            "{\"type\":\"reaction\",\"reaction\":{\"message_id\":\"" + text + "\"}}",
            "{\"type\":\"unsupported\"}");
    for (String spec : specs) {
      simulator.customerSends(customer, JSON.readTree(spec));
    }
    long expected = 1 + specs.size();
    java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
    while (app.summary(customer).lastInboundSequence() < expected && java.time.Instant.now().isBefore(deadline)) {
      Thread.sleep(50); // poll interval of a bounded wait
    }
    assertEquals(expected, app.summary(customer).lastInboundSequence(), "every type landed once");
  }

  @Test
  void forgedOrMissingSignaturesAreRefusedAndPersistNothing() throws Exception {
    byte[] body = webhook(List.of(message("15550001001", "wamid.forged-1"))).getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> missing = post(body, null);
    HttpResponse<String> forged = post(body, new WebhookSignature("not-the-secret").sign(body));

    assertEquals(401, missing.statusCode());
    assertEquals(401, forged.statusCode());
    assertEquals("invalid_signature", JSON.readTree(forged.body()).at("/error/code").asText());
    assertEquals(0, app.summary("15550001001").lastInboundSequence());
  }

  @Test
  void aBatchOfFiftyItemsPersistsAllFiftyBeforeTheAnswer() throws Exception {
    List<ObjectNode> messages =
        java.util.stream.IntStream.range(0, 50)
            .mapToObj(i -> message("1555000" + (2000 + i % 10), "wamid.batch-" + i))
            .toList();
    byte[] body = webhook(messages).getBytes(StandardCharsets.UTF_8);

    assertEquals(200, post(body, signature.sign(body)).statusCode());

    long stored = 0;
    for (int c = 0; c < 10; c++) {
      stored += app.summary("1555000" + (2000 + c)).lastInboundSequence();
    }
    assertEquals(50, stored, "answered 200 only after every item was persisted");
    // Meta retries: the same batch again changes nothing.
    assertEquals(200, post(body, signature.sign(body)).statusCode());
    assertEquals(5, app.summary("15550002000").lastInboundSequence());
  }

  @Test
  void malformedBodiesGetAClearErrorAndOversizedOnes413() throws Exception {
    byte[] notJson = "{not json".getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> malformed = post(notJson, signature.sign(notJson));
    assertEquals(400, malformed.statusCode());
    assertEquals("malformed_json", JSON.readTree(malformed.body()).at("/error/code").asText());

    byte[] huge = new byte[3 * 1024 * 1024 + 1];
    java.util.Arrays.fill(huge, (byte) ' ');
    // Sent whole, as Meta would: the server reads it before answering, so the 413 is never lost to a
    // connection reset while the client is still uploading.
    HttpResponse<String> tooLarge = post(huge, signature.sign(huge));
    assertEquals(413, tooLarge.statusCode());
    assertEquals("payload_too_large", JSON.readTree(tooLarge.body()).at("/error/code").asText());
  }

  @Test
  void theVerificationHandshakeAnswersTheChallengeOnlyForOurToken() throws Exception {
    HttpResponse<String> ok = get("hub.mode=subscribe&hub.verify_token=" + TestApp.VERIFY_TOKEN + "&hub.challenge=1158201444");
    HttpResponse<String> wrong = get("hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1158201444");

    assertEquals(200, ok.statusCode());
    assertEquals("1158201444", ok.body());
    assertEquals(403, wrong.statusCode());
    JsonNode simulatorSaw = simulator.verifyWebhook().toCompletableFuture().join();
    assertTrue(simulatorSaw.toString().contains("true"), simulatorSaw.toString());
  }

  /** Meta's examples reuse a few wamids; the conversation stores each wamid once. */
  private static long duplicateWamids(List<Path> examples) throws IOException {
    java.util.Set<String> seen = new java.util.HashSet<>();
    long duplicates = 0;
    for (Path example : examples) {
      for (JsonNode m : JSON.readTree(example.toFile()).at("/entry/0/changes/0/value").path("messages")) {
        if (!seen.add(m.path("id").asText())) {
          duplicates++;
        }
      }
    }
    return duplicates;
  }

  private static ObjectNode message(String waId, String wamid) {
    ObjectNode m = JSON.createObjectNode();
    m.put("from", waId);
    m.put("id", wamid);
    m.put("timestamp", String.valueOf(System.currentTimeMillis() / 1000));
    m.put("type", "text");
    m.putObject("text").put("body", "hello from " + waId);
    return m;
  }

  private static String webhook(List<ObjectNode> messages) {
    ObjectNode root = JSON.createObjectNode();
    root.put("object", "whatsapp_business_account");
    ObjectNode value =
        root.putArray("entry").addObject().put("id", "102290129340398").putArray("changes").addObject()
            .put("field", "messages").putObject("value");
    value.put("messaging_product", "whatsapp");
    value.putObject("metadata").put("display_phone_number", "15550783881").put("phone_number_id", TestApp.PHONE_NUMBER_ID);
    ArrayNode contacts = value.putArray("contacts");
    ArrayNode list = value.putArray("messages");
    for (ObjectNode m : messages) {
      contacts.addObject().put("wa_id", m.path("from").asText()).putObject("profile").put("name", "Customer");
      list.add(m);
    }
    return root.toString();
  }

  private HttpResponse<String> post(byte[] body, String signatureHeader) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(app.url("/webhooks/whatsapp")))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (signatureHeader != null) {
      request.header(WebhookSignature.HEADER, signatureHeader);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String query) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(app.url("/webhooks/whatsapp?" + query))).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
