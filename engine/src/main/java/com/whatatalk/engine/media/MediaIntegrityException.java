package com.whatatalk.engine.media;

/** The stored bytes do not have the SHA-256 Meta announced: a corrupt or truncated download. */
public final class MediaIntegrityException extends RuntimeException {
  private final String expected;
  private final String actual;

  public MediaIntegrityException(String expected, String actual) {
    super("sha256 mismatch: expected " + expected + ", got " + actual);
    this.expected = expected;
    this.actual = actual;
  }

  public String expected() {
    return expected;
  }

  public String actual() {
    return actual;
  }
}
