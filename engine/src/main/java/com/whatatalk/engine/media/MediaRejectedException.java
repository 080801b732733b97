package com.whatatalk.engine.media;

/**
 * A file WhatsApp would refuse, or that is over our store's limit: the message says which rule and
 * is fit to show an agent as is. Nothing is stored.
 */
public final class MediaRejectedException extends RuntimeException {
  public enum Reason {
    UNSUPPORTED_TYPE,
    TOO_LARGE
  }

  private final Reason reason;

  public MediaRejectedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
