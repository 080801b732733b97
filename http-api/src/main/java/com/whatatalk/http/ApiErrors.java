package com.whatatalk.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one error shape of the API: an HTTP status plus {@code {"error":{"code","message"}}}.
 * Rejections and unexpected exceptions are mapped here, so no stack trace ever reaches a client.
 */
public final class ApiErrors {
  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private ApiErrors() {}

  public static HttpResponse response(StatusCode status, String code, String message) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("code", code);
    error.put("message", message);
    return HttpResponse.create()
        .withStatus(status)
        .withEntity(ContentTypes.APPLICATION_JSON, body.toString());
  }

  /**
   * 400 {@code validation_failed} with a message per field ({@code "error": {"code", "message",
   * "fields": {field: message}}}); {@code message} null joins the fields' messages.
   */
  public static HttpResponse validationFailed(String message, Map<String, String> fields) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("code", "validation_failed");
    error.put("message", message != null ? message : joined(fields));
    ObjectNode out = error.putObject("fields");
    fields.forEach(out::put);
    return HttpResponse.create()
        .withStatus(StatusCodes.BAD_REQUEST)
        .withEntity(ContentTypes.APPLICATION_JSON, body.toString());
  }

  private static String joined(Map<String, String> fields) {
    StringBuilder message = new StringBuilder();
    fields.forEach((f, m) -> message.append(message.length() == 0 ? "" : "; ").append(f).append(": ").append(m));
    return message.toString();
  }

  /** Pekko's default rejections (404, 405, 413, bad JSON...) re-shaped into the error body. */
  public static RejectionHandler rejectionHandler() {
    return RejectionHandler.defaultHandler()
        .mapRejectionResponse(
            response -> {
              if (response.status().isSuccess()
                  || response.entity().getContentType().equals(ContentTypes.APPLICATION_JSON)) {
                return response;
              }
              String text =
                  response.entity().isStrict()
                      ? ((org.apache.pekko.http.javadsl.model.HttpEntity.Strict) response.entity())
                          .getData()
                          .utf8String()
                      : response.status().reason();
              return ApiErrors.response(response.status(), codeFor(response.status()), text);
            });
  }

  public static ExceptionHandler exceptionHandler() {
    return ExceptionHandler.newBuilder()
        .match(
            EntityStreamSizeException.class,
            e ->
                org.apache.pekko.http.javadsl.server.Directives.complete(
                    response(
                        StatusCodes.PAYLOAD_TOO_LARGE,
                        "payload_too_large",
                        "The request body is larger than " + e.limit() + " bytes")))
        .matchAny(
            e -> {
              LOG.error("Unhandled error in a request", e);
              return org.apache.pekko.http.javadsl.server.Directives.complete(
                  response(StatusCodes.INTERNAL_SERVER_ERROR, "internal_error", "Internal error; see the server log."));
            })
        .build();
  }

  static String codeFor(StatusCode status) {
    return switch (status.intValue()) {
      case 400 -> "bad_request";
      case 401 -> "unauthenticated";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 413 -> "payload_too_large";
      case 415 -> "unsupported_media_type";
      case 429 -> "rate_limited";
      case 503 -> "unavailable";
      default -> status.intValue() >= 500 ? "internal_error" : "bad_request";
    };
  }
}
