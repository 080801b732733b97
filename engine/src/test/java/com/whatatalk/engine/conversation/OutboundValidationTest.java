package com.whatatalk.engine.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.whatatalk.engine.conversation.MessageContent.ButtonSubType;
import com.whatatalk.engine.conversation.MessageContent.ComponentType;
import com.whatatalk.engine.conversation.MessageContent.InteractiveButtons;
import com.whatatalk.engine.conversation.MessageContent.InteractiveHeader;
import com.whatatalk.engine.conversation.MessageContent.InteractiveList;
import com.whatatalk.engine.conversation.MessageContent.ListRow;
import com.whatatalk.engine.conversation.MessageContent.ListSection;
import com.whatatalk.engine.conversation.MessageContent.Media;
import com.whatatalk.engine.conversation.MessageContent.MediaKind;
import com.whatatalk.engine.conversation.MessageContent.ReplyButton;
import com.whatatalk.engine.conversation.MessageContent.Template;
import com.whatatalk.engine.conversation.MessageContent.TemplateComponent;
import com.whatatalk.engine.conversation.MessageContent.TemplateParameter;
import com.whatatalk.engine.conversation.MessageContent.TextParameter;
import com.whatatalk.engine.conversation.OutboundValidation.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Meta's outbound limits, each at the limit (accepted) and one past it (refused, with the field).
 */
class OutboundValidationTest {

  private static String chars(int n) {
    return "x".repeat(n);
  }

  private static List<Violation> check(MessageContent content) {
    return OutboundValidation.validateContent(content);
  }

  private static void assertValid(MessageContent content) {
    List<Violation> v = check(content);
    assertTrue(v.isEmpty(), () -> "expected valid but got " + v);
  }

  /** Exactly one violation, on {@code field}. */
  private static void assertViolation(String field, MessageContent content) {
    List<Violation> v = check(content);
    assertEquals(1, v.size(), () -> "expected one violation on " + field + " but got " + v);
    assertEquals(field, v.get(0).field(), () -> v.toString());
  }

  // --- Text ------------------------------------------------------------------------------------

  @Test
  void textBodyUpTo4096Characters() {
    assertValid(MessageContent.Text.of(chars(4096)));
    assertViolation("text.body", MessageContent.Text.of(chars(4097)));
    assertViolation("text.body", MessageContent.Text.of(" "));
    assertViolation("text.body", MessageContent.Text.of(null));
  }

  @Test
  void lengthsCountCharactersNotUtf16Units() {
    String emoji = "😀"; // two UTF-16 units, one character
    assertValid(MessageContent.Text.of(emoji.repeat(4096)));
    assertViolation("text.body", MessageContent.Text.of(emoji.repeat(4097)));
  }

  @Test
  void describeJoinsFieldAndMessage() {
    assertEquals(
        "text.body: at most 4096 characters, was 4097",
        OutboundValidation.describe(check(MessageContent.Text.of(chars(4097)))));
  }

  // --- Media -----------------------------------------------------------------------------------

  @Test
  void mediaByIdOrLinkNeverBothNorNeither() {
    assertValid(Media.byId(MediaKind.IMAGE, "1479537139650973", null));
    assertValid(Media.byLink(MediaKind.VIDEO, "https://example.com/v.mp4", null));
    assertViolation("image", new Media(MediaKind.IMAGE, "1", "https://x", null, null, null, null));
    assertViolation("image", new Media(MediaKind.IMAGE, null, null, null, null, null, null));
    assertViolation("video.link", Media.byLink(MediaKind.VIDEO, "ftp://example.com/v.mp4", null));
    assertViolation("media.type", new Media(null, "1", null, null, null, null, null));
  }

