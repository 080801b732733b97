package com.whatatalk.engine.cloudapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.whatatalk.engine.conversation.MessageContent;
import com.whatatalk.engine.conversation.MessageContent.Contacts;
import com.whatatalk.engine.conversation.MessageContent.CurrencyParameter;
import com.whatatalk.engine.conversation.MessageContent.DateTimeParameter;
import com.whatatalk.engine.conversation.MessageContent.InteractiveButtons;
import com.whatatalk.engine.conversation.MessageContent.InteractiveHeader;
import com.whatatalk.engine.conversation.MessageContent.InteractiveList;
import com.whatatalk.engine.conversation.MessageContent.ListRow;
import com.whatatalk.engine.conversation.MessageContent.ListSection;
import com.whatatalk.engine.conversation.MessageContent.Location;
import com.whatatalk.engine.conversation.MessageContent.LocationParameter;
import com.whatatalk.engine.conversation.MessageContent.Media;
import com.whatatalk.engine.conversation.MessageContent.MediaKind;
import com.whatatalk.engine.conversation.MessageContent.MediaParameter;
import com.whatatalk.engine.conversation.MessageContent.PayloadParameter;
import com.whatatalk.engine.conversation.MessageContent.Reaction;
import com.whatatalk.engine.conversation.MessageContent.ReplyButton;
import com.whatatalk.engine.conversation.MessageContent.SharedContact;
import com.whatatalk.engine.conversation.MessageContent.Template;
import com.whatatalk.engine.conversation.MessageContent.TemplateComponent;
import com.whatatalk.engine.conversation.MessageContent.TemplateParameter;
import com.whatatalk.engine.conversation.MessageContent.Text;
import com.whatatalk.engine.conversation.MessageContent.TextParameter;
import java.util.Locale;
import java.util.Optional;

/**
 * Our domain model to Meta's request JSON for {@code POST /{version}/{phone-number-id}/messages}
 * (whatsapp-cloud-api.md §2), shaped as Meta's own examples (the tests compare against them). Pure.
 * Optional fields that are null are left out rather than sent as {@code null}. Public so that the
 * API's tests can check that what a client sends in Meta's shape leaves for Meta unchanged.
 */
public final class CloudApiRequests {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private CloudApiRequests() {}

  /** The request body, or empty when the content is a kind that is only ever received. */
  public static Optional<ObjectNode> sendMessage(OutboundMessage message) {
    ObjectNode body = JSON.objectNode();
    body.put("messaging_product", "whatsapp");
    body.put("recipient_type", "individual");
    if (message.to() instanceof Recipient.BusinessScopedUserId bsuid) {
      body.put("recipient", bsuid.value());
    } else {
      body.put("to", message.to().value());
    }
    if (message.replyToWamid() != null) {
      body.putObject("context").put("message_id", message.replyToWamid());
    }
    if (message.bizOpaqueCallbackData() != null) {
      body.put("biz_opaque_callback_data", message.bizOpaqueCallbackData());
    }
    return content(body, message.content()) ? Optional.of(body) : Optional.empty();
  }

  /** Mark a received message read, optionally showing the typing indicator (§2.11). */
  static ObjectNode markAsRead(String wamid, boolean typingIndicator) {
    ObjectNode body = JSON.objectNode();
    body.put("messaging_product", "whatsapp");
    body.put("status", "read");
    body.put("message_id", wamid);
    if (typingIndicator) {
      body.putObject("typing_indicator").put("type", "text");
    }
    return body;
  }

