package com.whatatalk.http.conversations;

import com.fasterxml.jackson.databind.JsonNode;
import com.whatatalk.engine.conversation.MessageContent;
import com.whatatalk.engine.conversation.MessageContent.ButtonSubType;
import com.whatatalk.engine.conversation.MessageContent.ComponentType;
import com.whatatalk.engine.conversation.MessageContent.ContactAddress;
import com.whatatalk.engine.conversation.MessageContent.ContactEmail;
import com.whatatalk.engine.conversation.MessageContent.ContactName;
import com.whatatalk.engine.conversation.MessageContent.ContactOrg;
import com.whatatalk.engine.conversation.MessageContent.ContactPhone;
import com.whatatalk.engine.conversation.MessageContent.ContactUrl;
import com.whatatalk.engine.conversation.MessageContent.MediaKind;
import com.whatatalk.engine.conversation.MessageContent.TemplateParameter;
import com.whatatalk.engine.conversation.OutboundValidation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The body of {@code POST .../messages} to {@link MessageContent}: Meta's own send shape
 * ({@code {"type":"text","text":{"body":"hi"}}}, {@code "context":{"message_id":...}} to reply)
 * minus the recipient, which is the conversation, plus an optional {@code clientMessageId} for
 * safe retries. So a client can reuse Meta's documentation, and the field names of every problem
 * ({@code interactive.action.buttons[1].reply.title}) are the same as {@link OutboundValidation}'s.
 * {@code messaging_product}, {@code recipient_type}, {@code to} and {@code recipient} are ignored.
 * Pure.
 */
final class SendRequests {
  private static final List<String> MEDIA_TYPES =
      List.of("image", "video", "audio", "document", "sticker");

  /** What to send; {@code contextWamid} quotes a message, null otherwise. */
  record SendRequest(String clientMessageId, String contextWamid, MessageContent content) {}

  /** The request, or the problems by field (never both). */
  record Parsed(SendRequest request, Map<String, String> problems) {}

  private SendRequests() {}

  static Parsed parse(JsonNode body) {
    Reader r = new Reader();
    if (body == null || !body.isObject()) {
      r.problem("body", "must be a JSON object");
      return new Parsed(null, r.problems);
    }
    String clientMessageId = r.text(body, "clientMessageId", "clientMessageId");
    String context = null;
    if (body.has("context")) {
      context = r.requiredText(body.get("context"), "message_id", "context.message_id");
    }
    String type = r.text(body, "type", "type");
    if (type == null) {
      // Meta infers the type from the one content object present; so do we.
      type = inferType(body);
    }
    MessageContent content = null;
    if (type == null) {
      r.problem("type", "required: text, image, video, audio, document, sticker, location,"
          + " contacts, reaction, template or interactive");
    } else {
      content = content(r, body, type.toLowerCase(Locale.ROOT));
    }
    if (r.problems.isEmpty()) {
      for (OutboundValidation.Violation v :
          OutboundValidation.validateSend(clientMessageId, context, content)) {
        r.problems.putIfAbsent(
            v.field().equals("client_message_id") ? "clientMessageId" : v.field(), v.message());
      }
    }
    return r.problems.isEmpty()
        ? new Parsed(new SendRequest(clientMessageId, context, content), Map.of())
        : new Parsed(null, r.problems);
  }

  private static String inferType(JsonNode body) {
    for (String t :
        List.of("text", "image", "video", "audio", "document", "sticker", "location", "contacts",
            "reaction", "template", "interactive")) {
      if (body.has(t)) {
        return t;
      }
    }
    return null;
  }

  private static MessageContent content(Reader r, JsonNode body, String type) {
    JsonNode node = body.get(type);
    if (node == null || node.isNull()) {
      r.problem(type, "required with type " + type);
      return null;
    }
    if (MEDIA_TYPES.contains(type)) {
      return media(r, node, type, MediaKind.valueOf(type.toUpperCase(Locale.ROOT)));
    }
    return switch (type) {
      case "text" ->
          new MessageContent.Text(
              r.text(node, "body", "text.body"), r.bool(node, "preview_url", "text.preview_url"));
      case "location" ->
          new MessageContent.Location(
              r.number(node, "latitude", "location.latitude"),
              r.number(node, "longitude", "location.longitude"),
              r.text(node, "name", "location.name"),
              r.text(node, "address", "location.address"),
              null);
      case "contacts" -> new MessageContent.Contacts(r.list(body, "contacts", "contacts", SendRequests::contact));
      case "reaction" ->
          new MessageContent.Reaction(
              r.text(node, "message_id", "reaction.message_id"),
              r.text(node, "emoji", "reaction.emoji"));
      case "template" -> template(r, node);
      case "interactive" -> interactive(r, node);
      default -> {
        r.problem("type", "cannot send " + type + " messages");
        yield null;
      }
    };
  }

