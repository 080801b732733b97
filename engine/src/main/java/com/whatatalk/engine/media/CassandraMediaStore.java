package com.whatatalk.engine.media;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media store in the journal's Cassandra (tables of {@code create_media_tables.cql}): each file
 * is cut into {@code chunk-size} chunks, one small partition each, written a few at a time while
 * the bytes stream in (and hashed on the way), then its {@code media} row is written: a row there
 * is a complete file. A Meta media id is linked last with a lightweight transaction, so the first
 * complete copy wins and a replayed or concurrent download throws its own copy away. Reads stream
 * the chunks back with a small read-ahead. Memory is bounded by chunk size x parallelism, whatever
 * the file's size. Writes and reads use {@code LOCAL_QUORUM} by default, so a file written on one
 * node is readable from every other.
 */
public final class CassandraMediaStore implements MediaStore {
  private static final Logger log = LoggerFactory.getLogger(CassandraMediaStore.class);

  private final ActorSystem<?> system;
  private final MediaSettings settings;
  private final CassandraSession session;
  private final CompletionStage<Done> ready;
  private final ConcurrentHashMap<String, CompletionStage<PreparedStatement>> prepared =
      new ConcurrentHashMap<>();
  private final String insertChunk;
  private final String selectChunk;
  private final String deleteChunk;
  private final String insertMedia;
  private final String selectMedia;
  private final String deleteMedia;
  private final String updateMetaId;
  private final String insertLink;
  private final String selectLink;
  private final String deleteLink;

  /**
   * The store on the journal's session and keyspace, configured from {@code crm.engine.media}; its
   * tables are created first when the journal's {@code tables-autocreate} is on.
   */
  public static CassandraMediaStore create(ActorSystem<?> system) {
    return new CassandraMediaStore(
        system, MediaSettings.create(system), MediaSchema.createIfConfigured(system));
  }

  CassandraMediaStore(ActorSystem<?> system, MediaSettings settings, CompletionStage<Done> ready) {
    this.system = system;
    this.settings = settings;
    this.session = MediaSchema.session(system);
    this.ready = ready;
    String ks = MediaSchema.keyspace(system);
    insertChunk = "INSERT INTO " + ks + ".media_chunks (media_id, chunk_index, data) VALUES (?, ?, ?)";
    selectChunk = "SELECT data FROM " + ks + ".media_chunks WHERE media_id = ? AND chunk_index = ?";
    deleteChunk = "DELETE FROM " + ks + ".media_chunks WHERE media_id = ? AND chunk_index = ?";
    insertMedia =
        "INSERT INTO " + ks + ".media (media_id, content_type, filename, size, sha256, chunk_size,"
            + " chunk_count, phone_number_id, meta_media_id, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    selectMedia =
        "SELECT media_id, content_type, filename, size, sha256, chunk_size, chunk_count,"
            + " phone_number_id, meta_media_id, created_at FROM " + ks + ".media WHERE media_id = ?";
    deleteMedia = "DELETE FROM " + ks + ".media WHERE media_id = ?";
    updateMetaId =
        "UPDATE " + ks + ".media SET phone_number_id = ?, meta_media_id = ? WHERE media_id = ?";
    insertLink =
        "INSERT INTO " + ks + ".media_by_meta_id (phone_number_id, meta_media_id, media_id)"
            + " VALUES (?, ?, ?) IF NOT EXISTS";
    selectLink =
        "SELECT media_id FROM " + ks + ".media_by_meta_id"
            + " WHERE phone_number_id = ? AND meta_media_id = ?";
    deleteLink =
        "DELETE FROM " + ks + ".media_by_meta_id WHERE phone_number_id = ? AND meta_media_id = ?";
  }

  /** Completes when the tables exist (at once when they are created by script). */
  public CompletionStage<Done> ready() {
    return ready;
  }

