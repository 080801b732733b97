package com.whatatalk.engine.media;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * The inbound media fetch log: each media's {@link MediaStatus} with what is needed to download it
 * again, and, per conversation tag slice, the failed ones that will be tried again.
 */
public interface MediaFetchLog {

  /** A media's request and status. */
  record Entry(MediaFetchRequest request, MediaStatus status) {}

  /** A failed media waiting for the sweep of its slice. */
  record Failure(String phoneNumberId, String metaMediaId) {}

  CompletionStage<Optional<Entry>> get(String phoneNumberId, String metaMediaId);

  /**
   * Records the status (replacing the previous one); a {@code FAILED} status that will be retried
   * is queued for its slice's sweep, any other leaves that queue.
   */
  CompletionStage<Done> record(MediaFetchRequest request, MediaStatus status);

  /** The slice's failed media to try again, at most {@code limit}. */
  CompletionStage<List<Failure>> failures(int slice, int limit);

  /** Takes a media off its slice's retry queue. */
  CompletionStage<Done> forget(int slice, Failure failure);
}
