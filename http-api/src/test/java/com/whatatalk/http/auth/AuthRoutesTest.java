package com.whatatalk.http.auth;

import static com.whatatalk.engine.auth.AuthTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.deploy.cassandra.junit.CassandraExtension;
import com.whatatalk.engine.auth.AuthService;
import com.whatatalk.engine.auth.AuthTesting;
import com.whatatalk.engine.auth.FirstAdmin;
import com.whatatalk.engine.numbers.PhoneNumbers;
import com.whatatalk.http.ApiErrors;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * The auth, agent and phone-number routes on a real server (port 0) over the real Cassandra,
 * sealed with the app's error handlers, called with a plain HTTP client (no cookie jar: each
 * test sends the cookie it was given).
 */
@ExtendWith(CassandraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthRoutesTest {
  private static final String ADMIN_EMAIL = "boss@example.com";
  private static final String ADMIN_PASSWORD = "the boss's password";
  private static final String TOKEN = "EAAGsecretTOKENvalue123";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ActorTestKit kit;
  private final ServerBinding binding;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String adminCookie;

  AuthRoutesTest(CassandraNode cassandra) {
    Config config =
        ConfigFactory.parseString(
                """
                crm.engine.auth.first-admin.email = "%s"
                crm.engine.auth.first-admin.password = "%s"
                """
                    .formatted(ADMIN_EMAIL, ADMIN_PASSWORD))
            .withFallback(ConfigFactory.parseResources("auth.conf"))
            .withFallback(AuthTesting.config(cassandra, CassandraExtension.uniqueKeyspace("auth_routes")))
            .resolve();
    kit = AuthTesting.start(config, null);
    AuthService auth = AuthService.create(kit.system());
    await(FirstAdmin.ensure(auth));
    PhoneNumbers numbers = await(PhoneNumbers.create(kit.system()));
    Authentication authentication = new Authentication(auth, AuthHttpSettings.create(config));
    Route routes =
        Directives.concat(
            new AuthRoutes(authentication).route(),
            new AgentRoutes(authentication).route(),
            new PhoneNumberRoutes(authentication, numbers).route());
    Route sealed =
        Directives.handleExceptions(
            ApiErrors.exceptionHandler(),
            () -> Directives.handleRejections(ApiErrors.rejectionHandler(), () -> routes));
    binding = await(Http.get(kit.system()).newServerAt("127.0.0.1", 0).bind(sealed));
    adminCookie = login(ADMIN_EMAIL, ADMIN_PASSWORD);
  }

  @AfterAll
  void shutdown() {
    await(binding.unbind());
    kit.shutdownTestKit();
  }

  // helpers

  private record Reply(int status, JsonNode body, String raw, HttpResponse<String> response) {
    String error() {
      return body.path("error").path("code").asText();
    }
  }

  private Reply call(String method, String path, String cookie, String json) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + path))
            .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return send(b.build());
  }

  private Reply send(HttpRequest request) {
    try {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode body = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
      return new Reply(r.statusCode(), body, r.body(), r);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String loginJson(String email, String password) {
    return JSON.createObjectNode().put("email", email).put("password", password).toString();
  }

  /** Logs in; the {@code name=value} of the session cookie. */
  private String login(String email, String password) {
    Reply r = call("POST", "/api/auth/login", null, loginJson(email, password));
    assertEquals(200, r.status(), r.raw());
    return setCookie(r).split(";")[0];
  }

  private static String setCookie(Reply r) {
    return r.response().headers().firstValue("Set-Cookie").orElseThrow();
  }

  private record Agent(String id, String cookie, String password) {}

  /** An agent created by the admin, who has replaced the one-time password. */
  private Agent agent(String email) {
    Reply created =
        call("POST", "/api/agents", adminCookie, "{\"email\":\"" + email + "\",\"displayName\":\"Agent\"}");
    assertEquals(201, created.status(), created.raw());
    String oneTime = created.body().path("oneTimePassword").asText();
    String cookie = login(email, oneTime);
    Reply changed =
        call(
            "POST", "/api/auth/password", cookie,
            "{\"currentPassword\":\"" + oneTime + "\",\"newPassword\":\"an agent's own password\"}");
    assertEquals(200, changed.status(), changed.raw());
    return new Agent(created.body().path("user").path("id").asText(), setCookie(changed).split(";")[0], "an agent's own password");
  }

  // tests

  @Test
  void everyRouteAnswers401WithoutAValidSession() {
    for (String[] route :
        List.of(
            new String[] {"GET", "/api/auth/me"},
            new String[] {"GET", "/api/agents"},
            new String[] {"POST", "/api/agents"},
            new String[] {"POST", "/api/agents/x/deactivate"},
            new String[] {"POST", "/api/agents/x/reactivate"},
            new String[] {"POST", "/api/agents/x/reset-password"},
            new String[] {"GET", "/api/phone-numbers"},
            new String[] {"POST", "/api/phone-numbers"},
            new String[] {"PUT", "/api/phone-numbers/1"})) {
      for (String cookie : new String[] {null, "whatatalk_session=forged", "whatatalk_session=" + "A".repeat(43)}) {
        Reply r = call(route[0], route[1], cookie, route[0].equals("GET") ? null : "{}");
        assertEquals(401, r.status(), route[0] + " " + route[1] + " " + r.raw());
        assertEquals("unauthenticated", r.error());
        assertFalse(r.body().path("error").path("message").asText().isEmpty());
      }
    }
  }

  @Test
  void loginSetsAStrictHttpOnlySecureCookieMeAcceptsItOrABearerAndLogoutEndsIt() {
    Reply r = call("POST", "/api/auth/login", null, loginJson("BOSS@example.com", ADMIN_PASSWORD));
    assertEquals(200, r.status(), r.raw());
    assertEquals(ADMIN_EMAIL, r.body().path("user").path("email").asText());
    assertEquals("ADMIN", r.body().path("user").path("role").asText());
    assertFalse(r.raw().contains("argon2") || r.raw().contains(ADMIN_PASSWORD), "no hash, no password: " + r.raw());
    assertFalse(r.body().path("user").has("admin"), r.raw());
    String header = setCookie(r);
    for (String attribute : new String[] {"HttpOnly", "Secure", "SameSite=Strict", "Path=/", "Max-Age="}) {
      assertTrue(header.contains(attribute), header);
    }
    String cookie = header.split(";")[0];
    String id = cookie.substring(cookie.indexOf('=') + 1);
    assertTrue(id.length() >= 43, "256 random bits");

    assertEquals(ADMIN_EMAIL, call("GET", "/api/auth/me", cookie, null).body().path("user").path("email").asText());
    Reply bearer =
        send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + "/api/auth/me"))
                .header("Authorization", "Bearer " + id)
                .build());
    assertEquals(200, bearer.status());

    Reply out = call("POST", "/api/auth/logout", cookie, null);
    assertEquals(204, out.status());
    assertTrue(setCookie(out).contains("Max-Age=0"), setCookie(out));
    assertEquals(401, call("GET", "/api/auth/me", cookie, null).status());
    assertEquals(204, call("POST", "/api/auth/logout", null, null).status(), "idempotent");
  }

  @Test
  void wrongCredentialsAre401AndRepeatedOnesAre429WithRetryAfter() {
    Reply wrong = call("POST", "/api/auth/login", null, loginJson(ADMIN_EMAIL, "not the password"));
    assertEquals(401, wrong.status());
    assertEquals("unauthenticated", wrong.error());
    assertEquals("Invalid email or password", wrong.body().path("error").path("message").asText());
    Reply unknown = call("POST", "/api/auth/login", null, loginJson("nobody@example.com", "whatever it is"));
    assertEquals(wrong.raw(), unknown.raw(), "an unknown email looks the same");

    String email = "throttled@example.com";
    for (int i = 0; i < 5; i++) {
      assertEquals(401, call("POST", "/api/auth/login", null, loginJson(email, "guess " + i)).status());
    }
    Reply throttled = call("POST", "/api/auth/login", null, loginJson(email, "guess 6"));
    assertEquals(429, throttled.status(), throttled.raw());
    assertEquals("rate_limited", throttled.error());
    assertEquals("1", throttled.response().headers().firstValue("Retry-After").orElseThrow());
  }

  @Test
  void agentsAreForbiddenOnAdminRoutesAndMustFirstReplaceTheirOneTimePassword() {
    Reply created =
        call("POST", "/api/agents", adminCookie, "{\"email\":\"new@example.com\",\"displayName\":\"New\"}");
    assertEquals(201, created.status(), created.raw());
    assertEquals("no-store", created.response().headers().firstValue("Cache-Control").orElseThrow());
    assertEquals("AGENT", created.body().path("user").path("role").asText());
    String oneTime = created.body().path("oneTimePassword").asText();
    String cookie = login("new@example.com", oneTime);
    Reply me = call("GET", "/api/auth/me", cookie, null);
    assertTrue(me.body().path("user").path("mustChangePassword").asBoolean());
    Reply blocked = call("GET", "/api/agents", cookie, null);
    assertEquals(403, blocked.status());
    assertEquals("password_change_required", blocked.error());

    Agent agent = agent("agent@example.com");
    assertEquals(200, call("GET", "/api/agents", agent.cookie(), null).status(), "agents may list");
    for (String[] route :
        List.of(
            new String[] {"POST", "/api/agents", "{\"email\":\"x@example.com\",\"displayName\":\"X\"}"},
            new String[] {"POST", "/api/agents/" + agent.id() + "/deactivate", null},
            new String[] {"POST", "/api/agents/" + agent.id() + "/reactivate", null},
            new String[] {"POST", "/api/agents/" + agent.id() + "/reset-password", null},
            new String[] {"POST", "/api/phone-numbers", "{}"},
            new String[] {"GET", "/api/phone-numbers/1", null},
            new String[] {"PUT", "/api/phone-numbers/1", "{}"})) {
      Reply r = call(route[0], route[1], agent.cookie(), route[2]);
      assertEquals(403, r.status(), route[1]);
      assertEquals("forbidden", r.error());
    }
  }

  @Test
  void adminsListDeactivateAndResetAgentsWhoseSessionsThenEnd() {
    Agent agent = agent("ender@example.com");
    Reply list = call("GET", "/api/agents", adminCookie, null);
    assertTrue(list.raw().contains("ender@example.com"));
    assertFalse(list.raw().contains("argon2"), "never a hash");

    Reply reset = call("POST", "/api/agents/" + agent.id() + "/reset-password", adminCookie, null);
    assertEquals(200, reset.status(), reset.raw());
    String newPassword = reset.body().path("oneTimePassword").asText();
    assertEquals(20, newPassword.length());
    assertEquals(401, call("GET", "/api/auth/me", agent.cookie(), null).status(), "reset ends sessions");
    assertEquals(401, call("POST", "/api/auth/login", null, loginJson("ender@example.com", agent.password())).status());
    String cookie = login("ender@example.com", newPassword);

    Reply deactivated = call("POST", "/api/agents/" + agent.id() + "/deactivate", adminCookie, null);
    assertEquals(200, deactivated.status());
    assertFalse(deactivated.body().path("user").path("active").asBoolean());
    assertEquals(401, call("GET", "/api/auth/me", cookie, null).status());
    assertEquals(401, call("POST", "/api/auth/login", null, loginJson("ender@example.com", newPassword)).status());

    assertEquals("not_found", call("POST", "/api/agents/nope/deactivate", adminCookie, null).error());
    assertEquals(404, call("POST", "/api/agents/00000000-0000-0000-0000-000000000000/reset-password", adminCookie, null).status());
  }

  @Test
  void adminsReactivateAgentsWhoThenLogInAgainWhileOldSessionsStayEnded() {
    Agent agent = agent("returner@example.com");
    assertEquals(200, call("POST", "/api/agents/" + agent.id() + "/deactivate", adminCookie, null).status());

    for (int i = 0; i < 2; i++) { // idempotent
      Reply reactivated = call("POST", "/api/agents/" + agent.id() + "/reactivate", adminCookie, null);
      assertEquals(200, reactivated.status(), reactivated.raw());
      assertTrue(reactivated.body().path("user").path("active").asBoolean(), reactivated.raw());
    }
    assertEquals(401, call("GET", "/api/auth/me", agent.cookie(), null).status(), "not revived");
    String cookie = login("returner@example.com", agent.password());
    assertEquals(200, call("GET", "/api/auth/me", cookie, null).status());

    Reply unknown = call("POST", "/api/agents/00000000-0000-0000-0000-000000000000/reactivate", adminCookie, null);
    assertEquals(404, unknown.status());
    assertEquals("not_found", unknown.error());
    assertEquals("not_found", call("POST", "/api/agents/nope/reactivate", adminCookie, null).error());
  }

  @Test
  void requestsAreValidatedFieldByFieldAndDuplicatesAreConflicts() {
    Reply invalid = call("POST", "/api/agents", adminCookie, "{\"email\":\"nope\",\"displayName\":\" \",\"role\":\"king\"}");
    assertEquals(400, invalid.status());
    assertEquals("validation_failed", invalid.error());
    JsonNode fields = invalid.body().path("error").path("fields");
    assertEquals("must be an email address", fields.path("email").asText());
    assertEquals("is required", fields.path("displayName").asText());
    assertEquals("must be ADMIN or AGENT", fields.path("role").asText());

    Reply login = call("POST", "/api/auth/login", null, "{}");
    assertEquals(400, login.status());
    assertEquals("is required", login.body().path("error").path("fields").path("email").asText());
    assertEquals("is required", login.body().path("error").path("fields").path("password").asText());
    Reply malformed = call("POST", "/api/agents", adminCookie, "{not json");
    assertEquals("validation_failed", malformed.error());
    assertEquals("is not valid JSON", malformed.body().path("error").path("fields").path("body").asText());
    Reply wrongType = call("POST", "/api/phone-numbers", adminCookie, "{\"mps\":\"fast\"}");
    assertEquals("has the wrong type", wrongType.body().path("error").path("fields").path("mps").asText());

    Reply first = call("POST", "/api/agents", adminCookie, "{\"email\":\"twin@example.com\",\"displayName\":\"T\"}");
    assertEquals(201, first.status());
    Reply second = call("POST", "/api/agents", adminCookie, "{\"email\":\"TWIN@example.com\",\"displayName\":\"T\"}");
    assertEquals(409, second.status());
    assertEquals("conflict", second.error());

    Reply tooLarge =
        call("POST", "/api/agents", adminCookie, "{\"email\":\"" + "x".repeat(20_000) + "\"}");
    assertEquals(413, tooLarge.status(), tooLarge.raw());
  }

  @Test
  void phoneNumbersAreManagedByAdminsAndTheAccessTokenNeverComesBack() {
    Reply created =
        call(
            "POST", "/api/phone-numbers", adminCookie,
            "{\"phoneNumberId\":\"106540352242922\",\"displayNumber\":\"+1 555 010 0000\","
                + "\"wabaId\":\"102290129340398\",\"accessToken\":\"" + TOKEN + "\",\"mps\":250}");
    assertEquals(201, created.status(), created.raw());
    assertTrue(created.body().path("accessTokenSet").asBoolean());
    assertEquals(250, created.body().path("mps").asInt());
    assertTrue(created.body().path("markAsRead").asBoolean());

    Reply updated =
        call("PUT", "/api/phone-numbers/106540352242922", adminCookie, "{\"typingIndicator\":false,\"mps\":1000}");
    assertEquals(200, updated.status(), updated.raw());
    assertFalse(updated.body().path("typingIndicator").asBoolean());
    assertTrue(updated.body().path("accessTokenSet").asBoolean(), "kept");
    Reply list = call("GET", "/api/phone-numbers", adminCookie, null);
    assertEquals(1000, list.body().path("phoneNumbers").path(0).path("mps").asInt());
    Reply one = call("GET", "/api/phone-numbers/106540352242922", adminCookie, null);
    for (Reply r : List.of(created, updated, list, one)) {
      assertFalse(r.raw().contains(TOKEN), r.raw());
      assertFalse(r.raw().contains("accessToken\""), r.raw());
    }

    Reply duplicate = call("POST", "/api/phone-numbers", adminCookie, created.raw().replace("accessTokenSet\":true", "accessToken\":\"t\""));
    assertEquals(409, duplicate.status(), duplicate.raw());
    Reply invalid = call("PUT", "/api/phone-numbers/106540352242922", adminCookie, "{\"mps\":5000}");
    assertEquals(400, invalid.status());
    assertEquals("must be between 80 and 1000", invalid.body().path("error").path("fields").path("mps").asText());
    assertEquals(404, call("PUT", "/api/phone-numbers/999", adminCookie, "{\"mps\":100}").status());
    assertEquals(404, call("GET", "/api/phone-numbers/999", adminCookie, null).status());
    assertEquals(Optional.of("application/json"), one.response().headers().firstValue("Content-Type"));

    // Agents list the numbers too (the inbox's number switcher), as the id and display number only.
    Reply agentList = call("GET", "/api/phone-numbers", agent("switcher@example.com").cookie(), null);
    assertEquals(200, agentList.status(), agentList.raw());
    JsonNode seen = agentList.body().path("phoneNumbers");
    assertEquals(1, seen.size(), agentList.raw());
    assertEquals("106540352242922", seen.path(0).path("phoneNumberId").asText());
    assertEquals("+1 555 010 0000", seen.path(0).path("displayNumber").asText());
    assertEquals(List.of("phoneNumberId", "displayNumber"), fieldNames(seen.path(0)), agentList.raw());
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
