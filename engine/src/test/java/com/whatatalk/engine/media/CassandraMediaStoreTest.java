package com.whatatalk.engine.media;

import static com.whatatalk.engine.media.MediaTesting.await;
import static com.whatatalk.engine.media.MediaTesting.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.deploy.cassandra.junit.CassandraExtension;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The chunked media store against the real Cassandra. */
@ExtendWith(CassandraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CassandraMediaStoreTest {
  private static final int CHUNK = 256 * 1024;
  private static final String NUMBER = "106540352242922";

  private final ActorTestKit testKit;
  private final ActorSystem<?> system;
  private final CassandraMediaStore store;
  private final String keyspace;

  CassandraMediaStoreTest(CassandraNode cassandra) {
    keyspace = CassandraExtension.uniqueKeyspace("media_store");
    testKit =
        ActorTestKit.create(
            "media-store",
            MediaTesting.config(cassandra, keyspace, "crm.engine.media.chunk-size = 256 KiB"));
    system = testKit.system();
    store = CassandraMediaStore.create(system);
    await(store.ready());
  }

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void storesAMultiChunkFileAndStreamsItBackChunkByChunk() {
    long size = 3L * 1024 * 1024 + 12_345; // 13 chunks, the last one partial
    String expected = await(MediaTesting.sha256(MediaTesting.generated(size, 8 * 1024, 7), system));

    StoredMedia stored =
        await(
            store.store(
                MediaStore.NewMedia.of("application/pdf", "report.pdf", 0),
                MediaTesting.generated(size, 8 * 1024, 7)));

    assertEquals(size, stored.size());
    assertEquals(expected, stored.sha256());
    assertEquals(13, stored.chunkCount());
    assertEquals(CHUNK, stored.chunkSize());
    assertEquals(stored, await(store.find(stored.mediaId())).orElseThrow());

    MediaStore.MediaBytes read = await(store.read(stored.mediaId())).orElseThrow();
    AtomicInteger elements = new AtomicInteger();
    AtomicInteger largest = new AtomicInteger();
    String readBack =
        await(
            MediaTesting.sha256(
                read.bytes()
                    .map(
                        b -> {
                          elements.incrementAndGet();
                          largest.accumulateAndGet(b.size(), Math::max);
                          return b;
                        }),
                system));
    assertEquals(expected, readBack);
    // Streamed one chunk at a time: never more than a chunk per element, never the whole file.
    assertEquals(13, elements.get());
    assertEquals(CHUNK, largest.get());
    assertEquals(13L, chunkRows(stored.mediaId()));
  }

  @Test
  void readsARangeFromOnlyTheChunksThatHoldIt() {
    long size = 2L * CHUNK + 1_000; // 3 chunks, the last one partial
    ByteString all = MediaTesting.collect(MediaTesting.generated(size, 8 * 1024, 11), system);
    StoredMedia stored =
        await(store.store(MediaStore.NewMedia.of("video/mp4", null, 0), MediaTesting.generated(size, 8 * 1024, 11)));

    // {from, until, chunks read}
    long[][] ranges = {
      {10, 20, 1}, // inside the first chunk
      {CHUNK - 5, CHUNK + 5, 2}, // across a chunk boundary
      {CHUNK, 2L * CHUNK, 1}, // exactly the middle chunk
      {2L * CHUNK + 999, size, 1}, // the last byte
      {0, size, 3}, // the whole file
      {CHUNK, CHUNK, 0}, // nothing
    };
    for (long[] r : ranges) {
      AtomicInteger elements = new AtomicInteger();
      ByteString read =
          MediaTesting.collect(
              store.readRange(stored, r[0], r[1]).map(b -> {
                elements.incrementAndGet();
                return b;
              }),
              system);
      assertEquals(all.slice((int) r[0], (int) r[1]), read, r[0] + "-" + r[1]);
      assertEquals(r[2], elements.get(), "chunks read for " + r[0] + "-" + r[1]);
    }
    assertThrows(IllegalArgumentException.class, () -> store.readRange(stored, 0, size + 1));
  }

  @Test
  void storesAndReadsAnEmptyFile() {
    StoredMedia stored =
        await(store.store(MediaStore.NewMedia.of("text/plain", null, 0), Source.empty()));
    assertEquals(0, stored.size());
    assertEquals(0, stored.chunkCount());
    assertEquals(Sha256.hex(Sha256.newDigest().digest()), stored.sha256());
    assertNull(stored.filename());
    MediaStore.MediaBytes read = await(store.read(stored.mediaId())).orElseThrow();
    assertEquals(ByteString.emptyByteString(), MediaTesting.collect(read.bytes(), system));
  }

  @Test
  void storingTheSameMetaMediaIdAgainKeepsTheFirstCopy() {
    ByteString bytes = ByteString.fromString("a photo of a cat".repeat(40_000)); // 640 KB
    MediaStore.MetaKey key = new MediaStore.MetaKey(NUMBER, "1037543291543636");
    MediaStore.NewMedia media =
        new MediaStore.NewMedia("image/jpeg", null, Optional.empty(), Optional.of(key), 0);

    StoredMedia first = await(store.store(media, Source.single(bytes)));
    StoredMedia second = await(store.store(media, Source.single(bytes)));

    assertEquals(first, second);
    assertEquals(first, await(store.findByMetaId(NUMBER, "1037543291543636")).orElseThrow());
    assertEquals(NUMBER, first.phoneNumberId());
    assertEquals("1037543291543636", first.metaMediaId());
    // The second copy was written, lost the race for the id, and was removed again.
    assertEquals(1L, mediaRows(first.mediaId()));
    assertEquals(3L, chunkRows(first.mediaId()));
  }

  @Test
  void acceptsMetasDigestInHexAndInBase64() {
    ByteString bytes = ByteString.fromString("invoice #42");
    byte[] digest = Sha256.newDigest().digest(bytes.toArray());
    for (String sha : List.of(HexFormat.of().formatHex(digest), Base64.getEncoder().encodeToString(digest))) {
      StoredMedia stored =
          await(
              store.store(
                  new MediaStore.NewMedia("text/plain", "invoice.txt", Optional.of(sha), Optional.empty(), 0),
                  Source.single(bytes)));
      assertEquals(HexFormat.of().formatHex(digest), stored.sha256());
    }
  }

  @Test
  void refusesBytesWhoseSha256DoesNotMatchAndKeepsNothing() {
    ByteString bytes = ByteString.fromString("the real bytes".repeat(30_000)); // 420 KB, 2 chunks
    String wrong = Base64.getEncoder().encodeToString(Sha256.newDigest().digest("other".getBytes()));
    MediaStore.MetaKey key = new MediaStore.MetaKey(NUMBER, "777000111");

    Throwable failure =
        failure(
            store.store(
                new MediaStore.NewMedia("image/png", null, Optional.of(wrong), Optional.of(key), 0),
                Source.single(bytes)));

    MediaIntegrityException mismatch = assertInstanceOf(MediaIntegrityException.class, failure);
    assertEquals(wrong, mismatch.expected());
    assertEquals(Optional.empty(), await(store.findByMetaId(NUMBER, "777000111")));
    eventuallyNoOrphans();
  }

  @Test
  void refusesAFileOverTheLimitWhileStreaming() {
    Throwable failure =
        failure(
            store.store(
                MediaStore.NewMedia.of("image/jpeg", null, 600_000),
                MediaTesting.generated(1_000_000, 64 * 1024, 3)));
    MediaRejectedException rejected = assertInstanceOf(MediaRejectedException.class, failure);
    assertEquals(MediaRejectedException.Reason.TOO_LARGE, rejected.reason());
    eventuallyNoOrphans();
  }

  @Test
  void deleteRemovesTheRecordTheChunksAndTheMetaLink() {
    MediaStore.MetaKey key = new MediaStore.MetaKey(NUMBER, "555666777");
    StoredMedia stored =
        await(
            store.store(
                new MediaStore.NewMedia("video/mp4", "clip.mp4", Optional.empty(), Optional.of(key), 0),
                MediaTesting.generated(600_000, 32 * 1024, 11)));
    assertEquals(3L, chunkRows(stored.mediaId()));

    await(store.delete(stored.mediaId()));

    assertEquals(Optional.empty(), await(store.find(stored.mediaId())));
    assertEquals(Optional.empty(), await(store.findByMetaId(NUMBER, "555666777")));
    assertEquals(Optional.empty(), await(store.read(stored.mediaId())));
    assertEquals(0L, chunkRows(stored.mediaId()));
    await(store.delete(stored.mediaId())); // already gone: fine
  }

  @Test
  void linksAMetaMediaIdToAStoredFile() {
    StoredMedia stored =
        await(store.store(MediaStore.NewMedia.of("audio/ogg", "note.ogg", 0), Source.single(ByteString.fromString("ogg"))));
    StoredMedia linked = await(store.linkMetaId(stored.mediaId(), NUMBER, "888999"));
    assertEquals("888999", linked.metaMediaId());
    assertEquals(linked, await(store.findByMetaId(NUMBER, "888999")).orElseThrow());
    assertNotEquals(stored, linked);
  }

  // No chunk rows without a media row (failed stores clean up after themselves).
  private void eventuallyNoOrphans() {
    MediaTesting.eventually(
        () -> {
          List<String> chunkOwners =
              await(
                  MediaSchema.session(system)
                      .select("SELECT media_id FROM " + keyspace + ".media_chunks")
                      .map(r -> r.getString("media_id"))
                      .runWith(Sink.seq(), system));
          return chunkOwners.stream().filter(id -> mediaRows(id) == 0).count();
        },
        orphans -> orphans == 0,
        "no orphan chunks");
  }

  private long chunkRows(String mediaId) {
    return await(
            MediaSchema.session(system)
                .select("SELECT media_id FROM " + keyspace + ".media_chunks")
                .filter(r -> r.getString("media_id").equals(mediaId))
                .runWith(Sink.seq(), system))
        .size();
  }

  private long mediaRows(String mediaId) {
    return await(
            MediaSchema.session(system)
                .selectOne("SELECT media_id FROM " + keyspace + ".media WHERE media_id = ?", mediaId))
        .isPresent()
        ? 1
        : 0;
  }
}
