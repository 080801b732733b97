package com.whatatalk.http.conversations;

import com.datastax.oss.driver.api.core.DriverException;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.whatatalk.engine.cloudapi.CloudApiException;
import com.whatatalk.engine.conversation.Conversation;
import com.whatatalk.engine.conversation.ConversationException;
import com.whatatalk.engine.inbox.ConversationSummary;
import com.whatatalk.engine.inbox.ConversationView;
import com.whatatalk.engine.inbox.MessageView;
import com.whatatalk.engine.media.MediaRejectedException;
import com.whatatalk.http.ApiErrors;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON of the conversation and media routes: response views, the error shape of {@link
 * ApiErrors} (with a {@code fields} object for {@code validation_failed}), and the mapping of
 * engine failures to statuses. Enums are lower case on the wire ({@code "delivered"}).
 */
final class ConversationJson {
  private static final Logger LOG = LoggerFactory.getLogger(ConversationJson.class);

  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private ConversationJson() {}

  // Responses

  record Window(boolean open, Instant closesAt) {}

  record LastMessage(String id, String direction, String preview, String outboundStatus) {}

  /**
   * A conversation as the list and the detail show it; {@code unread} is the caller's. {@code
   * sequence} (detail only) is the journal sequence number of the last change the read side
   * applied; live events carry the same number.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ConversationItem(
      String phoneNumberId,
      String customerKey,
      String waId,
      String userId,
      String name,
      boolean archived,
      String assigneeId,
      Window window,
      long unread,
      long lastInboundSequence,
      long readUpToSequence,
      Instant lastActivityAt,
      LastMessage lastMessage,
      Long sequence) {

    static ConversationItem of(ConversationView view, String forAgent, Instant now, boolean withSequence) {
      ConversationSummary s = view.summary();
      return new ConversationItem(
          s.conversationId().phoneNumberId(),
          s.conversationId().customerKey(),
          s.waId(),
          s.userId(),
          s.displayName(), // the name an agent saved, else WhatsApp's profile name
          s.archived(),
          s.assigneeId(),
          new Window(s.windowOpenAt(now), s.windowClosesAt()),
          view.unread(),
          s.lastInboundSequence(),
          s.readPositions().getOrDefault(forAgent, 0L),
          s.lastActivityAt(),
          s.lastMessageId() == null
              ? null
              : new LastMessage(
                  s.lastMessageId(),
                  s.lastDirection(),
                  s.lastPreview(),
                  "outbound".equals(s.lastDirection()) ? lower(s.lastOutboundStatus()) : null),
          withSequence ? s.appliedSeqNr() : null);
    }
  }

  record ConversationList(List<ConversationItem> conversations, String nextCursor) {}

  /** The conversation's state as the entity answered a change (assign, archive, read...). */
  record ConversationState(
      String phoneNumberId,
      String customerKey,
      String assigneeId,
      boolean archived,
      Window window,
      long unread,
      long lastInboundSequence,
      long readUpToSequence) {
    static ConversationState of(Conversation.Summary s, String forAgent) {
      return new ConversationState(
          s.conversationId().phoneNumberId(),
          s.conversationId().customerKey(),
          s.assigneeId(),
          s.archived(),
          new Window(s.windowOpen(), s.windowClosesAt()),
          Math.max(0, s.unreadFor(forAgent)),
          s.lastInboundSequence(),
          s.readPositions().getOrDefault(forAgent, 0L));
    }
  }

  /** A history page: {@link MessageView}s newest first, and the cursor of the next page. */
  record MessageList(List<MessageView> messages, String nextCursor) {}

  record Accepted(String messageId, String clientMessageId, String status, boolean duplicate) {}

  record CommentCreated(String commentId) {}

  record Typing(boolean typingIndicator, String reason) {}

  /** An uploaded file: send it with {@code {"type": type, type: {"id": id}}}. */
  record Uploaded(String id, String type, String mimeType, long size, String filename, String storedMediaId) {}

  // Requests (JSON bodies other than a send)

  record AssignRequest(String agentId) {}

  record ReadRequest(Long upToSequence) {}

  record CommentRequest(String text) {}