  // Adds "type" and the object named after it; false when the kind cannot be sent.
  private static boolean content(ObjectNode body, MessageContent content) {
    if (content instanceof Text text) {
      body.put("type", "text");
      body.putObject("text").put("body", text.body()).put("preview_url", text.previewUrl());
    } else if (content instanceof Media media) {
      String type = lower(media.kind());
      body.put("type", type);
      ObjectNode node = body.putObject(type);
      media(node, media.kind(), media.mediaId(), media.link(), media.filename());
      if (media.caption() != null && captioned(media.kind())) {
        node.put("caption", media.caption());
      }
    } else if (content instanceof Location location) {
      body.put("type", "location");
      location(
          body.putObject("location"),
          location.latitude(),
          location.longitude(),
          location.name(),
          location.address());
    } else if (content instanceof Contacts contacts) {
      body.put("type", "contacts");
      ArrayNode cards = body.putArray("contacts");
      contacts.contacts().forEach(c -> contact(cards.addObject(), c));
    } else if (content instanceof Reaction reaction) {
      body.put("type", "reaction");
      // An empty emoji removes our reaction.
      body.putObject("reaction")
          .put("message_id", reaction.targetWamid())
          .put("emoji", reaction.emoji() == null ? "" : reaction.emoji());
    } else if (content instanceof Template template) {
      body.put("type", "template");
      template(body.putObject("template"), template);
    } else if (content instanceof InteractiveButtons buttons) {
      body.put("type", "interactive");
      buttons(body.putObject("interactive"), buttons);
    } else if (content instanceof InteractiveList list) {
      body.put("type", "interactive");
      list(body.putObject("interactive"), list);
    } else {
      return false;
    }
    return true;
  }

  // By uploaded id when there is one (Meta's recommendation), else by link; never both.
  private static void media(
      ObjectNode node, MediaKind kind, String id, String link, String filename) {
    if (id != null) {
      node.put("id", id);
    } else {
      node.put("link", link);
    }
    if (kind == MediaKind.DOCUMENT && filename != null) {
      node.put("filename", filename);
    }
  }

  // The outbound location object has no url (that field only appears inbound).
  private static void location(
      ObjectNode node, double latitude, double longitude, String name, String address) {
    node.put("latitude", latitude).put("longitude", longitude);
    putIfPresent(node, "name", name);
    putIfPresent(node, "address", address);
  }

  private static void contact(ObjectNode node, SharedContact c) {
    if (c.name() != null) {
      ObjectNode name = node.putObject("name");
      putIfPresent(name, "formatted_name", c.name().formattedName());
      putIfPresent(name, "first_name", c.name().firstName());
      putIfPresent(name, "last_name", c.name().lastName());
      putIfPresent(name, "middle_name", c.name().middleName());
      putIfPresent(name, "prefix", c.name().prefix());
      putIfPresent(name, "suffix", c.name().suffix());
    }
    if (!c.phones().isEmpty()) {
      ArrayNode phones = node.putArray("phones");
      c.phones()
          .forEach(
              p -> {
                ObjectNode phone = phones.addObject();
                putIfPresent(phone, "phone", p.phone());
                putIfPresent(phone, "type", p.type());
                putIfPresent(phone, "wa_id", p.waId());
              });
    }
    if (!c.emails().isEmpty()) {
      ArrayNode emails = node.putArray("emails");
      c.emails()
          .forEach(
              e -> {
                ObjectNode email = emails.addObject();
                putIfPresent(email, "email", e.email());
                putIfPresent(email, "type", e.type());
              });
    }
    if (c.org() != null) {
      ObjectNode org = node.putObject("org");
      putIfPresent(org, "company", c.org().company());
      putIfPresent(org, "department", c.org().department());
      putIfPresent(org, "title", c.org().title());
    }
    if (!c.addresses().isEmpty()) {
      ArrayNode addresses = node.putArray("addresses");
      c.addresses()
          .forEach(
              a -> {
                ObjectNode address = addresses.addObject();
                putIfPresent(address, "street", a.street());
                putIfPresent(address, "city", a.city());
                putIfPresent(address, "state", a.state());
                putIfPresent(address, "zip", a.zip());
                putIfPresent(address, "country", a.country());
                putIfPresent(address, "country_code", a.countryCode());
                putIfPresent(address, "type", a.type());
              });
    }
    if (!c.urls().isEmpty()) {
      ArrayNode urls = node.putArray("urls");
      c.urls()
          .forEach(
              u -> {
                ObjectNode url = urls.addObject();
                putIfPresent(url, "url", u.url());
                putIfPresent(url, "type", u.type());
              });
    }
    putIfPresent(node, "birthday", c.birthday());
  }

