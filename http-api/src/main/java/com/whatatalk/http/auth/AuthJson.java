package com.whatatalk.http.auth;

import com.datastax.oss.driver.api.core.DriverException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.whatatalk.engine.auth.AuthException;
import com.whatatalk.engine.auth.User;
import com.whatatalk.engine.numbers.PhoneNumber;
import com.whatatalk.http.ApiErrors;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON of the auth, agent and phone-number routes: request and response records, the error
 * shape of {@link ApiErrors} (with a {@code fields} object for {@code validation_failed}), and
 * the mapping of engine failures to statuses.
 */
public final class AuthJson {
  private static final Logger LOG = LoggerFactory.getLogger(AuthJson.class);

  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private AuthJson() {}

  // Requests
  record LoginRequest(String email, String password) {
    @Override
    public String toString() {
      return "LoginRequest[email=" + email + ", password=<redacted>]";
    }
  }

  record ChangePasswordRequest(String currentPassword, String newPassword) {}

  record NewAgentRequest(String email, String displayName, String role) {}

  record PhoneNumberRequest(
      String phoneNumberId,
      String displayNumber,
      String wabaId,
      String accessToken,
      Integer mps,
      Boolean markAsRead,
      Boolean typingIndicator) {}

  // Responses
  record SessionView(User user, Instant expiresAt) {}

  record UserView(User user) {}

  record UserWithPassword(User user, String oneTimePassword) {}

  record Agents(List<User> agents) {}

  /** A phone number as the API shows it: whether an access token is set, never the token. */
  record PhoneNumberView(
      String phoneNumberId,
      String displayNumber,
      String wabaId,
      boolean accessTokenSet,
      int mps,
      boolean markAsRead,
      boolean typingIndicator,
      Instant createdAt,
      String createdBy,
      Instant updatedAt,
      String updatedBy) {
    static PhoneNumberView of(PhoneNumber n) {
      return new PhoneNumberView(
          n.phoneNumberId(), n.displayNumber(), n.wabaId(), n.hasAccessToken(), n.mps(),
          n.markAsRead(), n.typingIndicator(), n.createdAt(), n.createdBy(), n.updatedAt(),
          n.updatedBy());
    }
  }

  /** What agents see of a number: enough to pick it in the inbox, nothing of its set-up. */
  record PhoneNumberSummary(String phoneNumberId, String displayNumber) {
    static PhoneNumberSummary of(PhoneNumber n) {
      return new PhoneNumberSummary(n.phoneNumberId(), n.displayNumber());
    }
  }

  /** Full views for admins, summaries for agents. */
  record PhoneNumbersView(List<?> phoneNumbers) {}

  /** The body as {@code type}; malformed JSON or a wrongly typed field is a validation failure. */
  static <T> T read(ByteString body, Class<T> type) {
    if (body.isEmpty()) {
      throw AuthException.validation(Map.of("body", "a JSON object is required"));
    }
    try {
      T value = MAPPER.readValue(body.toArray(), type);
      if (value == null) {
        throw AuthException.validation(Map.of("body", "a JSON object is required"));
      }
      return value;
    } catch (JsonMappingException e) {
      String field =
          e.getPath().stream()
              .map(r -> r.getFieldName() == null ? "[" + r.getIndex() + "]" : r.getFieldName())
              .collect(Collectors.joining("."));
      throw AuthException.validation(
          Map.of(field.isEmpty() ? "body" : field, field.isEmpty() ? "must be a JSON object" : "has the wrong type"));
    } catch (JsonProcessingException e) {
      throw AuthException.validation(Map.of("body", "is not valid JSON"));
    } catch (IOException e) {
      throw AuthException.validation(Map.of("body", "could not be read"));
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

  /** A response that carries a password: never stored by a browser or proxy. */
  static HttpResponse secret(StatusCode status, Object body) {
    return json(status, body).addHeader(CacheControl.create(CacheDirectives.NO_STORE));
  }

  static HttpResponse validationFailed(AuthException e) {
    return ApiErrors.validationFailed(e.getMessage(), e.fields());
  }

  /** The response for a failed engine call. */
  static HttpResponse failure(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof AuthException e) {
      return switch (e.kind()) {
        case VALIDATION -> validationFailed(e);
        case FORBIDDEN -> ApiErrors.response(StatusCodes.FORBIDDEN, "forbidden", e.getMessage());
        case NOT_FOUND -> ApiErrors.response(StatusCodes.NOT_FOUND, "not_found", e.getMessage());
        case CONFLICT -> ApiErrors.response(StatusCodes.CONFLICT, "conflict", e.getMessage());
        case BUSY -> ApiErrors.response(StatusCodes.SERVICE_UNAVAILABLE, "unavailable", e.getMessage());
      };
    }
    if (cause instanceof DriverException || cause instanceof TimeoutException) {
      LOG.warn("Cassandra did not answer a user or session request: {}", cause.toString());
      return ApiErrors.response(
          StatusCodes.SERVICE_UNAVAILABLE, "unavailable", "The database did not answer; retry later");
    }
    LOG.error("Unexpected failure of a user, session or phone-number request", cause);
    return ApiErrors.response(
        StatusCodes.INTERNAL_SERVER_ERROR, "internal_error", "Internal error; see the server log.");
  }
}
