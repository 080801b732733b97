package com.whatatalk.http.contacts;

import static com.whatatalk.http.ApiCalls.eventually;
import static com.whatatalk.http.ApiCalls.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.deploy.cassandra.junit.CassandraExtension;
import com.whatatalk.engine.conversation.Conversation;
import com.whatatalk.engine.conversation.MessageContent;
import com.whatatalk.http.ApiCalls;
import com.whatatalk.http.ApiCalls.Reply;
import com.whatatalk.http.TestApp;
import com.whatatalk.simulator.CloudApiSimulator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The contact routes on the real app (HTTP, entities, inbox projection, Cassandra), with the
 * simulator as Meta: reading and editing a customer, notes, tags in use, every error and 401; an
 * edited name shows in the inbox list and is found by the conversation search.
 */
@ExtendWith(CassandraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContactRoutesTest {
  private static final String NUMBER = TestApp.PHONE_NUMBER_ID;
  private static final Duration PROJECTED = Duration.ofSeconds(30);

  private final CloudApiSimulator simulator;
  private final TestApp app;
  private final ApiCalls api;
  private final String admin;
  private final ApiCalls.Agent alice;
  private final Random random = new Random();

  ContactRoutesTest(CassandraNode cassandra) {
    int port = TestApp.freePort();
    simulator = TestApp.simulator(port, TestApp.simulatorDefaults());
    Map<String, Object> overrides = new HashMap<>();
    overrides.put("crm.engine.auth.argon2.memory", "1 MiB");
    overrides.put("crm.engine.auth.argon2.iterations", 1);
    overrides.put("crm.engine.templates.initial-delay", "1 hour");
    app = TestApp.start(cassandra, CassandraExtension.uniqueKeyspace("contact_routes"), port, simulator, overrides);
    api = new ApiCalls(app);
    admin = api.login(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
    api.addNumber(admin, NUMBER, "102290129340398");
    alice = api.agent(admin, "alice@example.com", "Alice Agent");
  }

  @AfterAll
  void stop() {
    TestApp.close(app, simulator);
  }

  private String newCustomer() {
    return "1650" + (1_000_000 + random.nextInt(9_000_000));
  }

  private static String contact(String customer) {
    return "/api/contacts/" + NUMBER + "/" + customer;
  }

  /** The customer writes (as the webhook would tell the entity), and the read side has it. */
  private void customerWrites(String customer, String profileName) {
    app.conversation(customer)
        .<Conversation.Summary>askWithStatus(
            replyTo ->
                new Conversation.ReceiveInbound(
                    "wamid.in-" + UUID.randomUUID(), customer, null, profileName,
                    Instant.now().truncatedTo(ChronoUnit.SECONDS), null, MessageContent.Text.of("hi"), replyTo),
            Duration.ofSeconds(15))
        .toCompletableFuture()
        .join();
    eventually(PROJECTED, () -> assertEquals(200, api.call("GET", contact(customer), alice.cookie(), null).status()));
  }

  @Test
  void everyContactRouteNeedsASession() {
    String c = contact(newCustomer());
    assertEquals(401, api.call("GET", c, null, null).status());
    assertEquals("unauthenticated", api.call("PATCH", c, null, json("name", "X")).error());
    assertEquals(401, api.call("GET", c + "/notes", null, null).status());
    assertEquals(401, api.call("POST", c + "/notes", null, json("text", "x")).status());
    assertEquals(401, api.call("GET", "/api/tags?phoneNumberId=" + NUMBER, null, null).status());
  }

  @Test
  void aCustomerNobodyTalkedToIsNotFound() {
    String c = contact(newCustomer());
    assertEquals("not_found", api.call("GET", c, alice.cookie(), null).error());
    Reply patch = api.call("PATCH", c, alice.cookie(), json("name", "Nobody"));
    assertEquals(404, patch.status(), patch.raw());
    assertEquals(404, api.call("GET", c + "/notes", alice.cookie(), null).status());
    assertEquals(404, api.call("POST", c + "/notes", alice.cookie(), json("text", "x")).status());
  }

  @Test
  void anEditedNameShowsInTheInboxListAndIsSearchable() {
    String customer = newCustomer();
    customerWrites(customer, "Sheena Nelson");
    Reply before = api.call("GET", contact(customer), alice.cookie(), null);
    assertEquals("Sheena Nelson", before.body().path("profileName").asText());
    assertEquals("Sheena Nelson", before.body().path("displayName").asText());
    assertEquals(customer, before.body().path("waId").asText());
    assertTrue(before.body().path("name").isNull());
    assertEquals(0, before.body().path("notesCount").asInt());

    Map<String, String> attributes = new HashMap<>();
    attributes.put("plan", "gold");
    Reply edited =
        api.call("PATCH", contact(customer), alice.cookie(),
            json("name", " Ophelia Quarterman ", "tags", List.of("VIP", "wholesale"), "attributes", attributes));
    assertEquals(200, edited.status(), edited.raw());
    assertEquals("Ophelia Quarterman", edited.body().path("name").asText());
    assertEquals("Ophelia Quarterman", edited.body().path("displayName").asText());
    assertEquals("Sheena Nelson", edited.body().path("profileName").asText());
    assertEquals(List.of("vip", "wholesale"), texts(edited.body().path("tags")));
    assertEquals("gold", edited.body().path("attributes").path("plan").asText());
    assertEquals(alice.id(), edited.body().path("updatedBy").asText());
    assertEquals(edited.body(), api.call("GET", contact(customer), alice.cookie(), null).body());

    // The list shows the saved name, and the search finds it by a part of it.
    eventually(
        PROJECTED,
        () -> {
          Reply list = api.call("GET", "/api/conversations?phoneNumberId=" + NUMBER + "&limit=100", alice.cookie(), null);
          JsonNode item = find(list.body().path("conversations"), customer);
          assertEquals("Ophelia Quarterman", item.path("name").asText(), list.raw());
        });
    Reply search = api.call("GET", "/api/conversations?phoneNumberId=" + NUMBER + "&q=quarter", alice.cookie(), null);
    assertEquals(200, search.status(), search.raw());
    assertEquals("Ophelia Quarterman", find(search.body().path("conversations"), customer).path("name").asText());

    // Attributes merge (null removes), tags replace; a later profile name does not win.
    attributes.put("plan", null);
    attributes.put("city", "Lyon");
    Reply merged = api.call("PATCH", contact(customer), alice.cookie(), json("tags", List.of("vip"), "attributes", attributes));
    assertEquals(200, merged.status(), merged.raw());
    assertEquals(Map.of("city", "Lyon"), Map.of("city", merged.body().path("attributes").path("city").asText()));
    assertEquals(1, merged.body().path("attributes").size());
    assertEquals(List.of("vip"), texts(merged.body().path("tags")));
    assertEquals("Ophelia Quarterman", merged.body().path("name").asText());
  }

  @Test
  void invalidEditsAreRefusedFieldByField() {
    String customer = newCustomer();
    customerWrites(customer, "Bo");
    Map<String, Object> attributes = new HashMap<>();
    attributes.put("bad key", "x");
    attributes.put("n", 3);
    Reply r =
        api.call("PATCH", contact(customer), alice.cookie(),
            json("name", "x".repeat(Conversation.CONTACT_NAME_MAX + 1), "tags", List.of("ok", "no,comma"), "attributes", attributes));
    assertEquals(400, r.status(), r.raw());
    assertEquals("validation_failed", r.error());
    // Wrong JSON types first: they are reported before the limits are checked.
    assertEquals("must be a string, or null to remove it", r.field("attributes.n"));

    Reply limits =
        api.call("PATCH", contact(customer), alice.cookie(),
            json("name", "x".repeat(Conversation.CONTACT_NAME_MAX + 1), "tags", List.of("ok", "no,comma"), "attributes", Map.of("bad key", "x")));
    assertEquals(400, limits.status(), limits.raw());
    assertEquals("at most " + Conversation.CONTACT_NAME_MAX + " characters", limits.field("name"));
    assertTrue(limits.field("tags[1]").startsWith("only letters"), limits.raw());
    assertTrue(limits.field("attributes.bad key").startsWith("keys are"), limits.raw());

    assertEquals("must be an array of strings", api.call("PATCH", contact(customer), alice.cookie(), json("tags", "vip")).field("tags"));
    assertEquals("must be a string, or null to clear it", api.call("PATCH", contact(customer), alice.cookie(), json("name", 5)).field("name"));
    assertTrue(api.call("PATCH", contact(customer), alice.cookie(), "{}").field("body").startsWith("nothing to change"));
    assertEquals("is not valid JSON", api.call("PATCH", contact(customer), alice.cookie(), "{nope").field("body"));
    assertEquals("must be a JSON object", api.call("PATCH", contact(customer), alice.cookie(), "[1]").field("body"));
    // Nothing was saved by any of them.
    assertTrue(api.call("GET", contact(customer), alice.cookie(), null).body().path("updatedAt").isNull());

    Reply tooLarge = api.call("PATCH", contact(customer), alice.cookie(), json("name", "x".repeat(300 * 1024)));
    assertEquals(413, tooLarge.status(), tooLarge.raw());
    assertEquals("payload_too_large", tooLarge.error());
  }

  @Test
  void notesAreAddedAndPagedNewestFirstWithTheirAuthor() {
    String customer = newCustomer();
    customerWrites(customer, "Cy");
    for (int i = 1; i <= 3; i++) {
      Reply added = api.call("POST", contact(customer) + "/notes", alice.cookie(), json("text", "note " + i));
      assertEquals(201, added.status(), added.raw());
      assertEquals("Alice Agent", added.body().path("authorName").asText());
      assertEquals(alice.id(), added.body().path("authorId").asText());
    }
    Reply first = api.call("GET", contact(customer) + "/notes?limit=2", alice.cookie(), null);
    assertEquals(200, first.status(), first.raw());
    assertEquals(List.of("note 3", "note 2"), textsOf(first.body().path("notes")));
    Reply second =
        api.call("GET", contact(customer) + "/notes?limit=2&cursor=" + first.body().path("nextCursor").asText(), alice.cookie(), null);
    assertEquals(List.of("note 1"), textsOf(second.body().path("notes")));
    assertTrue(second.body().path("nextCursor").isNull());
    assertEquals(3, api.call("GET", contact(customer), alice.cookie(), null).body().path("notesCount").asInt());

    assertEquals("required", api.call("POST", contact(customer) + "/notes", alice.cookie(), json("text", " ")).field("text"));
    assertEquals(400, api.call("POST", contact(customer) + "/notes", alice.cookie(), json("text", "x".repeat(5001))).status());
    assertEquals(400, api.call("GET", contact(customer) + "/notes?cursor=nope", alice.cookie(), null).status());
    assertEquals("must be a positive whole number", api.call("GET", contact(customer) + "/notes?limit=0", alice.cookie(), null).field("limit"));
  }

  @Test
  void tagsInUseAreListedPerNumber() {
    String customer = newCustomer();
    customerWrites(customer, "Di");
    String tag = "tag-" + random.nextInt(1_000_000);
    assertEquals(200, api.call("PATCH", contact(customer), alice.cookie(), json("tags", List.of(tag))).status());
    Reply tags = api.call("GET", "/api/tags?phoneNumberId=" + NUMBER, alice.cookie(), null);
    assertEquals(200, tags.status(), tags.raw());
    List<String> listed = new ArrayList<>();
    tags.body().path("tags").forEach(t -> listed.add(t.path("tag").asText() + "=" + t.path("contacts").asInt()));
    assertTrue(listed.contains(tag + "=1"), tags.raw());
    assertEquals("required", api.call("GET", "/api/tags", alice.cookie(), null).field("phoneNumberId"));
  }

  private static JsonNode find(JsonNode conversations, String customer) {
    for (JsonNode c : conversations) {
      if (customer.equals(c.path("customerKey").asText())) {
        return c;
      }
    }
    throw new AssertionError("no conversation " + customer + " in " + conversations);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<String> textsOf(JsonNode notes) {
    List<String> out = new ArrayList<>();
    notes.forEach(n -> out.add(n.path("text").asText()));
    return out;
  }
}
