package com.whatatalk.engine.conversation;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * What a WhatsApp message says, inbound or outbound: one record per kind of content Meta delivers
 * or accepts (whatsapp-cloud-api.md §2 and §4.5). It is part of the persisted events ({@code
 * InboundMessageReceived}, {@code OutboundMessageQueued}), so the type names in {@link
 * JsonSubTypes} are stable: add new kinds, never rename one.
 *
 * <p>Some kinds only ever arrive ({@link ButtonReply}, {@link ListReply}, {@link
 * TemplateButtonReply}, {@link Unsupported}, {@link SystemNotice}); some are only sent ({@link
 * Template}, {@link InteractiveButtons}, {@link InteractiveList}); the rest go both ways. {@link
 * OutboundValidation} says what may be sent. Nullable fields are the optional ones in Meta's
 * payloads. Lists are never null (an absent list is empty).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = MessageContent.Text.class, name = "text"),
  @JsonSubTypes.Type(value = MessageContent.Media.class, name = "media"),
  @JsonSubTypes.Type(value = MessageContent.Location.class, name = "location"),
  @JsonSubTypes.Type(value = MessageContent.Contacts.class, name = "contacts"),
  @JsonSubTypes.Type(value = MessageContent.Reaction.class, name = "reaction"),
  @JsonSubTypes.Type(value = MessageContent.ButtonReply.class, name = "button_reply"),
  @JsonSubTypes.Type(value = MessageContent.ListReply.class, name = "list_reply"),
  @JsonSubTypes.Type(value = MessageContent.TemplateButtonReply.class, name = "button"),
  @JsonSubTypes.Type(value = MessageContent.Unsupported.class, name = "unsupported"),
  @JsonSubTypes.Type(value = MessageContent.SystemNotice.class, name = "system"),
  @JsonSubTypes.Type(value = MessageContent.Template.class, name = "template"),
  @JsonSubTypes.Type(value = MessageContent.InteractiveButtons.class, name = "interactive_buttons"),
  @JsonSubTypes.Type(value = MessageContent.InteractiveList.class, name = "interactive_list")
})
public sealed interface MessageContent {

  /** A plain text message; {@code previewUrl} asks the client to render a link preview. */
  record Text(String body, boolean previewUrl) implements MessageContent {
    public static Text of(String body) {
      return new Text(body, false);
    }
  }

  enum MediaKind {
    IMAGE,
    VIDEO,
    AUDIO,
    DOCUMENT,
    STICKER
  }

  /**
   * Image, video, audio, document or sticker. Outbound: exactly one of {@code mediaId} (uploaded
   * media) or {@code link} (public http(s) URL); caption for image, video and document; filename
   * for documents only. Inbound: Meta's media id, its download {@code link} when the webhook
   * carries one, MIME type and sha256.
   */
  record Media(
      MediaKind kind,
      String mediaId,
      String link,
      String caption,
      String filename,
      String mimeType,
      String sha256)
      implements MessageContent {
    public static Media byId(MediaKind kind, String mediaId, String caption) {
      return new Media(kind, mediaId, null, caption, null, null, null);
    }

    public static Media byLink(MediaKind kind, String link, String caption) {
      return new Media(kind, null, link, caption, null, null, null);
    }

    public static Media document(String mediaId, String caption, String filename) {
      return new Media(MediaKind.DOCUMENT, mediaId, null, caption, filename, null, null);
    }
  }

  record Location(double latitude, double longitude, String name, String address, String url)
      implements MessageContent {}

  /** One or more contact cards. */
  record Contacts(List<SharedContact> contacts) implements MessageContent {
    public Contacts {
      contacts = copy(contacts);
    }
  }

  record SharedContact(
      ContactName name,
      List<ContactPhone> phones,
      List<ContactEmail> emails,
      ContactOrg org,
      List<ContactAddress> addresses,
      List<ContactUrl> urls,
      String birthday) {
    public SharedContact {
      phones = copy(phones);
      emails = copy(emails);
      addresses = copy(addresses);
      urls = copy(urls);
    }
  }

  record ContactName(
      String formattedName,
      String firstName,
      String lastName,
      String middleName,
      String prefix,
      String suffix) {}

  record ContactPhone(String phone, String type, String waId) {}

  record ContactEmail(String email, String type) {}

  record ContactOrg(String company, String department, String title) {}

  record ContactAddress(
      String street,
      String city,
      String state,
      String zip,
      String country,
      String countryCode,
      String type) {}

  record ContactUrl(String url, String type) {}

