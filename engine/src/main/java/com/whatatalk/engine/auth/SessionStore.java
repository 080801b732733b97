package com.whatatalk.engine.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * Sessions in Cassandra ({@code auth_sessions}), so that any node validates a session made on
 * another. A session id is 256 random bits from {@link SecureRandom}, base64url; the row is keyed
 * by its SHA-256, so a copy of the table opens no session. Rows expire by TTL at the session's
 * absolute end, and are checked against it on every read too.
 */
public final class SessionStore {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int ID_BYTES = 32;

  private static final String INSERT =
      "INSERT INTO whatatalk.auth_sessions (token_hash, user_id, created_at, expires_at)"
          + " VALUES (?, ?, ?, ?) USING TTL ?";
  private static final String SELECT =
      "SELECT user_id, created_at, expires_at FROM whatatalk.auth_sessions WHERE token_hash = ?";
  private static final String DELETE = "DELETE FROM whatatalk.auth_sessions WHERE token_hash = ?";

  private final Cql cql;
  private final Duration lifetime;

  public SessionStore(Cql cql, Duration lifetime) {
    this.cql = cql;
    this.lifetime = lifetime;
  }

  public CompletionStage<Session> create(String userId, Instant now) {
    byte[] bytes = new byte[ID_BYTES];
    RANDOM.nextBytes(bytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant created = now.truncatedTo(ChronoUnit.MILLIS);
    Instant expires = created.plus(lifetime);
    int ttl = (int) Math.max(1, lifetime.toSeconds());
    return cql.write(INSERT, hash(id), UUID.fromString(userId), created, expires, ttl)
        .thenApply(done -> new Session(id, userId, created, expires));
  }

  /** The session with this id, unless unknown, malformed or expired at {@code now}. */
  public CompletionStage<Optional<Session>> find(String id, Instant now) {
    if (!wellFormed(id)) {
      return java.util.concurrent.CompletableFuture.completedFuture(Optional.empty());
    }
    return cql.one(SELECT, hash(id))
        .thenApply(
            row ->
                row.map(
                        r ->
                            new Session(
                                id,
                                r.getUuid("user_id").toString(),
                                r.getInstant("created_at"),
                                r.getInstant("expires_at")))
                    .filter(s -> now.isBefore(s.expiresAt())));
  }

  public CompletionStage<Done> delete(String id) {
    if (!wellFormed(id)) {
      return java.util.concurrent.CompletableFuture.completedFuture(Done.getInstance());
    }
    return cql.write(DELETE, hash(id));
  }

  /** Only what {@link #create} makes is looked up: no lookups for arbitrary client strings. */
  static boolean wellFormed(String id) {
    return id != null && id.length() == 43 && id.chars().allMatch(SessionStore::base64Url);
  }

  private static boolean base64Url(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c == '_';
  }

  static String hash(String id) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
