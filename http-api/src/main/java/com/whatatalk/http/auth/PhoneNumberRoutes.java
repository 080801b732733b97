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

import com.whatatalk.engine.numbers.PhoneNumberChange;
import com.whatatalk.engine.numbers.PhoneNumbers;
import com.whatatalk.http.ApiErrors;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /api/phone-numbers}, admins only: {@code GET} lists, {@code POST} adds (201), {@code GET
 * {id}} shows, {@code PUT {id}} changes the fields sent (others kept). Responses say whether an
 * access token is set ({@code accessTokenSet}), never the token.
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
                    authentication.adminOnly(
                        admin ->
                            concat(
                                pathEnd(
                                    () ->
                                        concat(
                                            get(this::list),
                                            post(
                                                () ->
                                                    body(
                                                        authentication,
                                                        AuthJson.PhoneNumberRequest.class,
                                                        r ->
                                                            completeWith(
                                                                numbers.create(admin, change(r)),
                                                                n ->
                                                                    AuthJson.json(
                                                                        StatusCodes.CREATED,
                                                                        AuthJson.PhoneNumberView.of(n))))))),
                                path(
                                    PathMatchers.segment(),
                                    id ->
                                        concat(
                                            get(() -> one(id)),
                                            put(
                                                () ->
                                                    body(
                                                        authentication,
                                                        AuthJson.PhoneNumberRequest.class,
                                                        r ->
                                                            completeWith(
                                                                numbers.update(admin, id, change(r)),
                                                                n -> AuthJson.ok(AuthJson.PhoneNumberView.of(n)))))))))));
  }

  private Route list() {
    return complete(
        AuthJson.ok(
            new AuthJson.PhoneNumbersView(
                numbers.list().stream().map(AuthJson.PhoneNumberView::of).toList())));
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