  /** The body as a JSON tree; null with a problem when it is not JSON (an empty body is {}). */
  static JsonNode tree(ByteString body, Map<String, String> problems) {
    if (body.isEmpty()) {
      return MAPPER.createObjectNode();
    }
    try {
      JsonNode node = MAPPER.readTree(body.toArray());
      if (node == null || !node.isObject()) {
        problems.put("body", "must be a JSON object");
        return null;
      }
      return node;
    } catch (IOException e) {
      problems.put("body", "is not valid JSON");
      return null;
    }
  }

  static HttpResponse ok(Object body) {
    return json(StatusCodes.OK, body);
  }

  static HttpResponse json(StatusCode status, Object body) {
    try {
      return HttpResponse.create()
          .withStatus(status)
          .withEntity(ContentTypes.APPLICATION_JSON, MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** 400 {@code validation_failed} with a message per field. */
  static HttpResponse validationFailed(Map<String, String> fields) {
    return ApiErrors.validationFailed(null, fields);
  }

  static HttpResponse validationFailed(String field, String message) {
    return validationFailed(Map.of(field, message));
  }

  static HttpResponse notFound(String message) {
    return ApiErrors.response(StatusCodes.NOT_FOUND, "not_found", message);
  }

  /** The response for a failed engine call. */
  static HttpResponse failure(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    Optional<ConversationException> refused = ConversationException.from(cause);
    if (refused.isPresent()) {
      return refusal(refused.get());
    }
    if (cause instanceof MediaRejectedException e) {
      return e.reason() == MediaRejectedException.Reason.TOO_LARGE
          ? ApiErrors.response(StatusCodes.PAYLOAD_TOO_LARGE, "payload_too_large", e.getMessage())
          : ApiErrors.response(StatusCodes.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", e.getMessage());
    }
    if (cause instanceof CloudApiException e) {
      LOG.warn("The Cloud API refused a request: {}", e.getMessage());
      return ApiErrors.response(
          e.retryable() ? StatusCodes.SERVICE_UNAVAILABLE : StatusCodes.BAD_GATEWAY,
          e.retryable() ? "unavailable" : "meta_error",
          "WhatsApp answered: " + e.getMessage());
    }
    if (cause instanceof IllegalArgumentException e) {
      // The repository's answer to a malformed cursor.
      return validationFailed("cursor", "is not a cursor this API gave out");
    }
    if (cause instanceof TimeoutException || cause instanceof DriverException) {
      LOG.warn("A conversation request timed out: {}", cause.toString());
      return ApiErrors.response(
          StatusCodes.SERVICE_UNAVAILABLE, "unavailable", "The conversation did not answer in time; retry later");
    }
    LOG.error("Unexpected failure of a conversation request", cause);
    return ApiErrors.response(
        StatusCodes.INTERNAL_SERVER_ERROR, "internal_error", "Internal error; see the server log.");
  }

  /**
   * A refusal of the conversation. {@code window_closed} is 409: the request is well-formed, the
   * conversation's current state refuses it (a template still goes; the same request works once
   * the customer writes again).
   */
  static HttpResponse refusal(ConversationException e) {
    String detail = e.detail() == null ? e.getMessage() : e.detail();
    return switch (e.code()) {
      case VALIDATION_FAILED -> validationFailed(fields(detail));
      case NOT_ASSIGNEE -> ApiErrors.response(StatusCodes.FORBIDDEN, "not_assignee", detail);
      case WINDOW_CLOSED -> ApiErrors.response(StatusCodes.CONFLICT, "window_closed", detail);
      case NOT_FOUND -> ApiErrors.response(StatusCodes.NOT_FOUND, "not_found", detail);
      case CONFLICT -> ApiErrors.response(StatusCodes.CONFLICT, "conflict", detail);
    };
  }

  /** The entity's {@code "field: message; field: message"} as a map ({@code body} if unshaped). */
  static Map<String, String> fields(String detail) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String part : detail.split("; ")) {
      int colon = part.indexOf(": ");
      if (colon > 0 && !part.substring(0, colon).contains(" ")) {
        fields.putIfAbsent(part.substring(0, colon), part.substring(colon + 2));
      } else {
        fields.merge("body", part, (a, b) -> a + "; " + b);
      }
    }
    return fields;
  }

  static String lower(Enum<?> value) {
    return value == null ? null : value.name().toLowerCase(Locale.ROOT);
  }
}
