package com.whatatalk.engine.media;

import com.whatatalk.engine.cloudapi.CloudApiException;
import com.whatatalk.engine.cloudapi.MetaError;
import com.whatatalk.engine.cloudapi.WhatsAppClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads one inbound media into the store: {@code GET /{media-id}} for a fresh URL, then the
 * bytes, streamed into the {@link MediaStore} and checked against Meta's SHA-256. One pass makes at
 * most {@code attempts-per-pass} attempts, retryable failures waiting an exponential backoff with
 * ±20 % jitter between them, then settles: {@code STORED}, or {@code FAILED} with the reason. A
 * failed pass on a retryable error stays queued for the slice's sweep until {@code max-attempts}
 * in all or {@code give-up-after} (Meta forgets inbound media after 7 days); permanent errors are
 * not retried by themselves, but an agent can always ask again. A pass never fails for a Cloud API
 * reason; it fails only when the fetch log cannot be written (then the projection retries it).
 */
final class MediaFetch {
  private static final Logger log = LoggerFactory.getLogger(MediaFetch.class);

  /** The stored bytes do not match the announced SHA-256 (retryable: a corrupt download). */
  static final int SHA256_MISMATCH = -101;

  /** The file is over the store's size limit. */
  static final int TOO_LARGE = -102;

  /** Storing failed: Cassandra unavailable, the download broken off (retryable). */
  static final int STORE_FAILED = -103;

  private final WhatsAppClient client;
  private final MediaStore store;
  private final MediaFetchLog fetchLog;
  private final MediaSettings settings;
  private final ActorSystem<?> system;
  private final Clock clock;

  MediaFetch(
      WhatsAppClient client,
      MediaStore store,
      MediaFetchLog fetchLog,
      MediaSettings settings,
      ActorSystem<?> system,
      Clock clock) {
    this.client = client;
    this.store = store;
    this.fetchLog = fetchLog;
    this.settings = settings;
    this.system = system;
    this.clock = clock;
  }

  MediaFetchLog fetchLog() {
    return fetchLog;
  }

  /**
   * One pass for a media: nothing when already stored (idempotent: the projection replays events
   * after a restart). {@code manual} (an agent's retry) ignores the overall attempt limit.
   */
  CompletionStage<MediaStatus> fetch(MediaFetchRequest request, boolean manual) {
    return fetchLog
        .get(request.phoneNumberId(), request.metaMediaId())
        .thenCompose(
            entry -> {
              Optional<MediaStatus> previous = entry.map(MediaFetchLog.Entry::status);
              if (previous.filter(s -> s.state() == MediaStatus.State.STORED).isPresent()) {
                return CompletableFuture.completedFuture(previous.get());
              }
              return store
                  .findByMetaId(request.phoneNumberId(), request.metaMediaId())
                  .thenCompose(
                      stored -> {
                        Instant firstSeen = previous.map(MediaStatus::firstSeenAt).orElse(now());
                        int attempts = previous.map(MediaStatus::attempts).orElse(0);
                        if (stored.isPresent()) {
                          return settle(request, storedStatus(request, stored.get(), attempts, firstSeen));
                        }
                        MediaStatus pending =
                            new MediaStatus(
                                request.phoneNumberId(), request.metaMediaId(),
                                MediaStatus.State.PENDING, null, attempts, null, false, firstSeen, now());
                        return fetchLog
                            .record(request, pending)
                            .thenCompose(ok -> attempt(request, attempts, 1, firstSeen, manual));
                      });
            });
  }

  private CompletionStage<MediaStatus> attempt(
      MediaFetchRequest request, int attemptsBefore, int inPass, Instant firstSeen, boolean manual) {
    int attempts = attemptsBefore + 1;
    return download(request)
        .handle(
            (stored, failure) -> {
              if (failure == null) {
                return settle(request, storedStatus(request, stored, attempts, firstSeen));
              }
              MediaStatus.Reason reason = reason(failure);
              boolean retryable = retryable(failure);
              boolean expired = now().isAfter(firstSeen.plus(settings.fetcher().giveUpAfter()));
              boolean exhausted = !manual && attempts >= settings.fetcher().maxAttempts();
              if (retryable && !expired && !exhausted && inPass < settings.fetcher().attemptsPerPass()) {
                Duration wait = backoff(inPass);
                log.debug(
                    "media {} attempt {} failed ({}); again in {} ms",
                    request.metaMediaId(), attempts, reason.summary(), wait.toMillis());
                return after(wait)
                    .thenCompose(ok -> attempt(request, attempts, inPass + 1, firstSeen, manual));
              }
              boolean willRetry = retryable && !expired && !exhausted;
              log.warn(
                  "media {} of {} not stored after {} attempts: {}{}",
                  request.metaMediaId(), request.conversationId(), attempts, reason.summary(),
                  willRetry ? " (will retry)" : "");
              return settle(
                  request,
                  new MediaStatus(
                      request.phoneNumberId(), request.metaMediaId(), MediaStatus.State.FAILED,
                      null, attempts, reason, willRetry, firstSeen, now()));
            })
        .thenCompose(s -> s);
  }

