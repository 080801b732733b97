package com.whatatalk.http.conversations;

import static com.whatatalk.engine.auth.AuthTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.deploy.cassandra.junit.CassandraExtension;
import com.whatatalk.engine.CassandraSchema;
import com.whatatalk.engine.CassandraTestConfig;
import com.whatatalk.engine.auth.AuthService;
import com.whatatalk.engine.auth.FirstAdmin;
import com.whatatalk.engine.cloudapi.TemplateDefinition;
import com.whatatalk.engine.conversation.Conversation;
import com.whatatalk.engine.conversation.MessageContent;
import com.whatatalk.engine.inbox.InboxProjection;
import com.whatatalk.engine.inbox.InboxRepository;
import com.whatatalk.engine.media.CassandraMediaStore;
import com.whatatalk.engine.media.MediaUploads;
import com.whatatalk.engine.numbers.PhoneNumbers;
import com.whatatalk.engine.outbound.OutboundBacklog;
import com.whatatalk.engine.templates.TemplateLibrary;
import com.whatatalk.engine.templates.TemplateSettings;
import com.whatatalk.engine.templates.TemplateStore;
import com.whatatalk.http.ApiErrors;
import com.whatatalk.http.auth.AgentRoutes;
import com.whatatalk.http.auth.AuthHttpSettings;
import com.whatatalk.http.auth.AuthRoutes;
import com.whatatalk.http.auth.Authentication;
import com.whatatalk.http.auth.PhoneNumberRoutes;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The conversation and media routes on a real server (port 0) over the real Cassandra: the
 * conversation entities, the inbox projection, users and numbers are the real ones; only the
 * Cloud API is a recording fake (no outbound pipeline runs, so sent messages stay queued) whose
 * template list the real template library syncs once ({@link #TEMPLATES}). Each test writes as its
 * own customers, so tests share the number without seeing each other's conversations.
 */
@ExtendWith(CassandraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConversationRoutesTest {
  private static final String ADMIN_EMAIL = "boss@example.com";
  private static final String ADMIN_PASSWORD = "the boss's password";
  private static final String NUMBER = "106540352242922";
  /** The WABA of every number of the test. */
  private static final String WABA = "102290129340398";
  /** What the fake Cloud API lists for {@link #WABA}: one template per case the send checks. */
  private static final List<TemplateDefinition> TEMPLATES =
      List.of(
          template("hello_world", "en_US", "APPROVED", null, body("Hello from the team!")),
          template(
              "order_update", "en_US", "APPROVED", null,
              body("Hi {{1}}, your order {{2}} has shipped."),
              new TemplateDefinition.Component(
                  "BUTTONS", null, null,
                  List.of(
                      new TemplateDefinition.Button("URL", "Track", "https://shop.example.com/track/{{1}}", null),
                      new TemplateDefinition.Button("QUICK_REPLY", "Stop", null, null)))),
          template(
              "reservation", "en_US", "APPROVED", "NAMED",
              new TemplateDefinition.Component("HEADER", "IMAGE", null, null),
              body("Your table for {{guests}} is booked for {{day}}.")),
          template("seasonal_sale", "en_US", "PAUSED", null, body("Our sale starts today, {{1}}!")),
          template("promo_rejected", "en_US", "REJECTED", null, body("BUY NOW {{1}}")));
  private static final Duration PROJECTED = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ActorTestKit kit;
  private final ServerBinding binding;
  private final RecordingWhatsAppClient meta;
  /** The numbers whose outbound pipeline the routes started. */
  private final List<String> senders = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String admin;
  private final Agent alice;
  private final Agent bob;
  private final Random random = new Random();

  ConversationRoutesTest(CassandraNode cassandra) {
    Config config =
        ConfigFactory.parseString(
                """
                crm.engine.auth.first-admin.email = "%s"
                crm.engine.auth.first-admin.password = "%s"
                crm.engine.auth.argon2.memory = 1 MiB
                crm.engine.auth.argon2.iterations = 1
                crm.engine.auth.phone-numbers.refresh-interval = 1 hour
                whatatalk.conversations.read-receipt-retry-delay = 10 ms
                """
                    .formatted(ADMIN_EMAIL, ADMIN_PASSWORD))
            .withFallback(ConfigFactory.parseResources("conversations.conf"))
            .withFallback(ConfigFactory.parseResources("auth.conf"))
            .withFallback(ConfigFactory.parseResources("http.conf"))
            .withFallback(CassandraTestConfig.create(cassandra, CassandraExtension.uniqueKeyspace("conversation_routes")))
            .resolve();
    kit = ActorTestKit.create("routes", config);
    Cluster cluster = Cluster.get(kit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    // Every table of the production scripts, one statement at a time: slow on a loaded machine.
    try {
      CassandraSchema.create(kit.system()).toCompletableFuture().get(3, java.util.concurrent.TimeUnit.MINUTES);
    } catch (Exception e) {
      throw new IllegalStateException("the schema was not created", e);
    }
    Conversation.init(kit.system());
    InboxRepository inbox = InboxProjection.init(kit.system());
    AuthService auth = AuthService.create(kit.system());
    await(FirstAdmin.ensure(auth));
    PhoneNumbers numbers = await(PhoneNumbers.create(kit.system()));
    meta = new RecordingWhatsAppClient(kit.system());
    meta.templates.put(WABA, TEMPLATES);
    TemplateSettings templateSettings = TemplateSettings.create(kit.system());
    TemplateLibrary templates =
        new TemplateLibrary(
            meta, TemplateStore.create(kit.system(), templateSettings), templateSettings, () -> List.of(WABA),
            Clock.systemUTC());
    await(templates.sync(WABA));
    Authentication authentication = new Authentication(auth, AuthHttpSettings.create(config));
    ConversationsSettings settings = ConversationsSettings.create(config);
    MediaUploads uploads = new MediaUploads(meta, CassandraMediaStore.create(kit.system()), kit.system());
    Route routes =
        Directives.concat(
            new AuthRoutes(authentication).route(),
            new AgentRoutes(authentication).route(),
            new PhoneNumberRoutes(authentication, numbers).route(),
            new ConversationRoutes(authentication, inbox, numbers, templates, kit.system(), meta, settings, senders::add).route(),
            new MediaRoutes(authentication, numbers, uploads, settings).route());
    Route sealed =
        Directives.handleExceptions(
            ApiErrors.exceptionHandler(),
            () -> Directives.handleRejections(ApiErrors.rejectionHandler(), () -> routes));
    binding = await(Http.get(kit.system()).newServerAt("127.0.0.1", 0).bind(sealed));
    admin = login(ADMIN_EMAIL, ADMIN_PASSWORD);
    addNumber(NUMBER, true, true);
    alice = agent("alice@example.com");
    bob = agent("bob@example.com");
  }

  @AfterAll
  void shutdown() {
    await(binding.unbind());
    kit.shutdownTestKit();
  }

  // Helpers

  private record Reply(int status, JsonNode body, String raw, HttpResponse<String> response) {
    String error() {
      return body.path("error").path("code").asText();
    }

    String field(String name) {
      return body.path("error").path("fields").path(name).asText(null);
    }
  }

  private record Agent(String id, String cookie) {}

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

  private String login(String email, String password) {
    Reply r =
        call("POST", "/api/auth/login", null,
            JSON.createObjectNode().put("email", email).put("password", password).toString());
    assertEquals(200, r.status(), r.raw());
    return r.response().headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
  }

  private Agent agent(String email) {
    Reply created = call("POST", "/api/agents", admin, "{\"email\":\"" + email + "\",\"displayName\":\"Agent\"}");
    assertEquals(201, created.status(), created.raw());
    String oneTime = created.body().path("oneTimePassword").asText();
    String cookie = login(email, oneTime);
    Reply changed =
        call("POST", "/api/auth/password", cookie,
            "{\"currentPassword\":\"" + oneTime + "\",\"newPassword\":\"an agent's own password\"}");
    assertEquals(200, changed.status(), changed.raw());
    return new Agent(
        created.body().path("user").path("id").asText(),
        changed.response().headers().firstValue("Set-Cookie").orElseThrow().split(";")[0]);
  }

  private void addNumber(String id, boolean markAsRead, boolean typing) {
    Reply r =
        call("POST", "/api/phone-numbers", admin,
            "{\"phoneNumberId\":\"" + id + "\",\"displayNumber\":\"+1 555 010 0000\",\"wabaId\":\"" + WABA + "\","
                + "\"accessToken\":\"token\",\"markAsRead\":" + markAsRead + ",\"typingIndicator\":" + typing + "}");
    assertEquals(201, r.status(), r.raw());
  }

  private String newCustomer() {
    return "1650" + (1_000_000 + random.nextInt(9_000_000));
  }

  private String conversation(String customer) {
    return "/api/conversations/" + NUMBER + "/" + customer;
  }

  private final java.util.Map<String, Integer> written = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Meta's timestamps are whole seconds and history orders by them: each message of a customer is
   * a second later than their previous one, and all lie a little in the past (before any reply).
   */
  private Instant nextTimestamp(String customer) {
    int n = written.merge(customer, 1, Integer::sum);
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60).plusSeconds(n);
  }

  /** The customer writes (as the webhook intake would tell the entity); returns the wamid. */
  private String customerWrites(String customer, String name, String text) {
    String wamid = "wamid.in-" + UUID.randomUUID();
    await(
        ClusterSharding.get(kit.system())
            .entityRefFor(Conversation.ENTITY_KEY, Conversation.entityId(NUMBER, customer))
            .<Conversation.Summary>askWithStatus(
                replyTo ->
                    new Conversation.ReceiveInbound(
                        wamid, customer, null, name, nextTimestamp(customer), null,
                        MessageContent.Text.of(text), replyTo),
                Duration.ofSeconds(15)));
    return wamid;
  }

  /** The conversation's detail once the read side shows {@code unread} for the caller. */
  private Reply detailWhen(String customer, String cookie, java.util.function.Predicate<JsonNode> ready) {
    return Eventually.within(
        PROJECTED,
        () -> {
          Reply r = call("GET", conversation(customer), cookie, null);
          assertEquals(200, r.status(), r.raw());
          assertTrue(ready.test(r.body()), r.raw());
          return r;
        });
  }

  /** Every customer key on every page of a list query. */
  private List<String> listed(String query, String cookie) {
    List<String> keys = new ArrayList<>();
    String cursor = null;
    do {
      Reply r =
          call("GET", "/api/conversations?phoneNumberId=" + NUMBER + "&limit=100" + query
              + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)), cookie, null);
      assertEquals(200, r.status(), r.raw());
      r.body().path("conversations").forEach(c -> keys.add(c.path("customerKey").asText()));
      cursor = r.body().path("nextCursor").isNull() ? null : r.body().path("nextCursor").asText(null);
    } while (cursor != null);
    return keys;
  }

  private static TemplateDefinition template(
      String name, String language, String status, String format, TemplateDefinition.Component... components) {
    return new TemplateDefinition(
        "id-" + name + "-" + language, name, language, "UTILITY", status, format, List.of(components));
  }

  private static TemplateDefinition.Component body(String text) {
    return new TemplateDefinition.Component("BODY", null, text, null);
  }

  /** A template send in Meta's shape; {@code components} is the JSON array, or null for none. */
  private static String templateSend(String name, String language, String components) {
    return "{\"type\":\"template\",\"template\":{\"name\":\"" + name + "\",\"language\":{\"code\":\"" + language
        + "\"}" + (components == null ? "" : ",\"components\":" + components) + "}}";
  }

  private static String text(String body) {
    return JSON.createObjectNode().put("type", "text").set("text", JSON.createObjectNode().put("body", body)).toString();
  }

  // Tests

  @Test
  @Order(1)
  void phoneNumberIdMayBeLeftOutOnlyWhileExactlyOneNumberIsConfigured() {
    Reply one = call("GET", "/api/conversations", alice.cookie(), null);
    assertEquals(200, one.status(), one.raw());
    assertTrue(one.body().path("conversations").isArray());

    Reply unknown = call("GET", "/api/conversations?phoneNumberId=999", alice.cookie(), null);
    assertEquals(404, unknown.status());
    assertEquals("not_found", unknown.error());
    assertEquals(404, call("GET", "/api/conversations/999/16505550000", alice.cookie(), null).status());
    assertEquals(404, call("POST", "/api/conversations/999/16505550000/archive", alice.cookie(), null).status());

    addNumber("106540352242999", false, false);
    Reply two = call("GET", "/api/conversations", alice.cookie(), null);
    assertEquals(400, two.status(), two.raw());
    assertEquals("validation_failed", two.error());
    assertTrue(two.field("phoneNumberId").contains("2 business numbers"), two.raw());
  }

  @Test
  void everyRouteAnswers401WithoutASession() {
    String c = conversation("16505551234");
    for (String[] route :
        List.of(
            new String[] {"GET", "/api/conversations"},
            new String[] {"GET", c},
            new String[] {"GET", c + "/messages"},
            new String[] {"POST", c + "/messages"},
            new String[] {"POST", c + "/assign"},
            new String[] {"POST", c + "/unassign"},
            new String[] {"POST", c + "/archive"},
            new String[] {"POST", c + "/unarchive"},
            new String[] {"POST", c + "/read"},
            new String[] {"POST", c + "/comments"},
            new String[] {"POST", c + "/typing"},
            new String[] {"POST", "/api/media?phoneNumberId=" + NUMBER})) {
      for (String cookie : new String[] {null, "whatatalk_session=forged"}) {
        Reply r = call(route[0], route[1], cookie, route[0].equals("GET") ? null : "{}");
        assertEquals(401, r.status(), route[0] + " " + route[1] + " " + r.raw());
        assertEquals("unauthenticated", r.error());
      }
    }
  }

  @Test
  void theListShowsUnreadPerAgentAndFiltersByAssigneeAndTab() {
    String customer = newCustomer();
    customerWrites(customer, "Sheena Nelson", "hello");
    detailWhen(customer, alice.cookie(), b -> b.path("unread").asLong() == 1);
    assertTrue(listed("", alice.cookie()).contains(customer));
    assertTrue(listed("&unread=true", alice.cookie()).contains(customer));
    assertTrue(listed("&unread=true", bob.cookie()).contains(customer));

    Reply read = call("POST", conversation(customer) + "/read", alice.cookie(), null);
    assertEquals(200, read.status(), read.raw());
    assertEquals(0, read.body().path("unread").asLong());
    detailWhen(customer, alice.cookie(), b -> b.path("unread").asLong() == 0);
    assertFalse(listed("&unread=true", alice.cookie()).contains(customer), "alice read it");
    assertTrue(listed("&unread=true", bob.cookie()).contains(customer), "bob did not");
    assertEquals(1, detailWhen(customer, bob.cookie(), b -> true).body().path("unread").asLong());

    Reply assigned = call("POST", conversation(customer) + "/assign", bob.cookie(), "{\"agentId\":\"" + alice.id() + "\"}");
    assertEquals(200, assigned.status(), assigned.raw());
    assertEquals(alice.id(), assigned.body().path("assigneeId").asText());
    detailWhen(customer, alice.cookie(), b -> alice.id().equals(b.path("assigneeId").asText()));
    assertTrue(listed("&assignee=mine", alice.cookie()).contains(customer));
    assertFalse(listed("&assignee=mine", bob.cookie()).contains(customer));
    assertTrue(listed("&assignee=" + alice.id(), bob.cookie()).contains(customer));
    assertFalse(listed("&assignee=unassigned", bob.cookie()).contains(customer));

    Reply archived = call("POST", conversation(customer) + "/archive", bob.cookie(), null);
    assertEquals(200, archived.status(), archived.raw());
    assertTrue(archived.body().path("archived").asBoolean());
    detailWhen(customer, bob.cookie(), b -> b.path("archived").asBoolean());
    assertTrue(listed("&state=archived", bob.cookie()).contains(customer));
    assertFalse(listed("", bob.cookie()).contains(customer));
    assertEquals(200, call("POST", conversation(customer) + "/unarchive", bob.cookie(), null).status());
    Reply unassigned = call("POST", conversation(customer) + "/unassign", admin, null);
    assertEquals(200, unassigned.status(), unassigned.raw());
    assertTrue(unassigned.body().path("assigneeId").isMissingNode() || unassigned.body().path("assigneeId").isNull());

    Reply bad = call("GET", "/api/conversations?phoneNumberId=" + NUMBER + "&limit=101&state=open&unread=maybe", bob.cookie(), null);
    assertEquals(400, bad.status(), bad.raw());
    assertNotNull(bad.field("limit"), bad.raw());
    assertNotNull(bad.field("state"), bad.raw());
    assertNotNull(bad.field("unread"), bad.raw());
    Reply cursor = call("GET", "/api/conversations?phoneNumberId=" + NUMBER + "&cursor=nonsense", bob.cookie(), null);
    assertEquals(400, cursor.status(), cursor.raw());
    assertNotNull(cursor.field("cursor"), cursor.raw());
  }

  @Test
  void searchFindsTheContactByANamePartOrAPhoneTypedAnyWay() {
    String customer = newCustomer();
    customerWrites(customer, "Zebulon Quixote", "hi");
    detailWhen(customer, alice.cookie(), b -> true);
    for (String q : List.of("zebu", "quix", "Zebulon Q", customer, "+" + customer.substring(0, 1) + " " + customer.substring(1, 4) + " " + customer.substring(4), customer.substring(1, 4) + "-" + customer.substring(4))) {
      List<String> found =
          Eventually.within(PROJECTED, () -> {
            List<String> keys = listed("&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), alice.cookie());
            assertTrue(keys.contains(customer), q + " -> " + keys);
            return keys;
          });
      assertFalse(found.isEmpty());
    }
    assertFalse(listed("&q=nobodyhere", alice.cookie()).contains(customer));
    assertFalse(listed("&q=zebu&state=archived", alice.cookie()).contains(customer), "the tab applies to search");
  }

  @Test
  void aSearchPagesByItsCursorInNameOrderWithoutRepeats() {
    // A word no other test's contact has, so these three are the whole result.
    StringBuilder word = new StringBuilder("Pq");
    for (int i = 0; i < 8; i++) {
      word.append((char) ('a' + random.nextInt(26)));
    }
    String q = word.toString();
    String alpha = newCustomer();
    String bravo = newCustomer();
    String charlie = newCustomer();
    customerWrites(charlie, q + " Charlie " + q + "son", "hi"); // two words in the range: listed once
    customerWrites(bravo, q + " Bravo", "hi");
    customerWrites(alpha, q + " Alpha", "hi");
    Eventually.within(PROJECTED, () -> {
      assertEquals(3, listed("&q=" + q, alice.cookie()).size());
      return null;
    });

    String search = "/api/conversations?phoneNumberId=" + NUMBER + "&limit=2&q=" + q;
    Reply first = call("GET", search, alice.cookie(), null);
    assertEquals(200, first.status(), first.raw());
    String cursor = first.body().path("nextCursor").asText("");
    assertFalse(cursor.isEmpty(), first.raw());
    Reply second =
        call("GET", search + "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8), alice.cookie(), null);
    assertEquals(200, second.status(), second.raw());
    assertTrue(second.body().path("nextCursor").isNull(), second.raw());
    // Pages follow the names (within a page, the newest activity comes first).
    assertEquals(Set.of(alpha, bravo), Set.copyOf(keys(first)));
    assertEquals(List.of(charlie), keys(second));

    Reply bad = call("GET", search + "&cursor=nonsense", alice.cookie(), null);
    assertEquals(400, bad.status(), bad.raw());
    assertNotNull(bad.field("cursor"), bad.raw());
  }

  private static List<String> keys(Reply page) {
    List<String> keys = new ArrayList<>();
    page.body().path("conversations").forEach(c -> keys.add(c.path("customerKey").asText()));
    return keys;
  }

  @Test
  void theDetailShowsWindowAssigneeUnreadLastMessageAndSequence() {
    String customer = newCustomer();
    customerWrites(customer, "Dana", "first");
    customerWrites(customer, "Dana", "second");
    Reply r = detailWhen(customer, alice.cookie(), b -> b.path("unread").asLong() == 2);
    JsonNode b = r.body();
    assertEquals(NUMBER, b.path("phoneNumberId").asText());
    assertEquals(customer, b.path("customerKey").asText());
    assertEquals("Dana", b.path("name").asText());
    assertTrue(b.path("window").path("open").asBoolean(), r.raw());
    Instant closes = Instant.parse(b.path("window").path("closesAt").asText());
    assertTrue(closes.isAfter(Instant.now().plus(Duration.ofHours(23))), r.raw());
    assertEquals("second", b.path("lastMessage").path("preview").asText());
    assertEquals("inbound", b.path("lastMessage").path("direction").asText());
    long sequence = b.path("sequence").asLong();
    assertTrue(sequence >= 2, r.raw());

    assertEquals(200, call("POST", conversation(customer) + "/assign", alice.cookie(), "{\"agentId\":\"" + bob.id() + "\"}").status());
    Reply after = detailWhen(customer, alice.cookie(), x -> bob.id().equals(x.path("assigneeId").asText()));
    assertTrue(after.body().path("sequence").asLong() > sequence, "every change moves the sequence");

    Reply phoneTyped = call("GET", "/api/conversations/" + NUMBER + "/" + URLEncoder.encode("+" + customer, StandardCharsets.UTF_8).replace("+", "%2B"), alice.cookie(), null);
    assertEquals(200, phoneTyped.status(), phoneTyped.raw());
    assertEquals(customer, phoneTyped.body().path("customerKey").asText());
    Reply none = call("GET", conversation(newCustomer()), alice.cookie(), null);
    assertEquals(404, none.status());
    assertEquals("not_found", none.error());
  }

  @Test
  void historyComesInPagesNewestFirstWithCommentsAndStatuses() {
    String customer = newCustomer();
    customerWrites(customer, "Eve", "one");
    customerWrites(customer, "Eve", "two");
    Reply comment = call("POST", conversation(customer) + "/comments", alice.cookie(), "{\"text\":\"VIP, be nice\"}");
    assertEquals(201, comment.status(), comment.raw());
    assertFalse(comment.body().path("commentId").asText().isEmpty());
    Reply sent = call("POST", conversation(customer) + "/messages", alice.cookie(), text("three"));
    assertEquals(202, sent.status(), sent.raw());

    JsonNode first =
        Eventually.within(PROJECTED, () -> {
          Reply r = call("GET", conversation(customer) + "/messages?limit=2", alice.cookie(), null);
          assertEquals(200, r.status(), r.raw());
          assertEquals(2, r.body().path("messages").size(), r.raw());
          assertEquals("outbound", r.body().path("messages").get(0).path("kind").asText(), r.raw());
          return r.body();
        });
    JsonNode out = first.path("messages").get(0);
    assertEquals(sent.body().path("messageId").asText(), out.path("id").asText());
    assertEquals("queued", out.path("status").asText());
    assertEquals("three", out.path("content").path("body").asText());
    assertEquals(alice.id(), out.path("sentBy").path("userId").asText());
    assertEquals("comment", first.path("messages").get(1).path("kind").asText());
    assertEquals("VIP, be nice", first.path("messages").get(1).path("comment").asText());
    String cursor = first.path("nextCursor").asText();
    Reply second = call("GET", conversation(customer) + "/messages?limit=2&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8), alice.cookie(), null);
    assertEquals(200, second.status(), second.raw());
    assertEquals(2, second.body().path("messages").size(), second.raw());
    assertEquals("two", second.body().path("messages").get(0).path("content").path("body").asText());
    assertEquals(2, second.body().path("messages").get(0).path("sequence").asLong());
    assertEquals("inbound", second.body().path("messages").get(1).path("kind").asText());

    assertEquals(400, call("GET", conversation(customer) + "/messages?limit=0", alice.cookie(), null).status());
    Reply blank = call("POST", conversation(customer) + "/comments", alice.cookie(), "{\"text\":\"  \"}");
    assertEquals(400, blank.status());
    assertNotNull(blank.field("text"));
  }

  @Test
  void sendsAreValidatedFieldByFieldQueuedAndSafeToRetry() {
    String customer = newCustomer();
    String wamid = customerWrites(customer, "Finn", "can you help?");
    String path = conversation(customer) + "/messages";

    String withId = "{\"clientMessageId\":\"c-1\",\"type\":\"text\",\"text\":{\"body\":\"sure\"},\"context\":{\"message_id\":\"" + wamid + "\"}}";
    Reply first = call("POST", path, alice.cookie(), withId);
    assertEquals(202, first.status(), first.raw());
    assertEquals("queued", first.body().path("status").asText());
    assertEquals("c-1", first.body().path("clientMessageId").asText());
    assertFalse(first.body().path("duplicate").asBoolean());
    Reply retry = call("POST", path, alice.cookie(), withId);
    assertEquals(202, retry.status(), retry.raw());
    assertEquals(first.body().path("messageId").asText(), retry.body().path("messageId").asText());
    assertTrue(senders.contains(NUMBER), "a queued message starts its number's sender");
    assertTrue(retry.body().path("duplicate").asBoolean());

    for (String body :
        List.of(
            "{\"type\":\"reaction\",\"reaction\":{\"message_id\":\"" + wamid + "\",\"emoji\":\"👍\"}}",
            "{\"type\":\"image\",\"image\":{\"link\":\"https://example.com/a.png\",\"caption\":\"look\"}}",
            "{\"type\":\"location\",\"location\":{\"latitude\":52.5,\"longitude\":13.4,\"name\":\"Office\"}}",
            "{\"type\":\"interactive\",\"interactive\":{\"type\":\"button\",\"body\":{\"text\":\"Pick\"},\"action\":{\"buttons\":[{\"type\":\"reply\",\"reply\":{\"id\":\"y\",\"title\":\"Yes\"}}]}}}",
            "{\"type\":\"interactive\",\"interactive\":{\"type\":\"list\",\"body\":{\"text\":\"Pick\"},\"action\":{\"button\":\"Menu\",\"sections\":[{\"title\":\"S\",\"rows\":[{\"id\":\"r1\",\"title\":\"Row\"}]}]}}}",
            "{\"type\":\"template\",\"template\":{\"name\":\"hello_world\",\"language\":{\"code\":\"en_US\"}}}")) {
      Reply r = call("POST", path, alice.cookie(), body);
      assertEquals(202, r.status(), body + " -> " + r.raw());
    }

    Reply tooLong = call("POST", path, alice.cookie(), text("x".repeat(4097)));
    assertEquals(400, tooLong.status(), tooLong.raw());
    assertEquals("validation_failed", tooLong.error());
    assertNotNull(tooLong.field("text.body"), tooLong.raw());
    Reply noType = call("POST", path, alice.cookie(), "{}");
    assertEquals(400, noType.status());
    assertNotNull(noType.field("type"), noType.raw());
    Reply badButton =
        call("POST", path, alice.cookie(),
            "{\"type\":\"interactive\",\"interactive\":{\"type\":\"button\",\"body\":{\"text\":\"Pick\"},\"action\":{\"buttons\":[{\"type\":\"reply\",\"reply\":{\"id\":\"a\",\"title\":\"ok\"}},{\"type\":\"reply\",\"reply\":{\"id\":\"b\",\"title\":\"" + "t".repeat(21) + "\"}}]}}}");
    assertEquals(400, badButton.status(), badButton.raw());
    assertNotNull(badButton.field("interactive.action.buttons[1].reply.title"), badButton.raw());
    Reply wrongType = call("POST", path, alice.cookie(), "{\"type\":\"text\",\"text\":{\"body\":5}}");
    assertEquals(400, wrongType.status());
    assertNotNull(wrongType.field("text.body"), wrongType.raw());
    Reply notJson = call("POST", path, alice.cookie(), "not json");
    assertEquals(400, notJson.status());
    assertNotNull(notJson.field("body"), notJson.raw());
    Reply unknownTarget = call("POST", path, alice.cookie(), "{\"type\":\"reaction\",\"reaction\":{\"message_id\":\"wamid.unknown\",\"emoji\":\"👍\"}}");
    assertEquals(404, unknownTarget.status(), unknownTarget.raw());

    Reply huge = call("POST", path, alice.cookie(), text("x".repeat(70_000)));
    assertEquals(413, huge.status(), huge.raw());
    assertEquals("payload_too_large", huge.error());
  }

  @Test
  void outsideTheWindowOnlyTemplatesGo() {
    String customer = newCustomer(); // never wrote: no window
    Reply text = call("POST", conversation(customer) + "/messages", alice.cookie(), text("hello?"));
    assertEquals(409, text.status(), text.raw());
    assertEquals("window_closed", text.error());
    Reply template =
        call("POST", conversation(customer) + "/messages", alice.cookie(),
            "{\"type\":\"template\",\"template\":{\"name\":\"hello_world\",\"language\":{\"code\":\"en_US\"}}}");
    assertEquals(202, template.status(), template.raw());
  }

  @Test
  void onlyApprovedTemplatesOfTheNumbersWabaGoWithParametersThatFitTheirPlaceholders() {
    String path = conversation(newCustomer()) + "/messages";
    java.util.function.BiFunction<String, String, Reply> refused =
        (body, field) -> {
          Reply r = call("POST", path, alice.cookie(), body);
          assertEquals(400, r.status(), body + " -> " + r.raw());
          assertEquals("validation_failed", r.error(), r.raw());
          assertNotNull(r.field(field), field + " in " + r.raw());
          return r;
        };

    // Not in the library, or in another language only.
    assertTrue(refused.apply(templateSend("no_such_template", "en_US", null), "template.name")
        .field("template.name").contains("no template no_such_template"));
    assertTrue(refused.apply(templateSend("hello_world", "fr", null), "template.name")
        .field("template.name").contains("en_US"));
    // In the library but not approved: the status is named.
    assertTrue(refused.apply(templateSend("seasonal_sale", "en_US", "[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"Ann\"}]}]"), "template.name")
        .field("template.name").contains("PAUSED"));
    assertTrue(refused.apply(templateSend("promo_rejected", "en_US", "[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"x\"}]}]"), "template.name")
        .field("template.name").contains("REJECTED"));

    String url = "{\"type\":\"button\",\"sub_type\":\"url\",\"index\":\"0\",\"parameters\":[{\"type\":\"text\",\"text\":\"A-1\"}]}";
    // Parameter counts per component.
    Reply tooFew =
        refused.apply(
            templateSend("order_update", "en_US", "[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"Ann\"}]}," + url + "]"),
            "template.components[0].parameters");
    assertTrue(tooFew.field("template.components[0].parameters").contains("2 placeholders"), tooFew.raw());
    refused.apply(templateSend("order_update", "en_US", null), "template.components");
    refused.apply(
        templateSend("order_update", "en_US", "[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"Ann\"},{\"type\":\"text\",\"text\":\"A-1\"}]}]"),
        "template.components");
    refused.apply(templateSend("hello_world", "en_US", "[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"extra\"}]}]"),
        "template.components[0].parameters");
    refused.apply(
        templateSend("order_update", "en_US", "[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"Ann\"},{\"type\":\"text\",\"text\":\"A-1\"}]}," + url
            + ",{\"type\":\"button\",\"sub_type\":\"url\",\"index\":\"1\",\"parameters\":[{\"type\":\"text\",\"text\":\"x\"}]}]"),
        "template.components[2].sub_type");
    // Named against positional, and the media header's kind.
    String named = "{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"parameter_name\":\"guests\",\"text\":\"4\"},{\"type\":\"text\",\"parameter_name\":\"day\",\"text\":\"Friday\"}]}";
    String image = "{\"type\":\"header\",\"parameters\":[{\"type\":\"image\",\"image\":{\"link\":\"https://example.com/table.jpg\"}}]}";
    refused.apply(
        templateSend("reservation", "en_US", "[" + image + ",{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"4\"},{\"type\":\"text\",\"text\":\"Friday\"}]}]"),
        "template.components[1].parameters[0].parameter_name");
    refused.apply(
        templateSend("reservation", "en_US", "[" + image + "," + named.replace("\"day\"", "\"date\"") + "]"),
        "template.components[1].parameters[1].parameter_name");
    refused.apply(
        templateSend("reservation", "en_US", "[" + image.replace("image", "video") + "," + named + "]"),
        "template.components[0].parameters[0].type");
    refused.apply(templateSend("reservation", "en_US", "[" + named + "]"), "template.components");
    refused.apply(
        templateSend("order_update", "en_US", "[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"parameter_name\":\"name\",\"text\":\"Ann\"},{\"type\":\"text\",\"parameter_name\":\"order\",\"text\":\"A-1\"}]}," + url + "]"),
        "template.components[0].parameters[0].parameter_name");

    // Approved, and fitting: queued.
    for (String ok :
        List.of(
            templateSend("hello_world", "en_US", null),
            templateSend("order_update", "en_US", "[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"Ann\"},{\"type\":\"text\",\"text\":\"A-1\"}]}," + url
                + ",{\"type\":\"button\",\"sub_type\":\"quick_reply\",\"index\":\"1\",\"parameters\":[{\"type\":\"payload\",\"payload\":\"stop\"}]}]"),
            templateSend("reservation", "en_US", "[" + image + "," + named + "]"))) {
      Reply r = call("POST", path, alice.cookie(), ok);
      assertEquals(202, r.status(), ok + " -> " + r.raw());
      assertEquals("queued", r.body().path("status").asText());
    }
  }

  @Test
  void onlyTheAssigneeOrAnAdminMayReplyOrType() {
    String customer = newCustomer();
    customerWrites(customer, "Gus", "hi");
    assertEquals(200, call("POST", conversation(customer) + "/assign", admin, "{\"agentId\":\"" + alice.id() + "\"}").status());

    Reply bobSends = call("POST", conversation(customer) + "/messages", bob.cookie(), text("I'll take it"));
    assertEquals(403, bobSends.status(), bobSends.raw());
    assertEquals("not_assignee", bobSends.error());
    Reply bobTypes = call("POST", conversation(customer) + "/typing", bob.cookie(), null);
    assertEquals(403, bobTypes.status(), bobTypes.raw());
    assertEquals("not_assignee", bobTypes.error());
    Reply bobTakes = call("POST", conversation(customer) + "/assign", bob.cookie(), "{\"agentId\":\"" + bob.id() + "\"}");
    assertEquals(403, bobTakes.status(), bobTakes.raw());
    assertEquals("not_assignee", bobTakes.error());
    assertEquals(202, call("POST", conversation(customer) + "/messages", alice.cookie(), text("on it")).status());
    assertEquals(202, call("POST", conversation(customer) + "/messages", admin, text("admin here")).status());

    Reply missing = call("POST", conversation(customer) + "/assign", admin, "{}");
    assertEquals(400, missing.status());
    assertNotNull(missing.field("agentId"), missing.raw());
    Reply nobody = call("POST", conversation(customer) + "/assign", admin, "{\"agentId\":\"no-such-agent\"}");
    assertEquals(400, nobody.status());
    assertNotNull(nobody.field("agentId"), nobody.raw());
  }

  @Test
  void readingUnreadCustomerMessagesMarksTheNewestReadAtMetaOnce() {
    String customer = newCustomer();
    customerWrites(customer, "Hana", "one");
    String second = customerWrites(customer, "Hana", "two");

    Reply read = call("POST", conversation(customer) + "/read", alice.cookie(), "{}");
    assertEquals(200, read.status(), read.raw());
    Eventually.within(Duration.ofSeconds(5), () ->
        assertTrue(meta.reads.contains(new RecordingWhatsAppClient.ReadCall(NUMBER, second, false)), meta.reads.toString()));
    // Already read (by alice, then by bob): no second receipt.
    assertEquals(200, call("POST", conversation(customer) + "/read", alice.cookie(), null).status());
    assertEquals(200, call("POST", conversation(customer) + "/read", bob.cookie(), null).status());
    String third = customerWrites(customer, "Hana", "three");
    customerWrites(customer, "Hana", "four");
    // The receipt for an older message looks its wamid up in the history: let the read side have it.
    Eventually.within(PROJECTED, () ->
        assertEquals(4, call("GET", conversation(customer) + "/messages", bob.cookie(), null).body().path("messages").size()));
    Reply partial = call("POST", conversation(customer) + "/read", bob.cookie(), "{\"upToSequence\":3}");
    assertEquals(200, partial.status(), partial.raw());
    assertEquals(1, partial.body().path("unread").asLong());
    Eventually.within(PROJECTED, () ->
        assertTrue(meta.reads.contains(new RecordingWhatsAppClient.ReadCall(NUMBER, third, false)), meta.reads.toString()));
    assertEquals(1, meta.reads.stream().filter(c -> c.wamid().equals(second)).count(), meta.reads.toString());

    Reply beyond = call("POST", conversation(customer) + "/read", bob.cookie(), "{\"upToSequence\":99}");
    assertEquals(400, beyond.status(), beyond.raw());
    assertEquals("validation_failed", beyond.error());
    Reply negative = call("POST", conversation(customer) + "/read", bob.cookie(), "{\"upToSequence\":-1}");
    assertEquals(400, negative.status());
    assertNotNull(negative.field("upToSequence"), negative.raw());
  }

  @Test
  void typingShowsMetasIndicatorWhileTheWindowIsOpen() {
    String customer = newCustomer();
    String wamid = customerWrites(customer, "Ivy", "are you there?");
    Reply typing = call("POST", conversation(customer) + "/typing", alice.cookie(), null);
    assertEquals(202, typing.status(), typing.raw());
    assertTrue(typing.body().path("typingIndicator").asBoolean(), typing.raw());
    Eventually.within(Duration.ofSeconds(5), () ->
        assertTrue(meta.reads.contains(new RecordingWhatsAppClient.ReadCall(NUMBER, wamid, true)), meta.reads.toString()));

    Reply noWindow = call("POST", conversation(newCustomer()) + "/typing", alice.cookie(), null);
    assertEquals(202, noWindow.status(), noWindow.raw());
    assertFalse(noWindow.body().path("typingIndicator").asBoolean());
    assertEquals("window_closed", noWindow.body().path("reason").asText());
  }

  @Test
  void aFullOutboundQueueAnswers429WithRetryAfter() {
    String busy = "106540352242777";
    addNumber(busy, true, true);
    ActorRef<Topic.Command<OutboundBacklog.Report>> topic =
        kit.spawn(Topic.create(OutboundBacklog.Report.class, "outbound-backlog"));
    OutboundBacklog.get(kit.system()); // subscribed before the report goes out
    String path = "/api/conversations/" + busy + "/" + newCustomer() + "/messages";
    String template = "{\"type\":\"template\",\"template\":{\"name\":\"hello_world\",\"language\":{\"code\":\"en_US\"}}}";
    Reply limited =
        Eventually.within(Duration.ofSeconds(10), () -> {
          topic.tell(Topic.publish(new OutboundBacklog.Report(busy, Duration.ofSeconds(120), 9_600, Instant.now())));
          Reply r = call("POST", path, alice.cookie(), template);
          assertEquals(429, r.status(), r.raw());
          return r;
        });
    assertEquals("rate_limited", limited.error());
    long retryAfter = Long.parseLong(limited.response().headers().firstValue("Retry-After").orElseThrow());
    assertTrue(retryAfter >= 1 && retryAfter <= 120, "Retry-After " + retryAfter);
    Reply elsewhere = call("POST", conversation(newCustomer()) + "/messages", alice.cookie(), template);
    assertEquals(202, elsewhere.status(), "other numbers are not held up: " + elsewhere.raw());
  }

  @Test
  void uploadsAreCheckedAgainstWhatsAppsRulesBeforeAnythingIsStored() {
    byte[] png = new byte[2048];
    random.nextBytes(png);
    Reply uploaded = upload("image/png", "photo.png", png);
    assertEquals(201, uploaded.status(), uploaded.raw());
    String id = uploaded.body().path("id").asText();
    assertTrue(id.startsWith("meta-media-"), uploaded.raw());
    assertEquals("image", uploaded.body().path("type").asText());
    assertEquals(2048, uploaded.body().path("size").asLong());
    assertEquals(new RecordingWhatsAppClient.UploadCall(NUMBER, "image/png", "photo.png", 2048), meta.uploads.get(meta.uploads.size() - 1));

    int before = meta.uploads.size();
    Reply tooBig = upload("image/jpeg", "big.jpg", new byte[5 * 1024 * 1024 + 1]);
    assertEquals(413, tooBig.status(), tooBig.raw());
    assertEquals("payload_too_large", tooBig.error());
    Reply zip = upload("application/zip", "a.zip", new byte[10]);
    assertEquals(415, zip.status(), zip.raw());
    assertEquals("unsupported_media_type", zip.error());
    assertEquals(before, meta.uploads.size(), "nothing reached Meta");

    String customer = newCustomer();
    customerWrites(customer, "Jo", "send me the photo");
    Reply sent = call("POST", conversation(customer) + "/messages", alice.cookie(), "{\"type\":\"image\",\"image\":{\"id\":\"" + id + "\"}}");
    assertEquals(202, sent.status(), sent.raw());
  }

  private Reply upload(String type, String filename, byte[] bytes) {
    return send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + "/api/media?phoneNumberId=" + NUMBER + "&filename=" + filename))
            .header("Content-Type", type)
            .header("Cookie", alice.cookie())
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
            .build());
  }
}