  @Test
  void captionUpTo1024ForImageVideoAndDocumentOnly() {
    assertValid(Media.byId(MediaKind.IMAGE, "1", chars(1024)));
    assertValid(Media.byId(MediaKind.VIDEO, "1", chars(1024)));
    assertValid(Media.document("1", chars(1024), "a.pdf"));
    assertViolation("image.caption", Media.byId(MediaKind.IMAGE, "1", chars(1025)));
    assertViolation("document.caption", Media.document("1", chars(1025), "a.pdf"));
    assertViolation("audio.caption", Media.byId(MediaKind.AUDIO, "1", "no captions on audio"));
    assertViolation("sticker.caption", Media.byId(MediaKind.STICKER, "1", "nor on stickers"));
  }

  @Test
  void filenameForDocumentsOnly() {
    assertValid(Media.document("1", null, "lucky-shrub-invoice.pdf"));
    assertViolation(
        "image.filename", new Media(MediaKind.IMAGE, "1", null, null, "a.jpg", null, null));
  }

  // --- Reply buttons ---------------------------------------------------------------------------

  private static InteractiveButtons buttons(List<ReplyButton> buttons) {
    return new InteractiveButtons(null, "Pick one", null, buttons);
  }

  private static List<ReplyButton> nButtons(int n) {
    return IntStream.range(0, n).mapToObj(i -> new ReplyButton("id-" + i, "Title " + i)).toList();
  }

  @Test
  void oneToThreeButtons() {
    assertValid(buttons(nButtons(1)));
    assertValid(buttons(nButtons(3)));
    assertViolation("interactive.action.buttons", buttons(nButtons(4)));
    assertViolation("interactive.action.buttons", buttons(List.of()));
  }

  @Test
  void buttonTitleUpTo20AndUnique() {
    assertValid(buttons(List.of(new ReplyButton("a", chars(20)))));
    assertViolation(
        "interactive.action.buttons[0].reply.title",
        buttons(List.of(new ReplyButton("a", chars(21)))));
    assertViolation(
        "interactive.action.buttons[1].reply.title",
        buttons(List.of(new ReplyButton("a", "Same"), new ReplyButton("b", "Same"))));
  }

  @Test
  void buttonIdUpTo256AndUnique() {
    assertValid(buttons(List.of(new ReplyButton(chars(256), "A"))));
    assertViolation(
        "interactive.action.buttons[0].reply.id",
        buttons(List.of(new ReplyButton(chars(257), "A"))));
    assertViolation(
        "interactive.action.buttons[1].reply.id",
        buttons(List.of(new ReplyButton("same", "A"), new ReplyButton("same", "B"))));
  }

  @Test
  void buttonsBodyUpTo1024FooterUpTo60() {
    List<ReplyButton> one = nButtons(1);
    assertValid(new InteractiveButtons(null, chars(1024), chars(60), one));
    assertViolation("interactive.body.text", new InteractiveButtons(null, chars(1025), null, one));
    assertViolation("interactive.body.text", new InteractiveButtons(null, null, null, one));
    assertViolation("interactive.footer.text", new InteractiveButtons(null, "b", chars(61), one));
  }

  @Test
  void buttonsHeaderIsTextUpTo60OrMedia() {
    List<ReplyButton> one = nButtons(1);
    assertValid(new InteractiveButtons(InteractiveHeader.text(chars(60)), "b", null, one));
    assertViolation(
        "interactive.header.text",
        new InteractiveButtons(InteractiveHeader.text(chars(61)), "b", null, one));
    assertValid(
        new InteractiveButtons(
            new InteractiveHeader(null, Media.byId(MediaKind.VIDEO, "9", null)), "b", null, one));
    assertValid(
        new InteractiveButtons(
            new InteractiveHeader(null, Media.document("9", null, "menu.pdf")), "b", null, one));
    assertViolation(
        "interactive.header.type",
        new InteractiveButtons(
            new InteractiveHeader(null, Media.byId(MediaKind.AUDIO, "9", null)), "b", null, one));
    assertViolation(
        "interactive.header.image.caption",
        new InteractiveButtons(
            new InteractiveHeader(null, Media.byId(MediaKind.IMAGE, "9", "caption")),
            "b",
            null,
            one));
    assertViolation(
        "interactive.header",
        new InteractiveButtons(
            new InteractiveHeader("t", Media.byId(MediaKind.IMAGE, "9", null)), "b", null, one));
  }

