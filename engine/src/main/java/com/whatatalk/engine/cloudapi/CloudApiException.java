package com.whatatalk.engine.cloudapi;

/**
 * The failure of a Cloud API call other than a send (mark as read, media, templates): the error and
 * whether trying again later may help. Sends answer a {@link SendOutcome} instead.
 */
public final class CloudApiException extends RuntimeException {
  private final MetaError error;
  private final boolean retryable;

  public CloudApiException(MetaError error, boolean retryable) {
    super(error.summary());
    this.error = error;
    this.retryable = retryable;
  }

  public CloudApiException(MetaError error) {
    this(error, MetaErrorCodes.isRetryable(error.code()));
  }

  public MetaError error() {
    return error;
  }

  public boolean retryable() {
    return retryable;
  }
}
