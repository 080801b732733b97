package com.whatatalk.http.auth;

import static com.whatatalk.http.auth.AuthRoutes.body;
import static com.whatatalk.http.auth.AuthRoutes.completeWith;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;

import com.whatatalk.engine.auth.AuthService;
import com.whatatalk.engine.auth.Role;
import com.whatatalk.engine.auth.User;
import java.util.Locale;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /api/agents}: {@code GET} lists every user (any signed-in user: agents see who they can
 * hand a conversation to); admins only: {@code POST} creates a user (role AGENT unless given;
 * 201 with the one-time password, shown this once), {@code POST {id}/deactivate}, {@code POST
 * {id}/reactivate} (both idempotent), {@code POST {id}/reset-password} (a new one-time password).
 */
public final class AgentRoutes {
  private final Authentication authentication;
  private final AuthService auth;

  public AgentRoutes(Authentication authentication) {
    this.authentication = authentication;
    this.auth = authentication.service();
  }

  public Route route() {
    return pathPrefix(
        "api",
        () ->
            pathPrefix(
                "agents",
                () ->
                    concat(
                        pathEnd(() -> concat(get(this::list), post(this::create))),
                        pathPrefix(
                            PathMatchers.segment(),
                            id ->
                                concat(
                                    path("deactivate", () -> post(() -> deactivate(id))),
                                    path("reactivate", () -> post(() -> reactivate(id))),
                                    path("reset-password", () -> post(() -> resetPassword(id))))))));
  }

  private Route list() {
    return authentication.authenticated(
        user -> completeWith(auth.list(), users -> AuthJson.ok(new AuthJson.Agents(users))));
  }

  private Route create() {
    return authentication.adminOnly(
        admin ->
            body(
                authentication,
                AuthJson.NewAgentRequest.class,
                request ->
                    completeWith(
                        auth.createUser(admin, new AuthService.NewUser(request.email(), request.displayName(), role(request.role()))),
                        created ->
                            AuthJson.secret(
                                StatusCodes.CREATED,
                                new AuthJson.UserWithPassword(created.user(), created.oneTimePassword())))));
  }

  private Route deactivate(String id) {
    return authentication.adminOnly(
        admin -> completeWith(auth.deactivate(admin, id), user -> AuthJson.ok(new AuthJson.UserView(user))));
  }

  private Route reactivate(String id) {
    return authentication.adminOnly(
        admin -> completeWith(auth.reactivate(admin, id), user -> AuthJson.ok(new AuthJson.UserView(user))));
  }

  private Route resetPassword(String id) {
    return authentication.adminOnly(
        (User admin) ->
            completeWith(
                auth.resetPassword(admin, id),
                reset ->
                    AuthJson.secret(
                        StatusCodes.OK, new AuthJson.UserWithPassword(reset.user(), reset.oneTimePassword()))));
  }

  /** AGENT when absent; null (a validation failure) when not a role. */
  private static Role role(String role) {
    if (role == null) {
      return Role.AGENT;
    }
    try {
      return Role.valueOf(role.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
