package com.whatatalk.http.auth;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;

import com.whatatalk.engine.auth.AuthService;
import com.whatatalk.engine.auth.Session;
import com.whatatalk.engine.auth.User;
import com.whatatalk.http.ApiErrors;
import com.whatatalk.http.Bodies;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /api/auth}: {@code POST login} (email and password → session cookie; 401 for any wrong
 * credentials, 429 with Retry-After while throttled), {@code POST logout} (ends the session,
 * clears the cookie; 204 even without one), {@code GET me}, {@code POST password} (replaces the
 * caller's password, ends their other sessions, sets a new cookie).
 */
public final class AuthRoutes {
  private final Authentication authentication;
  private final AuthService auth;

  public AuthRoutes(Authentication authentication) {
    this.authentication = authentication;
    this.auth = authentication.service();
  }

  public Route route() {
    return pathPrefix(
        "api",
        () ->
            pathPrefix(
                "auth",
                () ->
                    concat(
                        path("login", () -> post(this::login)),
                        path("logout", () -> post(this::logout)),
                        path("me", () -> get(this::me)),
                        path("password", () -> post(this::changePassword)))));
  }

  private Route login() {
    return extractRequest(
        request ->
            body(
                authentication,
                AuthJson.LoginRequest.class,
                login -> {
                  Map<String, String> problems = new LinkedHashMap<>();
                  if (login.email() == null || login.email().isBlank()) {
                    problems.put("email", "is required");
                  }
                  if (login.password() == null || login.password().isEmpty()) {
                    problems.put("password", "is required");
                  }
                  if (!problems.isEmpty()) {
                    return complete(
                        AuthJson.validationFailed(com.whatatalk.engine.auth.AuthException.validation(problems)));
                  }
                  return completeWith(
                      auth.login(login.email(), login.password(), authentication.clientAddress(request)),
                      this::loginResponse);
                }));
  }

  private HttpResponse loginResponse(AuthService.LoginResult result) {
    if (result instanceof AuthService.LoggedIn in) {
      return withSession(in.session(), in.user());
    }
    if (result instanceof AuthService.Throttled throttled) {
      long seconds = Math.max(1, (throttled.retryAfter().toMillis() + 999) / 1000);
      return ApiErrors.response(
              StatusCodes.TOO_MANY_REQUESTS,
              "rate_limited",
              "Too many login attempts; retry in " + seconds + " s")
          .addHeader(RetryAfter.create(seconds));
    }
    return ApiErrors.response(StatusCodes.UNAUTHORIZED, "unauthenticated", "Invalid email or password");
  }

  private HttpResponse withSession(Session session, User user) {
    long maxAge = Math.max(0, Duration.between(Instant.now(), session.expiresAt()).toSeconds());
    return AuthJson.ok(new AuthJson.SessionView(user, session.expiresAt()))
        .addHeader(authentication.sessionCookie(session.id(), maxAge));
  }

  private Route logout() {
    return extractRequest(
        request -> {
          HttpResponse cleared =
              HttpResponse.create().withStatus(StatusCodes.NO_CONTENT).addHeader(authentication.expiredCookie());
          return authentication
              .sessionId(request)
              .map(id -> completeWith(auth.logout(id), done -> cleared))
              .orElseGet(() -> complete(cleared));
        });
  }

  private Route me() {
    return authentication.session(
        who -> complete(AuthJson.ok(new AuthJson.SessionView(who.user(), who.session().expiresAt()))));
  }

  private Route changePassword() {
    return authentication.session(
        who ->
            body(
                authentication,
                AuthJson.ChangePasswordRequest.class,
                change ->
                    completeWith(
                        auth.changePassword(who.user(), change.currentPassword(), change.newPassword())
                            .thenCompose(
                                session ->
                                    auth.get(who.user().id())
                                        .thenApply(user -> withSession(session, user.orElseThrow()))),
                        response -> response)));
  }

  /** Parses the JSON body (size-limited) and hands it on; 400 with field messages if malformed. */
  static <T> Route body(Authentication authentication, Class<T> type, Function<T, Route> inner) {
    return Bodies.bytes(
        authentication.settings().maxBodyBytes(),
        bytes -> {
          T value;
          try {
            value = AuthJson.read(bytes, type);
          } catch (RuntimeException e) {
            return complete(AuthJson.failure(e));
          }
          return inner.apply(value);
        });
  }

  /** Completes with {@code toResponse} of the result, or the error response of its failure. */
  static <T> Route completeWith(CompletionStage<T> stage, Function<T, HttpResponse> toResponse) {
    return onComplete(
        stage,
        result ->
            complete(
                result.isSuccess() ? toResponse.apply(result.get()) : AuthJson.failure(result.failed().get())));
  }
}
