package com.whatatalk.simulator.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.whatatalk.simulator.graph.ErrorCodes;
import com.whatatalk.simulator.graph.GraphError;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Validates a {@code POST /messages} body against Meta's shapes and limits (§2, §2.13).
 *
 * <p>Which code Meta uses for each violation is unconfirmed, so the simulator is consistent:
 * envelope parameters missing or wrong → 100 "Invalid parameter"; a required field inside the
 * content missing → 131008; a length limit exceeded → 100 (Meta: "ensure your parameter is under
 * any length restriction"); a value not allowed (counts, duplicates, enums, types we do not
 * support) → 131009. {@code error_data.details} always names the field.
 */
public final class SendValidator {
  /** The message types the simulator (and WhataTalk) supports. */
  public static final List<String> TYPES = List.of("text", "image", "video", "audio", "document",
      "sticker", "location", "contacts", "reaction", "interactive", "template");

  /** Interactive types the simulator supports; others (flow, product, ...) are refused. */
  public static final List<String> INTERACTIVE_TYPES = List.of("button", "list", "cta_url");

  private static final Set<String> MEDIA = Set.of("image", "video", "audio", "document", "sticker");

  /** Thrown inside validation and caught at the top. */
  private static final class Invalid extends RuntimeException {
    final GraphError error;

    Invalid(GraphError error) {
      super(error.details(), null, false, false);
      this.error = error;
    }
  }

  /** The validated send, or the error to answer. */
  public record Result(ValidatedSend send, GraphError error) {}

  public Result validate(JsonNode body) {
    try {
      return new Result(validateOrThrow(body), null);
    } catch (Invalid e) {
      return new Result(null, e.error);
    }
  }

  private ValidatedSend validateOrThrow(JsonNode body) {
    if (!body.isObject()) {
      throw param("The request body must be a JSON object.");
    }
    if (!"whatsapp".equals(body.path("messaging_product").asText(null))) {
      throw param("The parameter messaging_product is required and must be \"whatsapp\".");
    }
    if (body.has("status")) {
      return markRead(body);
    }
    String recipientType = body.path("recipient_type").asText("individual");
    if (!recipientType.equals("individual")) {
      throw invalid("recipient_type '" + recipientType + "' is not supported by the simulator"
          + " (only individual).");
    }
    String to = body.path("to").asText("");
    if (to.isBlank()) {
      throw param("The parameter to is required.");
    }
    String type = body.has("type") ? body.path("type").asText() : inferType(body);
    if (!TYPES.contains(type)) {
      throw invalid("Message type '" + type + "' is not supported by the simulator (supported: "
          + String.join(", ", TYPES) + ").");
    }
    JsonNode content = body.get(type);
    if (content == null || content.isNull()) {
      throw missing("Parameter '" + type + "' is required for messages of type " + type + ".");
    }
    String mediaId = null;
    switch (type) {
      case "text" -> text(content);
      case "location" -> location(content);
      case "contacts" -> contacts(content);
      case "reaction" -> reaction(content);
      case "interactive" -> interactive(content);
      case "template" -> template(content);
      default -> mediaId = media(type, content);
    }
    JsonNode context = body.get("context");
    if (context != null && context.path("message_id").asText("").isBlank()) {
      throw missing("Parameter 'context.message_id' is required when context is given.");
    }
    return new ValidatedSend(false, null, to, type, content, mediaId,
        body.path("biz_opaque_callback_data").asText(null), body);
  }

  /** Meta defaults a missing type to text; we also accept the one content object present. */
  private static String inferType(JsonNode body) {
    for (String t : TYPES) {
      if (body.has(t) && !t.equals("text")) {
        return t;
      }
    }
    return "text";
  }

  private ValidatedSend markRead(JsonNode body) {
    if (!"read".equals(body.path("status").asText())) {
      throw invalid("status must be \"read\".");
    }
    String messageId = body.path("message_id").asText("");
    if (messageId.isBlank()) {
      throw missing("Parameter 'message_id' is required to mark a message as read.");
    }
    JsonNode typing = body.get("typing_indicator");
    if (typing != null && !"text".equals(typing.path("type").asText())) {
      throw invalid("typing_indicator.type must be \"text\".");
    }
    return new ValidatedSend(true, messageId, null, null, null, null, null, body);
  }

  private void text(JsonNode text) {
    String body = required(text, "body", "text.body");
    max(body, 4096, "text.body");
    if (text.has("preview_url") && !text.get("preview_url").isBoolean()) {
      throw invalid("text.preview_url must be a boolean.");
    }
  }

