package com.whatatalk.engine.auth;

import java.time.Instant;
import java.util.UUID;

/** A user row: the public view plus the password hash and the session cut-off. */
record StoredUser(User user, String passwordHash, Instant sessionsValidAfter) {
  UUID uuid() {
    return UUID.fromString(user.id());
  }

  @Override
  public String toString() {
    return "StoredUser[" + user + ", passwordHash=<redacted>, sessionsValidAfter="
        + sessionsValidAfter + "]";
  }
}
