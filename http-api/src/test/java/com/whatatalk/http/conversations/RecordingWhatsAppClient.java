package com.whatatalk.http.conversations;

import com.whatatalk.engine.cloudapi.MediaDownload;
import com.whatatalk.engine.cloudapi.MediaInfo;
import com.whatatalk.engine.cloudapi.MediaUpload;
import com.whatatalk.engine.cloudapi.OutboundMessage;
import com.whatatalk.engine.cloudapi.SendOutcome;
import com.whatatalk.engine.cloudapi.TemplateDefinition;
import com.whatatalk.engine.cloudapi.WhatsAppClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * A Cloud API client for route tests: records mark-as-read calls and uploads (reading every
 * uploaded byte, as Meta would), answers uploads with {@code meta-media-N}, lists the templates
 * a test puts in {@link #templates} by WABA; sends nothing.
 */
final class RecordingWhatsAppClient implements WhatsAppClient {
  record ReadCall(String phoneNumberId, String wamid, boolean typing) {}

  record UploadCall(String phoneNumberId, String mimeType, String filename, long bytes) {}

  final List<ReadCall> reads = new CopyOnWriteArrayList<>();
  final List<UploadCall> uploads = new CopyOnWriteArrayList<>();
  final Map<String, List<TemplateDefinition>> templates = new ConcurrentHashMap<>();
  private final AtomicInteger mediaIds = new AtomicInteger();
  private final ActorSystem<?> system;

  RecordingWhatsAppClient(ActorSystem<?> system) {
    this.system = system;
  }

  @Override
  public CompletionStage<Done> markAsRead(String phoneNumberId, String wamid, boolean typingIndicator) {
    reads.add(new ReadCall(phoneNumberId, wamid, typingIndicator));
    return CompletableFuture.completedFuture(Done.getInstance());
  }

  @Override
  public CompletionStage<String> uploadMedia(String phoneNumberId, MediaUpload upload) {
    return upload
        .bytes()
        .runWith(Sink.fold(0L, (n, b) -> n + b.size()), system)
        .thenApply(
            n -> {
              uploads.add(new UploadCall(phoneNumberId, upload.mimeType(), upload.filename(), n));
              return "meta-media-" + mediaIds.incrementAndGet();
            });
  }

  @Override
  public CompletionStage<SendOutcome> send(OutboundMessage message) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("route tests send nothing"));
  }

  @Override
  public CompletionStage<MediaInfo> mediaInfo(String phoneNumberId, String mediaId) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException());
  }

  @Override
  public CompletionStage<MediaDownload> downloadMedia(String phoneNumberId, String url) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException());
  }

  @Override
  public CompletionStage<List<TemplateDefinition>> listTemplates(String wabaId) {
    return CompletableFuture.completedFuture(templates.getOrDefault(wabaId, List.of()));
  }
}
