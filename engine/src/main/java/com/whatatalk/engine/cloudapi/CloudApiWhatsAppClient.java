package com.whatatalk.engine.cloudapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;
import org.apache.pekko.http.javadsl.model.BodyPartEntity;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.Multiparts;
import org.apache.pekko.http.javadsl.model.Query;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.headers.HttpCredentials;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link WhatsAppClient} over Pekko HTTP's pooled client ({@code singleRequest}), talking to {@code
 * base-url/api-version} with a bearer token per business number.
 *
 * <p>Every JSON call is bounded twice: by {@code request-timeout} from request to last byte, and by
 * {@code max-response-size}. The pool is sized from {@code max-connections} because Pekko's default
 * (4 per host) would cap a number far below Meta's 80 messages per second. POSTs are not
 * idempotent, so the pool never retries a send on its own: every retry is the caller's decision,
 * made from the {@link SendOutcome}.
 */
public final class CloudApiWhatsAppClient implements WhatsAppClient {
  private static final Logger log = LoggerFactory.getLogger(CloudApiWhatsAppClient.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String TEMPLATE_FIELDS =
      "name,status,category,language,components,parameter_format";

  private final CloudApiSettings settings;
  private final Http http;
  private final HttpsConnectionContext https;
  private final ConnectionPoolSettings pool;
  private final LoggingAdapter httpLog;
  private final Materializer materializer;

  /** A status, a body read in full (bounded) and Meta's {@code Retry-After}, if any. */
  private record StrictResponse(int status, byte[] body, Optional<Duration> retryAfter) {}

  public CloudApiWhatsAppClient(ActorSystem<?> system, CloudApiSettings settings) {
    this.settings = settings;
    this.http = Http.get(system);
    this.https = http.defaultClientHttpsContext();
    this.pool =
        ConnectionPoolSettings.create(system.classicSystem())
            .withMaxConnections(settings.maxConnections())
            .withMaxOpenRequests(settings.maxOpenRequests());
    this.httpLog = system.classicSystem().log();
    this.materializer = Materializer.matFromSystem(system);
  }

  /** A client configured from {@code crm.engine.cloud-api}. */
  public static CloudApiWhatsAppClient create(ActorSystem<?> system) {
    return new CloudApiWhatsAppClient(system, CloudApiSettings.create(system));
  }

  @Override
  public CompletionStage<SendOutcome> send(OutboundMessage message) {
    Optional<String> token = settings.accessTokenFor(message.phoneNumberId());
    if (token.isEmpty()) {
      return CompletableFuture.completedFuture(
          SendOutcome.Rejected.of(noAccessToken("phone number", message.phoneNumberId())));
    }
    Optional<ObjectNode> body = CloudApiRequests.sendMessage(message);
    if (body.isEmpty()) {
      String kind = message.content().getClass().getSimpleName();
      return CompletableFuture.completedFuture(
          SendOutcome.Rejected.of(
              MetaError.synthetic(
                  MetaErrorCodes.NOT_SENDABLE,
                  "Not sendable",
                  kind + " content is only ever received, never sent",
                  0)));
    }
    HttpRequest request =
        HttpRequest.POST(path(message.phoneNumberId(), "messages").toString())
            .addCredentials(HttpCredentials.createOAuth2BearerToken(token.get()))
            .withEntity(json(body.get()));
    return exchange(request, settings.requestTimeout())
        .handle(
            (response, failure) -> {
              SendOutcome outcome =
                  failure != null
                      ? CloudApiResponses.rejected(networkError(failure), Optional.empty())
                      : CloudApiResponses.sendOutcome(
                          response.status(), response.body(), response.retryAfter());
              if (outcome instanceof SendOutcome.Rejected rejected) {
                logRejection(message.phoneNumberId(), rejected.error());
              }
              return outcome;
            });
  }

  @Override
  public CompletionStage<Done> markAsRead(
      String phoneNumberId, String wamid, boolean typingIndicator) {
    return withToken(
        settings.accessTokenFor(phoneNumberId),
        "phone number",
        phoneNumberId,
        token ->
            call(
                HttpRequest.POST(path(phoneNumberId, "messages").toString())
                    .addCredentials(HttpCredentials.createOAuth2BearerToken(token))
                    .withEntity(json(CloudApiRequests.markAsRead(wamid, typingIndicator))),
                settings.requestTimeout(),
                body ->
                    CloudApiResponses.success(body)
                        ? Optional.of(Done.getInstance())
                        : Optional.empty(),
                "mark as read answered without success=true"));
  }

  @Override
  public CompletionStage<String> uploadMedia(String phoneNumberId, MediaUpload upload) {
    return withToken(
        settings.accessTokenFor(phoneNumberId),
        "phone number",
        phoneNumberId,
        token -> {
          ContentType type = ContentTypes.parse(upload.mimeType());
          // Streamed, never buffered: a fixed-length part when the size is known.
          BodyPartEntity file =
              upload.size().isPresent()
                  ? HttpEntities.create(type, upload.size().getAsLong(), upload.bytes())
                  : HttpEntities.createIndefiniteLength(type, upload.bytes());
          var form =
              Multiparts.createFormDataFromParts(
                  Multiparts.createFormDataBodyPartStrict(
                      "messaging_product", HttpEntities.create("whatsapp")),
                  Multiparts.createFormDataBodyPart(
                      "file", file, Map.of("filename", upload.filename())),
                  Multiparts.createFormDataBodyPartStrict(
                      "type", HttpEntities.create(upload.mimeType())));
          HttpRequest request =
              HttpRequest.POST(path(phoneNumberId, "media").toString())
                  .addCredentials(HttpCredentials.createOAuth2BearerToken(token))
                  .withEntity(form.toEntity());
          return call(
              request,
              settings.mediaUploadTimeout(),
              body -> Optional.ofNullable(CloudApiResponses.id(body)),
              "upload answered without an id");
        });
  }

  @Override
  public CompletionStage<MediaInfo> mediaInfo(String phoneNumberId, String mediaId) {
    // No phone_number_id query parameter: it would restrict the lookup to media *uploaded* on
    // that number, and inbound media was not. The number only chooses the token.
    return withToken(
        settings.accessTokenFor(phoneNumberId),
        "phone number",
        phoneNumberId,
        token ->
            call(
                HttpRequest.GET(path(mediaId).toString())
                    .addCredentials(HttpCredentials.createOAuth2BearerToken(token)),
                settings.requestTimeout(),
                CloudApiResponses::mediaInfo,
                "media lookup answered without a url"));
  }

  @Override
  public CompletionStage<MediaDownload> downloadMedia(String phoneNumberId, String url) {
    return withToken(
        settings.accessTokenFor(phoneNumberId),
        "phone number",
        phoneNumberId,
        token -> {
          HttpRequest request =
              HttpRequest.GET(url).addCredentials(HttpCredentials.createOAuth2BearerToken(token));
          CompletionStage<HttpResponse> headers =
              deadline(
                  http.singleRequest(request, https, pool, httpLog),
                  settings.requestTimeout(),
                  late -> late.discardEntityBytes(materializer));
          return headers
              .handle(
                  (response, failure) -> {
                    if (failure != null) {
                      return CompletableFuture.<MediaDownload>failedFuture(
                          new CloudApiException(networkError(failure)));
                    }
                    if (CloudApiResponses.isSuccess(response.status().intValue())) {
                      var entity = response.entity().withSizeLimit(settings.maxMediaSize());
                      Source<ByteString, NotUsed> bytes =
                          entity.getDataBytes().mapMaterializedValue(m -> NotUsed.getInstance());
                      return CompletableFuture.completedFuture(
                          new MediaDownload(
                              entity.getContentType().toString(),
                              entity.getContentLengthOption(),
                              bytes));
                    }
                    return strict(response, settings.requestTimeout())
                        .thenCompose(
                            r ->
                                CompletableFuture.<MediaDownload>failedFuture(
                                    new CloudApiException(
                                        CloudApiResponses.error(r.status(), r.body()))));
                  })
              .thenCompose(Function.identity());
        });
  }

  @Override
  public CompletionStage<List<TemplateDefinition>> listTemplates(String wabaId) {
    return withToken(
        settings.accessTokenForWaba(wabaId),
        "WhatsApp Business Account",
        wabaId,
        token ->
            templatePages(wabaId, token, Optional.empty(), new ArrayList<>(), new HashSet<>()));
  }

  // Follows paging.cursors.after while Meta announces a next page.
  private CompletionStage<List<TemplateDefinition>> templatePages(
      String wabaId,
      String token,
      Optional<String> after,
      List<TemplateDefinition> collected,
      Set<String> seenCursors) {
    List<Pair<String, String>> query = new ArrayList<>();
    query.add(Pair.create("fields", TEMPLATE_FIELDS));
    query.add(Pair.create("limit", String.valueOf(settings.templatePageSize())));
    after.ifPresent(cursor -> query.add(Pair.create("after", cursor)));
    HttpRequest request =
        HttpRequest.GET(path(wabaId, "message_templates").query(Query.create(query)).toString())
            .addCredentials(HttpCredentials.createOAuth2BearerToken(token));
    return call(
            request,
            settings.requestTimeout(),
            CloudApiResponses::templatesPage,
            "template list answered without data")
        .thenCompose(
            page -> {
              collected.addAll(page.templates());
              if (page.after().isEmpty()) {
                return CompletableFuture.completedFuture(List.copyOf(collected));
              }
              if (!seenCursors.add(page.after().get())) {
                // A cursor seen before would loop forever.
                return CompletableFuture.failedFuture(
                    new CloudApiException(
                        CloudApiResponses.unexpected(200, "template paging repeated a cursor")));
              }
              return templatePages(wabaId, token, page.after(), collected, seenCursors);
            });
  }

  // --- HTTP plumbing --------------------------------------------------------------------------

  // A JSON call: success read by `read`, anything else a CloudApiException.
  private <T> CompletionStage<T> call(
      HttpRequest request,
      Duration timeout,
      Function<byte[], Optional<T>> read,
      String whenUnreadable) {
    return exchange(request, timeout)
        .handle(
            (response, failure) -> {
              if (failure != null) {
                return CompletableFuture.<T>failedFuture(
                    new CloudApiException(networkError(failure)));
              }
              if (!CloudApiResponses.isSuccess(response.status())) {
                MetaError error = CloudApiResponses.error(response.status(), response.body());
                return CompletableFuture.<T>failedFuture(new CloudApiException(error));
              }
              return read.apply(response.body())
                  .map(CompletableFuture::completedFuture)
                  .orElseGet(
                      () ->
                          CompletableFuture.failedFuture(
                              new CloudApiException(
                                  CloudApiResponses.unexpected(
                                      response.status(), whenUnreadable))));
            })
        .thenCompose(Function.identity());
  }

  // Request to last byte of the response, within `timeout`.
  private CompletionStage<StrictResponse> exchange(HttpRequest request, Duration timeout) {
    CompletionStage<StrictResponse> full =
        http.singleRequest(request, https, pool, httpLog)
            .thenCompose(response -> strict(response, timeout));
    // A late response has been read in full by then (strict), so nothing leaks.
    return deadline(full, timeout, late -> {});
  }

  private CompletionStage<StrictResponse> strict(HttpResponse response, Duration timeout) {
    return response
        .entity()
        .withSizeLimit(settings.maxResponseSize())
        .toStrict(timeout.toMillis(), materializer)
        .thenApply(
            entity ->
                new StrictResponse(
                    response.status().intValue(),
                    entity.getData().toArray(),
                    retryAfter(response)));
  }

  // Completes with `stage` or fails with a TimeoutException; a result that comes too late is
  // handed to `late` (to release its connection).
  private static <T> CompletionStage<T> deadline(
      CompletionStage<T> stage, Duration timeout, Consumer<T> late) {
    CompletableFuture<T> result = new CompletableFuture<>();
    stage.whenComplete(
        (value, failure) -> {
          if (failure != null) {
            result.completeExceptionally(failure);
          } else if (!result.complete(value)) {
            late.accept(value);
          }
        });
    return result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  // Retry-After in seconds; Meta rarely sends it, proxies sometimes do. HTTP dates are ignored.
  private static Optional<Duration> retryAfter(HttpResponse response) {
    return response
        .getHeader("Retry-After")
        .map(HttpHeader::value)
        .flatMap(
            value -> {
              try {
                long seconds = Long.parseLong(value.trim());
                return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
              } catch (NumberFormatException notSeconds) {
                return Optional.empty();
              }
            });
  }

  private Uri path(String... segments) {
    Uri uri = Uri.create(settings.versionedBaseUrl());
    for (String segment : segments) {
      uri = uri.addPathSegment(segment);
    }
    return uri;
  }

  private static org.apache.pekko.http.javadsl.model.RequestEntity json(ObjectNode body) {
    try {
      return HttpEntities.create(ContentTypes.APPLICATION_JSON, MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  private static <T> CompletionStage<T> withToken(
      Optional<String> token, String owner, String id, Function<String, CompletionStage<T>> call) {
    if (token.isEmpty()) {
      return CompletableFuture.failedFuture(new CloudApiException(noAccessToken(owner, id)));
    }
    try {
      return call.apply(token.get());
    } catch (RuntimeException badInput) {
      // A malformed MIME type or URL fails the stage, as promised, rather than the caller.
      return CompletableFuture.failedFuture(badInput);
    }
  }

  private static MetaError noAccessToken(String owner, String id) {
    return MetaError.synthetic(
        MetaErrorCodes.NO_ACCESS_TOKEN,
        "No access token",
        "no access token is configured for " + owner + " " + id + " and there is no default",
        0);
  }

  private static MetaError networkError(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof TimeoutException) {
      return MetaError.synthetic(
          MetaErrorCodes.NETWORK_ERROR, "Timeout", "no complete response in time", 0);
    }
    return MetaError.synthetic(
        MetaErrorCodes.NETWORK_ERROR,
        "Network error",
        cause.getClass().getSimpleName() + ": " + cause.getMessage(),
        0);
  }

  private static void logRejection(String phoneNumberId, MetaError error) {
    if (MetaErrorCodes.isAuthentication(error.code())) {
      log.warn(
          "Cloud API refused the access token of phone number {}: {}",
          phoneNumberId,
          error.summary());
    } else {
      log.debug("Cloud API rejected a send from {}: {}", phoneNumberId, error.summary());
    }
  }
}
