package com.whatatalk.engine.cloudapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.whatatalk.engine.conversation.MessageContent;
import com.whatatalk.engine.conversation.MessageContent.ButtonSubType;
import com.whatatalk.engine.conversation.MessageContent.ComponentType;
import com.whatatalk.engine.conversation.MessageContent.ContactAddress;
import com.whatatalk.engine.conversation.MessageContent.ContactEmail;
import com.whatatalk.engine.conversation.MessageContent.ContactName;
import com.whatatalk.engine.conversation.MessageContent.ContactOrg;
import com.whatatalk.engine.conversation.MessageContent.ContactPhone;
import com.whatatalk.engine.conversation.MessageContent.ContactUrl;
import com.whatatalk.engine.conversation.MessageContent.CurrencyParameter;
import com.whatatalk.engine.conversation.MessageContent.DateTimeParameter;
import com.whatatalk.engine.conversation.MessageContent.InteractiveButtons;
import com.whatatalk.engine.conversation.MessageContent.InteractiveList;
import com.whatatalk.engine.conversation.MessageContent.ListRow;
import com.whatatalk.engine.conversation.MessageContent.ListSection;
import com.whatatalk.engine.conversation.MessageContent.Media;
import com.whatatalk.engine.conversation.MessageContent.MediaKind;
import com.whatatalk.engine.conversation.MessageContent.MediaParameter;
import com.whatatalk.engine.conversation.MessageContent.PayloadParameter;
import com.whatatalk.engine.conversation.MessageContent.ReplyButton;
import com.whatatalk.engine.conversation.MessageContent.SharedContact;
import com.whatatalk.engine.conversation.MessageContent.Template;
import com.whatatalk.engine.conversation.MessageContent.TemplateComponent;
import com.whatatalk.engine.conversation.MessageContent.TextParameter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Meta's own send examples (load-tests/src/test/resources/meta-examples/send, from Meta's OpenAPI
 * spec, MIT) are the ground truth: for every example of a kind we send, the same content built with
 * {@link MessageContent} must serialize to the same JSON tree.
 *
 * <p>Differences ignored, because the field is optional and Meta's examples are inconsistent about
 * it (whatsapp-cloud-api.md §2.1): {@code recipient_type} (we always send {@code individual}) and
 * the top-level {@code type} (two examples leave it out) are dropped from ours only when the
 * example has none. {@code date_time} parameters keep only {@code fallback_value}, the one field
 * Cloud API renders (§2.10); the calendar fields in the examples are On-Premises legacy that our
 * model does not carry. Numbers compare by value (an {@code amount_1000} long equals an int).
 */
class MetaSendExamplesTest {
  private static final Path EXAMPLES =
      Path.of("..", "load-tests", "src", "test", "resources", "meta-examples", "send");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static final String PHONE = "{{Recipient-Phone-Number}}";
  private static final String PREV = "<MSGID_OF_PREV_MSG>";
  private static final String REPLYING = "<MSGID_OF_MSG_YOU_ARE_REPLYING_TO>";

  /** Kinds we do not send (flows, catalogs, products, orders), with why. */
  private static final Map<String, String> OUT_OF_SCOPE =
      Map.ofEntries(
          Map.entry("send-catalog-message.json", "catalog messages"),
          Map.entry("send-catalog-template-message.json", "catalog template button (action)"),
          Map.entry("send-draft-flow-by-id.json", "flows"),
          Map.entry("send-draft-flow-by-name.json", "flows"),
          Map.entry("send-published-flow-by-id.json", "flows"),
          Map.entry("send-published-flow-by-name.json", "flows"),
          Map.entry("send-flow-template-message.json", "flow template button (action)"),
          Map.entry("send-multi-product-message.json", "product lists"),
          Map.entry("send-single-product-message.json", "products"),
          Map.entry("send-order-details-message.json", "order details (payments)"),
          Map.entry("send-order-status-message.json", "order status (payments)"),
          Map.entry(
              "send-sample-issue-resolution-template.json",
              "boolean text parameters and the legacy language.policy; our text is a string"));

