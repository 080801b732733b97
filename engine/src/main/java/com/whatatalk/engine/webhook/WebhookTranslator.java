package com.whatatalk.engine.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.whatatalk.engine.conversation.Conversation.MessageStatus;
import com.whatatalk.engine.conversation.Conversation.MetaError;
import com.whatatalk.engine.conversation.MessageContent;
import com.whatatalk.engine.conversation.MessageContent.ContactAddress;
import com.whatatalk.engine.conversation.MessageContent.ContactEmail;
import com.whatatalk.engine.conversation.MessageContent.ContactName;
import com.whatatalk.engine.conversation.MessageContent.ContactOrg;
import com.whatatalk.engine.conversation.MessageContent.ContactPhone;
import com.whatatalk.engine.conversation.MessageContent.ContactUrl;
import com.whatatalk.engine.conversation.MessageContent.MediaKind;
import com.whatatalk.engine.conversation.MessageContent.SharedContact;
import com.whatatalk.engine.webhook.WebhookItem.AccountError;
import com.whatatalk.engine.webhook.WebhookItem.Acknowledged;
import com.whatatalk.engine.webhook.WebhookItem.InboundMessage;
import com.whatatalk.engine.webhook.WebhookItem.StatusUpdate;
import com.whatatalk.engine.webhook.WebhookItem.TemplateStatusUpdate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Meta's webhook JSON to {@link WebhookItem}s, purely. Every entry, change, message, status and
 * error is read (Meta batches; reading only the first, as some inboxes do, loses data). Message
 * types we do not model (orders, future types) become {@link MessageContent.Unsupported} so they
 * are kept, never refused; template status changes become {@link TemplateStatusUpdate}s; other
 * webhook fields are {@link Acknowledged}.
 */
public final class WebhookTranslator {
  private WebhookTranslator() {}

  /** The items of one webhook body; throws {@link IllegalArgumentException} if it is not one. */
  public static List<WebhookItem> translate(JsonNode body) {
    if (body == null || !body.isObject() || !body.path("entry").isArray()) {
      throw new IllegalArgumentException("not a WhatsApp webhook: an object with an entry array expected");
    }
    List<WebhookItem> items = new ArrayList<>();
    for (JsonNode entry : body.path("entry")) {
      for (JsonNode change : entry.path("changes")) {
        String field = change.path("field").asText("");
        if (field.equals("messages")) {
          translateValue(change.path("value"), items);
        } else if (field.equals("message_template_status_update")) {
          items.add(templateStatus(entry, change.path("value")));
        } else {
          items.add(new Acknowledged(field, "webhook field not handled by the inbox"));
        }
      }
    }
    return items;
  }

  /** {@code entry.id} is the WABA; Meta sends the template id as a number here. */
  private static WebhookItem templateStatus(JsonNode entry, JsonNode value) {
    String wabaId = text(entry, "id");
    String name = text(value, "message_template_name");
    String language = text(value, "message_template_language");
    String event = text(value, "event");
    if (wabaId == null || name == null || language == null || event == null) {
      return new Acknowledged(
          "message_template_status_update", "no WABA id, template name, language or event");
    }
    JsonNode time = entry.path("time");
    return new TemplateStatusUpdate(
        wabaId,
        text(value, "message_template_id"),
        name,
        language,
        event.toUpperCase(Locale.ROOT),
        text(value, "reason"),
        time.canConvertToLong() && time.asLong() > 0 ? Instant.ofEpochSecond(time.asLong()) : null);
  }

  private static void translateValue(JsonNode value, List<WebhookItem> items) {
    String phoneNumberId = text(value.path("metadata"), "phone_number_id");
    if (phoneNumberId == null) {
      items.add(new Acknowledged("messages", "no metadata.phone_number_id"));
      return;
    }
    JsonNode contacts = value.path("contacts");
    for (JsonNode message : value.path("messages")) {
      items.add(inbound(phoneNumberId, message, contacts));
    }
    for (JsonNode status : value.path("statuses")) {
      items.add(status(phoneNumberId, status));
    }
    for (JsonNode error : value.path("errors")) {
      items.add(new AccountError(phoneNumberId, metaError(error)));
    }
  }

  private static WebhookItem inbound(String phoneNumberId, JsonNode m, JsonNode contacts) {
    String waId = text(m, "from");
    String userId = text(m, "from_user_id");
    if (waId == null && userId == null) {
      return new Acknowledged("messages", "message " + text(m, "id") + " names no customer");
    }
    return new InboundMessage(
        phoneNumberId,
        text(m, "id"),
        waId,
        userId,
        profileName(contacts, waId, userId),
        timestamp(m),
        text(m.path("context"), "id"),
        content(m));
  }

  /** The profile name of the contact matching the sender (or the only contact). */
  private static String profileName(JsonNode contacts, String waId, String userId) {
    for (JsonNode c : contacts) {
      boolean match =
          (waId != null && waId.equals(text(c, "wa_id")))
              || (userId != null && userId.equals(text(c, "user_id")));
      if (match || contacts.size() == 1) {
        return text(c.path("profile"), "name");
      }
    }
    return null;
  }

