package com.whatatalk.engine.cloudapi;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which Cloud API errors are worth retrying (whatsapp-cloud-api.md §6). Decided by Meta's {@code
 * code}, never by HTTP status: Meta says so, and its status codes are undocumented. Everything not
 * listed is permanent: it will not succeed by waiting (fix the request, the template, the token or
 * the account instead). Pure.
 *
 * <p>Negative codes are ours, for failures that carry no Meta code; they never collide with Meta's.
 */
public final class MetaErrorCodes {

  /** Connection refused or reset, DNS failure, timeout: Meta may or may not have the request. */
  public static final int NETWORK_ERROR = -1;

  /** A 5xx (or a 408/429 from a proxy) without Meta's error envelope, e.g. an HTML 502. */
  public static final int SERVER_ERROR = -2;

  /** A response we cannot read: a 4xx without an envelope, or a 2xx without the expected fields. */
  public static final int UNEXPECTED_RESPONSE = -3;

  /** No access token is configured for the business number (nor a default one). */
  public static final int NO_ACCESS_TOKEN = -4;

  /** The content is a kind that only arrives (a button reply, a system notice...). */
  public static final int NOT_SENDABLE = -5;

  private static final Set<Integer> RETRYABLE =
      Set.of(
          1, // invalid request or possible server error: maybe once
          2, // temporary downtime or overload
          4, // app hit its Graph API call rate limit
          80007, // WABA hit its rate limit
          130429, // throughput (messages per second) reached
          131000, // unknown error sending
          131016, // a service is temporarily unavailable
          131056, // pair rate limit: too many messages to the same recipient
          131057, // business account in maintenance mode (throughput upgrade)
          133004, // server temporarily unavailable
          NETWORK_ERROR,
          SERVER_ERROR);

  // Only where Meta names a wait; otherwise the caller's backoff decides.
  private static final Map<Integer, Duration> DEFAULT_WAIT =
      Map.of(131057, Duration.ofMinutes(1)); // "the upgrade takes up to one minute"

  private MetaErrorCodes() {}

  public static boolean isRetryable(int code) {
    return RETRYABLE.contains(code);
  }

  /** Codes that mean the access token is wrong or expired: no send on that number can succeed. */
  public static boolean isAuthentication(int code) {
    return code == 0 || code == 190;
  }

  /** How long Meta suggests waiting for this code, when it says. */
  public static Optional<Duration> suggestedWait(int code) {
    return Optional.ofNullable(DEFAULT_WAIT.get(code));
  }
}