  @Override
  public CompletionStage<StoredMedia> store(NewMedia media, Source<ByteString, ?> bytes) {
    long limit = Math.min(media.maxSize() <= 0 ? Long.MAX_VALUE : media.maxSize(), settings.maxSize());
    String mediaId = UUID.randomUUID().toString();
    MessageDigest digest = Sha256.newDigest();
    AtomicLong size = new AtomicLong();
    AtomicLong chunksStarted = new AtomicLong();
    CompletionStage<Long> chunks =
        ready.thenCompose(
            ok ->
                bytes
                    .via(rechunk(settings.chunkSize()))
                    .map(
                        chunk -> {
                          long total = size.addAndGet(chunk.size());
                          if (total > limit) {
                            throw new MediaRejectedException(
                                MediaRejectedException.Reason.TOO_LARGE,
                                "the file is larger than " + limit + " bytes");
                          }
                          digest.update(chunk.asByteBuffer());
                          return chunk;
                        })
                    .zipWithIndex()
                    .mapAsync(
                        settings.writeParallelism(),
                        p -> {
                          chunksStarted.incrementAndGet();
                          return writeChunk(mediaId, p.second().intValue(), p.first());
                        })
                    .runWith(Sink.fold(0L, (n, done) -> n + 1), system));
    return chunks
        .thenCompose(
            count -> {
              String actual = Sha256.hex(digest.digest());
              Optional<byte[]> expected = media.expectedSha256().flatMap(Sha256::parse);
              if (expected.isPresent() && !Sha256.hex(expected.get()).equals(actual)) {
                throw new MediaIntegrityException(media.expectedSha256().get(), actual);
              }
              StoredMedia stored =
                  new StoredMedia(
                      mediaId,
                      media.contentType(),
                      media.filename(),
                      size.get(),
                      actual,
                      settings.chunkSize(),
                      count.intValue(),
                      media.metaKey().map(MetaKey::phoneNumberId).orElse(null),
                      media.metaKey().map(MetaKey::metaMediaId).orElse(null),
                      Instant.now().truncatedTo(ChronoUnit.MILLIS));
              return writeRecord(stored);
            })
        .thenCompose(stored -> media.metaKey().isPresent() ? link(stored) : completed(stored))
        .whenComplete(
            (stored, failure) -> {
              if (failure != null) {
                // Nothing half-written stays behind (no media row was written, or it is gone).
                deleteChunks(mediaId, chunksStarted.intValue());
              }
            });
  }

  // The first complete copy of a Meta media id wins; a later one is thrown away.
  private CompletionStage<StoredMedia> link(StoredMedia stored) {
    return bind(insertLink, settings.writeConsistency(), stored.phoneNumberId(), stored.metaMediaId(), stored.mediaId())
        .thenCompose(statement -> session.selectOne(statement))
        .thenCompose(
            row -> {
              boolean applied = row.map(r -> r.getBoolean("[applied]")).orElse(true);
              if (applied) {
                return completed(stored);
              }
              String winner = row.get().getString("media_id");
              log.debug("media {} already stored as {}; dropping copy {}", stored.metaMediaId(), winner, stored.mediaId());
              return deleteStored(stored)
                  .thenCompose(done -> find(winner))
                  .thenApply(
                      found ->
                          found.orElseThrow(
                              () -> new IllegalStateException("linked media " + winner + " is missing")));
            });
  }

  @Override
  public CompletionStage<Optional<StoredMedia>> find(String mediaId) {
    return ready
        .thenCompose(ok -> bind(selectMedia, settings.readConsistency(), mediaId))
        .thenCompose(session::selectOne)
        .thenApply(row -> row.map(CassandraMediaStore::toStored));
  }

  @Override
  public CompletionStage<Optional<StoredMedia>> findByMetaId(String phoneNumberId, String metaMediaId) {
    return ready
        .thenCompose(ok -> bind(selectLink, settings.readConsistency(), phoneNumberId, metaMediaId))
        .thenCompose(session::selectOne)
        .thenCompose(
            row -> row.isEmpty() ? completed(Optional.<StoredMedia>empty()) : find(row.get().getString("media_id")));
  }

  @Override
  public CompletionStage<Optional<MediaBytes>> read(String mediaId) {
    return find(mediaId).thenApply(found -> found.map(m -> new MediaBytes(m, chunks(m, 0, m.chunkCount()))));
  }

  @Override
  public Source<ByteString, NotUsed> readRange(StoredMedia media, long from, long until) {
    if (from < 0 || from > until || until > media.size()) {
      throw new IllegalArgumentException(
          "bytes " + from + " to " + until + " are not within the " + media.size() + " of media " + media.mediaId());
    }
    if (from == until) {
      return Source.empty();
    }
    long chunk = media.chunkSize();
    int first = (int) (from / chunk);
    return chunks(media, first, (int) ((until - 1) / chunk) + 1)
        .zipWithIndex()
        .map(
            p -> {
              long start = (first + p.second()) * chunk;
              ByteString data = p.first();
              return data.slice((int) Math.max(0, from - start), (int) Math.min(data.size(), until - start));
            });
  }

  /** Chunks {@code first} (inclusive) to {@code end} (exclusive), in order, with read-ahead. */
  private Source<ByteString, NotUsed> chunks(StoredMedia media, int first, int end) {
    return Source.fromIterator(() -> IntStream.range(first, end).iterator())
        .mapAsync(
            settings.readAhead(),
            index ->
                bind(selectChunk, settings.readConsistency(), media.mediaId(), index)
                    .thenCompose(session::selectOne)
                    .thenApply(
                        row -> {
                          ByteBuffer data =
                              row.map(r -> r.getByteBuffer("data"))
                                  .orElseThrow(
                                      () ->
                                          new IllegalStateException(
                                              "media " + media.mediaId() + " misses chunk " + index));
                          return ByteString.fromByteBuffer(data);
                        }));
  }

