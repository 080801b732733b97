package com.whatatalk.engine.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.whatatalk.engine.conversation.Conversation.MessageStatus;
import com.whatatalk.engine.conversation.MessageContent;
import com.whatatalk.engine.webhook.WebhookItem.Acknowledged;
import com.whatatalk.engine.webhook.WebhookItem.InboundMessage;
import com.whatatalk.engine.webhook.WebhookItem.StatusUpdate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class WebhookTranslatorTest {
  /** Meta's own webhook examples (MIT, facebook/openapi), shared with the simulator's tests. */
  static final Path META_WEBHOOKS =
      Path.of("..", "load-tests", "src", "test", "resources", "meta-examples", "webhooks");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What each of Meta's examples must become. */
  private static final Map<String, Class<?>> EXPECTED =
      Map.ofEntries(
          Map.entry("text-message.json", MessageContent.Text.class),
          Map.entry("text-message-with-context-product-inquiry.json", MessageContent.Text.class),
          Map.entry("text-message-from-click-to-whatsapp-ad.json", MessageContent.Text.class),
          Map.entry("image-message.json", MessageContent.Media.class),
          Map.entry("location-message.json", MessageContent.Location.class),
          Map.entry("contact-sharing-message.json", MessageContent.Contacts.class),
          Map.entry("reaction-message.json", MessageContent.Reaction.class),
          Map.entry("interactive-button-reply-message.json", MessageContent.ButtonReply.class),
          Map.entry("interactive-list-reply-message.json", MessageContent.ListReply.class),
          Map.entry("button-message.json", MessageContent.TemplateButtonReply.class),
          Map.entry("unsupported-message.json", MessageContent.Unsupported.class),
          Map.entry("order-message.json", MessageContent.Unsupported.class),
          Map.entry("system-message.json", MessageContent.SystemNotice.class),
          Map.entry("group-create-message.json", Acknowledged.class),
          Map.entry("group-remove-participants.json", Acknowledged.class),
          Map.entry("group-settings-update.json", Acknowledged.class));

  @Test
  void everyOneOfMetasExamplesIsCoveredHere() throws IOException {
    try (Stream<Path> files = Files.list(META_WEBHOOKS)) {
      Set<String> names = files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
      assertEquals(new TreeSet<>(EXPECTED.keySet()), names);
    }
  }

  @Test
  void translatesEachOfMetasExamplesIntoWhatItMeans() throws IOException {
    for (var expected : EXPECTED.entrySet()) {
      List<WebhookItem> items = WebhookTranslator.translate(read(expected.getKey()));
      assertEquals(1, items.size(), expected.getKey());
      WebhookItem item = items.get(0);
      if (expected.getValue() == Acknowledged.class) {
        assertInstanceOf(Acknowledged.class, item, expected.getKey());
        continue;
      }
      InboundMessage m = assertInstanceOf(InboundMessage.class, item, expected.getKey());
      assertInstanceOf(expected.getValue(), m.content(), expected.getKey());
      assertEquals("106540352242922", m.phoneNumberId(), expected.getKey());
      assertEquals("16505551234", m.waId(), expected.getKey());
    }
  }

  @Test
  void keepsMetasTimestampProfileContextAndMediaFields() throws IOException {
    InboundMessage image = (InboundMessage) WebhookTranslator.translate(read("image-message.json")).get(0);
    assertEquals(Instant.ofEpochSecond(1744344496), image.timestamp());
    assertEquals("Sheena Nelson", image.profileName());
    MessageContent.Media media = (MessageContent.Media) image.content();
    assertEquals(MessageContent.MediaKind.IMAGE, media.kind());
    assertEquals("1003383421387256", media.mediaId());
    assertEquals("Taj Mahal", media.caption());
    assertEquals("image/jpeg", media.mimeType());

    InboundMessage button =
        (InboundMessage) WebhookTranslator.translate(read("interactive-button-reply-message.json")).get(0);
    assertEquals(
        read("interactive-button-reply-message.json")
            .at("/entry/0/changes/0/value/messages/0/context/id")
            .asText(),
        button.contextWamid());

    InboundMessage unsupported = (InboundMessage) WebhookTranslator.translate(read("unsupported-message.json")).get(0);
    MessageContent.Unsupported u = (MessageContent.Unsupported) unsupported.content();
    assertEquals(131051, u.errorCode());
    assertEquals("Message type is currently not supported.", u.errorDetails());
  }

  @Test
  void readsEveryEntryChangeMessageAndStatusOfABatch() throws IOException {
    JsonNode batch =
        JSON.readTree(
            """
            {"object":"whatsapp_business_account","entry":[
              {"id":"1","changes":[
                {"field":"messages","value":{"messaging_product":"whatsapp",
                  "metadata":{"display_phone_number":"15550001111","phone_number_id":"111"},
                  "contacts":[{"profile":{"name":"Ana"},"wa_id":"15551230001"},{"profile":{"name":"Bo"},"wa_id":"15551230002"}],
                  "messages":[
                    {"from":"15551230001","id":"wamid.A","timestamp":"1750000000","type":"text","text":{"body":"hi"}},
                    {"from":"15551230002","id":"wamid.B","timestamp":"1750000001","type":"reaction","reaction":{"message_id":"wamid.X"}}]}},
                {"field":"messages","value":{"messaging_product":"whatsapp",
                  "metadata":{"display_phone_number":"15550001111","phone_number_id":"111"},
                  "statuses":[
                    {"id":"wamid.OUT","status":"read","timestamp":"1750000002","recipient_id":"15551230001"},
                    {"id":"wamid.OUT2","status":"failed","timestamp":"1750000003","recipient_id":"15551230001",
                     "errors":[{"code":131047,"title":"Re-engagement message","error_data":{"details":"More than 24 hours"}}]},
                    {"id":"wamid.VOICE","status":"played","timestamp":"1750000004","recipient_id":"15551230001"}]}},
                {"field":"message_template_status_update","value":{"event":"APPROVED","message_template_id":1}}]},
              {"id":"2","changes":[
                {"field":"messages","value":{"messaging_product":"whatsapp",
                  "metadata":{"display_phone_number":"15550002222","phone_number_id":"222"},
                  "errors":[{"code":130429,"title":"Rate limit hit","error_data":{"details":"too many"}}]}}]}]}
            """);

    List<WebhookItem> items = WebhookTranslator.translate(batch);

    assertEquals(7, items.size());
    InboundMessage first = (InboundMessage) items.get(0);
    InboundMessage second = (InboundMessage) items.get(1);
    assertEquals("Ana", first.profileName());
    assertEquals("Bo", second.profileName());
    assertNull(((MessageContent.Reaction) second.content()).emoji(), "a removed reaction has no emoji");
    StatusUpdate read = (StatusUpdate) items.get(2);
    assertEquals(MessageStatus.READ, read.status());
    assertEquals("15551230001", read.recipientWaId());
    StatusUpdate failed = (StatusUpdate) items.get(3);
    assertEquals(131047, failed.error().code());
    assertEquals("More than 24 hours", failed.error().details());
    assertInstanceOf(Acknowledged.class, items.get(4), "played moves no tick");
    assertEquals("message_template_status_update", ((Acknowledged) items.get(5)).field());
    assertEquals(130429, ((WebhookItem.AccountError) items.get(6)).error().code());
  }

  @Test
  void refusesWhatIsNotAWebhook() throws IOException {
    assertThrows(IllegalArgumentException.class, () -> WebhookTranslator.translate(JSON.readTree("[1,2]")));
    assertThrows(IllegalArgumentException.class, () -> WebhookTranslator.translate(JSON.readTree("{\"object\":1}")));
    JsonNode noTimestamp =
        JSON.readTree(
            """
            {"entry":[{"changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"1"},
              "messages":[{"from":"1555","id":"wamid.A","type":"text","text":{"body":"x"}}]}}]}]}
            """);
    assertThrows(IllegalArgumentException.class, () -> WebhookTranslator.translate(noTimestamp));
  }

  private static JsonNode read(String name) throws IOException {
    return JSON.readTree(META_WEBHOOKS.resolve(name).toFile());
  }

  @Test
  void aTemplateStatusChangeNamesTheWabaTemplateEventAndTime() throws IOException {
    // Meta's example (whatsapp-cloud-api.md 4.8): the template id is a number here.
    JsonNode body =
        JSON.readTree(
            """
            {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","time":1751247548,
              "changes":[{"field":"message_template_status_update",
                "value":{"event":"PAUSED","message_template_id":1689556908129835,
                  "message_template_name":"abandoned_cart","message_template_language":"en",
                  "reason":"NONE","message_template_category":"MARKETING",
                  "other_info":{"title":"FIRST_PAUSE","description":"low quality"}}},
                {"field":"message_template_quality_update",
                 "value":{"previous_quality_score":"GREEN","new_quality_score":"YELLOW",
                   "message_template_id":1,"message_template_name":"abandoned_cart","message_template_language":"en"}}]}]}
            """);

    List<WebhookItem> items = WebhookTranslator.translate(body);

    assertEquals(
        new WebhookItem.TemplateStatusUpdate(
            "102290129340398", "1689556908129835", "abandoned_cart", "en", "PAUSED", "NONE",
            java.time.Instant.ofEpochSecond(1751247548)),
        items.get(0));
    assertEquals("message_template_quality_update", ((Acknowledged) items.get(1)).field());
  }
}
