package com.whatatalk.engine.auth;

import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Users in Cassandra ({@code auth_users}, {@code auth_users_by_email}), every write a lightweight
 * transaction. Creating a user first claims its lower-cased email, then inserts the user row
 * under the claimed id, both {@code IF NOT EXISTS}: whoever inserts that row has created the user,
 * everyone else gets a conflict. A claim left without its row by a crash between the two steps is
 * taken over by the next creation with that email.
 */
final class UserStore {
  private static final String COLUMNS =
      "user_id, email, display_name, role, active, password_hash, must_change_password,"
          + " sessions_valid_after, created_at, created_by, deactivated_at, deactivated_by,"
          + " password_reset_at, password_reset_by";
  private static final String CLAIM_EMAIL =
      "INSERT INTO whatatalk.auth_users_by_email (email, user_id) VALUES (?, ?) IF NOT EXISTS";
  private static final String INSERT_USER =
      "INSERT INTO whatatalk.auth_users (" + COLUMNS + ")"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS";
  private static final String BY_EMAIL =
      "SELECT user_id FROM whatatalk.auth_users_by_email WHERE email = ?";
  private static final String BY_ID =
      "SELECT " + COLUMNS + " FROM whatatalk.auth_users WHERE user_id = ?";
  private static final String ALL = "SELECT " + COLUMNS + " FROM whatatalk.auth_users";
  private static final String DEACTIVATE =
      "UPDATE whatatalk.auth_users SET active = false, deactivated_at = ?, deactivated_by = ?,"
          + " sessions_valid_after = ? WHERE user_id = ? IF EXISTS";
  // sessions_valid_after moves to the reactivation: no session from before it comes back to life
  private static final String REACTIVATE =
      "UPDATE whatatalk.auth_users SET active = true, deactivated_at = null, deactivated_by = null,"
          + " sessions_valid_after = ? WHERE user_id = ? IF EXISTS";
  private static final String SET_PASSWORD =
      "UPDATE whatatalk.auth_users SET password_hash = ?, must_change_password = ?,"
          + " sessions_valid_after = ?, password_reset_at = ?, password_reset_by = ?"
          + " WHERE user_id = ? IF EXISTS";
  private static final String CHANGE_PASSWORD =
      "UPDATE whatatalk.auth_users SET password_hash = ?, must_change_password = false,"
          + " sessions_valid_after = ? WHERE user_id = ? IF password_hash = ?";
  private static final String REHASH =
      "UPDATE whatatalk.auth_users SET password_hash = ? WHERE user_id = ? IF password_hash = ?";

  private final Cql cql;

  UserStore(Cql cql) {
    this.cql = cql;
  }

  /** Creates the user, or returns empty when its email is taken. The id may be a claim's. */
  CompletionStage<Optional<StoredUser>> create(StoredUser user) {
    return cql.conditional(CLAIM_EMAIL, user.user().email(), user.uuid())
        .thenCompose(
            claim -> {
              UUID id = claim.applied() ? user.uuid() : claim.row().orElseThrow().getUuid("user_id");
              StoredUser withId = withId(user, id);
              User u = withId.user();
              return cql.conditional(
                      INSERT_USER,
                      id,
                      u.email(),
                      u.displayName(),
                      u.role().name(),
                      u.active(),
                      withId.passwordHash(),
                      u.mustChangePassword(),
                      withId.sessionsValidAfter(),
                      u.createdAt(),
                      uuid(u.createdBy()),
                      u.deactivatedAt(),
                      uuid(u.deactivatedBy()),
                      u.passwordResetAt(),
                      uuid(u.passwordResetBy()))
                  .thenApply(insert -> insert.applied() ? Optional.of(withId) : Optional.empty());
            });
  }

  CompletionStage<Optional<StoredUser>> byId(String id) {
    UUID uuid = parse(id);
    if (uuid == null) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return cql.one(BY_ID, uuid).thenApply(row -> row.map(UserStore::read));
  }

  CompletionStage<Optional<StoredUser>> byEmail(String normalizedEmail) {
    return cql.one(BY_EMAIL, normalizedEmail)
        .thenCompose(
            row ->
                row.isEmpty()
                    ? CompletableFuture.completedFuture(Optional.<StoredUser>empty())
                    : byId(row.get().getUuid("user_id").toString()))
        // a claim whose row was never written (a crashed creation) is no user
        .thenApply(found -> found.filter(u -> u.user().email().equals(normalizedEmail)));
  }

  /** Every user, by email. The table holds one company's people, so it is read whole. */
  CompletionStage<List<StoredUser>> all() {
    return cql.all(ALL)
        .thenApply(
            rows ->
                rows.stream()
                    .map(UserStore::read)
                    .sorted(Comparator.comparing((StoredUser u) -> u.user().email()))
                    .toList());
  }

  CompletionStage<Boolean> deactivate(String id, String by, Instant at) {
    return cql.conditional(DEACTIVATE, at, uuid(by), at, UUID.fromString(id))
        .thenApply(Cql.Conditional::applied);
  }

  CompletionStage<Boolean> reactivate(String id, Instant at) {
    return cql.conditional(REACTIVATE, at, UUID.fromString(id)).thenApply(Cql.Conditional::applied);
  }

  CompletionStage<Boolean> resetPassword(String id, String hash, String by, Instant at) {
    return cql.conditional(SET_PASSWORD, hash, true, at, at, uuid(by), UUID.fromString(id))
        .thenApply(Cql.Conditional::applied);
  }

  /** Sets a password the user chose, if the hash is still {@code expectedHash}. */
  CompletionStage<Boolean> changePassword(String id, String expectedHash, String hash, Instant at) {
    return cql.conditional(CHANGE_PASSWORD, hash, at, UUID.fromString(id), expectedHash)
        .thenApply(Cql.Conditional::applied);
  }

  CompletionStage<Boolean> rehash(String id, String expectedHash, String hash) {
    return cql.conditional(REHASH, hash, UUID.fromString(id), expectedHash)
        .thenApply(Cql.Conditional::applied);
  }

  private static StoredUser read(Row r) {
    User user =
        new User(
            r.getUuid("user_id").toString(),
            r.getString("email"),
            r.getString("display_name"),
            Role.valueOf(r.getString("role")),
            r.getBoolean("active"),
            r.getBoolean("must_change_password"),
            r.getInstant("created_at"),
            string(r.getUuid("created_by")),
            r.getInstant("deactivated_at"),
            string(r.getUuid("deactivated_by")),
            r.getInstant("password_reset_at"),
            string(r.getUuid("password_reset_by")));
    return new StoredUser(user, r.getString("password_hash"), r.getInstant("sessions_valid_after"));
  }

  private static StoredUser withId(StoredUser s, UUID id) {
    User u = s.user();
    return new StoredUser(
        new User(
            id.toString(), u.email(), u.displayName(), u.role(), u.active(), u.mustChangePassword(),
            u.createdAt(), u.createdBy(), u.deactivatedAt(), u.deactivatedBy(), u.passwordResetAt(),
            u.passwordResetBy()),
        s.passwordHash(),
        s.sessionsValidAfter());
  }

  static UUID parse(String id) {
    try {
      return id == null ? null : UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static UUID uuid(String id) {
    return id == null ? null : UUID.fromString(id);
  }

  private static String string(UUID id) {
    return id == null ? null : id.toString();
  }
}
