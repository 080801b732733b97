package com.whatatalk.http.live;

import static com.whatatalk.engine.auth.AuthTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.deploy.cassandra.junit.CassandraExtension;
import com.whatatalk.engine.auth.AuthService;
import com.whatatalk.engine.auth.AuthTesting;
import com.whatatalk.engine.auth.FirstAdmin;
import com.whatatalk.engine.live.LiveEvent;
import com.whatatalk.engine.live.LiveEvents;
import com.whatatalk.http.ApiErrors;
import com.whatatalk.http.auth.AuthHttpSettings;
import com.whatatalk.http.auth.AuthRoutes;
import com.whatatalk.http.auth.Authentication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * GET /api/live on a real server over the real Cassandra: who may connect, what a socket
 * receives, and that a logout closes it.
 */
@ExtendWith(CassandraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveRoutesTest {
  private static final String ADMIN_EMAIL = "live-admin@example.com";
  private static final String ADMIN_PASSWORD = "the live admin's password";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ActorTestKit kit;
  private final ServerBinding binding;
  private final LiveEvents live;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  LiveRoutesTest(CassandraNode cassandra) {
    Config config =
        ConfigFactory.parseString(
                """
                crm.engine.auth.first-admin.email = "%s"
                crm.engine.auth.first-admin.password = "%s"
                crm.engine.live.session-check-interval = 200ms
                """
                    .formatted(ADMIN_EMAIL, ADMIN_PASSWORD))
            .withFallback(ConfigFactory.parseResources("auth.conf"))
            .withFallback(ConfigFactory.parseResources("http.conf"))
            .withFallback(AuthTesting.config(cassandra, CassandraExtension.uniqueKeyspace("live_routes")))
            .resolve();
    kit = AuthTesting.start(config, null);
    AuthService auth = AuthService.create(kit.system());
    await(FirstAdmin.ensure(auth));
    Authentication authentication = new Authentication(auth, AuthHttpSettings.create(config));
    live = LiveEvents.get(kit.system());
    Route routes =
        Directives.concat(
            new AuthRoutes(authentication).route(), new LiveRoutes(authentication, live).route());
    Route sealed =
        Directives.handleExceptions(
            ApiErrors.exceptionHandler(),
            () -> Directives.handleRejections(ApiErrors.rejectionHandler(), () -> routes));
    binding = await(Http.get(kit.system()).newServerAt("127.0.0.1", 0).bind(sealed));
  }

  @AfterAll
  void shutdown() {
    await(binding.unbind());
    kit.shutdownTestKit();
  }

  private String base() {
    return "127.0.0.1:" + binding.localAddress().getPort();
  }

  private URI ws(String query) {
    return URI.create("ws://" + base() + "/api/live" + query);
  }

  private HttpResponse<String> call(String method, String path, String sessionId, String json) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://" + base() + path))
            .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    if (sessionId != null) {
      b.header("Authorization", "Bearer " + sessionId);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A fresh session of the admin: the session id (the cookie's value, usable as a bearer). */
  private String login() {
    HttpResponse<String> r =
        call("POST", "/api/auth/login", null,
            "{\"email\":\"" + ADMIN_EMAIL + "\",\"password\":\"" + ADMIN_PASSWORD + "\"}");
    assertEquals(200, r.statusCode(), r.body());
    String cookie = r.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    return cookie.substring(cookie.indexOf('=') + 1);
  }

  private static JsonNode json(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void withoutASessionTheUpgradeIsRefusedWith401() {
    HttpResponse<String> plain = call("GET", "/api/live", null, null);
    assertEquals(401, plain.statusCode());
    assertEquals("unauthenticated", json(plain.body()).path("error").path("code").asText());

    CompletionException refused =
        assertThrows(CompletionException.class, () -> WsClient.connect(http, ws(""), null));
    WebSocketHandshakeException handshake = (WebSocketHandshakeException) refused.getCause();
    assertEquals(401, handshake.getResponse().statusCode());

    CompletionException unknown =
        assertThrows(CompletionException.class, () -> WsClient.connect(http, ws(""), "not-a-session"));
    assertEquals(401, ((WebSocketHandshakeException) unknown.getCause()).getResponse().statusCode());
  }

  @Test
  void aPlainRequestWithASessionIsTold400ToUpgrade() {
    HttpResponse<String> r = call("GET", "/api/live", login(), null);
    assertEquals(400, r.statusCode());
    assertEquals("bad_request", json(r.body()).path("error").path("code").asText());
  }

  @Test
  void aSocketIsReadyAndReceivesEventsOfItsNumber() {
    String session = login();
    try (WsClient all = WsClient.connect(http, ws(""), session);
        WsClient onlyB = WsClient.connect(http, ws("?phoneNumberId=222"), session)) {
      JsonNode ready = all.next(WAIT).json();
      assertEquals("ready", ready.path("type").asText());
      assertEquals("ready", onlyB.next(WAIT).type());

      live.publish(new LiveEvent("contact.updated", "111", "15550001", null, "{\"name\":\"Ana\"}"));
      live.publish(new LiveEvent("contact.updated", "222", "15550002", null, "{\"name\":\"Bo\"}"));
      WsClient.Frame a = all.next(WAIT);
      assertEquals("contact.updated", a.type());
      assertEquals("111", a.json().path("phoneNumberId").asText());
      assertEquals("Ana", a.json().path("data").path("name").asText());
      assertEquals("222", all.next(WAIT).json().path("phoneNumberId").asText());
      WsClient.Frame b = onlyB.next(WAIT);
      assertEquals("Bo", b.json().path("data").path("name").asText(), "111's event skipped");

      // catch-up from the position of the first event, on a new socket
      try (WsClient again =
          WsClient.connect(http, ws("?since=" + a.json().path("position").asText()), session)) {
        assertEquals("ready", again.next(WAIT).type());
        assertEquals("Bo", again.next(WAIT).json().path("data").path("name").asText());
      }
      try (WsClient stranger = WsClient.connect(http, ws("?since=elsewhere.3"), session)) {
        assertEquals("resync", stranger.next(WAIT).type());
      }
    }
  }

  @Test
  void aLogoutClosesTheSocket() {
    String session = login();
    try (WsClient socket = WsClient.connect(http, ws(""), session)) {
      assertEquals("ready", socket.next(WAIT).type());
      assertEquals(204, call("POST", "/api/auth/logout", session, null).statusCode());
      assertEquals("session_ended", socket.next(WAIT).type());
      assertEquals(1000, socket.awaitClose(WAIT));
    }
  }
}