  /**
   * A reaction to the message {@code targetWamid}. An empty or null {@code emoji} removes the
   * reaction (Meta sends inbound removals without an emoji; outbound, send {@code ""}).
   */
  record Reaction(String targetWamid, String emoji) implements MessageContent {
    public boolean removal() {
      return emoji == null || emoji.isEmpty();
    }
  }

  /** Inbound: the customer tapped one of our reply buttons ({@code interactive.button_reply}). */
  record ButtonReply(String id, String title) implements MessageContent {}

  /** Inbound: the customer picked a row of our list ({@code interactive.list_reply}). */
  record ListReply(String id, String title, String description) implements MessageContent {}

  /** Inbound: the customer tapped a template quick-reply button ({@code type: button}). */
  record TemplateButtonReply(String payload, String text) implements MessageContent {}

  /** Inbound: a message type Meta does not support (error 131051 and the like). */
  record Unsupported(String originalType, Integer errorCode, String errorTitle, String errorDetails)
      implements MessageContent {}

  /**
   * Inbound: a {@code system} message (for example {@code user_changed_number} or {@code
   * user_changed_user_id}). It comes from WhatsApp, not from the customer: it neither opens the
   * customer service window nor re-activates an archived conversation.
   */
  record SystemNotice(String systemType, String body, String newWaId, String newUserId)
      implements MessageContent {}

  // --- Templates (outbound only) --------------------------------------------------------------

  /** An approved template by name and language, with its parameters per component. */
  record Template(String name, String languageCode, List<TemplateComponent> components)
      implements MessageContent {
    public Template {
      components = copy(components);
    }
  }

  enum ComponentType {
    HEADER,
    BODY,
    BUTTON
  }

  enum ButtonSubType {
    QUICK_REPLY,
    URL,
    CATALOG,
    FLOW,
    COPY_CODE
  }

  /** {@code subType} and {@code index} (0-based button position) are for buttons only. */
  record TemplateComponent(
      ComponentType type,
      ButtonSubType subType,
      Integer index,
      List<TemplateParameter> parameters) {
    public TemplateComponent {
      parameters = copy(parameters);
    }

    public static TemplateComponent body(TemplateParameter... parameters) {
      return new TemplateComponent(ComponentType.BODY, null, null, List.of(parameters));
    }
  }

  /**
   * A template parameter. {@code name} is Meta's {@code parameter_name} for templates created with
   * named parameters; null for positional ({@code {{1}}}) parameters.
   */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = TextParameter.class, name = "text"),
    @JsonSubTypes.Type(value = CurrencyParameter.class, name = "currency"),
    @JsonSubTypes.Type(value = DateTimeParameter.class, name = "date_time"),
    @JsonSubTypes.Type(value = MediaParameter.class, name = "media"),
    @JsonSubTypes.Type(value = LocationParameter.class, name = "location"),
    @JsonSubTypes.Type(value = PayloadParameter.class, name = "payload")
  })
  sealed interface TemplateParameter {
    String name();
  }

  record TextParameter(String name, String text) implements TemplateParameter {}

  record CurrencyParameter(String name, String fallbackValue, String code, long amount1000)
      implements TemplateParameter {}

  record DateTimeParameter(String name, String fallbackValue) implements TemplateParameter {}

  /** A header image, video or document, by uploaded media id or link. */
  record MediaParameter(String name, MediaKind kind, String mediaId, String link, String filename)
      implements TemplateParameter {}

  record LocationParameter(
      String name, double latitude, double longitude, String locationName, String address)
      implements TemplateParameter {}

  /** The payload echoed back when the customer taps a quick-reply button. */
  record PayloadParameter(String name, String payload) implements TemplateParameter {}

  // --- Interactive (outbound only) ------------------------------------------------------------

  /** Up to three reply buttons (Meta's {@code interactive.type = button}). */
  record InteractiveButtons(
      InteractiveHeader header, String body, String footer, List<ReplyButton> buttons)
      implements MessageContent {
    public InteractiveButtons {
      buttons = copy(buttons);
    }
  }

  /** A header: either {@code text} or {@code media} (image, video or document), not both. */
  record InteractiveHeader(String text, Media media) {
    public static InteractiveHeader text(String text) {
      return new InteractiveHeader(text, null);
    }
  }

  record ReplyButton(String id, String title) {}

  /** A list message (Meta's {@code interactive.type = list}); its header is text only. */
  record InteractiveList(
      String headerText, String body, String footer, String buttonLabel, List<ListSection> sections)
      implements MessageContent {
    public InteractiveList {
      sections = copy(sections);
    }
  }

  record ListSection(String title, List<ListRow> rows) {
    public ListSection {
      rows = copy(rows);
    }
  }

  record ListRow(String id, String title, String description) {}

  private static <T> List<T> copy(List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }
}
