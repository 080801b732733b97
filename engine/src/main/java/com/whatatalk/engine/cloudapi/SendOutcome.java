package com.whatatalk.engine.cloudapi;

import java.time.Duration;
import java.util.Optional;

/** What Meta answered to a send: accepted with a wamid, or rejected with its error. */
public sealed interface SendOutcome {

  /**
   * Meta accepted the message (whatsapp-cloud-api.md §2.2): not delivered yet, statuses follow by
   * webhook.
   *
   * @param wamid {@code messages[0].id}, the key of every later status
   * @param waId {@code contacts[0].wa_id}, the normalised number; null when sent to a BSUID
   * @param messageStatus {@code messages[0].message_status} ({@code accepted}, {@code
   *     held_for_quality_assessment}, {@code paused}); null when Meta omits it
   */
  record Accepted(String wamid, String waId, String messageStatus) implements SendOutcome {}

  /**
   * Meta (or the network) refused the message.
   *
   * @param retryable whether the same request may succeed later ({@link MetaErrorCodes})
   * @param retryAfterHint the wait Meta suggests (a {@code Retry-After} header or a documented wait
   *     for the code), when there is one
   */
  record Rejected(MetaError error, boolean retryable, Optional<Duration> retryAfterHint)
      implements SendOutcome {
    public Rejected {
      retryAfterHint = retryAfterHint == null ? Optional.empty() : retryAfterHint;
    }

    /** Retryable or not according to {@link MetaErrorCodes}, with no hint. */
    public static Rejected of(MetaError error) {
      return new Rejected(error, MetaErrorCodes.isRetryable(error.code()), Optional.empty());
    }
  }
}
