package com.whatatalk.engine.auth;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure WhataTalk has an admin, on every start of every node.
 *
 * <ul>
 *   <li>With {@code first-admin.email} ({@code WHATATALK_ADMIN_EMAIL}): that user is created as
 *       an admin unless a user with that email exists (an existing user is never changed), with
 *       {@code WHATATALK_ADMIN_PASSWORD} or else a one-time password printed once.
 *   <li>Without: when no active admin exists, {@code default-email} is created with a one-time
 *       password printed once.
 * </ul>
 *
 * Creation goes through the users' lightweight transactions, so when several nodes start at
 * once exactly one creates the admin and prints its password; the others, and later starts, find
 * it and print nothing.
 */
public final class FirstAdmin {
  private static final Logger LOG = LoggerFactory.getLogger(FirstAdmin.class);

  /** What the start found or did. */
  public enum Outcome {
    ALREADY_PRESENT,
    CREATED_WITH_GIVEN_PASSWORD,
    CREATED_WITH_ONE_TIME_PASSWORD
  }

  /** {@code oneTimePassword} only when this call created the admin with one (and printed it). */
  public record Result(Outcome outcome, Optional<User> admin, Optional<String> oneTimePassword) {
    @Override
    public String toString() {
      return "Result[" + outcome + ", " + admin + "]";
    }
  }

  private FirstAdmin() {}

  public static CompletionStage<Result> ensure(AuthService auth) {
    AuthSettings.FirstAdmin config = auth.settings().firstAdmin();
    if (!config.email().isEmpty()) {
      return auth.byEmail(config.email())
          .thenCompose(
              existing -> {
                if (existing.isPresent()) {
                  if (!existing.get().isAdmin() || !existing.get().active()) {
                    LOG.warn(
                        "WHATATALK_ADMIN_EMAIL {} names a user who is not an active admin; left"
                            + " unchanged",
                        config.email());
                  }
                  return present(existing.get());
                }
                return create(auth, config, config.email(), config.password());
              });
    }
    return auth.list()
        .thenCompose(
            users -> {
              Optional<User> admin = users.stream().filter(u -> u.isAdmin() && u.active()).findFirst();
              if (admin.isPresent()) {
                return present(admin.get());
              }
              return create(auth, config, config.defaultEmail(), "");
            });
  }

  private static CompletionStage<Result> create(
      AuthService auth, AuthSettings.FirstAdmin config, String email, String givenPassword) {
    boolean oneTime = givenPassword.isEmpty();
    AuthService.NewUser request = new AuthService.NewUser(email, config.displayName(), Role.ADMIN);
    var problems = auth.validate(request);
    if (!oneTime) {
      String problem = Passwords.problem(givenPassword, auth.settings());
      if (problem != null) {
        problems.put("WHATATALK_ADMIN_PASSWORD", problem);
      }
    }
    if (!problems.isEmpty()) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("The first admin cannot be created: " + problems));
    }
    String password = oneTime ? Passwords.random(auth.settings().oneTimePasswordLength()) : givenPassword;
    return auth.create(request, password, oneTime, null)
        .thenCompose(
            created -> {
              if (created.isEmpty()) {
                // another node created it at the same time
                return auth.byEmail(email)
                    .thenApply(u -> new Result(Outcome.ALREADY_PRESENT, u, Optional.empty()));
              }
              User admin = created.get();
              if (oneTime) {
                LOG.warn(
                    "\n==================================================================\n"
                        + " First admin created: {}\n"
                        + " One-time password:   {}\n"
                        + " It is shown this once; it must be changed at the first login.\n"
                        + "==================================================================",
                    admin.email(),
                    password);
                return CompletableFuture.completedFuture(
                    new Result(Outcome.CREATED_WITH_ONE_TIME_PASSWORD, Optional.of(admin), Optional.of(password)));
              }
              LOG.info("First admin {} created from WHATATALK_ADMIN_EMAIL", admin.email());
              return CompletableFuture.completedFuture(
                  new Result(Outcome.CREATED_WITH_GIVEN_PASSWORD, Optional.of(admin), Optional.empty()));
            });
  }

  private static CompletionStage<Result> present(User admin) {
    return CompletableFuture.completedFuture(
        new Result(Outcome.ALREADY_PRESENT, Optional.of(admin), Optional.empty()));
  }
}
