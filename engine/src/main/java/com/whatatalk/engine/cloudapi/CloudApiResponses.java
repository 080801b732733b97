package com.whatatalk.engine.cloudapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Meta's response JSON to our types (whatsapp-cloud-api.md §2.2, §2.3, §3.1, §9.1). Pure and
 * lenient: unknown fields are ignored, a missing optional field is null, and a body that is not
 * what Meta sends becomes a synthetic {@link MetaError} instead of an exception.
 */
final class CloudApiResponses {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern CODE_PREFIX =
      Pattern.compile("^\\(#-?\\d+\\)\\s*(.*)$", Pattern.DOTALL);

  /** One page of {@code message_templates}; {@code after} is empty on the last page. */
  record TemplatesPage(List<TemplateDefinition> templates, Optional<String> after) {}

  private CloudApiResponses() {}

  /** The answer to a send, from the HTTP status, body and {@code Retry-After} (if any). */
  static SendOutcome sendOutcome(int status, byte[] body, Optional<Duration> retryAfter) {
    if (!isSuccess(status)) {
      return rejected(error(status, body), retryAfter);
    }
    JsonNode json = parse(body).orElse(null);
    String wamid = json == null ? null : text(json.path("messages").path(0), "id");
    if (wamid == null) {
      // Meta may have accepted the message: retrying could send it twice, so this is permanent.
      return rejected(
          unexpected(status, "a send succeeded without messages[0].id"), Optional.empty());
    }
    JsonNode contact = json.path("contacts").path(0);
    return new SendOutcome.Accepted(
        wamid, text(contact, "wa_id"), text(json.path("messages").path(0), "message_status"));
  }

  static SendOutcome.Rejected rejected(MetaError error, Optional<Duration> retryAfter) {
    return new SendOutcome.Rejected(
        error,
        MetaErrorCodes.isRetryable(error.code()),
        retryAfter.or(() -> MetaErrorCodes.suggestedWait(error.code())));
  }

  /**
   * The error of a failed call. Meta's envelope wins whatever the HTTP status; without one, a 5xx
   * (or a proxy's 408/429) is a retryable {@link MetaErrorCodes#SERVER_ERROR} and anything else is
   * a permanent {@link MetaErrorCodes#UNEXPECTED_RESPONSE}.
   */
  static MetaError error(int status, byte[] body) {
    JsonNode error = parse(body).map(json -> json.get("error")).orElse(null);
    if (error != null && error.isObject() && error.path("code").canConvertToInt()) {
      String message = text(error, "message");
      return new MetaError(
          error.path("code").asInt(),
          error.path("error_subcode").canConvertToInt()
              ? error.path("error_subcode").asInt()
              : null,
          title(message, text(error, "error_user_title")),
          message,
          text(error.path("error_data"), "details"),
          text(error, "fbtrace_id"),
          status);
    }
    if (status >= 500 || status == 408 || status == 429) {
      return MetaError.synthetic(
          MetaErrorCodes.SERVER_ERROR,
          "Server error",
          "HTTP " + status + " without a Cloud API error body",
          status);
    }
    return unexpected(status, "HTTP " + status + " without a Cloud API error body");
  }

  static MetaError unexpected(int status, String details) {
    return MetaError.synthetic(
        MetaErrorCodes.UNEXPECTED_RESPONSE, "Unexpected response", details, status);
  }

  /** {@code {"success": true}} of mark-as-read. */
  static boolean success(byte[] body) {
    return parse(body).map(json -> json.path("success").asBoolean(false)).orElse(false);
  }

  /** The {@code id} of an upload or a created object; null when absent. */
  static String id(byte[] body) {
    return parse(body).map(json -> text(json, "id")).orElse(null);
  }

  /** {@code GET /{media-id}}; empty when there is no URL. */
  static Optional<MediaInfo> mediaInfo(byte[] body) {
    return parse(body)
        .filter(json -> text(json, "url") != null)
        .map(
            json ->
                new MediaInfo(
                    text(json, "id"),
                    text(json, "url"),
                    text(json, "mime_type"),
                    text(json, "sha256"),
                    // A string in Meta's example, a number in some SDKs: accept both.
                    json.path("file_size").asLong(-1)));
  }

  /** A page of {@code GET /{waba-id}/message_templates}; empty when there is no {@code data}. */
  static Optional<TemplatesPage> templatesPage(byte[] body) {
    JsonNode json = parse(body).orElse(null);
    if (json == null || !json.path("data").isArray()) {
      return Optional.empty();
    }
    List<TemplateDefinition> templates = new ArrayList<>();
    json.path("data").forEach(t -> templates.add(template(t)));
    // Graph paging: "next" is present only when there is a next page.
    JsonNode paging = json.path("paging");
    String after = text(paging.path("cursors"), "after");
    boolean more = text(paging, "next") != null && after != null;
    return Optional.of(new TemplatesPage(templates, more ? Optional.of(after) : Optional.empty()));
  }

  private static TemplateDefinition template(JsonNode t) {
    List<TemplateDefinition.Component> components = new ArrayList<>();
    for (JsonNode c : t.path("components")) {
      List<TemplateDefinition.Button> buttons = new ArrayList<>();
      for (JsonNode b : c.path("buttons")) {
        buttons.add(
            new TemplateDefinition.Button(
                text(b, "type"), text(b, "text"), text(b, "url"), text(b, "phone_number")));
      }
      components.add(
          new TemplateDefinition.Component(
              text(c, "type"), text(c, "format"), text(c, "text"), buttons));
    }
    return new TemplateDefinition(
        text(t, "id"),
        text(t, "name"),
        text(t, "language"),
        text(t, "category"),
        text(t, "status"),
        text(t, "parameter_format"),
        components);
  }

  // "(#130429) Rate limit hit" -> "Rate limit hit" (D-err: message is "(#<code>) <title>").
  private static String title(String message, String userTitle) {
    if (message != null) {
      Matcher m = CODE_PREFIX.matcher(message);
      return m.matches() ? m.group(1) : message;
    }
    return userTitle;
  }

  static boolean isSuccess(int status) {
    return status >= 200 && status < 300;
  }

  private static Optional<JsonNode> parse(byte[] body) {
    if (body == null || body.length == 0) {
      return Optional.empty();
    }
    try {
      JsonNode json = MAPPER.readTree(body);
      return json != null && json.isObject() ? Optional.of(json) : Optional.empty();
    } catch (IOException notJson) {
      return Optional.empty();
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
  }
}
