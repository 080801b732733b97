package com.whatatalk.engine.media;

import static com.whatatalk.engine.media.MediaTesting.await;
import static com.whatatalk.engine.media.MediaTesting.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.deploy.cassandra.junit.CassandraExtension;
import com.whatatalk.engine.cloudapi.CloudApiException;
import com.whatatalk.engine.cloudapi.CloudApiSettings;
import com.whatatalk.engine.cloudapi.CloudApiWhatsAppClient;
import com.whatatalk.engine.cloudapi.MediaDownload;
import com.whatatalk.engine.cloudapi.MediaInfo;
import com.whatatalk.engine.cloudapi.WhatsAppClient;
import com.whatatalk.simulator.CloudApiSimulator;
import com.whatatalk.simulator.SimulatorSettings;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Agents' uploads: into our store and to the Cloud API simulator's /media, or a clear refusal. */
@ExtendWith(CassandraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MediaUploadsTest {
  private static final String NUMBER = "106540352242922";

  private final ActorTestKit testKit;
  private final ActorSystem<?> system;
  private final CloudApiSimulator simulator;
  private final WhatsAppClient client;
  private final CassandraMediaStore store;
  private final MediaUploads uploads;
  private final String keyspace;

  MediaUploadsTest(CassandraNode cassandra) {
    keyspace = CassandraExtension.uniqueKeyspace("media_uploads");
    Config config = MediaTesting.config(cassandra, keyspace, "");
    testKit = ActorTestKit.create("media-uploads", config);
    system = testKit.system();
    simulator = CloudApiSimulator.start(SimulatorSettings.defaults().withPort(0), system);
    client =
        new CloudApiWhatsAppClient(
            system,
            CloudApiSettings.create(
                ConfigFactory.parseString(
                        """
                        crm.engine.cloud-api.base-url = "%s"
                        crm.engine.cloud-api.default-access-token = "sim-access-token"
                        """
                            .formatted(simulator.baseUrl()))
                    .withFallback(config)));
    store = CassandraMediaStore.create(system);
    await(store.ready());
    uploads = new MediaUploads(client, store, system);
  }

  @AfterAll
  void shutdown() {
    simulator.close();
    testKit.shutdownTestKit();
  }

  @Test
  void storesTheFileAndUploadsItToMetaForTheNumber() {
    byte[] bytes = new byte[700_000];
    new Random(9).nextBytes(bytes);

    StoredMedia stored =
        await(
            uploads.upload(
                NUMBER, "image/png", "photo.png", OptionalLong.of(bytes.length),
                MediaTesting.fromArray(bytes, 16 * 1024)));

    assertNotNull(stored.metaMediaId());
    assertEquals(NUMBER, stored.phoneNumberId());
    assertEquals("photo.png", stored.filename());
    assertEquals(3, stored.chunkCount());
    assertEquals(stored, await(store.findByMetaId(NUMBER, stored.metaMediaId())).orElseThrow());
    // Meta (the simulator) holds the same bytes under that id.
    MediaInfo info = await(client.mediaInfo(NUMBER, stored.metaMediaId()));
    assertEquals(stored.sha256(), info.sha256());
    assertEquals("image/png", info.mimeType());
    MediaDownload download = await(client.downloadMedia(NUMBER, info.url()));
    assertEquals(ByteString.fromArray(bytes), MediaTesting.collect(download.bytes(), system));
  }

  @Test
  void refusesATypeWhatsAppDoesNotAcceptWithoutReadingTheFile() {
    AtomicInteger pulled = new AtomicInteger();
    Throwable failure =
        failure(uploads.upload(NUMBER, "image/gif", "cat.gif", OptionalLong.empty(), counted(pulled)));
    MediaRejectedException rejected = assertInstanceOf(MediaRejectedException.class, failure);
    assertEquals(MediaRejectedException.Reason.UNSUPPORTED_TYPE, rejected.reason());
    assertTrue(rejected.getMessage().startsWith("WhatsApp does not accept image/gif files"), rejected.getMessage());
    assertEquals(0, pulled.get());
  }

  @Test
  void refusesAnAnnouncedSizeOverTheTypesLimitWithoutReadingTheFile() {
    AtomicInteger pulled = new AtomicInteger();
    Throwable failure =
        failure(
            uploads.upload(
                NUMBER, "image/jpeg; charset=binary", "big.jpg", OptionalLong.of(6 * 1024 * 1024), counted(pulled)));
    MediaRejectedException rejected = assertInstanceOf(MediaRejectedException.class, failure);
    assertEquals(MediaRejectedException.Reason.TOO_LARGE, rejected.reason());
    assertEquals(
        "the file is 6291456 bytes; WhatsApp accepts image/jpeg files up to 5 MB", rejected.getMessage());
    assertEquals(0, pulled.get());
  }

  @Test
  void refusesAStreamThatTurnsOutLargerThanTheLimitAndKeepsNothing() {
    long before = mediaRows();
    Throwable failure =
        failure(
            uploads.upload(
                NUMBER, "image/webp", "sticker.webp", OptionalLong.empty(),
                MediaTesting.generated(600 * 1024, 32 * 1024, 5)));
    MediaRejectedException rejected = assertInstanceOf(MediaRejectedException.class, failure);
    assertEquals(MediaRejectedException.Reason.TOO_LARGE, rejected.reason());
    assertTrue(rejected.getMessage().endsWith("image/webp files up to 500 KB"), rejected.getMessage());
    assertEquals(before, mediaRows());
  }

  @Test
  void aRefusalAtMetaFailsWithMetasErrorAndRemovesOurCopy() {
    long before = mediaRows();
    Throwable failure =
        failure(
            uploads.upload(
                "999000111", "application/pdf", "doc.pdf", OptionalLong.of(5),
                Source.single(ByteString.fromString("%PDF-"))));
    CloudApiException error = assertInstanceOf(CloudApiException.class, failure);
    assertEquals(100, error.error().code(), error.getMessage());
    assertEquals(before, mediaRows());
  }

  private static Source<ByteString, NotUsed> counted(AtomicInteger pulled) {
    return Source.repeat(ByteString.fromString("x")).take(10).map(b -> {
      pulled.incrementAndGet();
      return b;
    });
  }

  private long mediaRows() {
    return await(
            MediaSchema.session(system)
                .select("SELECT media_id FROM " + keyspace + ".media")
                .runWith(Sink.seq(), system))
        .size();
  }
}
