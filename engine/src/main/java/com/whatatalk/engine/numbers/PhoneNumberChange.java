package com.whatatalk.engine.numbers;

/**
 * A create or update request. On update a {@code null} field keeps its current value (so an
 * admin editing the switches need not resend the access token).
 */
public record PhoneNumberChange(
    String phoneNumberId,
    String displayNumber,
    String wabaId,
    String accessToken,
    Integer mps,
    Boolean markAsRead,
    Boolean typingIndicator) {

  @Override
  public String toString() {
    return "PhoneNumberChange[phoneNumberId=" + phoneNumberId + ", displayNumber=" + displayNumber
        + ", wabaId=" + wabaId + ", accessToken=" + (accessToken == null ? "null" : "<redacted>")
        + ", mps=" + mps + ", markAsRead=" + markAsRead + ", typingIndicator=" + typingIndicator + "]";
  }
}
