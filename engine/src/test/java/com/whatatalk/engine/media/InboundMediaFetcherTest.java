package com.whatatalk.engine.media;

import static com.whatatalk.engine.media.MediaTesting.await;
import static com.whatatalk.engine.media.MediaTesting.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.deploy.cassandra.junit.CassandraExtension;
import com.whatatalk.engine.CassandraSchema;
import com.whatatalk.engine.cloudapi.CloudApiSettings;
import com.whatatalk.engine.cloudapi.CloudApiWhatsAppClient;
import com.whatatalk.engine.cloudapi.MetaErrorCodes;
import com.whatatalk.engine.conversation.Conversation;
import com.whatatalk.engine.conversation.MessageContent;
import com.whatatalk.simulator.CloudApiSimulator;
import com.whatatalk.simulator.SimulatorSettings;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The inbound media fetcher end to end: a conversation persists an inbound media message in the
 * real Cassandra journal, the projection sees it, downloads the bytes from the Cloud API simulator
 * over loopback and stores them; faults are injected in front of the simulator per media id.
 */
@ExtendWith(CassandraExtension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InboundMediaFetcherTest {
  private static final String NUMBER = "106540352242922";
  private static final int SLICES = 2;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ActorTestKit testKit;
  private final ActorSystem<?> system;
  private final CloudApiSimulator simulator;
  private final FaultyClient client;
  private final CassandraMediaStore store;
  private final CassandraMediaFetchLog fetchLog;
  private final InboundMediaFetcher fetcher;

  InboundMediaFetcherTest(CassandraNode cassandra) {
    Config config =
        MediaTesting.config(
            cassandra,
            CassandraExtension.uniqueKeyspace("media_fetcher"),
            """
            crm.engine.conversation.tag-slices = %d
            crm.engine.media.fetcher {
              attempts-per-pass = 3
              min-backoff = 20ms
              max-backoff = 100ms
              sweep-interval = 0s
              save-offset-after = 1
            }
            """
                .formatted(SLICES));
    testKit = ActorTestKit.create("media-fetcher", config);
    system = testKit.system();
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    // The schema first, as the application does: journal, snapshots, offsets, then media.
    // The whole schema, one statement at a time: longer than one await on a busy machine.
    CassandraSchema.create(system).toCompletableFuture().orTimeout(3, java.util.concurrent.TimeUnit.MINUTES).join();
    simulator = CloudApiSimulator.start(SimulatorSettings.defaults().withPort(0), system);
    Config clientConfig =
        ConfigFactory.parseString(
                """
                crm.engine.cloud-api.base-url = "%s"
                crm.engine.cloud-api.default-access-token = "sim-access-token"
                """
                    .formatted(simulator.baseUrl()))
            .withFallback(config);
    client =
        new FaultyClient(new CloudApiWhatsAppClient(system, CloudApiSettings.create(clientConfig)));
    await(MediaSchema.createIfConfigured(system));
    store = CassandraMediaStore.create(system);
    fetchLog = CassandraMediaFetchLog.create(system);
    Conversation.init(system);
    fetcher = InboundMediaFetcher.init(system, client, store, fetchLog);
  }

  @AfterAll
  void shutdown() {
    simulator.close();
    testKit.shutdownTestKit();
  }

  @Test
  void storesACustomersImageSoonAfterItArrives() {
    String customer = newCustomer();
    byte[] bytes = randomBytes(300_000, 1);
    ObjectNode sent = customerSendsImage(customer, bytes);
    String mediaId = sent.get("media_id").asText();

    receive(customer, media(sent, mediaId));

    MediaStatus status = awaitStatus(mediaId, s -> s.state() == MediaStatus.State.STORED);
    assertEquals(1, status.attempts());
    assertNull(status.reason());
    StoredMedia stored = await(store.findByMetaId(NUMBER, mediaId)).orElseThrow();
    assertEquals(status.mediaId(), stored.mediaId());
    assertEquals("image/png", stored.contentType());
    assertEquals(bytes.length, stored.size());
    MediaStore.MediaBytes read = await(store.read(stored.mediaId())).orElseThrow();
    assertEquals(ByteString.fromArray(bytes), MediaTesting.collect(read.bytes(), system));
    assertEquals(1, client.lookups(mediaId));

    // Idempotent: the same media in a later message (or an event replayed after a restart) is not
    // downloaded again; nor is an agent's retry of a stored media.
    receive(customer, media(sent, mediaId));
    String marker = customerSendsImage(customer, randomBytes(1000, 2)).get("media_id").asText();
    receive(customer, media(customerSendsImageReply(marker), marker));
    awaitStatus(marker, s -> s.state() == MediaStatus.State.STORED);
    assertEquals(MediaStatus.State.STORED, await(fetcher.retry(NUMBER, mediaId)).state());
    assertEquals(1, client.lookups(mediaId));
  }

  @Test
  void retriesTransientFailuresWithBackoffThenStores() {
    String customer = newCustomer();
    byte[] bytes = randomBytes(50_000, 3);
    ObjectNode sent = customerSendsImage(customer, bytes);
    String mediaId = sent.get("media_id").asText();
    client.failNext(mediaId, FaultyClient.serverError(), FaultyClient.serverError());

    receive(customer, media(sent, mediaId));

    MediaStatus status = awaitStatus(mediaId, s -> s.state() == MediaStatus.State.STORED);
    assertEquals(3, status.attempts());
    assertEquals(3, client.lookups(mediaId));
    StoredMedia stored = await(store.find(status.mediaId())).orElseThrow();
    assertEquals(Sha256.hex(Sha256.newDigest().digest(bytes)), stored.sha256());
  }

  @Test
  void recordsAPermanentFailureWithMetasCodeAndTitleAndDoesNotRetryIt() {
    String customer = newCustomer();
    String unknown = "990000000000" + (System.nanoTime() % 10_000);

    receive(customer, MessageContent.Media.byId(MessageContent.MediaKind.DOCUMENT, unknown, null));

    MediaStatus status = awaitStatus(unknown, s -> s.state() == MediaStatus.State.FAILED);
    assertEquals(100, status.reason().code(), status.reason().summary());
    assertTrue(status.reason().title().contains("does not exist"), status.reason().summary());
    assertFalse(status.willRetry());
    assertEquals(1, status.attempts());
    assertEquals(1, client.lookups(unknown));
    assertTrue(
        await(fetchLog.failures(slice(customer), 100)).stream()
            .noneMatch(f -> f.metaMediaId().equals(unknown)),
        "permanent failures are not swept");
  }

  @Test
  void aFailedPassIsKeptForTheSweepWhichStoresItLater() {
    String customer = newCustomer();
    byte[] bytes = randomBytes(20_000, 4);
    ObjectNode sent = customerSendsImage(customer, bytes);
    String mediaId = sent.get("media_id").asText();
    // Three attempts per pass: the whole first pass fails, and the sweep's first attempt too.
    for (int i = 0; i < 4; i++) {
      client.failNext(mediaId, FaultyClient.serverError());
    }

    receive(customer, media(sent, mediaId));

    MediaStatus failed = awaitStatus(mediaId, s -> s.state() == MediaStatus.State.FAILED);
    assertTrue(failed.willRetry());
    assertEquals(3, failed.attempts());
    assertEquals(MetaErrorCodes.SERVER_ERROR, failed.reason().code());
    int slice = slice(customer);
    // The failure is queued right after the status is written: wait for it, boundedly.
    MediaTesting.eventually(
        () -> await(fetchLog.failures(slice, 100)),
        failures -> failures.contains(new MediaFetchLog.Failure(NUMBER, mediaId)),
        "the failure queued for the sweep");

    await(fetcher.sweep(slice)); // stores it (unless the periodic sweep already did)

    MediaStatus stored = awaitStatus(mediaId, s -> s.state() == MediaStatus.State.STORED);
    assertEquals(5, stored.attempts());
    assertEquals(failed.firstSeenAt(), stored.firstSeenAt());
    assertFalse(
        await(fetchLog.failures(slice, 100)).contains(new MediaFetchLog.Failure(NUMBER, mediaId)));
  }

  @Test
  void anAgentCanRetryAMediaThatFailedForGood() {
    String customer = newCustomer();
    ObjectNode sent = customerSendsImage(customer, randomBytes(10_000, 5));
    String mediaId = sent.get("media_id").asText();
    client.failNext(mediaId, FaultyClient.permissionDenied());

    receive(customer, media(sent, mediaId));

    MediaStatus failed = awaitStatus(mediaId, s -> s.state() == MediaStatus.State.FAILED);
    assertFalse(failed.willRetry());
    assertEquals("(#10) Permission denied", failed.reason().summary());

    MediaStatus retried = await(fetcher.retry(NUMBER, mediaId));
    assertEquals(MediaStatus.State.STORED, retried.state());
    assertEquals(retried, await(fetcher.status(NUMBER, mediaId)).orElseThrow());
  }

  @Test
  void unknownMediaHasNoStatusAndCannotBeRetried() {
    assertEquals(Optional.empty(), await(fetcher.status(NUMBER, "123")));
    assertInstanceOf(IllegalArgumentException.class, failure(fetcher.retry(NUMBER, "123")));
  }

  // --- helpers ---

  private static String newCustomer() {
    return "1650" + (1_000_000 + Math.floorMod(UUID.randomUUID().hashCode(), 8_999_999));
  }

  private static int slice(String customer) {
    String tag = Conversation.tagFor(Conversation.entityId(NUMBER, customer), SLICES);
    return Integer.parseInt(tag.substring(Conversation.TAG_PREFIX.length()));
  }

  private static byte[] randomBytes(int n, long seed) {
    byte[] bytes = new byte[n];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  // The simulator's customer sends an image: it keeps the bytes and answers its media id and the
  // message as the webhook carries it (sha256 in base64, a download URL).
  private ObjectNode customerSendsImage(String customer, byte[] bytes) {
    ObjectNode spec = JSON.createObjectNode().put("type", "image");
    spec.putObject("image")
        .put("mime_type", "image/png")
        .put("caption", "look")
        .put("data_base64", Base64.getEncoder().encodeToString(bytes));
    ObjectNode reply = simulator.customerSends(customer, spec);
    replies.put(reply.get("media_id").asText(), reply);
    return reply;
  }

  private final java.util.Map<String, ObjectNode> replies = new java.util.concurrent.ConcurrentHashMap<>();

  private ObjectNode customerSendsImageReply(String mediaId) {
    return replies.get(mediaId);
  }

  private static MessageContent.Media media(ObjectNode sent, String mediaId) {
    var image = sent.path("message").path("image");
    return new MessageContent.Media(
        MessageContent.MediaKind.IMAGE,
        mediaId,
        image.path("url").asText(null),
        image.path("caption").asText(null),
        null,
        image.path("mime_type").asText(null),
        image.path("sha256").asText(null));
  }

  private void receive(String customer, MessageContent content) {
    String wamid = "wamid.media-" + UUID.randomUUID();
    await(
        ClusterSharding.get(system)
            .entityRefFor(Conversation.ENTITY_KEY, Conversation.entityId(NUMBER, customer))
            .<Conversation.Summary>askWithStatus(
                replyTo ->
                    new Conversation.ReceiveInbound(
                        wamid, customer, null, "Sheena", Instant.now(), null, content, replyTo),
                MediaTesting.TIMEOUT));
  }

  private MediaStatus awaitStatus(String mediaId, Predicate<MediaStatus> done) {
    return MediaTesting.eventually(
            () -> await(fetcher.status(NUMBER, mediaId)),
            s -> s.isPresent() && done.test(s.get()),
            "media " + mediaId + " settled")
        .orElseThrow();
  }
}
