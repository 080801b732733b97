package com.whatatalk.engine.auth;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/**
 * A user as everything outside this package sees it: never the password hash. {@code id} is the
 * agent id used everywhere else (assignment, unread counts). The {@code ...By} fields are user
 * ids, {@code null} for the system (the first admin).
 */
public record User(
    String id,
    String email,
    String displayName,
    Role role,
    boolean active,
    boolean mustChangePassword,
    Instant createdAt,
    String createdBy,
    Instant deactivatedAt,
    String deactivatedBy,
    Instant passwordResetAt,
    String passwordResetBy) {

  @JsonIgnore
  public boolean isAdmin() {
    return role == Role.ADMIN;
  }
}
