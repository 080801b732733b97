package com.whatatalk.http.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.deploy.cassandra.junit.CassandraExtension;
import com.whatatalk.http.ApiCalls;
import com.whatatalk.http.ApiCalls.Reply;
import com.whatatalk.http.TestApp;
import com.whatatalk.http.webhook.WebhookSignature;
import com.whatatalk.simulator.CloudApiSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The template routes on the real app, synced from the Cloud API simulator (its seeded templates,
 * listed in pages of 5 so the client follows cursors): who may call what, the library after a
 * sync, placeholders, filters, and a status change at Meta followed by the next sync.
 */
@ExtendWith(CassandraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TemplateRoutesTest {
  private static final String NUMBER = TestApp.PHONE_NUMBER_ID;
  private static final String WABA = "102290129340398";

  private final CloudApiSimulator simulator;
  private final TestApp app;
  private final ApiCalls api;
  private final String admin;
  private final ApiCalls.Agent agent;

  TemplateRoutesTest(CassandraNode cassandra) {
    int port = TestApp.freePort();
    simulator = TestApp.simulator(port, TestApp.simulatorDefaults());
    Map<String, Object> overrides = new HashMap<>();
    overrides.put("crm.engine.auth.argon2.memory", "1 MiB");
    overrides.put("crm.engine.auth.argon2.iterations", 1);
    // No periodic sync during the test: each sync here is asked for.
    overrides.put("crm.engine.templates.initial-delay", "1 hour");
    overrides.put("crm.engine.cloud-api.template-page-size", 5);
    app = TestApp.start(cassandra, CassandraExtension.uniqueKeyspace("template_routes"), port, simulator, overrides);
    api = new ApiCalls(app);
    admin = api.login(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
    api.addNumber(admin, NUMBER, WABA);
    agent = api.agent(admin, "agent@example.com", "Agent");
  }

  @AfterAll
  void stop() {
    TestApp.close(app, simulator);
  }

  private Reply list(String query) {
    return api.call("GET", "/api/templates" + query, agent.cookie(), null);
  }

  @Test
  @Order(1)
  void callersNeedASessionAndOnlyAdminsSync() {
    assertEquals(401, api.call("GET", "/api/templates?phoneNumberId=" + NUMBER, null, null).status());
    assertEquals(401, api.call("GET", "/api/templates/" + NUMBER + "/hello_world/en_US", null, null).status());
    assertEquals(401, api.call("POST", "/api/templates/sync?phoneNumberId=" + NUMBER, null, null).status());
    Reply forbidden = api.call("POST", "/api/templates/sync?phoneNumberId=" + NUMBER, agent.cookie(), null);
    assertEquals(403, forbidden.status(), forbidden.raw());
    assertEquals("forbidden", forbidden.error());
    // Nothing synced yet: the library is empty.
    Reply empty = list("?phoneNumberId=" + NUMBER);
    assertEquals(200, empty.status(), empty.raw());
    assertEquals(0, empty.body().path("templates").size());
  }

  @Test
  @Order(2)
  void badOrUnknownNumbersAreRefused() {
    assertEquals("required", list("").field("phoneNumberId"));
    assertEquals(404, list("?phoneNumberId=999").status());
    assertEquals(404, api.call("POST", "/api/templates/sync?phoneNumberId=999", admin, null).status());
    assertEquals(404, api.call("GET", "/api/templates/999/hello_world/en_US", agent.cookie(), null).status());
  }

  @Test
  @Order(3)
  void anAdminsSyncFillsTheLibraryWithPlaceholdersParsed() {
    Reply synced = api.call("POST", "/api/templates/sync?phoneNumberId=" + NUMBER, admin, null);
    assertEquals(200, synced.status(), synced.raw());
    JsonNode result = synced.body().path("synced").get(0);
    assertEquals(WABA, result.path("wabaId").asText());
    int count = result.path("templates").asInt();
    assertTrue(count > 5, synced.raw()); // more than one page of the simulator

    Reply all = list("?phoneNumberId=" + NUMBER);
    assertEquals(count, all.body().path("templates").size(), all.raw());
    assertEquals(WABA, all.body().path("wabaId").asText());

    Reply paused = list("?phoneNumberId=" + NUMBER + "&status=paused");
    assertEquals(List.of("seasonal_sale"), names(paused.body().path("templates")));
    assertFalse(paused.body().path("templates").get(0).path("sendable").asBoolean());

    Reply hello = api.call("GET", "/api/templates/" + NUMBER + "/hello_world/en_US", agent.cookie(), null);
    assertEquals(200, hello.status(), hello.raw());
    assertEquals("APPROVED", hello.body().path("status").asText());
    assertTrue(hello.body().path("sendable").asBoolean());
    assertEquals("UTILITY", hello.body().path("category").asText());

    JsonNode booking =
        api.call("GET", "/api/templates/" + NUMBER + "/reservation_confirmation/en_US", agent.cookie(), null).body();
    assertEquals("NAMED", booking.path("parameterFormat").asText());
    assertEquals(
        List.of("number_of_guests", "day", "date", "time"), texts(component(booking, "BODY").path("placeholders")));

    JsonNode coupon =
        api.call("GET", "/api/templates/" + NUMBER + "/coupon_expiration_reminder_number_vars/en", agent.cookie(), null).body();
    assertEquals(List.of("1"), texts(component(coupon, "HEADER").path("placeholders")));
    assertEquals(List.of("1", "2"), texts(component(coupon, "BODY").path("placeholders")));

    JsonNode tracking = api.call("GET", "/api/templates/" + NUMBER + "/order_tracking/en_US", agent.cookie(), null).body();
    assertEquals(List.of("1"), texts(component(tracking, "BUTTONS").path("buttons").get(0).path("placeholders")));

    Reply missing = api.call("GET", "/api/templates/" + NUMBER + "/hello_world/fr", agent.cookie(), null);
    assertEquals(404, missing.status());
    assertEquals("not_found", missing.error());
  }

  @Test
  @Order(4)
  void aStatusChangeAtMetaShowsAfterTheNextSync() {
    assertTrue(simulator.setTemplateStatus("order_summary", "en_US", "PAUSED"));
    assertEquals(200, api.call("POST", "/api/templates/sync", admin, null).status()); // every WABA
    JsonNode order = api.call("GET", "/api/templates/" + NUMBER + "/order_summary/en_US", agent.cookie(), null).body();
    assertEquals("PAUSED", order.path("status").asText());
    assertFalse(order.path("sendable").asBoolean());
    assertTrue(names(list("?phoneNumberId=" + NUMBER + "&status=PAUSED").body().path("templates")).contains("order_summary"));
  }

  @Test
  @Order(5)
  void aStatusWebhookFromMetaChangesWhatCanBeSentAtOnce() throws Exception {
    String path = "/api/templates/" + NUMBER + "/hello_world/en_US";
    for (String event : List.of("PAUSED", "APPROVED", "DISABLED", "APPROVED")) {
      // Meta's shape (whatsapp-cloud-api.md 4.8), signed like Meta; answered 200 once applied.
      String body =
          "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"" + WABA + "\",\"time\":"
              + (System.currentTimeMillis() / 1000 + 1) + ",\"changes\":[{\"field\":\"message_template_status_update\","
              + "\"value\":{\"event\":\"" + event + "\",\"message_template_id\":1,"
              + "\"message_template_name\":\"hello_world\",\"message_template_language\":\"en_US\",\"reason\":\"NONE\"}}]}]}";
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      HttpResponse<String> posted =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(app.url("/webhooks/whatsapp")))
                      .header("Content-Type", "application/json")
                      .header(WebhookSignature.HEADER, new WebhookSignature(TestApp.APP_SECRET).sign(bytes))
                      .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, posted.statusCode(), posted.body());
      JsonNode hello = api.call("GET", path, agent.cookie(), null).body();
      assertEquals(event, hello.path("status").asText());
      assertEquals(event.equals("APPROVED"), hello.path("sendable").asBoolean(), event);
    }
  }

  private static JsonNode component(JsonNode template, String type) {
    for (JsonNode c : template.path("components")) {
      if (type.equals(c.path("type").asText())) {
        return c;
      }
    }
    throw new AssertionError("no " + type + " in " + template);
  }

  private static List<String> names(JsonNode templates) {
    List<String> out = new ArrayList<>();
    templates.forEach(t -> out.add(t.path("name").asText()));
    return out;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
