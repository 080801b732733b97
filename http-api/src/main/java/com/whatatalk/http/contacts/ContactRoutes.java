package com.whatatalk.http.contacts;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.patch;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;

import com.whatatalk.engine.auth.User;
import com.whatatalk.engine.contacts.ContactException;
import com.whatatalk.engine.contacts.Contacts;
import com.whatatalk.engine.conversation.Conversation;
import com.whatatalk.engine.conversation.Conversation.ConversationId;
import com.whatatalk.http.Bodies;
import com.whatatalk.http.auth.Authentication;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.util.ByteString;

/**
 * Contacts, for every signed-in agent: {@code GET /api/contacts/{phoneNumberId}/{customerKey}},
 * {@code PATCH} of the same ({@code name}, {@code tags}, {@code attributes}: what is sent changes),
 * {@code GET .../notes?cursor=&limit=} (newest first) and {@code POST .../notes} {@code
 * {"text"}}; {@code GET /api/tags?phoneNumberId=} lists the tags in use. The customer key is the
 * conversation's: the wa_id, else the BSUID.
 */
public final class ContactRoutes {
  private final Authentication authentication;
  private final Contacts contacts;
  private final ContactsHttpSettings settings;

  public ContactRoutes(Authentication authentication, Contacts contacts, ContactsHttpSettings settings) {
    this.authentication = authentication;
    this.contacts = contacts;
    this.settings = settings;
  }

  public Route route() {
    return pathPrefix(
        "api",
        () ->
            concat(
                pathPrefix(
                    "contacts",
                    () ->
                        authentication.authenticated(
                            user ->
                                pathPrefix(
                                    PathMatchers.segment(),
                                    number ->
                                        pathPrefix(
                                            PathMatchers.segment(),
                                            key -> contact(user, number, key))))),
                path(
                    "tags",
                    () -> authentication.authenticated(user -> get(() -> parameterOptional("phoneNumberId", this::tags))))));
  }

  private Route contact(User user, String number, String key) {
    ConversationId id;
    try {
      id = new ConversationId(number, key);
    } catch (IllegalArgumentException e) {
      return complete(ContactJson.failure(ContactException.notFound("no contact " + key)));
    }
    return concat(
        pathEnd(
            () ->
                concat(
                    get(
                        () ->
                            completeWith(
                                contacts.get(id),
                                found ->
                                    ContactJson.json(
                                        StatusCodes.OK,
                                        ContactJson.ContactBody.of(
                                            found.orElseThrow(
                                                () ->
                                                    ContactException.notFound(
                                                        "no contact " + key + " on phone number " + number)))))),
                    patch(
                        () ->
                            body(
                                bytes ->
                                    completeWith(
                                        contacts.update(actor(user), id, ContactJson.patch(bytes)),
                                        v -> ContactJson.json(StatusCodes.OK, ContactJson.ContactBody.of(v))))))),
        path(
            "notes",
            () ->
                concat(
                    get(
                        () ->
                            parameterOptional(
                                "cursor",
                                cursor -> parameterOptional("limit", limit -> notes(id, cursor, limit)))),
                    post(
                        () ->
                            body(
                                bytes ->
                                    completeWith(
                                        contacts.addNote(id, user.id(), user.displayName(), ContactJson.noteText(bytes)),
                                        note -> ContactJson.json(StatusCodes.CREATED, note)))))));
  }

  private Route notes(ConversationId id, Optional<String> cursor, Optional<String> limit) {
    int n;
    try {
      n = limit(limit);
    } catch (ContactException e) {
      return complete(ContactJson.failure(e));
    }
    return completeWith(
        contacts.notes(id, cursor.orElse(null), n),
        page -> ContactJson.json(StatusCodes.OK, ContactJson.NotesBody.of(page)));
  }

  private Route tags(Optional<String> phoneNumberId) {
    if (phoneNumberId.isEmpty() || phoneNumberId.get().isBlank()) {
      return complete(
          ContactJson.validationFailed("phoneNumberId: required", Map.of("phoneNumberId", "required")));
    }
    return completeWith(
        contacts.tags(phoneNumberId.get()),
        tags -> ContactJson.json(StatusCodes.OK, new ContactJson.TagsBody(phoneNumberId.get(), tags)));
  }

  private int limit(Optional<String> limit) {
    if (limit.isEmpty()) {
      return settings.defaultPageSize();
    }
    try {
      int n = Integer.parseInt(limit.get());
      if (n < 1) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw ContactException.validation(Map.of("limit", "must be a positive whole number"));
    }
  }

  private Route body(Function<ByteString, Route> inner) {
    return Bodies.bytes(
        settings.maxBodyBytes(),
        bytes -> {
          try {
            return inner.apply(bytes);
          } catch (RuntimeException e) {
            return complete(ContactJson.failure(e));
          }
        });
  }

  /** Completes with {@code ok} of the result, or the error response of its failure. */
  private static <T> Route completeWith(CompletionStage<T> stage, Function<T, HttpResponse> ok) {
    return onComplete(
        stage,
        result -> {
          if (result.isFailure()) {
            return complete(ContactJson.failure(result.failed().get()));
          }
          try {
            return complete(ok.apply(result.get()));
          } catch (RuntimeException e) {
            return complete(ContactJson.failure(e));
          }
        });
  }

  private static Conversation.Actor actor(User user) {
    return new Conversation.Actor(
        user.id(), user.isAdmin() ? Conversation.Role.ADMIN : Conversation.Role.AGENT);
  }
}