  private String media(String type, JsonNode media) {
    boolean hasId = media.hasNonNull("id");
    boolean hasLink = media.hasNonNull("link");
    if (hasId == hasLink) {
      throw hasId
          ? invalid(type + ": give either id or link, not both.")
          : missing("Parameter '" + type + ".id' or '" + type + ".link' is required.");
    }
    if (media.has("caption")) {
      if (type.equals("audio") || type.equals("sticker")) {
        throw invalid(type + " messages do not take a caption.");
      }
      max(media.path("caption").asText(), 1024, type + ".caption");
    }
    if (media.has("filename") && !type.equals("document")) {
      throw invalid("filename is only allowed on document messages.");
    }
    return hasId ? media.get("id").asText() : null;
  }

  private void location(JsonNode loc) {
    double lat = number(loc, "latitude", "location.latitude");
    double lon = number(loc, "longitude", "location.longitude");
    if (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
      throw invalid("location latitude/longitude are out of range.");
    }
  }

  private void contacts(JsonNode contacts) {
    if (!contacts.isArray() || contacts.isEmpty()) {
      throw missing("Parameter 'contacts' must be a non-empty array.");
    }
    if (contacts.size() > 5) {
      throw invalid("contacts: at most 5 contacts per message.");
    }
    for (JsonNode c : contacts) {
      required(c.path("name"), "formatted_name", "contacts.name.formatted_name");
    }
  }

  private void reaction(JsonNode reaction) {
    required(reaction, "message_id", "reaction.message_id");
    if (!reaction.has("emoji")) {
      throw missing("Parameter 'reaction.emoji' is required (an empty string removes a reaction).");
    }
    String emoji = reaction.get("emoji").asText();
    if (emoji.codePointCount(0, emoji.length()) > 10) {
      throw invalid("reaction.emoji must be a single emoji.");
    }
  }

  private void interactive(JsonNode in) {
    String itype = required(in, "type", "interactive.type");
    if (!INTERACTIVE_TYPES.contains(itype)) {
      throw invalid("interactive.type '" + itype + "' is not supported by the simulator"
          + " (supported: " + String.join(", ", INTERACTIVE_TYPES) + ").");
    }
    String bodyText = required(in.path("body"), "text", "interactive.body.text");
    max(bodyText, itype.equals("list") ? 4096 : 1024, "interactive.body.text");
    if (in.has("footer")) {
      max(required(in.get("footer"), "text", "interactive.footer.text"), 60,
          "interactive.footer.text");
    }
    if (in.has("header")) {
      header(in.get("header"), itype);
    }
    JsonNode action = in.path("action");
    if (!action.isObject()) {
      throw missing("Parameter 'interactive.action' is required.");
    }
    switch (itype) {
      case "button" -> replyButtons(action);
      case "list" -> list(action);
      default -> ctaUrl(action);
    }
  }

  private void header(JsonNode header, String itype) {
    String htype = required(header, "type", "interactive.header.type");
    if (htype.equals("text")) {
      max(required(header, "text", "interactive.header.text"), 60, "interactive.header.text");
      return;
    }
    if (itype.equals("list")) {
      throw invalid("interactive.header.type must be text for list messages.");
    }
    if (!Set.of("image", "video", "document").contains(htype)) {
      throw invalid("interactive.header.type '" + htype + "' is not valid.");
    }
    JsonNode media = header.path(htype);
    if (!media.hasNonNull("id") && !media.hasNonNull("link")) {
      throw missing("Parameter 'interactive.header." + htype + ".id' or '.link' is required.");
    }
  }

  private void replyButtons(JsonNode action) {
    JsonNode buttons = action.path("buttons");
    if (!buttons.isArray() || buttons.isEmpty()) {
      throw missing("Parameter 'interactive.action.buttons' is required.");
    }
    if (buttons.size() > 3) {
      throw invalid("interactive.action.buttons: at most 3 reply buttons.");
    }
    Set<String> titles = new HashSet<>();
    Set<String> ids = new HashSet<>();
    for (JsonNode b : buttons) {
      if (!"reply".equals(b.path("type").asText())) {
        throw invalid("interactive.action.buttons[].type must be reply.");
      }
      String id = required(b.path("reply"), "id", "interactive.action.buttons[].reply.id");
      String title = required(b.path("reply"), "title",
          "interactive.action.buttons[].reply.title");
      max(id, 256, "interactive.action.buttons[].reply.id");
      max(title, 20, "interactive.action.buttons[].reply.title");
      if (!titles.add(title) || !ids.add(id)) {
        throw invalid("interactive.action.buttons: button ids and titles must be unique.");
      }
    }
  }

