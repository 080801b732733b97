package com.whatatalk.http.webhook;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.post;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.whatatalk.engine.webhook.WebhookIntake;
import com.whatatalk.engine.webhook.WebhookItem;
import com.whatatalk.engine.webhook.WebhookTranslator;
import com.whatatalk.http.ApiErrors;
import com.whatatalk.http.Bodies;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Meta's webhook endpoint. {@code GET}: the verification handshake. {@code POST}: the signature is
 * checked on the raw bytes before anything is parsed; every item is handed to the {@link
 * WebhookIntake}; the answer is 200 only once all of them are persisted, else 503 so Meta retries.
 */
public final class WhatsAppWebhookRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(WhatsAppWebhookRoutes.class);
  /** Meta's largest webhook payload. */
  public static final long MAX_BODY_BYTES = 3L * 1024 * 1024;

  private final WebhookSettings settings;
  private final WebhookSignature signature;
  private final WebhookIntake intake;
  private final ObjectMapper json = new ObjectMapper();

  public WhatsAppWebhookRoutes(WebhookSettings settings, WebhookIntake intake) {
    this.settings = settings;
    this.signature = new WebhookSignature(settings.appSecret());
    this.intake = intake;
  }

  public Route route() {
    return path(
        PathMatchers.separateOnSlashes(settings.path().replaceFirst("^/", "")),
        () -> concat(get(this::verify), post(this::receive)));
  }

  private Route verify() {
    return parameterOptional(
        "hub.mode",
        mode ->
            parameterOptional(
                "hub.verify_token",
                token ->
                    parameterOptional(
                        "hub.challenge",
                        challenge -> complete(handshake(mode, token, challenge)))));
  }

  private HttpResponse handshake(
      Optional<String> mode, Optional<String> token, Optional<String> challenge) {
    boolean ok =
        mode.filter("subscribe"::equals).isPresent()
            && token.filter(settings.verifyToken()::equals).isPresent()
            && challenge.isPresent();
    if (!ok) {
      return ApiErrors.response(
          StatusCodes.FORBIDDEN, "verification_failed", "hub.mode or hub.verify_token does not match");
    }
    return HttpResponse.create().withEntity(ContentTypes.TEXT_PLAIN_UTF8, challenge.get());
  }

  private Route receive() {
    return optionalHeaderValueByName(
        WebhookSignature.HEADER,
        header -> Bodies.bytes(MAX_BODY_BYTES, body -> receive(header, body)));
  }

  private Route receive(Optional<String> header, ByteString body) {
    byte[] bytes = body.toArray();
    if (!signature.isValid(header.orElse(null), bytes)) {
      LOG.warn("Refused a webhook with a {} signature", header.isPresent() ? "wrong" : "missing");
      return complete(
          ApiErrors.response(
              StatusCodes.UNAUTHORIZED, "invalid_signature", "X-Hub-Signature-256 is missing or wrong"));
    }
    List<WebhookItem> items;
    try {
      items = WebhookTranslator.translate(json.readTree(bytes));
    } catch (JsonProcessingException e) {
      LOG.warn("Refused a webhook that is not JSON: {}", e.getOriginalMessage());
      return complete(
          ApiErrors.response(StatusCodes.BAD_REQUEST, "malformed_json", "The body is not JSON: " + e.getOriginalMessage()));
    } catch (IllegalArgumentException | IOException e) {
      LOG.warn("Refused a malformed webhook: {}", e.getMessage());
      return complete(ApiErrors.response(StatusCodes.BAD_REQUEST, "invalid_webhook", e.getMessage()));
    }
    return onComplete(
        intake.accept(items),
        result -> {
          if (result.isSuccess()) {
            return complete(StatusCodes.OK);
          }
          LOG.error("A webhook could not be persisted; Meta will retry it", result.failed().get());
          return complete(
              ApiErrors.response(
                  StatusCodes.SERVICE_UNAVAILABLE, "unavailable", "Not persisted; retry later"));
        });
  }
}
