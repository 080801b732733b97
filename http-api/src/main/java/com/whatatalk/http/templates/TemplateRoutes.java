package com.whatatalk.http.templates;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;

import com.datastax.oss.driver.api.core.DriverException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.whatatalk.engine.cloudapi.CloudApiException;
import com.whatatalk.engine.numbers.PhoneNumber;
import com.whatatalk.engine.numbers.PhoneNumbers;
import com.whatatalk.engine.templates.Template;
import com.whatatalk.engine.templates.TemplateLibrary;
import com.whatatalk.http.ApiErrors;
import java.util.Map;
import com.whatatalk.http.auth.Authentication;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The template library of a business number's WABA: {@code GET /api/templates?phoneNumberId=&status=}
 * and {@code GET /api/templates/{phoneNumberId}/{name}/{language}} for every signed-in agent;
 * {@code POST /api/templates/sync[?phoneNumberId=]} (admins) syncs from Meta now, that number's
 * WABA or every one. Each template says whether it can be sent ({@code sendable}: approved).
 */
public final class TemplateRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(TemplateRoutes.class);
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final Authentication authentication;
  private final TemplateLibrary library;
  private final PhoneNumbers numbers;

  public TemplateRoutes(Authentication authentication, TemplateLibrary library, PhoneNumbers numbers) {
    this.authentication = authentication;
    this.library = library;
    this.numbers = numbers;
  }

  record TemplateBody(
      String id,
      String name,
      String language,
      String category,
      String status,
      boolean sendable,
      String parameterFormat,
      List<Template.Component> components,
      Instant syncedAt) {
    static TemplateBody of(Template t) {
      return new TemplateBody(
          t.id(), t.name(), t.language(), t.category(), t.status(), t.sendable(),
          t.parameterFormat(), t.components(), t.syncedAt());
    }
  }

  record TemplatesBody(String phoneNumberId, String wabaId, List<TemplateBody> templates) {}

  record SyncBody(List<TemplateLibrary.SyncResult> synced) {}

  public Route route() {
    return pathPrefix(
        "api",
        () ->
            pathPrefix(
                "templates",
                () ->
                    concat(
                        path(
                            "sync",
                            () ->
                                post(
                                    () ->
                                        authentication.adminOnly(
                                            admin -> parameterOptional("phoneNumberId", this::sync)))),
                        authentication.authenticated(
                            user ->
                                get(
                                    () ->
                                        concat(
                                            pathEnd(
                                                () ->
                                                    parameterOptional(
                                                        "phoneNumberId",
                                                        number ->
                                                            parameterOptional(
                                                                "status", status -> list(number, status)))),
                                            pathPrefix(
                                                PathMatchers.segment().slash(PathMatchers.segment()),
                                                (number, name) ->
                                                    path(
                                                        PathMatchers.segment(),
                                                        language -> one(number, name, language)))))))));
  }

  private Route list(Optional<String> phoneNumberId, Optional<String> status) {
    return withNumber(
        phoneNumberId,
        number ->
            completeWith(
                library.list(number.wabaId(), status.orElse(null)),
                templates ->
                    ok(
                        new TemplatesBody(
                            number.phoneNumberId(),
                            number.wabaId(),
                            templates.stream().map(TemplateBody::of).toList()))));
  }

  private Route one(String phoneNumberId, String name, String language) {
    return withNumber(
        Optional.of(phoneNumberId),
        number ->
            completeWith(
                library.get(number.wabaId(), name, language),
                found ->
                    found
                        .map(t -> ok(TemplateBody.of(t)))
                        .orElseGet(
                            () ->
                                ApiErrors.response(
                                    StatusCodes.NOT_FOUND,
                                    "not_found",
                                    "No template " + name + " in " + language + " for " + phoneNumberId))));
  }

  private Route sync(Optional<String> phoneNumberId) {
    if (phoneNumberId.isEmpty()) {
      // Every WABA; one that fails is logged and missing from the answer.
      return completeWith(library.syncAll(true), results -> ok(new SyncBody(results)));
    }
    return withNumber(
        phoneNumberId,
        number -> completeWith(library.sync(number.wabaId()), result -> ok(new SyncBody(List.of(result)))));
  }

  private Route withNumber(Optional<String> phoneNumberId, Function<PhoneNumber, Route> inner) {
    if (phoneNumberId.isEmpty() || phoneNumberId.get().isBlank()) {
      return complete(validation("phoneNumberId", "required"));
    }
    Optional<PhoneNumber> number = numbers.find(phoneNumberId.get());
    if (number.isEmpty()) {
      return complete(
          ApiErrors.response(StatusCodes.NOT_FOUND, "not_found", "No phone number " + phoneNumberId.get()));
    }
    if (number.get().wabaId() == null || number.get().wabaId().isBlank()) {
      return complete(validation("phoneNumberId", "the number has no WABA id configured"));
    }
    return inner.apply(number.get());
  }

  private static <T> Route completeWith(CompletionStage<T> stage, Function<T, HttpResponse> ok) {
    return onComplete(
        stage, result -> complete(result.isSuccess() ? ok.apply(result.get()) : failure(result.failed().get())));
  }

  private static HttpResponse failure(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof CloudApiException e) {
      LOG.warn("Template sync: the Cloud API refused: {}", e.getMessage());
      return ApiErrors.response(
          StatusCodes.BAD_GATEWAY, "cloud_api_error", "The Cloud API refused the template list: " + e.getMessage());
    }
    if (cause instanceof DriverException || cause instanceof TimeoutException) {
      return ApiErrors.response(
          StatusCodes.SERVICE_UNAVAILABLE, "unavailable", "The database did not answer; retry later");
    }
    LOG.error("Unexpected failure of a template request", cause);
    return ApiErrors.response(
        StatusCodes.INTERNAL_SERVER_ERROR, "internal_error", "Internal error; see the server log.");
  }

  private static HttpResponse validation(String field, String message) {
    return ApiErrors.validationFailed(null, Map.of(field, message));
  }

  private static HttpResponse ok(Object body) {
    try {
      return HttpResponse.create()
          .withStatus(StatusCodes.OK)
          .withEntity(ContentTypes.APPLICATION_JSON, MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
