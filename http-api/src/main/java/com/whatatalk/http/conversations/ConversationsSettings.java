package com.whatatalk.http.conversations;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * {@code whatatalk.conversations}, read once ({@code conversations.conf} says what each key means).
 *
 * @param askTimeout how long a request waits for a conversation before it is answered 503
 */
public record ConversationsSettings(
    long maxBodyBytes,
    long maxUploadBytes,
    int defaultPageSize,
    int maxPageSize,
    long maxOutboundBacklog,
    int readReceiptAttempts,
    Duration readReceiptRetryDelay,
    Duration askTimeout) {

  public static ConversationsSettings create(Config config) {
    Config c = config.getConfig("whatatalk.conversations");
    return new ConversationsSettings(
        c.getBytes("max-body-size"),
        c.getBytes("max-upload-size"),
        c.getInt("default-page-size"),
        c.getInt("max-page-size"),
        c.getLong("max-outbound-backlog"),
        c.getInt("read-receipt-attempts"),
        c.getDuration("read-receipt-retry-delay"),
        config.getDuration("whatatalk.http.ask-timeout"));
  }

  public ConversationsSettings withMaxOutboundBacklog(long limit) {
    return new ConversationsSettings(
        maxBodyBytes, maxUploadBytes, defaultPageSize, maxPageSize, limit, readReceiptAttempts,
        readReceiptRetryDelay, askTimeout);
  }
}