  // --- Lists -----------------------------------------------------------------------------------

  private static InteractiveList list(List<ListSection> sections) {
    return new InteractiveList(null, "Which one?", null, "Options", sections);
  }

  private static ListSection section(String title, int rows, int firstRow) {
    return new ListSection(
        title,
        IntStream.range(firstRow, firstRow + rows)
            .mapToObj(i -> new ListRow("row-" + i, "Row " + i, null))
            .toList());
  }

  @Test
  void oneToTenSectionsAndAtMostTenRowsInTotal() {
    assertValid(list(List.of(section(null, 10, 0))));
    List<ListSection> ten = new ArrayList<>();
    for (int s = 0; s < 10; s++) {
      ten.add(section("S" + s, 1, s));
    }
    assertValid(list(ten));
    assertViolation("interactive.action.sections", list(List.of()));
    assertViolation("interactive.action.sections", list(List.of(section(null, 11, 0))));
    assertViolation(
        "interactive.action.sections", list(List.of(section("A", 6, 0), section("B", 5, 6))));
    List<ListSection> eleven = new ArrayList<>(ten);
    eleven.add(new ListSection("S10", List.of(new ListRow("r-x", "x", null))));
    List<Violation> v = check(list(eleven));
    assertTrue(
        v.stream().allMatch(x -> x.field().equals("interactive.action.sections")), v::toString);
    assertEquals(2, v.size(), v::toString); // 11 sections and 11 rows
  }

  @Test
  void listRowLimits() {
    assertValid(
        list(
            List.of(
                new ListSection(null, List.of(new ListRow(chars(200), chars(24), chars(72)))))));
    assertViolation(
        "interactive.action.sections[0].rows[0].id",
        list(List.of(new ListSection(null, List.of(new ListRow(chars(201), "t", null))))));
    assertViolation(
        "interactive.action.sections[0].rows[0].title",
        list(List.of(new ListSection(null, List.of(new ListRow("i", chars(25), null))))));
    assertViolation(
        "interactive.action.sections[0].rows[0].description",
        list(List.of(new ListSection(null, List.of(new ListRow("i", "t", chars(73)))))));
    assertViolation(
        "interactive.action.sections[1].rows[0].id",
        list(
            List.of(
                new ListSection("A", List.of(new ListRow("dup", "t", null))),
                new ListSection("B", List.of(new ListRow("dup", "u", null))))));
    assertViolation(
        "interactive.action.sections[0].rows", list(List.of(new ListSection(null, List.of()))));
  }

  @Test
  void sectionTitleUpTo24AndRequiredWithSeveralSections() {
    assertValid(list(List.of(section(chars(24), 1, 0))));
    assertViolation(
        "interactive.action.sections[0].title", list(List.of(section(chars(25), 1, 0))));
    assertViolation(
        "interactive.action.sections[1].title",
        list(List.of(section("A", 1, 0), section(null, 1, 1))));
  }

  @Test
  void listButtonLabelBodyHeaderAndFooter() {
    List<ListSection> one = List.of(section(null, 1, 0));
    assertValid(new InteractiveList(chars(60), chars(4096), chars(60), chars(20), one));
    assertViolation(
        "interactive.action.button", new InteractiveList(null, "b", null, chars(21), one));
    assertViolation("interactive.action.button", new InteractiveList(null, "b", null, null, one));
    assertViolation(
        "interactive.body.text", new InteractiveList(null, chars(4097), null, "Go", one));
    assertViolation(
        "interactive.header.text", new InteractiveList(chars(61), "b", null, "Go", one));
    assertViolation(
        "interactive.footer.text", new InteractiveList(null, "b", chars(61), "Go", one));
  }

