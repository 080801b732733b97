package com.whatatalk.simulator.customers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.whatatalk.simulator.Json;
import com.whatatalk.simulator.SimClock;
import com.whatatalk.simulator.SimulatorSettings;
import com.whatatalk.simulator.SimulatorSettings.PhoneNumber;
import com.whatatalk.simulator.graph.ErrorCodes;
import com.whatatalk.simulator.media.MediaStore;
import com.whatatalk.simulator.media.StoredMedia;
import com.whatatalk.simulator.messages.Wamids;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the inbound message a simulated customer sends, in Meta's webhook shape (§4.5), from a
 * control-API spec that mirrors that shape: {@code {"type":"text","text":{"body":"hi"}}}.
 * The simulator fills in {@code from}, {@code from_user_id}, {@code id} and {@code timestamp};
 * stores media bytes ({@code data_base64}, or a placeholder) so the CRM can download them by id;
 * completes {@code context.from}; and adds Meta's error to {@code unsupported} messages.
 *
 * <p>Shorthands: types {@code button_reply} and {@code list_reply} become {@code interactive}
 * replies; {@code context_id} becomes {@code context.id}.
 */
public final class InboundMessages {
  /** Types the control API can make a customer send. */
  public static final List<String> TYPES = List.of("text", "image", "video", "audio", "document",
      "sticker", "location", "contacts", "interactive", "button_reply", "list_reply", "button",
      "reaction", "unsupported", "system");

  private static final Set<String> MEDIA = Set.of("image", "video", "audio", "document", "sticker");
  private static final Map<String, String> DEFAULT_MIME = Map.of(
      "image", "image/jpeg", "video", "video/mp4", "audio", "audio/ogg; codecs=opus",
      "document", "application/pdf", "sticker", "image/webp");

  private final SimulatorSettings settings;
  private final SimClock clock;
  private final MediaStore media;

  public InboundMessages(SimulatorSettings settings, SimClock clock, MediaStore media) {
    this.settings = settings;
    this.clock = clock;
    this.media = media;
  }

  /** An inbound message ready for the webhook, plus the media it carries (if any). */
  public record Inbound(ObjectNode message, ObjectNode contact, StoredMedia media) {}

  public Inbound build(JsonNode spec, Customer customer, PhoneNumber number, String origin) {
    String type = spec.path("type").asText("text");
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException("unknown inbound type '" + type + "'; one of " + TYPES);
    }
    boolean omitWaId = customer.omitWaId() != null ? customer.omitWaId() : settings.omitWaId();
    ObjectNode m = Json.object();
    if (!omitWaId) {
      m.put("from", customer.waId());
    }
    if (settings.includeBsuid()) {
      m.put("from_user_id", customer.userId());
    }
    m.put("id", Wamids.next(customer.waId()));
    m.put("timestamp", Long.toString(clock.epochSeconds()));
    ObjectNode context = context(spec, number);
    if (context != null) {
      m.set("context", context);
    }
    StoredMedia stored = null;
    switch (type) {
      case "button_reply", "list_reply" -> {
        m.put("type", "interactive");
        ObjectNode interactive = m.putObject("interactive");
        interactive.put("type", type);
        interactive.set(type, required(spec, type).deepCopy());
      }
      case "unsupported" -> {
        m.put("type", "unsupported");
        m.putArray("errors").add(webhookError());
      }
      case "system" -> {
        m.put("type", "system");
        ObjectNode system = spec.has("system") ? ((ObjectNode) spec.get("system")).deepCopy()
            : Json.object();
        if (!system.has("type")) {
          system.put("type", "user_changed_number");
        }
        if (!system.has("body")) {
          system.put("body", "User " + customer.name() + " changed from " + customer.waId()
              + " to " + system.path("wa_id").asText(customer.waId()));
        }
        m.set("system", system);
      }
      case "reaction" -> {
        m.put("type", "reaction");
        ObjectNode r = ((ObjectNode) required(spec, "reaction")).deepCopy();
        // A removed reaction arrives without 'emoji' (§4.5); "" is taken as removal too.
        if (r.path("emoji").asText("").isEmpty()) {
          r.remove("emoji");
        }
        m.set("reaction", r);
      }
      default -> {
        m.put("type", type);
        ObjectNode content = spec.has(type) && spec.get(type).isObject()
            ? ((ObjectNode) spec.get(type)).deepCopy() : Json.object();
        if (type.equals("contacts")) {
          m.set("contacts", required(spec, "contacts").deepCopy());
        } else if (MEDIA.contains(type)) {
          stored = storeMedia(type, content, number, origin);
          m.set(type, content);
        } else {
          m.set(type, required(spec, type).deepCopy());
        }
      }
    }
    return new Inbound(m, contact(customer, omitWaId), stored);
  }

  private ObjectNode context(JsonNode spec, PhoneNumber number) {
    String id = spec.has("context_id") ? spec.get("context_id").asText()
        : spec.path("context").path("id").asText(null);
    if (id == null) {
      return null;
    }
    ObjectNode c = spec.has("context") ? ((ObjectNode) spec.get("context")).deepCopy()
        : Json.object();
    c.put("from", number.displayPhoneNumber());
    c.put("id", id);
    return c;
  }

  private StoredMedia storeMedia(String type, ObjectNode content, PhoneNumber number,
      String origin) {
    String mime = content.path("mime_type").asText(DEFAULT_MIME.get(type));
    byte[] bytes = content.has("data_base64")
        ? Base64.getDecoder().decode(content.get("data_base64").asText())
        : ("simulated " + type + " from a WhataTalk customer").getBytes(StandardCharsets.UTF_8);
    content.remove("data_base64");
    StoredMedia stored = media.put(number.id(), mime, bytes, content.path("filename").asText(null));
    content.put("mime_type", mime);
    // Webhooks carry the digest base64-encoded (Meta's examples), GET /{media-id} in hex.
    content.put("sha256", Base64.getEncoder().encodeToString(
        HexFormat.of().parseHex(stored.sha256Hex())));
    content.put("id", stored.id());
    if (origin != null) {
      content.put("url", media.downloadUrl(origin, stored));
    }
    if (type.equals("audio") && !content.has("voice")) {
      content.put("voice", mime.startsWith("audio/ogg"));
    }
    if (type.equals("sticker") && !content.has("animated")) {
      content.put("animated", false);
    }
    return stored;
  }

  private ObjectNode contact(Customer customer, boolean omitWaId) {
    ObjectNode c = Json.object();
    c.putObject("profile").put("name", customer.name());
    if (!omitWaId) {
      c.put("wa_id", customer.waId());
    }
    if (settings.includeBsuid()) {
      c.put("user_id", customer.userId());
    }
    return c;
  }

  private static ObjectNode webhookError() {
    ObjectNode e = ErrorCodes.unsupportedInbound().toWebhookJson();
    e.remove("href");
    return e;
  }

  private static JsonNode required(JsonNode spec, String field) {
    JsonNode v = spec.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("inbound " + field + " needs a '" + field + "' object");
    }
    return v;
  }
}
