package com.whatatalk.engine.media;

import com.whatatalk.engine.cloudapi.MediaUpload;
import com.whatatalk.engine.cloudapi.WhatsAppClient;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Agents' uploads: the file is checked against WhatsApp's types and limits (§3.2), streamed into
 * our {@link MediaStore}, then streamed from there to Meta's {@code /media} for the business
 * number; the result is our record with Meta's media id, ready to send by id. A file WhatsApp would
 * refuse fails with {@link MediaRejectedException} (a message fit for the agent) and nothing is
 * stored; a refusal or outage at Meta fails with the client's {@code CloudApiException} (Meta's
 * code and title) and our copy is removed again.
 */
public final class MediaUploads {
  private static final String DEFAULT_FILENAME = "file";

  private final WhatsAppClient client;
  private final MediaStore store;
  private final ActorSystem<?> system;

  public MediaUploads(WhatsAppClient client, MediaStore store, ActorSystem<?> system) {
    this.client = client;
    this.store = store;
    this.system = system;
  }

  /**
   * Stores and uploads a file. {@code size} is the announced length when known (checked before any
   * byte is read); the actual length is checked while storing either way. The source is run (or
   * cancelled, when refused) at once.
   */
  public CompletionStage<StoredMedia> upload(
      String phoneNumberId,
      String mimeType,
      String filename,
      OptionalLong size,
      Source<ByteString, ?> bytes) {
    MediaRules.Rule rule;
    try {
      rule = check(mimeType, size);
    } catch (MediaRejectedException e) {
      // Release the caller's stream (an HTTP entity) without reading it.
      bytes.runWith(Sink.cancelled(), system);
      return CompletableFuture.failedFuture(e);
    }
    long limit = rule.maxBytes();
    return store
        .store(MediaStore.NewMedia.of(mimeType, filename, limit), bytes)
        .exceptionallyCompose(
            failure -> {
              Throwable cause = MediaFetch.unwrap(failure);
              if (cause instanceof MediaRejectedException) {
                return CompletableFuture.failedFuture(
                    tooLarge(MediaRules.baseType(mimeType), limit, "more than " + limit + " bytes"));
              }
              return CompletableFuture.failedFuture(cause);
            })
        .thenCompose(
            stored ->
                uploadStored(phoneNumberId, stored.mediaId())
                    .exceptionallyCompose(
                        failure ->
                            store
                                .delete(stored.mediaId())
                                .handle((ok, ignored) -> (StoredMedia) null)
                                .thenCompose(
                                    none -> CompletableFuture.failedFuture(MediaFetch.unwrap(failure)))));
  }

  /**
   * Uploads a file we already store to Meta for the business number (again, e.g. once Meta's copy
   * is past its 30 days) and links the new Meta media id to it.
   */
  public CompletionStage<StoredMedia> uploadStored(String phoneNumberId, String mediaId) {
    return store
        .read(mediaId)
        .thenCompose(
            found -> {
              if (found.isEmpty()) {
                return CompletableFuture.failedFuture(
                    new IllegalArgumentException("unknown media " + mediaId));
              }
              StoredMedia media = found.get().media();
              MediaUpload upload =
                  new MediaUpload(
                      media.contentType(),
                      media.filename() == null ? DEFAULT_FILENAME : media.filename(),
                      OptionalLong.of(media.size()),
                      found.get().bytes());
              return client
                  .uploadMedia(phoneNumberId, upload)
                  .thenCompose(metaId -> store.linkMetaId(mediaId, phoneNumberId, metaId));
            });
  }

  /** The rule for the type, or why WhatsApp would refuse the file. */
  static MediaRules.Rule check(String mimeType, OptionalLong size) {
    if (mimeType == null || mimeType.isBlank()) {
      throw new MediaRejectedException(
          MediaRejectedException.Reason.UNSUPPORTED_TYPE,
          "the file has no MIME type; WhatsApp accepts " + MediaRules.supportedTypes());
    }
    MediaRules.Rule rule =
        MediaRules.rule(mimeType)
            .orElseThrow(
                () ->
                    new MediaRejectedException(
                        MediaRejectedException.Reason.UNSUPPORTED_TYPE,
                        "WhatsApp does not accept " + MediaRules.baseType(mimeType)
                            + " files; it accepts " + MediaRules.supportedTypes()));
    if (size.isPresent() && size.getAsLong() > rule.maxBytes()) {
      throw tooLarge(MediaRules.baseType(mimeType), rule.maxBytes(), size.getAsLong() + " bytes");
    }
    return rule;
  }

  private static MediaRejectedException tooLarge(String type, long limit, String actual) {
    return new MediaRejectedException(
        MediaRejectedException.Reason.TOO_LARGE,
        "the file is " + actual + "; WhatsApp accepts " + type + " files up to "
            + MediaRules.describeSize(limit));
  }
}