  // --- Templates -------------------------------------------------------------------------------

  private static Template template(TemplateComponent... components) {
    return new Template("order_confirmation", "en_US", List.of(components));
  }

  @Test
  void templateNameAndLanguage() {
    assertValid(new Template("order_confirmation", "en", List.of()));
    assertValid(new Template("order_confirmation", "pt_BR", List.of()));
    assertViolation("template.name", new Template("Order Confirmation", "en_US", List.of()));
    assertViolation("template.name", new Template(chars(513), "en_US", List.of()));
    assertViolation("template.name", new Template(null, "en_US", List.of()));
    assertViolation("template.language.code", new Template("t", "english!", List.of()));
    assertViolation("template.language.code", new Template("t", "", List.of()));
  }

  @Test
  void templatePositionalAndNamedParameters() {
    assertValid(
        template(
            TemplateComponent.body(
                new TextParameter(null, "Jessica"), new TextParameter(null, "$100"))));
    assertValid(
        template(
            TemplateComponent.body(
                new TextParameter("first_name", "Jessica"),
                new TextParameter("order_number", "SKBUP2-4CPIG9"))));
    assertViolation(
        "template.components[0].parameters",
        template(
            TemplateComponent.body(
                new TextParameter("first_name", "Jessica"), new TextParameter(null, "x"))));
    assertViolation(
        "template.components[0].parameters[1].parameter_name",
        template(
            TemplateComponent.body(
                new TextParameter("first_name", "a"), new TextParameter("first_name", "b"))));
    assertViolation(
        "template.components[0].parameters[0].parameter_name",
        template(TemplateComponent.body(new TextParameter("First-Name", "a"))));
    assertViolation(
        "template.components[0].parameters[0].text",
        template(TemplateComponent.body(new TextParameter(null, ""))));
  }

  @Test
  void templateCurrencyDateTimeAndHeaderMedia() {
    TemplateParameter currency =
        new MessageContent.CurrencyParameter(null, "$100.99", "USD", 100990);
    TemplateParameter date = new MessageContent.DateTimeParameter(null, "February 25, 1977");
    assertValid(template(TemplateComponent.body(currency, date)));
    assertViolation(
        "template.components[0].parameters[0].currency.code",
        template(
            TemplateComponent.body(
                new MessageContent.CurrencyParameter(null, "$1", "dollars", 1000))));
    TemplateComponent header =
        new TemplateComponent(
            ComponentType.HEADER,
            null,
            null,
            List.of(
                new MessageContent.MediaParameter(null, MediaKind.DOCUMENT, "77", null, "a.pdf")));
    assertValid(template(header));
    assertViolation(
        "template.components[0].parameters[0]",
        template(
            TemplateComponent.body(
                new MessageContent.MediaParameter(null, MediaKind.IMAGE, "77", null, null))));
    assertViolation(
        "template.components[0].parameters",
        template(
            new TemplateComponent(
                ComponentType.HEADER,
                null,
                null,
                List.of(new TextParameter(null, "a"), new TextParameter(null, "b")))));
    assertViolation(
        "template.components", template(TemplateComponent.body(), TemplateComponent.body()));
  }