  private void list(JsonNode action) {
    max(required(action, "button", "interactive.action.button"), 20, "interactive.action.button");
    JsonNode sections = action.path("sections");
    if (!sections.isArray() || sections.isEmpty()) {
      throw missing("Parameter 'interactive.action.sections' is required.");
    }
    if (sections.size() > 10) {
      throw invalid("interactive.action.sections: at most 10 sections.");
    }
    int rows = 0;
    Set<String> rowIds = new HashSet<>();
    for (JsonNode s : sections) {
      if (sections.size() > 1 || s.has("title")) {
        max(required(s, "title", "interactive.action.sections[].title"), 24,
            "interactive.action.sections[].title");
      }
      JsonNode sectionRows = s.path("rows");
      if (!sectionRows.isArray() || sectionRows.isEmpty()) {
        throw missing("Parameter 'interactive.action.sections[].rows' is required.");
      }
      for (JsonNode r : sectionRows) {
        rows++;
        String id = required(r, "id", "interactive.action.sections[].rows[].id");
        max(id, 200, "interactive.action.sections[].rows[].id");
        max(required(r, "title", "interactive.action.sections[].rows[].title"), 24,
            "interactive.action.sections[].rows[].title");
        if (r.has("description")) {
          max(r.get("description").asText(), 72,
              "interactive.action.sections[].rows[].description");
        }
        if (!rowIds.add(id)) {
          throw invalid("interactive.action.sections: row ids must be unique.");
        }
      }
    }
    if (rows > 10) {
      throw invalid("interactive.action.sections: at most 10 rows in total.");
    }
  }

  private void ctaUrl(JsonNode action) {
    if (!"cta_url".equals(action.path("name").asText())) {
      throw invalid("interactive.action.name must be cta_url.");
    }
    JsonNode p = action.path("parameters");
    max(required(p, "display_text", "interactive.action.parameters.display_text"), 20,
        "interactive.action.parameters.display_text");
    String url = required(p, "url", "interactive.action.parameters.url");
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw invalid("interactive.action.parameters.url must be an http(s) URL.");
    }
  }

  private void template(JsonNode t) {
    required(t, "name", "template.name");
    required(t.path("language"), "code", "template.language.code");
    JsonNode components = t.path("components");
    if (t.has("components") && !components.isArray()) {
      throw invalid("template.components must be an array.");
    }
    for (JsonNode c : components) {
      String ctype = c.path("type").asText().toLowerCase(Locale.ROOT);
      if (!Set.of("header", "body", "button").contains(ctype)) {
        throw invalid("template component type '" + ctype + "' is not supported by the simulator"
            + " (supported: header, body, button).");
      }
      if (ctype.equals("button")) {
        String sub = c.path("sub_type").asText("").toLowerCase(Locale.ROOT);
        if (!Set.of("quick_reply", "url", "catalog", "copy_code").contains(sub)) {
          throw invalid("template button sub_type '" + sub + "' is not supported by the"
              + " simulator (supported: quick_reply, url, catalog, copy_code).");
        }
        if (!c.has("index")) {
          throw missing("Parameter 'template.components[].index' is required for buttons.");
        }
      }
      JsonNode params = c.path("parameters");
      if (c.has("parameters") && !params.isArray()) {
        throw invalid("template.components[].parameters must be an array.");
      }
      for (JsonNode p : params) {
        required(p, "type", "template.components[].parameters[].type");
      }
    }
  }

  // -- helpers ------------------------------------------------------------------------------

  private static String required(JsonNode node, String field, String path) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull() || (v.isTextual() && v.asText().isEmpty())) {
      throw missing("Parameter '" + path + "' is required.");
    }
    return v.asText();
  }

  private static double number(JsonNode node, String field, String path) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw missing("Parameter '" + path + "' is required.");
    }
    try {
      return v.isNumber() ? v.asDouble() : Double.parseDouble(v.asText());
    } catch (NumberFormatException e) {
      throw invalid(path + " must be a number.");
    }
  }

  private static void max(String value, int limit, String path) {
    if (value.codePointCount(0, value.length()) > limit) {
      throw new Invalid(ErrorCodes.invalidParameter(
          "Param " + path + " must be at most " + limit + " characters long."));
    }
  }

  private static Invalid param(String details) {
    return new Invalid(ErrorCodes.invalidParameter(details));
  }

  private static Invalid missing(String details) {
    return new Invalid(ErrorCodes.requiredParameterMissing(details));
  }

  private static Invalid invalid(String details) {
    return new Invalid(ErrorCodes.parameterValueInvalid(details));
  }

  static boolean isMedia(String type) {
    return MEDIA.contains(type);
  }
}