  private static MessageContent.Media media(Reader r, JsonNode node, String f, MediaKind kind) {
    return new MessageContent.Media(
        kind,
        r.text(node, "id", f + ".id"),
        r.text(node, "link", f + ".link"),
        r.text(node, "caption", f + ".caption"),
        r.text(node, "filename", f + ".filename"),
        null,
        null);
  }

  private static MessageContent.SharedContact contact(Reader r, JsonNode c, String f) {
    JsonNode n = c.path("name");
    ContactName name =
        c.has("name")
            ? new ContactName(
                r.text(n, "formatted_name", f + ".name.formatted_name"),
                r.text(n, "first_name", f + ".name.first_name"),
                r.text(n, "last_name", f + ".name.last_name"),
                r.text(n, "middle_name", f + ".name.middle_name"),
                r.text(n, "prefix", f + ".name.prefix"),
                r.text(n, "suffix", f + ".name.suffix"))
            : null;
    JsonNode o = c.path("org");
    ContactOrg org =
        c.has("org")
            ? new ContactOrg(
                r.text(o, "company", f + ".org.company"),
                r.text(o, "department", f + ".org.department"),
                r.text(o, "title", f + ".org.title"))
            : null;
    return new MessageContent.SharedContact(
        name,
        r.list(c, "phones", f + ".phones",
            (rr, p, pf) ->
                new ContactPhone(
                    rr.text(p, "phone", pf + ".phone"),
                    rr.text(p, "type", pf + ".type"),
                    rr.text(p, "wa_id", pf + ".wa_id"))),
        r.list(c, "emails", f + ".emails",
            (rr, e, ef) -> new ContactEmail(rr.text(e, "email", ef + ".email"), rr.text(e, "type", ef + ".type"))),
        org,
        r.list(c, "addresses", f + ".addresses",
            (rr, a, af) ->
                new ContactAddress(
                    rr.text(a, "street", af + ".street"),
                    rr.text(a, "city", af + ".city"),
                    rr.text(a, "state", af + ".state"),
                    rr.text(a, "zip", af + ".zip"),
                    rr.text(a, "country", af + ".country"),
                    rr.text(a, "country_code", af + ".country_code"),
                    rr.text(a, "type", af + ".type"))),
        r.list(c, "urls", f + ".urls",
            (rr, u, uf) -> new ContactUrl(rr.text(u, "url", uf + ".url"), rr.text(u, "type", uf + ".type"))),
        r.text(c, "birthday", f + ".birthday"));
  }

  private static MessageContent.Template template(Reader r, JsonNode t) {
    return new MessageContent.Template(
        r.text(t, "name", "template.name"),
        r.text(t.path("language"), "code", "template.language.code"),
        r.list(t, "components", "template.components", SendRequests::component));
  }

  private static MessageContent.TemplateComponent component(Reader r, JsonNode c, String f) {
    ComponentType type = r.enumValue(c, "type", f + ".type", ComponentType.class);
    ButtonSubType subType = r.enumValue(c, "sub_type", f + ".sub_type", ButtonSubType.class);
    Integer index = null;
    JsonNode i = c.get("index");
    if (i != null && !i.isNull()) {
      // A string in Meta's examples ("0"), a number is fine too.
      try {
        index = i.isNumber() ? i.intValue() : Integer.parseInt(i.asText().strip());
      } catch (NumberFormatException e) {
        r.problem(f + ".index", "must be a button position (0, 1, ...)");
      }
    }
    return new MessageContent.TemplateComponent(
        type, subType, index, r.list(c, "parameters", f + ".parameters", SendRequests::parameter));
  }

  private static TemplateParameter parameter(Reader r, JsonNode p, String f) {
    String name = r.text(p, "parameter_name", f + ".parameter_name");
    String type = r.text(p, "type", f + ".type");
    if (type == null) {
      r.problem(f + ".type", "required");
      return null;
    }
    if (MEDIA_TYPES.contains(type) && !type.equals("audio") && !type.equals("sticker")) {
      JsonNode m = p.path(type);
      return new MessageContent.MediaParameter(
          name,
          MediaKind.valueOf(type.toUpperCase(Locale.ROOT)),
          r.text(m, "id", f + "." + type + ".id"),
          r.text(m, "link", f + "." + type + ".link"),
          r.text(m, "filename", f + "." + type + ".filename"));
    }
    return switch (type) {
      case "text" -> new MessageContent.TextParameter(name, r.text(p, "text", f + ".text"));
      case "currency" -> {
        JsonNode c = p.path("currency");
        yield new MessageContent.CurrencyParameter(
            name,
            r.text(c, "fallback_value", f + ".currency.fallback_value"),
            r.text(c, "code", f + ".currency.code"),
            (long) r.number(c, "amount_1000", f + ".currency.amount_1000"));
      }
      case "date_time" ->
          new MessageContent.DateTimeParameter(
              name, r.text(p.path("date_time"), "fallback_value", f + ".date_time.fallback_value"));
      case "location" -> {
        JsonNode l = p.path("location");
        yield new MessageContent.LocationParameter(
            name,
            r.number(l, "latitude", f + ".location.latitude"),
            r.number(l, "longitude", f + ".location.longitude"),
            r.text(l, "name", f + ".location.name"),
            r.text(l, "address", f + ".location.address"));
      }
      case "payload" -> new MessageContent.PayloadParameter(name, r.text(p, "payload", f + ".payload"));
      default -> {
        r.problem(f + ".type", "unknown parameter type " + type);
        yield null;
      }
    };
  }

