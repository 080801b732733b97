package com.whatatalk.http.conversations;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.extractMaterializer;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequestEntity;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.parameterMap;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;

import com.whatatalk.engine.media.MediaRules;
import com.whatatalk.engine.media.MediaUploads;
import com.whatatalk.engine.numbers.PhoneNumber;
import com.whatatalk.engine.numbers.PhoneNumbers;
import com.whatatalk.http.ApiErrors;
import com.whatatalk.http.auth.Authentication;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;

/**
 * {@code POST /api/media?phoneNumberId=&filename=}: an agent's file, as the raw body with its
 * {@code Content-Type} (what a browser's {@code fetch(url, {method: "POST", body: file})} sends:
 * no multipart to build or parse). WhatsApp's type and size rules ({@link MediaRules}) are checked
 * from the headers before a byte is stored; the file is then stored and uploaded to Meta for the
 * number, and the reply names the media id to send it with. {@code phoneNumberId} may be left
 * out when exactly one number is configured.
 */
public final class MediaRoutes {
  /**
   * A refused upload whose declared length is at most this many times its limit is read and
   * dropped before the answer, as {@code Bodies} does, so the client sees the 413 and not a reset.
   */
  private static final long DRAIN_FACTOR = 2;

  private final Authentication authentication;
  private final PhoneNumbers numbers;
  private final MediaUploads uploads;
  private final ConversationsSettings settings;

  public MediaRoutes(
      Authentication authentication, PhoneNumbers numbers, MediaUploads uploads, ConversationsSettings settings) {
    this.authentication = authentication;
    this.numbers = numbers;
    this.uploads = uploads;
    this.settings = settings;
  }

  public Route route() {
    return pathPrefix("api", () -> path("media", () -> post(() -> authentication.authenticated(user -> upload()))));
  }

  private Route upload() {
    return parameterMap(
        params ->
            extractRequestEntity(
                entity -> {
                  String pnid = params.get("phoneNumberId");
                  if (pnid == null) {
                    List<PhoneNumber> all = numbers.list();
                    if (all.size() != 1) {
                      return refuse(
                          entity,
                          ConversationJson.validationFailed(
                              "phoneNumberId", "required: " + all.size() + " business numbers are configured"));
                    }
                    pnid = all.get(0).phoneNumberId();
                  } else if (numbers.find(pnid).isEmpty()) {
                    return refuse(entity, ConversationJson.notFound("No business number " + pnid + " is configured"));
                  }
                  String mime = entity.getContentType().mediaType().toString();
                  Optional<MediaRules.Rule> rule = MediaRules.rule(mime);
                  OptionalLong length = entity.getContentLengthOption();
                  if (rule.isEmpty() || entity.getContentType().equals(ContentTypes.APPLICATION_OCTET_STREAM)) {
                    return refuse(
                        entity,
                        ApiErrors.response(
                            StatusCodes.UNSUPPORTED_MEDIA_TYPE,
                            "unsupported_media_type",
                            "WhatsApp does not accept " + mime + " files; send the file with its Content-Type, one of "
                                + MediaRules.supportedTypes()));
                  }
                  long max = rule.get().maxBytes();
                  if (length.isPresent() && length.getAsLong() > max) {
                    return refuse(
                        entity,
                        ApiErrors.response(
                            StatusCodes.PAYLOAD_TOO_LARGE,
                            "payload_too_large",
                            "The file is " + length.getAsLong() + " bytes; WhatsApp accepts " + mime
                                + " files up to " + max + " bytes"));
                  }
                  String filename = blankToNull(params.get("filename"));
                  String number = pnid;
                  return onComplete(
                      uploads.upload(
                          number,
                          mime,
                          filename,
                          length,
                          entity.withSizeLimit(Math.min(max, settings.maxUploadBytes()) + 1).getDataBytes()),
                      result -> {
                        if (result.isFailure()) {
                          Throwable cause = result.failed().get();
                          if (cause instanceof EntityStreamSizeException
                              || cause.getCause() instanceof EntityStreamSizeException) {
                            return complete(
                                ApiErrors.response(
                                    StatusCodes.PAYLOAD_TOO_LARGE,
                                    "payload_too_large",
                                    "WhatsApp accepts " + mime + " files up to " + max + " bytes"));
                          }
                          return complete(ConversationJson.failure(cause));
                        }
                        var stored = result.get();
                        return complete(
                            ConversationJson.json(
                                StatusCodes.CREATED,
                                new ConversationJson.Uploaded(
                                    stored.metaMediaId(),
                                    ConversationJson.lower(rule.get().kind()),
                                    stored.contentType(),
                                    stored.size(),
                                    stored.filename(),
                                    stored.mediaId())));
                      });
                }));
  }

  /** The answer, after reading and dropping a body that is not too large to drain. */
  private Route refuse(RequestEntity entity, HttpResponse response) {
    long length = entity.getContentLengthOption().orElse(-1L);
    if (length < 0 || length > DRAIN_FACTOR * settings.maxUploadBytes()) {
      return complete(response);
    }
    return extractMaterializer(
        materializer ->
            onComplete(
                entity.withoutSizeLimit().discardBytes(materializer).completionStage(),
                drained -> complete(response)));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
