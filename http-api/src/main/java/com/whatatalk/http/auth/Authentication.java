package com.whatatalk.http.auth;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;

import com.whatatalk.engine.auth.AuthService;
import com.whatatalk.engine.auth.User;
import com.whatatalk.http.ApiErrors;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.HttpCookie;
import org.apache.pekko.http.javadsl.model.headers.HttpCookiePair;
import org.apache.pekko.http.javadsl.model.headers.SetCookie;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The authentication directives every API route uses: the session id comes from the session
 * cookie or from {@code Authorization: Bearer <session id>} (for API clients; a bearer header is
 * never sent by a browser on its own, so it needs no CSRF protection), and is validated against
 * Cassandra on every request, so any node serves any session and a logout or deactivation takes
 * effect at once everywhere.
 *
 * <pre>{@code
 * auth.authenticated(user -> get(() -> complete(...)))   // 401 unauthenticated without a session
 * auth.adminOnly(admin -> post(() -> ...))               // and 403 forbidden for agents
 * }</pre>
 *
 * A user still holding a one-time password gets 403 {@code password_change_required} everywhere
 * but {@code /api/auth/me}, {@code /api/auth/password} and {@code /api/auth/logout}.
 */
public final class Authentication {
  private final AuthService auth;
  private final AuthHttpSettings settings;

  public Authentication(AuthService auth, AuthHttpSettings settings) {
    this.auth = auth;
    this.settings = settings;
  }

  public AuthService service() {
    return auth;
  }

  public AuthHttpSettings settings() {
    return settings;
  }

  /** The route for an authenticated user whose password is their own; 401 otherwise. */
  public Route authenticated(Function<User, Route> inner) {
    return session(
        who -> {
          if (who.user().mustChangePassword()) {
            return complete(
                ApiErrors.response(
                    StatusCodes.FORBIDDEN,
                    "password_change_required",
                    "Change the one-time password first (POST /api/auth/password)"));
          }
          return inner.apply(who.user());
        });
  }

  /** As {@link #authenticated}, and 403 {@code forbidden} unless the user is an admin. */
  public Route adminOnly(Function<User, Route> inner) {
    return authenticated(
        user ->
            user.isAdmin()
                ? inner.apply(user)
                : complete(ApiErrors.response(StatusCodes.FORBIDDEN, "forbidden", "Only admins may do this")));
  }

  /**
   * As {@link #authenticated}, with the session itself: for connections that outlive the request
   * (live sockets) and must end with the session.
   */
  public Route authenticatedSession(Function<AuthService.Authenticated, Route> inner) {
    return session(
        who ->
            who.user().mustChangePassword()
                ? complete(
                    ApiErrors.response(
                        StatusCodes.FORBIDDEN,
                        "password_change_required",
                        "Change the one-time password first (POST /api/auth/password)"))
                : inner.apply(who));
  }

  /** Any valid session, even one that must still change its one-time password. */
  Route session(Function<AuthService.Authenticated, Route> inner) {
    return extractRequest(
        request -> {
          Optional<String> id = sessionId(request);
          if (id.isEmpty()) {
            return unauthenticated("Log in first");
          }
          return onComplete(
              auth.authenticate(id.get()),
              result -> {
                if (result.isFailure()) {
                  return complete(AuthJson.failure(result.failed().get()));
                }
                return result.get().map(inner).orElseGet(() -> unauthenticated("The session has ended; log in again"));
              });
        });
  }

  private static Route unauthenticated(String message) {
    return complete(ApiErrors.response(StatusCodes.UNAUTHORIZED, "unauthenticated", message));
  }

  /** The bearer token, else the session cookie. */
  Optional<String> sessionId(HttpRequest request) {
    Optional<String> bearer =
        request
            .getHeader("Authorization")
            .map(HttpHeader::value)
            .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
            .map(v -> v.substring(7).strip());
    if (bearer.isPresent()) {
      return bearer;
    }
    for (HttpHeader header : request.getHeaders()) {
      if (header instanceof org.apache.pekko.http.javadsl.model.headers.Cookie cookie) {
        for (HttpCookiePair pair : cookie.getCookies()) {
          if (pair.name().equals(settings.cookieName())) {
            return Optional.of(pair.value());
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The client's address: the TCP peer, or the trusted proxies' X-Forwarded-For entry. */
  String clientAddress(HttpRequest request) {
    if (settings.trustedProxyHops() > 0) {
      Optional<String> forwarded =
          request
              .getHeader("X-Forwarded-For")
              .map(HttpHeader::value)
              .flatMap(
                  v -> {
                    List<String> hops = Arrays.stream(v.split(",")).map(String::strip).toList();
                    int index = hops.size() - settings.trustedProxyHops();
                    return index >= 0 ? Optional.of(hops.get(index)) : Optional.empty();
                  });
      if (forwarded.isPresent()) {
        return forwarded.get();
      }
    }
    return request
        .getAttribute(AttributeKeys.remoteAddress)
        .flatMap(a -> a.getAddress())
        .map(InetAddress::getHostAddress)
        .orElse("unknown");
  }

  SetCookie sessionCookie(String id, long maxAgeSeconds) {
    return SetCookie.create(cookie(id).withMaxAge(maxAgeSeconds));
  }

  SetCookie expiredCookie() {
    return SetCookie.create(cookie("").withMaxAge(0));
  }

  private HttpCookie cookie(String value) {
    return HttpCookie.create(settings.cookieName(), value)
        .withPath("/")
        .withHttpOnly(true)
        .withSecure(settings.cookieSecure())
        .withSameSite(settings.sameSite());
  }
}
