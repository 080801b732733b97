package com.whatatalk.http.auth;

import static com.whatatalk.http.auth.AuthRoutes.body;
import static com.whatatalk.http.auth.AuthRoutes.completeWith;
import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.Directives.put;

import com.whatatalk.engine.auth.User;
import com.whatatalk.engine.numbers.PhoneNumber;
import com.whatatalk.engine.numbers.PhoneNumberChange;
import com.whatatalk.engine.numbers.PhoneNumbers;
import com.whatatalk.http.ApiErrors;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /api/phone-numbers}: {@code GET} lists (any signed-in user; agents see only the id and
 * display number); admins only: {@code POST} adds (201), {@code GET {id}} shows, {@code PUT {id}}
 * changes the fields sent (others kept). Responses say whether an access token is set ({@code
 * accessTokenSet}), never the token.
 */
public final class PhoneNumberRoutes {
  private final Authentication authentication;
  private final PhoneNumbers numbers;

  public PhoneNumberRoutes(Authentication authentication, PhoneNumbers numbers) {
    this.authentication = authentication;
    this.numbers = numbers;
  }

  public Route route() {
    return pathPrefix(
        "api",
        () ->
            pathPrefix(
                "phone-numbers",
                () ->
                    concat(
                        pathEnd(() -> get(() -> authentication.authenticated(this::list))),
                        authentication.adminOnly(this::adminRoutes))));
  }

  private Route adminRoutes(User admin) {
    return concat(
        pathEnd(() -> post(() -> save(StatusCodes.CREATED, change -> numbers.create(admin, change)))),
        path(
            PathMatchers.segment(),
            id ->
                concat(
                    get(() -> one(id)),
                    put(() -> save(StatusCodes.OK, change -> numbers.update(admin, id, change))))));
  }

  /** Reads the request, applies it and answers the number as admins see it. */
  private Route save(StatusCode status, Function<PhoneNumberChange, CompletionStage<PhoneNumber>> apply) {
    return body(
        authentication,
        AuthJson.PhoneNumberRequest.class,
        r -> completeWith(apply.apply(change(r)), n -> AuthJson.json(status, AuthJson.PhoneNumberView.of(n))));
  }

  /**
   * Every signed-in user: the inbox's number switcher needs the numbers, agents included. Agents
   * get only the id and the display number; the set-up (WABA, token flag, tier) is for admins.
   */
  private Route list(User user) {
    return complete(
        AuthJson.ok(
            new AuthJson.PhoneNumbersView(
                numbers.list().stream()
                    .map(n -> user.isAdmin() ? AuthJson.PhoneNumberView.of(n) : AuthJson.PhoneNumberSummary.of(n))
                    .toList())));
  }

  private Route one(String id) {
    return complete(
        numbers
            .find(id)
            .map(n -> AuthJson.ok(AuthJson.PhoneNumberView.of(n)))
            .orElseGet(() -> ApiErrors.response(StatusCodes.NOT_FOUND, "not_found", "No phone number " + id)));
  }

  private static PhoneNumberChange change(AuthJson.PhoneNumberRequest r) {
    return new PhoneNumberChange(
        r.phoneNumberId(), r.displayNumber(), r.wabaId(), r.accessToken(), r.mps(), r.markAsRead(), r.typingIndicator());
  }
}
