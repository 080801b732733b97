package com.whatatalk.engine.numbers;

import java.time.Instant;

/**
 * A business phone number as configured by an admin. {@code accessToken} is a secret: {@link
 * #toString()} redacts it, and the API shows only whether one is set.
 *
 * @param phoneNumberId Meta's phone number id (the id in webhook and send URLs)
 * @param displayNumber the number as people see it, e.g. "+1 555 010 0000"
 * @param wabaId the WhatsApp Business Account the number belongs to
 * @param mps messages per second Meta allows this number (its throughput tier), 80 to 1000
 * @param markAsRead whether reading a conversation marks its messages read at Meta
 * @param typingIndicator whether an agent typing shows Meta's typing indicator
 */
public record PhoneNumber(
    String phoneNumberId,
    String displayNumber,
    String wabaId,
    String accessToken,
    int mps,
    boolean markAsRead,
    boolean typingIndicator,
    Instant createdAt,
    String createdBy,
    Instant updatedAt,
    String updatedBy) {

  public boolean hasAccessToken() {
    return accessToken != null && !accessToken.isEmpty();
  }

  @Override
  public String toString() {
    return "PhoneNumber[phoneNumberId=" + phoneNumberId + ", displayNumber=" + displayNumber
        + ", wabaId=" + wabaId + ", accessToken=" + (hasAccessToken() ? "<redacted>" : "")
        + ", mps=" + mps + ", markAsRead=" + markAsRead + ", typingIndicator=" + typingIndicator
        + ", createdAt=" + createdAt + ", createdBy=" + createdBy + ", updatedAt=" + updatedAt
        + ", updatedBy=" + updatedBy + "]";
  }
}