  @Test
  void everyExampleIsEitherCheckedOrListedAsOutOfScope() throws IOException {
    Set<String> files;
    try (Stream<Path> list = Files.list(EXAMPLES)) {
      files =
          list.map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".json"))
              .collect(Collectors.toCollection(TreeSet::new));
    }
    assertTrue(files.size() >= 50, "expected Meta's 50 examples in " + EXAMPLES.toAbsolutePath());
    Set<String> accounted = new TreeSet<>(ours().keySet());
    accounted.addAll(OUT_OF_SCOPE.keySet());
    assertEquals(files, accounted, "a new example must be checked or listed as out of scope");
    Set<String> both = new TreeSet<>(ours().keySet());
    both.retainAll(OUT_OF_SCOPE.keySet());
    assertEquals(Set.of(), both);
  }

  @TestFactory
  Stream<DynamicTest> ourRequestEqualsMetasExample() {
    return ours().entrySet().stream()
        .map(
            e ->
                DynamicTest.dynamicTest(
                    e.getKey(),
                    () -> {
                      JsonNode example = MAPPER.readTree(EXAMPLES.resolve(e.getKey()).toFile());
                      ObjectNode actual = e.getValue().get();
                      normalize((ObjectNode) example, actual);
                      assertTrue(
                          example.equals(BY_VALUE, actual),
                          () -> "example:\n" + pretty(example) + "\nours:\n" + pretty(actual));
                    }));
  }

  private static Map<String, Supplier<ObjectNode>> ours() {
    Map<String, Supplier<ObjectNode>> m = new LinkedHashMap<>();
    // Text
    m.put("send-text-message.json", () -> send(text("text-message-content", false)));
    m.put(
        "send-text-message-with-preview-url.json",
        () -> send(text("Please visit https://youtu.be/hpltvTEiRrY.", true)));
    m.put("send-reply-to-text-message.json", () -> send(text("<TEXT_MSG_CONTENT>", false), PREV));
    // Media by id and by link
    m.put(
        "send-image-message-by-id.json",
        () -> send(byId(MediaKind.IMAGE, "<IMAGE_OBJECT_ID>", null)));
    m.put(
        "send-image-message-by-url.json",
        () -> send(byLink(MediaKind.IMAGE, "http(s)://image-url", null)));
    m.put(
        "send-audio-message-by-id.json",
        () -> send(byId(MediaKind.AUDIO, "<AUDIO_OBJECT_ID>", null)));
    m.put(
        "send-audio-message-by-url.json",
        () -> send(byLink(MediaKind.AUDIO, "<http(s)://audio-url>", null)));
    m.put(
        "send-video-message-by-id.json",
        () -> send(byId(MediaKind.VIDEO, "<VIDEO_OBJECT_ID>", "<VIDEO_CAPTION_TEXT>")));
    m.put(
        "send-video-message-by-url.json",
        () -> send(byLink(MediaKind.VIDEO, "<http(s)://video-url>", "<VIDEO_CAPTION_TEXT>")));
    m.put(
        "send-document-message-by-id.json",
        () ->
            send(
                Media.document(
                    "<DOCUMENT_OBJECT_ID>", "<DOCUMENT_CAPTION_TO_SEND>", "<DOCUMENT_FILENAME>")));
    m.put(
        "send-document-message-by-url.json",
        () ->
            send(
                byLink(MediaKind.DOCUMENT, "<http(s)://document-url>", "<DOCUMENT-CAPTION-TEXT>")));
    m.put(
        "send-sticker-message-by-id.json",
        () -> send(byId(MediaKind.STICKER, "<MEDIA_OBJECT_ID>", null)));
    m.put(
        "send-sticker-message-by-url.json",
        () -> send(byLink(MediaKind.STICKER, "<http(s)://sticker-url>", null)));
    // Replies (context) with media
    m.put(
        "send-reply-to-image-message-by-id.json",
        () -> send(byId(MediaKind.IMAGE, "<IMAGE_OBJECT_ID>", null), PREV));
    m.put(
        "send-reply-to-image-message-by-url.json",
        () -> send(byLink(MediaKind.IMAGE, "http(s)://image-url", null), PREV));
    m.put(
        "send-reply-to-audio-message-by-id.json",
        () -> send(byId(MediaKind.AUDIO, "<AUDIO_OBJECT_ID>", null), REPLYING));
    m.put(
        "send-reply-to-audio-message-by-url.json",
        () -> send(byLink(MediaKind.AUDIO, "http(s)://audio-url", null), REPLYING));
    m.put(
        "send-reply-to-video-message-by-id.json",
        () -> send(byId(MediaKind.VIDEO, "<VIDEO_OBJECT_ID>", "<VIDEO_CAPTION_TEXT>"), REPLYING));
    m.put(
        "send-reply-to-video-message-by-url.json",
        () ->
            send(
                byLink(MediaKind.VIDEO, "<http(s)://video-url>", "<VIDEO_CAPTION_TEXT>"),
                REPLYING));
    m.put(
        "send-reply-to-document-message-by-id.json",
        () ->
            send(
                Media.document(
                    "<DOCUMENT_OBJECT_ID>", "<DOCUMENT_CAPTION_TO_SEND>", "<DOCUMENT_FILENAME>"),
                REPLYING));
    m.put(
        "send-reply-to-document-message-by-url.json",
        () ->
            send(
                byLink(MediaKind.DOCUMENT, "<http(s)://document-url>", "<DOCUMENT_CAPTION_TEXT>"),
                REPLYING));
    m.put(
        "send-reply-to-sticker-message-by-id.json",
        () -> send(byId(MediaKind.STICKER, "<MEDIA_OBJECT_ID>", null), REPLYING));
    m.put(
        "send-reply-to-sticker-message-by-url.json",
        () -> send(byLink(MediaKind.STICKER, "<http(s)://sticker-url>", null), REPLYING));
    // Location, contacts, reaction
    m.put("send-location-message.json", () -> send(metaHq()));
    m.put("send-reply-to-location-message.json", () -> send(metaHq(), PREV));
    m.put("send-contact-message.json", () -> send(johnSmith()));
    m.put("send-reply-to-contact-message.json", () -> send(johnSmith(), PREV));
    m.put(
        "send-reply-with-reaction-message.json",
        () -> send(new MessageContent.Reaction("wamid.HBgLM...", "😀")));
    // Interactive
    m.put("send-reply-button.json", () -> send(replyButtons()));
    m.put("send-list-message.json", () -> send(list()));
    m.put("send-reply-to-list-message.json", () -> send(list(), PREV));
    // Templates
    m.put("send-message-template-text.json", () -> send(template(List.of(body()))));
    m.put("send-message-template-media.json", () -> send(template(List.of(imageHeader(), body()))));
    m.put(
        "send-message-template-interactive.json",
        () ->
            send(
                template(
                    List.of(
                        imageHeader(),
                        body(),
                        quickReply(0, "aGlzIHRoaXMgaXMgY29v"),
                        quickReply(1, "9rwnB8RbYmPF5t2Mn09x4h")))));
    m.put(
        "send-sample-shipping-confirmation-template.json",
        () -> send("16315555555", template(List.of(body())), null));
    m.put(
        "send-sample-text-message.json",
        () -> send("16315555555", template(List.of(body())), null));
    m.put("send-test-message.json", () -> send(new Template("hello_world", "en_US", List.of())));
    // Read receipt with typing indicator
    m.put(
        "send-typing-indicator-and-read-receipt.json",
        () ->
            CloudApiRequests.markAsRead(
                "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUYzMjEzNDM2RTZGQ0MzMDJBRgA=", true));
    return m;
  }

  // --- content as our model expresses it ------------------------------------------------------

  private static MessageContent text(String body, boolean previewUrl) {
    return new MessageContent.Text(body, previewUrl);
  }

  private static Media byId(MediaKind kind, String id, String caption) {
    return Media.byId(kind, id, caption);
  }

  private static Media byLink(MediaKind kind, String link, String caption) {
    return Media.byLink(kind, link, caption);
  }

  private static MessageContent metaHq() {
    return new MessageContent.Location(
        37.758056, -122.425332, "META HQ", "1 Hacker Way, Menlo Park, CA 94025", null);
  }

  private static MessageContent johnSmith() {
    return new MessageContent.Contacts(
        List.of(
            new SharedContact(
                new ContactName("John Smith", "John", "Smith", "D.", "Dr", "Jr"),
                List.of(
                    new ContactPhone("+1 (940) 555-1234", "HOME", null),
                    new ContactPhone("+1 (650) 555-1234", "WORK", "16505551234")),
                List.of(
                    new ContactEmail("test@fb.com", "WORK"),
                    new ContactEmail("test@whatsapp.com", "HOME")),
                new ContactOrg("WhatsApp", "Design", "Manager"),
                List.of(
                    new ContactAddress(
                        "1 Hacker Way", "Menlo Park", "CA", "94025", "United States", "us", "HOME"),
                    new ContactAddress(
                        "200 Jefferson Dr",
                        "Menlo Park",
                        "CA",
                        "94025",
                        "United States",
                        "us",
                        "WORK")),
                List.of(
                    new ContactUrl("https://www.facebook.com", "WORK"),
                    new ContactUrl("https://www.whatsapp.com", "HOME")),
                "2012-08-18")));
  }

  private static MessageContent replyButtons() {
    return new InteractiveButtons(
        null,
        "<BUTTON_TEXT>",
        null,
        List.of(
            new ReplyButton("<UNIQUE_BUTTON_ID_1>", "<BUTTON_TITLE_1>"),
            new ReplyButton("<UNIQUE_BUTTON_ID_2>", "<BUTTON_TITLE_2>")));
  }

  private static MessageContent list() {
    return new InteractiveList(
        "<HEADER_TEXT>",
        "<BODY_TEXT>",
        "<FOOTER_TEXT>",
        "<BUTTON_TEXT>",
        List.of(section(1), section(2)));
  }

  private static ListSection section(int n) {
    String s = "SECTION_" + n;
    return new ListSection(
        "<LIST_" + s + "_TITLE>",
        List.of(
            new ListRow(
                "<LIST_" + s + "_ROW_1_ID>", "<" + s + "_ROW_1_TITLE>", "<" + s + "_ROW_1_DESC>"),
            new ListRow(
                "<LIST_" + s + "_ROW_2_ID>", "<" + s + "_ROW_2_TITLE>", "<" + s + "_ROW_2_DESC>")));
  }

  private static Template template(List<TemplateComponent> components) {
    return new Template("template-name", "language-and-locale-code", components);
  }

  private static TemplateComponent body() {
    return TemplateComponent.body(
        new TextParameter(null, "text-string"),
        new CurrencyParameter(null, "$100.99", "USD", 100990),
        new DateTimeParameter(null, "February 25, 1977"));
  }

  private static TemplateComponent imageHeader() {
    return new TemplateComponent(
        ComponentType.HEADER,
        null,
        null,
        List.of(new MediaParameter(null, MediaKind.IMAGE, null, "http(s)://the-image-url", null)));
  }

  private static TemplateComponent quickReply(int index, String payload) {
    return new TemplateComponent(
        ComponentType.BUTTON,
        ButtonSubType.QUICK_REPLY,
        index,
        List.of(new PayloadParameter(null, payload)));
  }

  private static ObjectNode send(MessageContent content) {
    return send(PHONE, content, null);
  }

  private static ObjectNode send(MessageContent content, String replyTo) {
    return send(PHONE, content, replyTo);
  }

  private static ObjectNode send(String to, MessageContent content, String replyTo) {
    OutboundMessage message =
        new OutboundMessage("106540352242922", Recipient.phone(to), content, replyTo, null);
    return CloudApiRequests.sendMessage(message).orElseThrow();
  }

  // --- comparison -----------------------------------------------------------------------------

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
