package com.whatatalk.http.contacts;

import com.datastax.oss.driver.api.core.DriverException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.whatatalk.engine.contacts.ContactException;
import com.whatatalk.engine.contacts.ContactNote;
import com.whatatalk.engine.contacts.ContactPatch;
import com.whatatalk.engine.contacts.ContactView;
import com.whatatalk.engine.contacts.NotesPage;
import com.whatatalk.engine.contacts.TagCount;
import com.whatatalk.http.ApiErrors;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * The JSON of the contact routes: the request bodies read field by field (so {@code "name":
 * null}, clear, differs from no {@code name}, unchanged), the views, and engine failures as the
 * API's error shape ({@code validation_failed} with a {@code fields} object).
 */
public final class ContactJson {
  private static final Logger LOG = LoggerFactory.getLogger(ContactJson.class);

  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private ContactJson() {}

  /** A contact: identity, names, tags, attributes, notes count, last edit. */
  record ContactBody(
      String phoneNumberId,
      String customerKey,
      String name,
      String profileName,
      String displayName,
      String waId,
      String userId,
      List<String> tags,
      Map<String, String> attributes,
      long notesCount,
      Instant updatedAt,
      String updatedBy) {
    static ContactBody of(ContactView v) {
      return new ContactBody(
          v.conversationId().phoneNumberId(), v.conversationId().customerKey(), v.name(),
          v.profileName(), v.displayName(), v.waId(), v.userId(), v.tags(), v.attributes(),
          v.notesCount(), v.updatedAt(), v.updatedBy());
    }
  }

  record NotesBody(List<ContactNote> notes, String nextCursor) {
    static NotesBody of(NotesPage page) {
      return new NotesBody(page.notes(), page.nextCursor());
    }
  }

  record TagsBody(String phoneNumberId, List<TagCount> tags) {}

  /** {@code {"name"?, "tags"?, "attributes"?}}; wrong types are named field by field. */
  static ContactPatch patch(ByteString body) {
    ObjectNode json = object(body);
    Map<String, String> errors = new LinkedHashMap<>();
    boolean nameSet = json.has("name");
    String name = null;
    if (nameSet && !json.get("name").isNull()) {
      if (json.get("name").isTextual()) {
        name = json.get("name").asText();
      } else {
        errors.put("name", "must be a string, or null to clear it");
      }
    }
    List<String> tags = null;
    if (json.has("tags")) {
      JsonNode t = json.get("tags");
      if (!t.isArray()) {
        errors.put("tags", "must be an array of strings");
      } else {
        tags = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
          if (t.get(i).isTextual()) {
            tags.add(t.get(i).asText());
          } else {
            errors.put("tags[" + i + "]", "must be a string");
          }
        }
      }
    }
    Map<String, String> attributes = null;
    if (json.has("attributes")) {
      JsonNode a = json.get("attributes");
      if (!a.isObject()) {
        errors.put("attributes", "must be an object of strings (null removes a key)");
      } else {
        attributes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (e.getValue().isNull()) {
            attributes.put(e.getKey(), null);
          } else if (e.getValue().isTextual()) {
            attributes.put(e.getKey(), e.getValue().asText());
          } else {
            errors.put("attributes." + e.getKey(), "must be a string, or null to remove it");
          }
        }
      }
    }
    if (errors.isEmpty() && !nameSet && tags == null && attributes == null) {
      errors.put("body", "nothing to change: send name, tags or attributes");
    }
    if (!errors.isEmpty()) {
      throw ContactException.validation(errors);
    }
    return new ContactPatch(nameSet, name, tags, attributes);
  }

  /** {@code {"text"}}. */
  static String noteText(ByteString body) {
    JsonNode text = object(body).get("text");
    if (text != null && !text.isNull() && !text.isTextual()) {
      throw ContactException.validation(Map.of("text", "must be a string"));
    }
    return text == null || text.isNull() ? null : text.asText();
  }

  private static ObjectNode object(ByteString body) {
    try {
      JsonNode json = body.isEmpty() ? null : MAPPER.readTree(body.toArray());
      if (json instanceof ObjectNode o) {
        return o;
      }
      throw ContactException.validation(Map.of("body", "must be a JSON object"));
    } catch (JsonProcessingException e) {
      throw ContactException.validation(Map.of("body", "is not valid JSON"));
    } catch (IOException e) {
      throw ContactException.validation(Map.of("body", "could not be read"));
    }
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

  /** The response for a failed contact call. */
  static HttpResponse failure(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof ContactException e) {
      return switch (e.kind()) {
        case VALIDATION -> validationFailed(e.getMessage(), e.fields());
        case NOT_FOUND -> ApiErrors.response(StatusCodes.NOT_FOUND, "not_found", e.getMessage());
        case CONFLICT -> ApiErrors.response(StatusCodes.CONFLICT, "conflict", e.getMessage());
      };
    }
    if (cause instanceof IllegalArgumentException e) {
      // A malformed cursor or key.
      return validationFailed(e.getMessage(), Map.of());
    }
    if (cause instanceof DriverException || cause instanceof TimeoutException) {
      LOG.warn("A contact request was not answered in time: {}", cause.toString());
      return ApiErrors.response(
          StatusCodes.SERVICE_UNAVAILABLE, "unavailable", "The database did not answer; retry later");
    }
    LOG.error("Unexpected failure of a contact request", cause);
    return ApiErrors.response(
        StatusCodes.INTERNAL_SERVER_ERROR, "internal_error", "Internal error; see the server log.");
  }

  static HttpResponse validationFailed(String message, Map<String, String> fields) {
    return ApiErrors.validationFailed(message, fields);
  }
}
