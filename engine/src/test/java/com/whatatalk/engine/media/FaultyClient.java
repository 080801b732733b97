package com.whatatalk.engine.media;

import com.whatatalk.engine.cloudapi.CloudApiException;
import com.whatatalk.engine.cloudapi.MediaDownload;
import com.whatatalk.engine.cloudapi.MediaInfo;
import com.whatatalk.engine.cloudapi.MediaUpload;
import com.whatatalk.engine.cloudapi.MetaError;
import com.whatatalk.engine.cloudapi.MetaErrorCodes;
import com.whatatalk.engine.cloudapi.OutboundMessage;
import com.whatatalk.engine.cloudapi.SendOutcome;
import com.whatatalk.engine.cloudapi.TemplateDefinition;
import com.whatatalk.engine.cloudapi.WhatsAppClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;

/**
 * The real client (against the simulator) with faults injected per media id: the next lookups of
 * a media fail with the queued errors, in order, before reaching the simulator. Counts lookups.
 */
final class FaultyClient implements WhatsAppClient {
  private final WhatsAppClient real;
  private final Map<String, ConcurrentLinkedDeque<CloudApiException>> faults = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();

  FaultyClient(WhatsAppClient real) {
    this.real = real;
  }

  /** A 500 without Meta's envelope, as a proxy in front of Meta answers it (retryable). */
  static CloudApiException serverError() {
    return new CloudApiException(
        MetaError.synthetic(MetaErrorCodes.SERVER_ERROR, "Server error", "HTTP 500", 500), true);
  }

  /** Meta's permission error (#10), permanent. */
  static CloudApiException permissionDenied() {
    return new CloudApiException(
        new MetaError(10, null, "Permission denied", "(#10) Permission denied", null, "trace", 403),
        false);
  }

  void failNext(String mediaId, CloudApiException... errors) {
    faults.computeIfAbsent(mediaId, id -> new ConcurrentLinkedDeque<>()).addAll(List.of(errors));
  }

  int lookups(String mediaId) {
    return lookups.getOrDefault(mediaId, new AtomicInteger()).get();
  }

  @Override
  public CompletionStage<MediaInfo> mediaInfo(String phoneNumberId, String mediaId) {
    lookups.computeIfAbsent(mediaId, id -> new AtomicInteger()).incrementAndGet();
    CloudApiException fault =
        faults.getOrDefault(mediaId, new ConcurrentLinkedDeque<>()).pollFirst();
    return fault != null ? CompletableFuture.failedFuture(fault) : real.mediaInfo(phoneNumberId, mediaId);
  }

  @Override
  public CompletionStage<MediaDownload> downloadMedia(String phoneNumberId, String url) {
    return real.downloadMedia(phoneNumberId, url);
  }

  @Override
  public CompletionStage<String> uploadMedia(String phoneNumberId, MediaUpload upload) {
    return real.uploadMedia(phoneNumberId, upload);
  }

  @Override
  public CompletionStage<SendOutcome> send(OutboundMessage message) {
    return real.send(message);
  }

  @Override
  public CompletionStage<Done> markAsRead(String phoneNumberId, String wamid, boolean typingIndicator) {
    return real.markAsRead(phoneNumberId, wamid, typingIndicator);
  }

  @Override
  public CompletionStage<List<TemplateDefinition>> listTemplates(String wabaId) {
    return real.listTemplates(wabaId);
  }
}
