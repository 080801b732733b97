package com.whatatalk.engine.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users, logins and sessions. Admins create agents (or admins), deactivate and reactivate them
 * and reset their passwords; each of these returns the one-time password once, which the user must replace at
 * first login ({@link User#mustChangePassword()}). A login checks the {@link LoginThrottle} first,
 * then the Argon2id hash (an unknown email is checked against a dummy hash, so it takes as long),
 * and answers the same for an unknown email, a wrong password and a deactivated user. Sessions
 * end at their absolute expiry, on logout, and when the user is deactivated or their password is
 * reset or changed.
 *
 * <p>Admin-only operations check the caller's role here as well as at the HTTP edge.
 */
public final class AuthService {
  private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
  private static final int MAX_EMAIL = 254;
  private static final int MAX_DISPLAY_NAME = 100;

  private final AuthSettings settings;
  private final UserStore users;
  private final SessionStore sessions;
  private final PasswordHasher hasher;
  private final LoginThrottle throttle;
  private final Clock clock;

  // Reply
  /** What a login came to. */
  public sealed interface LoginResult {}

  public record LoggedIn(Session session, User user) implements LoginResult {}

  /** Unknown email, wrong password or deactivated user: deliberately indistinguishable. */
  public enum InvalidCredentials implements LoginResult {
    INSTANCE
  }

  public record Throttled(Duration retryAfter) implements LoginResult {}

  /** A valid session and its user. */
  public record Authenticated(User user, Session session) {}

  /** A user just created or reset, with the one-time password shown this once. */
  public record WithPassword(User user, String oneTimePassword) {
    @Override
    public String toString() {
      return "WithPassword[" + user + ", oneTimePassword=<redacted>]";
    }
  }

  /** A user to create. */
  public record NewUser(String email, String displayName, Role role) {}

  AuthService(
      AuthSettings settings, UserStore users, SessionStore sessions, PasswordHasher hasher, Clock clock) {
    this.settings = settings;
    this.users = users;
    this.sessions = sessions;
    this.hasher = hasher;
    this.throttle = new LoginThrottle(settings.throttle(), clock);
    this.clock = clock;
  }

  /** On the journal's Cassandra session; the hashing threads stop with the system. */
  public static AuthService create(ActorSystem<?> system) {
    return create(system, AuthSettings.create(system), Clock.systemUTC());
  }

  public static AuthService create(ActorSystem<?> system, AuthSettings settings, Clock clock) {
    Cql cql = new Cql(system, settings.consistency());
    PasswordHasher hasher = new PasswordHasher(settings);
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseActorSystemTerminate(),
            "password-hashing-stop",
            () -> {
              hasher.close();
              return CompletableFuture.completedFuture(Done.getInstance());
            });
    return new AuthService(
        settings, new UserStore(cql), new SessionStore(cql, settings.sessionLifetime()), hasher, clock);
  }

  public AuthSettings settings() {
    return settings;
  }

  // Login and sessions

  /** Logs in with email and password from {@code clientAddress} (the throttle's key with email). */
  public CompletionStage<LoginResult> login(String email, String password, String clientAddress) {
    String normalized = normalize(email);
    Optional<Duration> wait = throttle.attempt(normalized + "|" + clientAddress);
    if (wait.isPresent()) {
      return CompletableFuture.completedFuture(new Throttled(wait.get()));
    }
    if (password == null || password.length() > settings.maxPasswordLength() * 4) {
      return hasher.verifyDummy("").thenApply(v -> InvalidCredentials.INSTANCE);
    }
    return users
        .byEmail(normalized)
        .thenCompose(
            found -> {
              if (found.isEmpty()) {
                return hasher.verifyDummy(password).thenApply(v -> InvalidCredentials.INSTANCE);
              }
              StoredUser stored = found.get();
              return hasher
                  .verify(password, stored.passwordHash())
                  .thenCompose(
                      verification -> {
                        if (!verification.matches() || !stored.user().active()) {
                          return CompletableFuture.completedFuture(InvalidCredentials.INSTANCE);
                        }
                        throttle.succeeded(normalized + "|" + clientAddress);
                        if (verification.needsRehash()) {
                          rehash(stored, password);
                        }
                        return sessions
                            .create(stored.user().id(), now())
                            .thenApply(session -> new LoggedIn(session, stored.user()));
                      });
            });
  }

  /** The user of a session id, if the session is valid now. */
  public CompletionStage<Optional<Authenticated>> authenticate(String sessionId) {
    Instant now = now();
    return sessions
        .find(sessionId, now)
        .thenCompose(
            session -> {
              if (session.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.<Authenticated>empty());
              }
              return users
                  .byId(session.get().userId())
                  .thenApply(
                      user ->
                          user.filter(u -> u.user().active())
                              .filter(u -> !session.get().createdAt().isBefore(u.sessionsValidAfter()))
                              .map(u -> new Authenticated(u.user(), session.get())));
            });
  }

  /** Ends the session; a no-op for an unknown one. */
  public CompletionStage<Done> logout(String sessionId) {
    return sessions.delete(sessionId);
  }

  /**
   * Replaces the caller's password (required after a one-time password). Every session of the
   * user ends; the new one returned replaces the caller's.
   */
  public CompletionStage<Session> changePassword(
      User caller, String currentPassword, String newPassword) {
    Map<String, String> problems = new LinkedHashMap<>();
    if (currentPassword == null || currentPassword.isEmpty()) {
      problems.put("currentPassword", "is required");
    }
    String problem = Passwords.problem(newPassword, settings);
    if (problem != null) {
      problems.put("newPassword", problem);
    } else if (newPassword.equals(currentPassword)) {
      problems.put("newPassword", "must differ from the current password");
    }
    if (!problems.isEmpty()) {
      return CompletableFuture.failedFuture(AuthException.validation(problems));
    }
    return existing(caller.id())
        .thenCompose(
            stored ->
                hasher
                    .verify(currentPassword, stored.passwordHash())
                    .thenCompose(
                        v -> {
                          if (!v.matches()) {
                            throw AuthException.validation(
                                Map.of("currentPassword", "is not the current password"));
                          }
                          return hasher.hash(newPassword);
                        })
                    .thenCompose(
                        hash -> {
                          Instant now = now();
                          return users
                              .changePassword(stored.user().id(), stored.passwordHash(), hash, now)
                              .thenCompose(
                                  applied -> {
                                    if (!applied) {
                                      throw new AuthException(
                                          AuthException.Kind.CONFLICT,
                                          "The password was changed meanwhile; log in again");
                                    }
                                    return sessions.create(stored.user().id(), now);
                                  });
                        }));
  }

  // Users

  public CompletionStage<List<User>> list() {
    return users.all().thenApply(all -> all.stream().map(StoredUser::user).toList());
  }

  public CompletionStage<Optional<User>> get(String userId) {
    return users.byId(userId).thenApply(u -> u.map(StoredUser::user));
  }

  /** Admin only: creates a user with a one-time password; 409 when the email is taken. */
  public CompletionStage<WithPassword> createUser(User caller, NewUser request) {
    if (!caller.isAdmin()) {
      return forbidden();
    }
    Map<String, String> problems = validate(request);
    if (!problems.isEmpty()) {
      return CompletableFuture.failedFuture(AuthException.validation(problems));
    }
    String password = Passwords.random(settings.oneTimePasswordLength());
    return create(request, password, true, caller.id())
        .thenApply(
            created -> {
              User user =
                  created.orElseThrow(
                      () ->
                          new AuthException(
                              AuthException.Kind.CONFLICT,
                              "A user with email " + normalize(request.email()) + " exists"));
              LOG.info("User {} ({}) created by {}", user.id(), user.role(), caller.id());
              return new WithPassword(user, password);
            });
  }

  /**
   * Admin only: the user can no longer log in and their sessions end at once. Idempotent; an
   * admin cannot deactivate themselves (so some admin always remains).
   */
  public CompletionStage<User> deactivate(User caller, String userId) {
    if (!caller.isAdmin()) {
      return forbidden();
    }
    if (caller.id().equals(userId)) {
      return CompletableFuture.failedFuture(
          new AuthException(AuthException.Kind.CONFLICT, "Admins cannot deactivate themselves"));
    }
    return existing(userId)
        .thenCompose(
            stored -> {
              if (!stored.user().active()) {
                return CompletableFuture.completedFuture(stored.user());
              }
              return users
                  .deactivate(userId, caller.id(), now())
                  .thenCompose(applied -> existing(userId))
                  .thenApply(
                      after -> {
                        LOG.info("User {} deactivated by {}", userId, caller.id());
                        return after.user();
                      });
            });
  }

  /**
   * Admin only: a deactivated user may log in again, with the password they had. Sessions from
   * before stay ended (the user logs in anew). Idempotent: an active user is returned as is.
   */
  public CompletionStage<User> reactivate(User caller, String userId) {
    if (!caller.isAdmin()) {
      return forbidden();
    }
    return existing(userId)
        .thenCompose(
            stored -> {
              if (stored.user().active()) {
                return CompletableFuture.completedFuture(stored.user());
              }
              return users
                  .reactivate(userId, now())
                  .thenCompose(applied -> existing(userId))
                  .thenApply(
                      after -> {
                        LOG.info("User {} reactivated by {}", userId, caller.id());
                        return after.user();
                      });
            });
  }

  /**
   * Admin only: a new one-time password (returned once), to be changed at the next login; the
   * user's sessions end at once.
   */
  public CompletionStage<WithPassword> resetPassword(User caller, String userId) {
    if (!caller.isAdmin()) {
      return forbidden();
    }
    String password = Passwords.random(settings.oneTimePasswordLength());
    return existing(userId)
        .thenCompose(stored -> hasher.hash(password))
        .thenCompose(hash -> users.resetPassword(userId, hash, caller.id(), now()))
        .thenCompose(applied -> existing(userId))
        .thenApply(
            after -> {
              LOG.info("Password of user {} reset by {}", userId, caller.id());
              return new WithPassword(after.user(), password);
            });
  }

  /** Creates a user; empty when the email is taken. {@code createdBy} null: the system. */
  CompletionStage<Optional<User>> create(
      NewUser request, String password, boolean mustChange, String createdBy) {
    Instant now = now();
    return hasher
        .hash(password)
        .thenCompose(
            hash ->
                users.create(
                    new StoredUser(
                        new User(
                            UUID.randomUUID().toString(),
                            normalize(request.email()),
                            request.displayName().strip(),
                            request.role(),
                            true,
                            mustChange,
                            now,
                            createdBy,
                            null,
                            null,
                            null,
                            null),
                        hash,
                        now)))
        .thenApply(created -> created.map(StoredUser::user));
  }

  CompletionStage<Optional<User>> byEmail(String email) {
    return users.byEmail(normalize(email)).thenApply(u -> u.map(StoredUser::user));
  }

  Map<String, String> validate(NewUser request) {
    Map<String, String> problems = new LinkedHashMap<>();
    String email = request.email() == null ? "" : request.email().strip();
    if (email.isEmpty()) {
      problems.put("email", "is required");
    } else if (email.length() > MAX_EMAIL || !EMAIL.matcher(email).matches()) {
      problems.put("email", "must be an email address");
    }
    String name = request.displayName() == null ? "" : request.displayName().strip();
    if (name.isEmpty()) {
      problems.put("displayName", "is required");
    } else if (name.length() > MAX_DISPLAY_NAME) {
      problems.put("displayName", "must be at most " + MAX_DISPLAY_NAME + " characters");
    }
    if (request.role() == null) {
      problems.put("role", "must be ADMIN or AGENT");
    }
    return problems;
  }

  private void rehash(StoredUser stored, String password) {
    hasher
        .hash(password)
        .thenCompose(hash -> users.rehash(stored.user().id(), stored.passwordHash(), hash))
        .whenComplete(
            (applied, failure) -> {
              if (failure != null) {
                LOG.warn("Could not re-hash the password of user {}", stored.user().id(), failure);
              }
            });
  }

  private CompletionStage<StoredUser> existing(String userId) {
    return users
        .byId(userId)
        .thenApply(
            u ->
                u.orElseThrow(
                    () -> new AuthException(AuthException.Kind.NOT_FOUND, "No user " + userId)));
  }

  private static <T> CompletionStage<T> forbidden() {
    return CompletableFuture.failedFuture(
        new AuthException(AuthException.Kind.FORBIDDEN, "Only admins may do this"));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  static String normalize(String email) {
    return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
  }
}