  @Override
  public CompletionStage<StoredMedia> linkMetaId(String mediaId, String phoneNumberId, String metaMediaId) {
    return find(mediaId)
        .thenCompose(
            found -> {
              StoredMedia media =
                  found.orElseThrow(() -> new IllegalArgumentException("unknown media " + mediaId));
              return bind(updateMetaId, settings.writeConsistency(), phoneNumberId, metaMediaId, mediaId)
                  .thenCompose(session::executeWrite)
                  .thenCompose(
                      ok ->
                          bind(insertLink.replace(" IF NOT EXISTS", ""), settings.writeConsistency(),
                              phoneNumberId, metaMediaId, mediaId))
                  .thenCompose(session::executeWrite)
                  .thenApply(ok -> media.withMetaId(phoneNumberId, metaMediaId));
            });
  }

  @Override
  public CompletionStage<Done> delete(String mediaId) {
    return find(mediaId)
        .thenCompose(found -> found.map(this::deleteStored).orElseGet(() -> completed(Done.getInstance())));
  }

  // Link and record first (readers stop finding it), then the chunks.
  private CompletionStage<Done> deleteStored(StoredMedia media) {
    CompletionStage<Done> unlinked =
        media.metaMediaId() == null
            ? completed(Done.getInstance())
            : findLinked(media.phoneNumberId(), media.metaMediaId())
                .thenCompose(
                    linked ->
                        linked.filter(media.mediaId()::equals).isPresent()
                            ? bind(deleteLink, settings.writeConsistency(), media.phoneNumberId(), media.metaMediaId())
                                .thenCompose(session::executeWrite)
                            : completed(Done.getInstance()));
    return unlinked
        .thenCompose(ok -> bind(deleteMedia, settings.writeConsistency(), media.mediaId()))
        .thenCompose(session::executeWrite)
        .thenCompose(ok -> deleteChunks(media.mediaId(), media.chunkCount()));
  }

  private CompletionStage<Optional<String>> findLinked(String phoneNumberId, String metaMediaId) {
    return bind(selectLink, settings.readConsistency(), phoneNumberId, metaMediaId)
        .thenCompose(session::selectOne)
        .thenApply(row -> row.map(r -> r.getString("media_id")));
  }

  private CompletionStage<Done> deleteChunks(String mediaId, int count) {
    if (count <= 0) {
      return completed(Done.getInstance());
    }
    return Source.fromIterator(() -> IntStream.range(0, count).iterator())
        .mapAsync(
            settings.writeParallelism(),
            index ->
                bind(deleteChunk, settings.writeConsistency(), mediaId, index)
                    .thenCompose(session::executeWrite))
        .runWith(Sink.ignore(), system)
        .exceptionally(
            failure -> {
              log.warn("could not delete the chunks of media {}: {}", mediaId, failure.toString());
              return Done.getInstance();
            });
  }

  private CompletionStage<Done> writeChunk(String mediaId, int index, ByteString chunk) {
    return bind(insertChunk, settings.writeConsistency(), mediaId, index, ByteBuffer.wrap(chunk.toArray()))
        .thenCompose(session::executeWrite);
  }

  private CompletionStage<StoredMedia> writeRecord(StoredMedia m) {
    return bind(
            insertMedia,
            settings.writeConsistency(),
            m.mediaId(),
            m.contentType(),
            m.filename(),
            m.size(),
            m.sha256(),
            m.chunkSize(),
            m.chunkCount(),
            m.phoneNumberId(),
            m.metaMediaId(),
            m.createdAt())
        .thenCompose(session::executeWrite)
        .thenApply(ok -> m);
  }

  private CompletionStage<BoundStatement> bind(String cql, ConsistencyLevel consistency, Object... values) {
    return prepared
        .computeIfAbsent(cql, session::prepare)
        .thenApply(ps -> ps.bind(values).setConsistencyLevel(consistency));
  }

  private static StoredMedia toStored(Row r) {
    return new StoredMedia(
        r.getString("media_id"),
        r.getString("content_type"),
        r.getString("filename"),
        r.getLong("size"),
        r.getString("sha256"),
        r.getInt("chunk_size"),
        r.getInt("chunk_count"),
        r.getString("phone_number_id"),
        r.getString("meta_media_id"),
        r.getInstant("created_at"));
  }

  /** Cuts a byte stream into pieces of exactly {@code size} bytes (the last one may be shorter). */
  static Flow<ByteString, ByteString, NotUsed> rechunk(int size) {
    return Flow.<ByteString>create()
        .<ByteString, List<ByteString>>statefulMap(
            ByteString::emptyByteString,
            (ByteString buffer, ByteString in) -> {
              ByteString all = buffer.concat(in);
              List<ByteString> full = new ArrayList<>();
              while (all.size() >= size) {
                full.add(all.take(size).compact());
                all = all.drop(size);
              }
              return Pair.create(all, full);
            },
            rest -> rest.isEmpty() ? Optional.empty() : Optional.of(List.of(rest.compact())))
        .<ByteString>mapConcat(chunks -> chunks);
  }

  private static <T> CompletionStage<T> completed(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
