package com.whatatalk.http.live;

import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.handleWebSocketMessages;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import com.whatatalk.engine.auth.AuthService;
import com.whatatalk.engine.live.LiveEvents;
import com.whatatalk.engine.live.SessionGuard;
import com.whatatalk.http.auth.Authentication;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * {@code GET /api/live}: the live events WebSocket (see {@link LiveEvents#socket} for the frames).
 * Authenticated like every API call (session cookie or {@code Authorization: Bearer}; 401 JSON
 * before the upgrade without one); the socket closes after {@code {"type":"session_ended"}} once
 * the session is logged out, its user deactivated, or it expires. Every user sees every number;
 * {@code ?phoneNumberId=} narrows to one, {@code ?since=<position>} catches up after a reconnect.
 * The server pings idle sockets (pekko.http.server.websocket.periodic-keep-alive-*); what clients
 * send is read and ignored.
 */
public final class LiveRoutes {
  private final Authentication authentication;
  private final LiveEvents live;

  public LiveRoutes(Authentication authentication, LiveEvents live) {
    this.authentication = authentication;
    this.live = live;
  }

  public Route route() {
    return pathPrefix(
        "api",
        () ->
            path(
                "live",
                () ->
                    get(
                        () ->
                            authentication.authenticatedSession(
                                who ->
                                    parameterOptional(
                                        "since",
                                        since ->
                                            parameterOptional(
                                                "phoneNumberId",
                                                number -> connect(who, since, number)))))));
  }

  private Route connect(
      AuthService.Authenticated who, Optional<String> since, Optional<String> phoneNumberId) {
    return handleWebSocketMessages(
        socket(live.socket(blankToNull(since), blankToNull(phoneNumberId), guard(who))));
  }

  /** The socket: the frames out; whatever the client sends is drained (never left unread). */
  static Flow<Message, Message, NotUsed> socket(Source<String, NotUsed> frames) {
    Sink<Message, ?> drain =
        Flow.<Message>create().flatMapConcat(LiveRoutes::parts).to(Sink.ignore());
    // Coupled: the client closing cancels the frames (the socket unsubscribes), and the frames
    // completing (session ended) closes the socket.
    return Flow.fromSinkAndSourceCoupled(drain, frames.map(TextMessage::create));
  }

  private static Source<Integer, NotUsed> parts(Message m) {
    Source<?, ?> parts =
        m.isText() ? m.asTextMessage().getStreamedText() : m.asBinaryMessage().getStreamedData();
    return parts.map(part -> 0).mapMaterializedValue(mat -> NotUsed.notUsed());
  }

  private SessionGuard guard(AuthService.Authenticated who) {
    AuthService auth = authentication.service();
    String sessionId = who.session().id();
    Instant endsAt = who.session().expiresAt();
    return new SessionGuard() {
      @Override
      public Instant endsAt() {
        return endsAt;
      }

      @Override
      public CompletionStage<Boolean> stillValid() {
        return auth.authenticate(sessionId).thenApply(Optional::isPresent);
      }
    };
  }

  private static String blankToNull(Optional<String> value) {
    return value.filter(v -> !v.isBlank()).orElse(null);
  }
}
