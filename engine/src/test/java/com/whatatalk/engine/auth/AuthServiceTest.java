package com.whatatalk.engine.auth;

import static com.whatatalk.engine.auth.AuthTesting.await;
import static com.whatatalk.engine.auth.AuthTesting.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.deploy.cassandra.junit.CassandraExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Users and sessions against the real Cassandra, through two nodes (two clustered ActorSystems on
 * one keyspace): what one creates, the other sees.
 */
@ExtendWith(CassandraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthServiceTest {
  private static final String IP = "192.0.2.10";

  private final ActorTestKit node1;
  private final ActorTestKit node2;
  private final AuthService auth;
  private final AuthService auth2;
  private final User admin;
  private final String adminPassword = "the admin's password";

  AuthServiceTest(CassandraNode cassandra) {
    Config config = AuthTesting.config(cassandra, CassandraExtension.uniqueKeyspace("auth_service"));
    node1 = AuthTesting.start(config, null);
    node2 = AuthTesting.start(config, node1.system());
    auth = AuthService.create(node1.system());
    auth2 = AuthService.create(node2.system());
    admin =
        await(auth.create(new AuthService.NewUser("Boss@Example.com", "Boss", Role.ADMIN), adminPassword, false, null))
            .orElseThrow();
  }

  @AfterAll
  void shutdown() {
    node2.shutdownTestKit();
    node1.shutdownTestKit();
  }

  private AuthService.LoggedIn login(AuthService service, String email, String password) {
    return assertInstanceOf(AuthService.LoggedIn.class, await(service.login(email, password, IP)));
  }

  @Test
  void anAdminCreatesAnAgentWhoLogsInOnAnyNodeWithTheOneTimePassword() {
    AuthService.WithPassword created =
        await(auth.createUser(admin, new AuthService.NewUser(" Ann@Example.COM ", " Ann ", Role.AGENT)));
    User ann = created.user();
    assertEquals("ann@example.com", ann.email());
    assertEquals("Ann", ann.displayName());
    assertEquals(Role.AGENT, ann.role());
    assertTrue(ann.active());
    assertTrue(ann.mustChangePassword());
    assertEquals(admin.id(), ann.createdBy());
    assertEquals(20, created.oneTimePassword().length());
    assertFalse(created.toString().contains(created.oneTimePassword()));

    AuthService.LoggedIn loggedIn = login(auth2, "ANN@example.com", created.oneTimePassword());
    assertEquals(ann.id(), loggedIn.user().id());
    assertTrue(loggedIn.session().id().length() >= 43, "at least 256 bits, base64url");
    Optional<AuthService.Authenticated> onNode1 = await(auth.authenticate(loggedIn.session().id()));
    assertEquals(ann.id(), onNode1.orElseThrow().user().id());
    assertTrue(await(auth.list()).stream().anyMatch(u -> u.id().equals(ann.id())));
  }

  @Test
  void emailsAreUniqueWhateverTheirCaseAndConcurrentCreationsMakeOneUser() {
    await(auth.createUser(admin, new AuthService.NewUser("dup@example.com", "Dup", Role.AGENT)));
    AuthException e =
        assertInstanceOf(
            AuthException.class,
            failure(auth2.createUser(admin, new AuthService.NewUser("DUP@example.com", "Dup 2", Role.AGENT))));
    assertEquals(AuthException.Kind.CONFLICT, e.kind());

    List<Object> results =
        IntStream.range(0, 6)
            .mapToObj(
                i ->
                    (i % 2 == 0 ? auth : auth2)
                        .createUser(admin, new AuthService.NewUser("race@example.com", "Racer " + i, Role.AGENT))
                        .toCompletableFuture())
            .toList()
            .stream()
            .map(
                f -> {
                  try {
                    return (Object) f.join();
                  } catch (RuntimeException ex) {
                    return ex.getCause();
                  }
                })
            .toList();
    assertEquals(1, results.stream().filter(r -> r instanceof AuthService.WithPassword).count(), results.toString());
    assertEquals(
        1, await(auth.list()).stream().filter(u -> u.email().equals("race@example.com")).count());
  }

  @Test
  void aDeactivatedUserCannotLogInAndTheirSessionsEndAtOnce() {
    AuthService.WithPassword created =
        await(auth.createUser(admin, new AuthService.NewUser("leaver@example.com", "Leaver", Role.AGENT)));
    AuthService.LoggedIn session = login(auth, "leaver@example.com", created.oneTimePassword());

    User deactivated = await(auth2.deactivate(admin, created.user().id()));
    assertFalse(deactivated.active());
    assertEquals(admin.id(), deactivated.deactivatedBy());
    assertTrue(await(auth.authenticate(session.session().id())).isEmpty(), "session ended");
    assertEquals(
        AuthService.InvalidCredentials.INSTANCE,
        await(auth.login("leaver@example.com", created.oneTimePassword(), "192.0.2.99")));
    assertFalse(await(auth.deactivate(admin, created.user().id())).active(), "idempotent");
    assertEquals(
        AuthException.Kind.CONFLICT,
        ((AuthException) failure(auth.deactivate(admin, admin.id()))).kind(),
        "not oneself");
    assertEquals(
        AuthException.Kind.NOT_FOUND,
        ((AuthException) failure(auth.deactivate(admin, "00000000-0000-0000-0000-000000000000"))).kind());
  }

  @Test
  void aReactivatedUserLogsInAgainButTheirOldSessionsStayEnded() {
    AuthService.WithPassword created =
        await(auth.createUser(admin, new AuthService.NewUser("returner@example.com", "Returner", Role.AGENT)));
    AuthService.LoggedIn old = login(auth, "returner@example.com", created.oneTimePassword());
    await(auth.deactivate(admin, created.user().id()));

    User back = await(auth2.reactivate(admin, created.user().id()));
    assertTrue(back.active());
    assertNull(back.deactivatedAt());
    assertNull(back.deactivatedBy());
    assertTrue(await(auth.authenticate(old.session().id())).isEmpty(), "old session not revived");
    AuthService.LoggedIn fresh = login(auth2, "returner@example.com", created.oneTimePassword());
    assertTrue(await(auth.authenticate(fresh.session().id())).isPresent());

    User again = await(auth.reactivate(admin, created.user().id()));
    assertTrue(again.active(), "idempotent");
    assertTrue(await(auth.authenticate(fresh.session().id())).isPresent(), "a no-op ends no session");
    assertEquals(
        AuthException.Kind.NOT_FOUND,
        ((AuthException) failure(auth.reactivate(admin, "00000000-0000-0000-0000-000000000000"))).kind());
    assertEquals(
        AuthException.Kind.FORBIDDEN,
        ((AuthException) failure(auth.reactivate(created.user(), created.user().id()))).kind());
  }

  @Test
  void aResetGivesANewOneTimePasswordAndEndsTheOldSessions() {
    AuthService.WithPassword created =
        await(auth.createUser(admin, new AuthService.NewUser("forgetful@example.com", "F", Role.AGENT)));
    AuthService.LoggedIn before = login(auth, "forgetful@example.com", created.oneTimePassword());

    AuthService.WithPassword reset = await(auth.resetPassword(admin, created.user().id()));
    assertNotEquals(created.oneTimePassword(), reset.oneTimePassword());
    assertEquals(admin.id(), reset.user().passwordResetBy());
    assertTrue(reset.user().mustChangePassword());
    assertTrue(await(auth2.authenticate(before.session().id())).isEmpty());
    assertEquals(
        AuthService.InvalidCredentials.INSTANCE,
        await(auth.login("forgetful@example.com", created.oneTimePassword(), "192.0.2.98")));
    AuthService.LoggedIn after = login(auth2, "forgetful@example.com", reset.oneTimePassword());

    // the one-time password is replaced; the other sessions end, the new one works
    Session changed =
        await(auth.changePassword(after.user(), reset.oneTimePassword(), "my own new password"));
    assertTrue(await(auth.authenticate(after.session().id())).isEmpty());
    User now = await(auth.authenticate(changed.id())).orElseThrow().user();
    assertFalse(now.mustChangePassword());
    login(auth, "forgetful@example.com", "my own new password");
  }

  @Test
  void changingThePasswordChecksTheCurrentOneAndTheRules() {
    AuthService.WithPassword created =
        await(auth.createUser(admin, new AuthService.NewUser("rules@example.com", "R", Role.AGENT)));
    AuthException e =
        (AuthException) failure(auth.changePassword(created.user(), "wrong", "a new long password"));
    assertEquals(Map.of("currentPassword", "is not the current password"), e.fields());
    e = (AuthException) failure(auth.changePassword(created.user(), created.oneTimePassword(), "short"));
    assertEquals(Map.of("newPassword", "must be at least 12 characters"), e.fields());
  }

  @Test
  void onlyAdminsManageUsersAndRequestsAreValidatedFieldByField() {
    AuthService.WithPassword agent =
        await(auth.createUser(admin, new AuthService.NewUser("agent@example.com", "Agent", Role.AGENT)));
    for (var op :
        List.of(
            auth.createUser(agent.user(), new AuthService.NewUser("x@example.com", "X", Role.AGENT)),
            auth.deactivate(agent.user(), admin.id()),
            auth.resetPassword(agent.user(), admin.id()))) {
      assertEquals(AuthException.Kind.FORBIDDEN, ((AuthException) failure(op)).kind());
    }
    AuthException e =
        (AuthException) failure(auth.createUser(admin, new AuthService.NewUser("not-an-email", " ", null)));
    assertEquals(AuthException.Kind.VALIDATION, e.kind());
    assertEquals(
        Map.of("email", "must be an email address", "displayName", "is required", "role", "must be ADMIN or AGENT"),
        e.fields());
    assertEquals(
        "email: must be an email address; displayName: is required; role: must be ADMIN or AGENT",
        e.getMessage());
  }

  @Test
  void wrongPasswordsAndUnknownEmailsAreRefusedAlikeThenThrottledPerEmailAndAddress() {
    AuthService.WithPassword created =
        await(auth.createUser(admin, new AuthService.NewUser("target@example.com", "T", Role.AGENT)));
    for (int i = 0; i < 4; i++) {
      assertEquals(
          AuthService.InvalidCredentials.INSTANCE,
          await(auth.login("target@example.com", "guess " + i, "198.51.100.7")));
    }
    // the 5th attempt (free-attempts = 5) goes ahead; the next one must wait
    assertEquals(
        AuthService.InvalidCredentials.INSTANCE,
        await(auth.login("Target@Example.com", "guess 5", "198.51.100.7")));
    AuthService.Throttled throttled =
        assertInstanceOf(
            AuthService.Throttled.class,
            await(auth.login("target@example.com", created.oneTimePassword(), "198.51.100.7")));
    assertTrue(throttled.retryAfter().compareTo(Duration.ofSeconds(1)) <= 0);
    assertTrue(throttled.retryAfter().compareTo(Duration.ZERO) > 0);
    // another address is not slowed down by these guesses
    login(auth, "target@example.com", created.oneTimePassword());

    assertEquals(
        AuthService.InvalidCredentials.INSTANCE,
        await(auth.login("nobody@example.com", "whatever password", IP)));
    assertEquals(AuthService.InvalidCredentials.INSTANCE, await(auth.login("", null, IP)));
  }

  @Test
  void sessionsEndAtTheirAbsoluteExpiryAndOnLogout() {
    AuthService.WithPassword created =
        await(auth.createUser(admin, new AuthService.NewUser("shift@example.com", "S", Role.AGENT)));
    LoginThrottleTest.FakeClock clock = new LoginThrottleTest.FakeClock();
    clock.now = Instant.now();
    AuthService timed =
        AuthService.create(
            node1.system(), AuthSettings.create(node1.system()).withSessionLifetime(Duration.ofHours(8)), clock);
    AuthService.LoggedIn loggedIn = login(timed, "shift@example.com", created.oneTimePassword());
    assertEquals(loggedIn.session().createdAt().plus(Duration.ofHours(8)), loggedIn.session().expiresAt());
    clock.advance(Duration.ofHours(7).plusMinutes(59));
    assertTrue(await(timed.authenticate(loggedIn.session().id())).isPresent());
    clock.advance(Duration.ofMinutes(1));
    assertTrue(await(timed.authenticate(loggedIn.session().id())).isEmpty(), "absolute, not sliding");

    AuthService.LoggedIn other = login(auth, "shift@example.com", created.oneTimePassword());
    await(auth2.logout(other.session().id()));
    assertTrue(await(auth.authenticate(other.session().id())).isEmpty());
    await(auth.logout("not a session id"));
    assertTrue(await(auth.authenticate("x".repeat(43))).isEmpty());
    assertNull(await(auth.get("nope")).orElse(null));
  }
}