  // mediaInfo for a fresh URL (they live 5 minutes), then the bytes straight into the store.
  private CompletionStage<StoredMedia> download(MediaFetchRequest request) {
    return client
        .mediaInfo(request.phoneNumberId(), request.metaMediaId())
        .thenCompose(
            info ->
                client
                    .downloadMedia(request.phoneNumberId(), info.url())
                    .exceptionally(
                        failure -> {
                          throw new CompletionException(new DownloadFailed(unwrap(failure)));
                        })
                    .thenCompose(
                        download -> {
                          String contentType =
                              firstNonBlank(info.mimeType(), download.contentType(), request.mimeType(),
                                  "application/octet-stream");
                          Optional<String> sha =
                              Optional.ofNullable(firstNonBlank(info.sha256(), request.sha256()));
                          return store.store(
                              new MediaStore.NewMedia(
                                  contentType, request.filename(), sha, Optional.of(request.metaKey()),
                                  settings.maxSize()),
                              download.bytes());
                        }));
  }

  private CompletionStage<MediaStatus> settle(MediaFetchRequest request, MediaStatus status) {
    return fetchLog.record(request, status).thenApply(ok -> status);
  }

  private MediaStatus storedStatus(
      MediaFetchRequest request, StoredMedia stored, int attempts, Instant firstSeen) {
    return new MediaStatus(
        request.phoneNumberId(), request.metaMediaId(), MediaStatus.State.STORED, stored.mediaId(),
        attempts, null, false, firstSeen, now());
  }

  /** min-backoff doubled per attempt in the pass, capped at max-backoff, ±20 % jitter. */
  Duration backoff(int attemptInPass) {
    long min = settings.fetcher().minBackoff().toMillis();
    long max = settings.fetcher().maxBackoff().toMillis();
    long millis = min << Math.min(attemptInPass - 1, 20);
    millis = Math.min(Math.max(millis, min), max);
    double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
    return Duration.ofMillis((long) (millis * jitter));
  }

  static boolean retryable(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof DownloadFailed d) {
      // A failed download is a 404 when the URL expired: a new GET /{media-id} gives a fresh one.
      return d.cause() instanceof CloudApiException e
          ? e.retryable() || e.error().httpStatus() == 404
          : true;
    }
    if (t instanceof CloudApiException e) {
      return e.retryable();
    }
    if (t instanceof MediaRejectedException || isEntityTooLarge(t)) {
      return false;
    }
    // Hash mismatch, a broken-off stream, Cassandra timeouts: another try may well succeed.
    return true;
  }

  static MediaStatus.Reason reason(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof DownloadFailed d) {
      t = d.cause();
    }
    if (t instanceof CloudApiException e) {
      MetaError error = e.error();
      return new MediaStatus.Reason(error.code(), error.title(), error.details());
    }
    if (t instanceof MediaIntegrityException e) {
      return new MediaStatus.Reason(SHA256_MISMATCH, "Media hash mismatch", e.getMessage());
    }
    if (t instanceof MediaRejectedException || isEntityTooLarge(t)) {
      return new MediaStatus.Reason(TOO_LARGE, "Media file too large", t.getMessage());
    }
    return new MediaStatus.Reason(STORE_FAILED, "Media could not be stored", t.toString());
  }

  private static boolean isEntityTooLarge(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c.getClass().getSimpleName().equals("EntityStreamSizeException")) {
        return true;
      }
    }
    return false;
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private CompletionStage<Void> after(Duration delay) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    system.scheduler().scheduleOnce(delay, () -> done.complete(null), system.executionContext());
    return done;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static String firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }

  /** A failure of the download itself (after a successful lookup). */
  private static final class DownloadFailed extends RuntimeException {
    DownloadFailed(Throwable cause) {
      super(cause.getMessage(), cause, false, false);
    }

    Throwable cause() {
      return getCause();
    }
  }
}
