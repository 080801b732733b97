package com.whatatalk.engine.media;

import java.time.Instant;

/**
 * Where an inbound media stands, for the inbox: {@code STORED} (our {@code mediaId} serves the
 * bytes), {@code PENDING} (being downloaded), or {@code FAILED} with Meta's (or our) code and
 * title, and whether it will be tried again by itself ({@code willRetry}); a failed media can
 * always be retried by an agent ({@link InboundMediaFetcher#retry}).
 *
 * @param mediaId our media id when stored, else null
 * @param attempts download attempts so far, over every pass
 * @param reason why the last attempt failed; null unless failed
 */
public record MediaStatus(
    String phoneNumberId,
    String metaMediaId,
    State state,
    String mediaId,
    int attempts,
    Reason reason,
    boolean willRetry,
    Instant firstSeenAt,
    Instant updatedAt) {

  public enum State {
    PENDING,
    STORED,
    FAILED
  }

  /** A failure as the red tick's tooltip shows it: {@code (#code) title: details}. */
  public record Reason(int code, String title, String details) {
    public String summary() {
      String head = "(#" + code + ") " + (title == null ? "" : title);
      return details == null || details.isBlank() ? head : head + ": " + details;
    }
  }

  /** Media stored without a download (an agent's upload, or a status row lost). */
  static MediaStatus stored(StoredMedia media) {
    return new MediaStatus(
        media.phoneNumberId(), media.metaMediaId(), State.STORED, media.mediaId(), 0, null, false,
        media.createdAt(), media.createdAt());
  }
}
