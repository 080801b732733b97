package com.whatatalk.engine.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.deploy.cassandra.junit.CassandraExtension;
import com.whatatalk.engine.CassandraSchema;
import com.whatatalk.engine.CassandraTestConfig;
import com.whatatalk.engine.cloudapi.MediaDownload;
import com.whatatalk.engine.cloudapi.MediaInfo;
import com.whatatalk.engine.cloudapi.MediaUpload;
import com.whatatalk.engine.cloudapi.OutboundMessage;
import com.whatatalk.engine.cloudapi.SendOutcome;
import com.whatatalk.engine.cloudapi.TemplateDefinition;
import com.whatatalk.engine.cloudapi.WhatsAppClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The library on the real Cassandra, synced from a scripted Cloud API. */
@ExtendWith(CassandraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplateLibraryTest {

  /** Answers listTemplates with what the test put there; the calls are counted. */
  static final class ScriptedMeta implements WhatsAppClient {
    final Map<String, List<TemplateDefinition>> templates = new ConcurrentHashMap<>();
    final Map<String, CompletableFuture<List<TemplateDefinition>>> held = new ConcurrentHashMap<>();
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public CompletionStage<List<TemplateDefinition>> listTemplates(String wabaId) {
      calls.incrementAndGet();
      CompletableFuture<List<TemplateDefinition>> hold = held.get(wabaId);
      return hold != null ? hold : CompletableFuture.completedFuture(templates.getOrDefault(wabaId, List.of()));
    }

    @Override
    public CompletionStage<SendOutcome> send(OutboundMessage message) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<Done> markAsRead(String phoneNumberId, String wamid, boolean typingIndicator) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<String> uploadMedia(String phoneNumberId, MediaUpload upload) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<MediaInfo> mediaInfo(String phoneNumberId, String mediaId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<MediaDownload> downloadMedia(String phoneNumberId, String url) {
      throw new UnsupportedOperationException();
    }
  }

  private ActorTestKit kit;
  private final ScriptedMeta meta = new ScriptedMeta();
  private TemplateStore store;
  private final List<String> wabas = new java.util.concurrent.CopyOnWriteArrayList<>();
  private TemplateLibrary library;

  @BeforeAll
  void start(CassandraNode cassandra) {
    kit =
        ActorTestKit.create(
            "templates", CassandraTestConfig.create(cassandra, CassandraExtension.uniqueKeyspace("templates")));
    CassandraSchema.create(kit.system()).toCompletableFuture().join();
    TemplateSettings settings =
        new TemplateSettings(Duration.ofHours(1), Duration.ofHours(1), Duration.ofMinutes(5), "LOCAL_QUORUM");
    store = TemplateStore.create(kit.system(), settings);
    library = new TemplateLibrary(meta, store, settings, () -> wabas, Clock.systemUTC());
  }

  @AfterAll
  void stop() {
    kit.shutdownTestKit();
  }

  private static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String newWaba() {
    return "waba-" + UUID.randomUUID();
  }

  private static TemplateDefinition body(String id, String name, String language, String status, String text) {
    return new TemplateDefinition(
        id, name, language, "UTILITY", status, null,
        List.of(new TemplateDefinition.Component("BODY", null, text, null)));
  }

  @Test
  void syncStoresEveryTemplateWithItsPlaceholdersAndOnlyApprovedOnesAreSendable() {
    String waba = newWaba();
    meta.templates.put(
        waba,
        List.of(
            body("1", "order_update", "en_US", "APPROVED", "Hi {{1}}, order {{2}} shipped"),
            body("2", "order_update", "es", "APPROVED", "Hola {{1}}"),
            body("3", "promo", "en_US", "PAUSED", "Sale {{1}}"),
            new TemplateDefinition(
                "4", "booking", "en_US", "UTILITY", "APPROVED", "NAMED",
                List.of(new TemplateDefinition.Component("BODY", null, "For {{guests}} on {{day}}", null)))));
    TemplateLibrary.SyncResult result = await(library.sync(waba));
    assertEquals(4, result.templates());
    assertEquals(0, result.removed());

    List<Template> all = await(library.list(waba, null));
    assertEquals(
        List.of("booking/en_US", "order_update/en_US", "order_update/es", "promo/en_US"),
        all.stream().map(t -> t.name() + "/" + t.language()).toList());
    Template order = await(library.get(waba, "order_update", "en_US")).orElseThrow();
    assertEquals(List.of("1", "2"), order.placeholders("BODY"));
    assertEquals("Hi {{1}}, order {{2}} shipped", order.components().get(0).text());
    assertEquals(result.syncedAt(), order.syncedAt());
    assertEquals(List.of("guests", "day"), await(library.get(waba, "booking", "en_US")).orElseThrow().placeholders("BODY"));
    assertEquals(List.of("promo"), await(library.list(waba, "paused")).stream().map(Template::name).toList());

    assertTrue(await(library.find(waba, "order_update", "es")).isPresent());
    assertEquals(Optional.empty(), await(library.find(waba, "promo", "en_US"))); // paused
    assertTrue(await(library.get(waba, "promo", "en_US")).isPresent());
    assertEquals(Optional.empty(), await(library.find(waba, "order_update", "fr"))); // no such language
    assertEquals(Optional.empty(), await(library.find(newWaba(), "order_update", "en_US"))); // other WABA
  }

  @Test
  void aResyncFollowsStatusChangesAndDeletesTemplatesGoneAtMeta() {
    String waba = newWaba();
    meta.templates.put(
        waba,
        List.of(body("1", "a", "en", "PENDING", "A"), body("2", "b", "en", "APPROVED", "B")));
    await(library.sync(waba));
    assertEquals(Optional.empty(), await(library.find(waba, "a", "en")));

    meta.templates.put(waba, List.of(body("1", "a", "en", "APPROVED", "A {{1}}")));
    TemplateLibrary.SyncResult again = await(library.sync(waba));
    assertEquals(1, again.templates());
    assertEquals(1, again.removed());
    assertEquals(List.of("1"), await(library.find(waba, "a", "en")).orElseThrow().placeholders("BODY"));
    assertEquals(Optional.empty(), await(library.get(waba, "b", "en")));
  }

  @Test
  void concurrentSyncsOfOneWabaShareOneCallAndAFailedCallChangesNothing() {
    String waba = newWaba();
    meta.templates.put(waba, List.of(body("1", "a", "en", "APPROVED", "A")));
    await(library.sync(waba));
    CompletableFuture<List<TemplateDefinition>> hold = new CompletableFuture<>();
    meta.held.put(waba, hold);
    int before = meta.calls.get();
    CompletionStage<TemplateLibrary.SyncResult> first = library.sync(waba);
    CompletionStage<TemplateLibrary.SyncResult> second = library.sync(waba);
    assertSame(first, second);
    hold.completeExceptionally(new IllegalStateException("Meta is down"));
    assertTrue(first.toCompletableFuture().handle((r, e) -> e != null).join());
    assertEquals(before + 1, meta.calls.get());
    meta.held.remove(waba);
    assertTrue(await(library.find(waba, "a", "en")).isPresent());
  }

  @Test
  void thePeriodicSyncSkipsAWabaSyncedRecentlyUnlessForced() {
    String fresh = newWaba();
    String stale = newWaba();
    meta.templates.put(fresh, List.of(body("1", "f", "en", "APPROVED", "F")));
    meta.templates.put(stale, List.of(body("2", "s", "en", "APPROVED", "S")));
    await(library.sync(fresh));
    wabas.clear();
    wabas.addAll(List.of(fresh, stale));
    List<TemplateLibrary.SyncResult> periodic = await(library.syncAll(false));
    assertEquals(List.of(stale), periodic.stream().map(TemplateLibrary.SyncResult::wabaId).toList());
    List<TemplateLibrary.SyncResult> forced = await(library.syncAll(true));
    assertEquals(2, forced.size());
    wabas.clear();
  }

  @Test
  void aStatusWebhookChangesSendabilityAtOnceBetweenSyncs() {
    String waba = newWaba();
    meta.templates.put(waba, List.of(body("1", "order_update", "en_US", "APPROVED", "Hi {{1}}")));
    await(library.sync(waba));
    Instant after = Instant.now().plusSeconds(1);

    for (String event : List.of("PAUSED", "REJECTED", "DISABLED")) {
      Template changed = await(library.applyStatus(waba, "order_update", "en_US", event, after)).orElseThrow();
      assertEquals(event, changed.status());
      assertEquals(Optional.empty(), await(library.find(waba, "order_update", "en_US")), event);
      assertEquals(List.of("1"), await(library.get(waba, "order_update", "en_US")).orElseThrow().placeholders("BODY"));
      assertTrue(await(library.applyStatus(waba, "order_update", "en_US", "APPROVED", after)).isPresent());
      assertTrue(await(library.find(waba, "order_update", "en_US")).isPresent(), "approved again after " + event);
    }
    // REINSTATED is approved again; FLAGGED or an unknown event does not change what can be sent.
    await(library.applyStatus(waba, "order_update", "en_US", "PAUSED", after));
    assertTrue(await(library.applyStatus(waba, "order_update", "en_US", "REINSTATED", after)).isPresent());
    assertTrue(await(library.find(waba, "order_update", "en_US")).isPresent());
    assertEquals(Optional.empty(), await(library.applyStatus(waba, "order_update", "en_US", "FLAGGED", after)));
    assertEquals(Optional.empty(), await(library.applyStatus(waba, "order_update", "en_US", "SOMETHING_NEW", after)));
    assertEquals(Optional.empty(), await(library.applyStatus(waba, "order_update", "en_US", "APPROVED", after)), "no change");
    assertEquals("APPROVED", await(library.get(waba, "order_update", "en_US")).orElseThrow().status());
  }

  @Test
  void aStatusWebhookOlderThanTheLastSyncIsIgnored() {
    String waba = newWaba();
    meta.templates.put(waba, List.of(body("1", "late", "en", "APPROVED", "L")));
    Instant syncedAt = await(library.sync(waba)).syncedAt();
    assertEquals(
        Optional.empty(),
        await(library.applyStatus(waba, "late", "en", "PAUSED", syncedAt.minusSeconds(60))),
        "the sync saw a newer state");
    assertTrue(await(library.find(waba, "late", "en")).isPresent());
    assertTrue(await(library.applyStatus(waba, "late", "en", "PAUSED", null)).isPresent(), "no time: applied");
    assertEquals(Optional.empty(), await(library.find(waba, "late", "en")));
  }

  @Test
  void anApprovalOfATemplateNotSyncedYetSyncsItsWaba() {
    String waba = newWaba();
    String foreign = newWaba();
    wabas.add(waba);
    meta.templates.put(waba, List.of(body("9", "brand_new", "en", "APPROVED", "New {{1}}")));
    meta.templates.put(foreign, List.of(body("8", "brand_new", "en", "APPROVED", "X")));
    int before = meta.calls.get();

    assertEquals(Optional.empty(), await(library.applyStatus(waba, "brand_new", "en", "REJECTED", null)));
    assertEquals(Optional.empty(), await(library.applyStatus(foreign, "brand_new", "en", "APPROVED", null)));
    assertEquals(before, meta.calls.get(), "no sync for a rejection nor for a WABA not ours");
    assertEquals(Optional.empty(), await(library.applyStatus(waba, "brand_new", "en", "APPROVED", null)));
    kit.createTestProbe()
        .awaitAssert(
            Duration.ofSeconds(30),
            () -> {
              assertTrue(await(library.find(waba, "brand_new", "en")).isPresent(), "the background sync stored it");
              return null;
            });
    assertEquals(List.of("1"), await(library.find(waba, "brand_new", "en")).orElseThrow().placeholders("BODY"));
    assertEquals(before + 1, meta.calls.get());
  }
}