  @Test
  void templateButtonsNeedSubTypeIndexAndOneParameter() {
    TemplateComponent quickReply =
        new TemplateComponent(
            ComponentType.BUTTON,
            ButtonSubType.QUICK_REPLY,
            0,
            List.of(new MessageContent.PayloadParameter(null, "ORDER_DETAILS_CLICKED")));
    TemplateComponent url =
        new TemplateComponent(
            ComponentType.BUTTON,
            ButtonSubType.URL,
            1,
            List.of(new TextParameter(null, "product-details-123")));
    assertValid(template(quickReply, url));
    assertViolation(
        "template.components[0].sub_type",
        template(
            new TemplateComponent(
                ComponentType.BUTTON, null, 0, List.of(new TextParameter(null, "x")))));
    assertViolation(
        "template.components[1].index",
        template(
            quickReply,
            new TemplateComponent(
                ComponentType.BUTTON,
                ButtonSubType.URL,
                0,
                List.of(new TextParameter(null, "x")))));
    assertViolation(
        "template.components[0].parameters[0]",
        template(
            new TemplateComponent(
                ComponentType.BUTTON,
                ButtonSubType.URL,
                0,
                List.of(new MessageContent.PayloadParameter(null, "x")))));
    assertViolation(
        "template.components[0].sub_type",
        template(
            new TemplateComponent(
                ComponentType.BODY,
                ButtonSubType.URL,
                null,
                List.of(new TextParameter(null, "x")))));
  }

  // --- Other kinds and the request around the content -----------------------------------------

  @Test
  void reactionNeedsTargetAndEmojiEmptyRemoves() {
    assertValid(new MessageContent.Reaction("wamid.X", "👍"));
    assertValid(new MessageContent.Reaction("wamid.X", ""));
    assertViolation("reaction.emoji", new MessageContent.Reaction("wamid.X", null));
    assertViolation("reaction.message_id", new MessageContent.Reaction(" ", "👍"));
  }

  @Test
  void locationWithinCoordinates() {
    assertValid(new MessageContent.Location(-90, 180, null, null, null));
    assertViolation("location.latitude", new MessageContent.Location(90.5, 0, null, null, null));
    assertViolation("location.longitude", new MessageContent.Location(0, -181, null, null, null));
  }

  @Test
  void contactsNeedAFormattedName() {
    MessageContent.SharedContact named =
        new MessageContent.SharedContact(
            new MessageContent.ContactName("John Smith", "John", "Smith", null, null, null),
            List.of(),
            List.of(),
            null,
            List.of(),
            List.of(),
            null);
    assertValid(new MessageContent.Contacts(List.of(named)));
    assertViolation("contacts", new MessageContent.Contacts(List.of()));
    assertViolation(
        "contacts[0].name.formatted_name",
        new MessageContent.Contacts(
            List.of(
                new MessageContent.SharedContact(
                    null, List.of(), List.of(), null, List.of(), List.of(), null))));
  }

  @Test
  void inboundOnlyKindsCannotBeSent() {
    List<MessageContent> inboundOnly =
        List.of(
            new MessageContent.ButtonReply("a", "b"),
            new MessageContent.ListReply("a", "b", null),
            new MessageContent.TemplateButtonReply("p", "t"),
            new MessageContent.Unsupported("edit", 131051, "t", "d"),
            new MessageContent.SystemNotice("user_changed_number", "b", null, null));
    for (MessageContent content : inboundOnly) {
      assertViolation("type", content);
    }
    assertViolation("type", null);
  }

  @Test
  void clientMessageIdAndContextAreChecked() {
    MessageContent text = MessageContent.Text.of("hi");
    assertTrue(OutboundValidation.validateSend(chars(128), "wamid.X", text).isEmpty());
    List<Violation> v = OutboundValidation.validateSend(chars(129), " ", text);
    assertEquals(
        List.of("client_message_id", "context.message_id"),
        v.stream().map(Violation::field).toList());
  }

  @Test
  void reportEveryViolationAtOnce() {
    List<Violation> v =
        check(
            new InteractiveButtons(
                InteractiveHeader.text(chars(61)),
                chars(1025),
                chars(61),
                List.of(new ReplyButton(chars(257), chars(21)))));
    assertEquals(
        List.of(
            "interactive.header.text",
            "interactive.body.text",
            "interactive.footer.text",
            "interactive.action.buttons[0].reply.id",
            "interactive.action.buttons[0].reply.title"),
        v.stream().map(Violation::field).toList());
  }
}