  static MessageContent content(JsonNode m) {
    String type = m.path("type").asText("unknown");
    JsonNode body = m.path(type);
    return switch (type) {
      case "text" -> MessageContent.Text.of(body.path("body").asText(""));
      case "image", "video", "audio", "document", "sticker" ->
          new MessageContent.Media(
              MediaKind.valueOf(type.toUpperCase(Locale.ROOT)),
              text(body, "id"),
              text(body, "url"),
              text(body, "caption"),
              text(body, "filename"),
              text(body, "mime_type"),
              text(body, "sha256"));
      case "location" ->
          new MessageContent.Location(
              body.path("latitude").asDouble(),
              body.path("longitude").asDouble(),
              text(body, "name"),
              text(body, "address"),
              text(body, "url"));
      case "contacts" -> new MessageContent.Contacts(list(m.path("contacts"), WebhookTranslator::contact));
      case "reaction" -> new MessageContent.Reaction(text(body, "message_id"), text(body, "emoji"));
      case "interactive" -> interactive(body);
      case "button" -> new MessageContent.TemplateButtonReply(text(body, "payload"), text(body, "text"));
      case "system" ->
          new MessageContent.SystemNotice(
              text(body, "type"), text(body, "body"), text(body, "wa_id"), text(body, "user_id"));
      default -> unsupported(type, m);
    };
  }

  private static MessageContent interactive(JsonNode body) {
    String kind = body.path("type").asText("");
    JsonNode reply = body.path(kind);
    return switch (kind) {
      case "button_reply" -> new MessageContent.ButtonReply(text(reply, "id"), text(reply, "title"));
      case "list_reply" ->
          new MessageContent.ListReply(text(reply, "id"), text(reply, "title"), text(reply, "description"));
      default -> new MessageContent.Unsupported("interactive." + kind, null, null, null);
    };
  }

  private static MessageContent unsupported(String type, JsonNode m) {
    JsonNode error = m.path("errors").path(0);
    return error.isMissingNode()
        ? new MessageContent.Unsupported(type, null, null, null)
        : new MessageContent.Unsupported(
            type,
            error.path("code").asInt(),
            text(error, "title"),
            text(error.path("error_data"), "details"));
  }

  private static SharedContact contact(JsonNode c) {
    JsonNode n = c.path("name");
    JsonNode org = c.path("org");
    return new SharedContact(
        new ContactName(
            text(n, "formatted_name"),
            text(n, "first_name"),
            text(n, "last_name"),
            text(n, "middle_name"),
            text(n, "prefix"),
            text(n, "suffix")),
        list(c.path("phones"), p -> new ContactPhone(text(p, "phone"), text(p, "type"), text(p, "wa_id"))),
        list(c.path("emails"), e -> new ContactEmail(text(e, "email"), text(e, "type"))),
        org.isMissingNode()
            ? null
            : new ContactOrg(text(org, "company"), text(org, "department"), text(org, "title")),
        list(
            c.path("addresses"),
            a ->
                new ContactAddress(
                    text(a, "street"),
                    text(a, "city"),
                    text(a, "state"),
                    text(a, "zip"),
                    text(a, "country"),
                    text(a, "country_code"),
                    text(a, "type"))),
        list(c.path("urls"), u -> new ContactUrl(text(u, "url"), text(u, "type"))),
        text(c, "birthday"));
  }

  private static WebhookItem status(String phoneNumberId, JsonNode s) {
    String raw = s.path("status").asText("");
    MessageStatus status =
        switch (raw) {
          case "sent" -> MessageStatus.SENT;
          case "delivered" -> MessageStatus.DELIVERED;
          case "read" -> MessageStatus.READ;
          case "failed" -> MessageStatus.FAILED;
          default -> null;
        };
    if (status == null) {
      // "played" (first playback of a voice message) and future statuses move no tick.
      return new Acknowledged("messages", "status '" + raw + "' of " + text(s, "id"));
    }
    JsonNode error = s.path("errors").path(0);
    return new StatusUpdate(
        phoneNumberId,
        text(s, "id"),
        text(s, "recipient_id"),
        text(s, "recipient_user_id"),
        status,
        timestamp(s),
        error.isMissingNode() ? null : metaError(error));
  }

  private static MetaError metaError(JsonNode e) {
    String title = text(e, "title");
    return new MetaError(
        e.path("code").asInt(), title != null ? title : text(e, "message"), text(e.path("error_data"), "details"));
  }

  /** Meta's timestamps are strings of Unix seconds. */
  private static Instant timestamp(JsonNode node) {
    JsonNode ts = node.path("timestamp");
    if (ts.isMissingNode() || ts.isNull()) {
      throw new IllegalArgumentException("item " + text(node, "id") + " has no timestamp");
    }
    try {
      return Instant.ofEpochSecond(ts.isNumber() ? ts.asLong() : Long.parseLong(ts.asText().strip()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("item " + text(node, "id") + " has a malformed timestamp: " + ts);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isMissingNode() || v.isNull() ? null : v.asText();
  }

  private static <T> List<T> list(JsonNode array, Function<JsonNode, T> map) {
    List<T> out = new ArrayList<>();
    for (JsonNode n : array) {
      out.add(map.apply(n));
    }
    return out;
  }
}
