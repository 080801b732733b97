package com.whatatalk.engine.auth;

/** What a user may do: admins also manage users and phone numbers. */
public enum Role {
  ADMIN,
  AGENT
}