  private static MessageContent interactive(Reader r, JsonNode i) {
    String type = r.text(i, "type", "interactive.type");
    String body = r.text(i.path("body"), "text", "interactive.body.text");
    String footer = r.text(i.path("footer"), "text", "interactive.footer.text");
    JsonNode header = i.get("header");
    JsonNode action = i.path("action");
    if ("button".equals(type)) {
      MessageContent.InteractiveHeader h = null;
      if (header != null && !header.isNull()) {
        String ht = r.text(header, "type", "interactive.header.type");
        if ("text".equals(ht) || ht == null) {
          h = new MessageContent.InteractiveHeader(r.text(header, "text", "interactive.header.text"), null);
        } else if (MEDIA_TYPES.contains(ht)) {
          h = new MessageContent.InteractiveHeader(
              null,
              media(r, header.path(ht), "interactive.header." + ht, MediaKind.valueOf(ht.toUpperCase(Locale.ROOT))));
        } else {
          r.problem("interactive.header.type", "text, image, video or document");
        }
      }
      return new MessageContent.InteractiveButtons(
          h,
          body,
          footer,
          r.list(action, "buttons", "interactive.action.buttons",
              (rr, b, bf) ->
                  new MessageContent.ReplyButton(
                      rr.text(b.path("reply"), "id", bf + ".reply.id"),
                      rr.text(b.path("reply"), "title", bf + ".reply.title"))));
    }
    if ("list".equals(type)) {
      String headerText = header == null ? null : r.text(header, "text", "interactive.header.text");
      return new MessageContent.InteractiveList(
          headerText,
          body,
          footer,
          r.text(action, "button", "interactive.action.button"),
          r.list(action, "sections", "interactive.action.sections",
              (rr, s, sf) ->
                  new MessageContent.ListSection(
                      rr.text(s, "title", sf + ".title"),
                      rr.list(s, "rows", sf + ".rows",
                          (r3, row, rf) ->
                              new MessageContent.ListRow(
                                  r3.text(row, "id", rf + ".id"),
                                  r3.text(row, "title", rf + ".title"),
                                  r3.text(row, "description", rf + ".description"))))));
    }
    // Meta's catalog, product, flow and order messages are not in our model.
    r.problem(
        "interactive.type",
        type == null ? "required: button or list" : "button or list; " + type + " cannot be sent from WhataTalk");
    return null;
  }

  /** Reads fields, collecting a problem for each one of the wrong JSON type. */
  private static final class Reader {
    final Map<String, String> problems = new LinkedHashMap<>();

    void problem(String field, String message) {
      problems.putIfAbsent(field, message);
    }

    String text(JsonNode node, String name, String field) {
      JsonNode v = node == null ? null : node.get(name);
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isTextual()) {
        problem(field, "must be a string");
        return null;
      }
      return v.asText();
    }

    String requiredText(JsonNode node, String name, String field) {
      String v = text(node, name, field);
      if (v == null || v.isBlank()) {
        problem(field, "required");
      }
      return v;
    }

    boolean bool(JsonNode node, String name, String field) {
      JsonNode v = node.get(name);
      if (v == null || v.isNull()) {
        return false;
      }
      if (!v.isBoolean()) {
        problem(field, "must be true or false");
        return false;
      }
      return v.booleanValue();
    }

    double number(JsonNode node, String name, String field) {
      JsonNode v = node.get(name);
      if (v == null || v.isNull()) {
        problem(field, "required");
        return 0;
      }
      if (!v.isNumber()) {
        problem(field, "must be a number");
        return 0;
      }
      return v.doubleValue();
    }

    <E extends Enum<E>> E enumValue(JsonNode node, String name, String field, Class<E> type) {
      String v = text(node, name, field);
      if (v == null) {
        return null;
      }
      try {
        return Enum.valueOf(type, v.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problem(field, "unknown value " + v);
        return null;
      }
    }

    <T> List<T> list(JsonNode node, String name, String field, Item<T> item) {
      JsonNode v = node == null ? null : node.get(name);
      if (v == null || v.isNull()) {
        return List.of();
      }
      if (!v.isArray()) {
        problem(field, "must be an array");
        return List.of();
      }
      List<T> result = new ArrayList<>(v.size());
      for (int i = 0; i < v.size(); i++) {
        T t = item.read(this, v.get(i), field + "[" + i + "]");
        if (t != null) {
          result.add(t);
        }
      }
      return result;
    }
  }

  @FunctionalInterface
  private interface Item<T> {
    T read(Reader r, JsonNode node, String field);
  }
}
