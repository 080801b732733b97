package com.whatatalk.engine.auth;

import java.time.Instant;

/**
 * A login session. {@code id} is the opaque secret the client holds (cookie or bearer token);
 * the store keeps only its SHA-256.
 */
public record Session(String id, String userId, Instant createdAt, Instant expiresAt) {
  @Override
  public String toString() {
    return "Session[id=<redacted>, userId=" + userId + ", createdAt=" + createdAt
        + ", expiresAt=" + expiresAt + "]";
  }
}