  private static void template(ObjectNode node, Template template) {
    node.put("name", template.name());
    node.putObject("language").put("code", template.languageCode());
    // Meta's hello_world example sends no components at all when there are no parameters.
    if (!template.components().isEmpty()) {
      ArrayNode components = node.putArray("components");
      template.components().forEach(c -> component(components.addObject(), c));
    }
  }

  private static void component(ObjectNode node, TemplateComponent component) {
    node.put("type", lower(component.type()));
    if (component.subType() != null) {
      node.put("sub_type", lower(component.subType()));
    }
    if (component.index() != null) {
      // A string in Meta's examples and OpenAPI spec ("0", "1"...).
      node.put("index", String.valueOf(component.index()));
    }
    ArrayNode parameters = node.putArray("parameters");
    component.parameters().forEach(p -> parameter(parameters.addObject(), p));
  }

  private static void parameter(ObjectNode node, TemplateParameter parameter) {
    if (parameter instanceof TextParameter text) {
      node.put("type", "text").put("text", text.text());
    } else if (parameter instanceof CurrencyParameter currency) {
      node.put("type", "currency");
      node.putObject("currency")
          .put("fallback_value", currency.fallbackValue())
          .put("code", currency.code())
          .put("amount_1000", currency.amount1000());
    } else if (parameter instanceof DateTimeParameter dateTime) {
      // Cloud API renders only the fallback value; the calendar fields are On-Premises legacy.
      node.put("type", "date_time");
      node.putObject("date_time").put("fallback_value", dateTime.fallbackValue());
    } else if (parameter instanceof MediaParameter media) {
      String type = lower(media.kind());
      node.put("type", type);
      media(node.putObject(type), media.kind(), media.mediaId(), media.link(), media.filename());
    } else if (parameter instanceof LocationParameter location) {
      node.put("type", "location");
      location(
          node.putObject("location"),
          location.latitude(),
          location.longitude(),
          location.locationName(),
          location.address());
    } else if (parameter instanceof PayloadParameter payload) {
      node.put("type", "payload").put("payload", payload.payload());
    }
    if (parameter.name() != null) {
      node.put("parameter_name", parameter.name());
    }
  }

  private static void buttons(ObjectNode node, InteractiveButtons message) {
    node.put("type", "button");
    header(node, message.header());
    node.putObject("body").put("text", message.body());
    footer(node, message.footer());
    ArrayNode buttons = node.putObject("action").putArray("buttons");
    for (ReplyButton b : message.buttons()) {
      ObjectNode button = buttons.addObject();
      button.put("type", "reply");
      button.putObject("reply").put("id", b.id()).put("title", b.title());
    }
  }

  private static void list(ObjectNode node, InteractiveList message) {
    node.put("type", "list");
    if (message.headerText() != null) {
      node.putObject("header").put("type", "text").put("text", message.headerText());
    }
    node.putObject("body").put("text", message.body());
    footer(node, message.footer());
    ObjectNode action = node.putObject("action");
    action.put("button", message.buttonLabel());
    ArrayNode sections = action.putArray("sections");
    for (ListSection s : message.sections()) {
      ObjectNode section = sections.addObject();
      putIfPresent(section, "title", s.title());
      ArrayNode rows = section.putArray("rows");
      for (ListRow r : s.rows()) {
        ObjectNode row = rows.addObject().put("id", r.id()).put("title", r.title());
        putIfPresent(row, "description", r.description());
      }
    }
  }

  private static void header(ObjectNode interactive, InteractiveHeader header) {
    if (header == null) {
      return;
    }
    ObjectNode node = interactive.putObject("header");
    if (header.media() != null) {
      Media media = header.media();
      String type = lower(media.kind());
      node.put("type", type);
      media(node.putObject(type), media.kind(), media.mediaId(), media.link(), media.filename());
    } else {
      node.put("type", "text").put("text", header.text());
    }
  }

  private static void footer(ObjectNode interactive, String footer) {
    if (footer != null) {
      interactive.putObject("footer").put("text", footer);
    }
  }

  // Audio and stickers take no caption.
  private static boolean captioned(MediaKind kind) {
    return kind == MediaKind.IMAGE || kind == MediaKind.VIDEO || kind == MediaKind.DOCUMENT;
  }

  private static void putIfPresent(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
