package com.whatatalk.engine.media;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.whatatalk.engine.conversation.MessageContent;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;

/**
 * The fetch log in the journal's Cassandra: {@code media_fetch_status} (one row per media, kept)
 * and {@code media_fetch_failures} (the retry queue, one partition per slice).
 */
public final class CassandraMediaFetchLog implements MediaFetchLog {
  private final CassandraSession session;
  private final CompletionStage<Done> ready;
  private final MediaSettings settings;
  private final ConcurrentHashMap<String, CompletionStage<PreparedStatement>> prepared =
      new ConcurrentHashMap<>();
  private final String insertStatus;
  private final String selectStatus;
  private final String insertFailure;
  private final String deleteFailure;
  private final String selectFailures;

  /** On the journal's session and keyspace; tables as {@link CassandraMediaStore#create}. */
  public static CassandraMediaFetchLog create(ActorSystem<?> system) {
    return new CassandraMediaFetchLog(
        system, MediaSettings.create(system), MediaSchema.createIfConfigured(system));
  }

  CassandraMediaFetchLog(ActorSystem<?> system, MediaSettings settings, CompletionStage<Done> ready) {
    this.session = MediaSchema.session(system);
    this.settings = settings;
    this.ready = ready;
    String ks = MediaSchema.keyspace(system);
    insertStatus =
        "INSERT INTO " + ks + ".media_fetch_status (phone_number_id, meta_media_id, state,"
            + " media_id, conversation_id, slice, wamid, kind, mime_type, sha256, filename,"
            + " attempts, error_code, error_title, error_details, will_retry, first_seen_at,"
            + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    selectStatus =
        "SELECT * FROM " + ks + ".media_fetch_status WHERE phone_number_id = ? AND meta_media_id = ?";
    insertFailure =
        "INSERT INTO " + ks + ".media_fetch_failures (slice, phone_number_id, meta_media_id,"
            + " failed_at) VALUES (?, ?, ?, ?)";
    deleteFailure =
        "DELETE FROM " + ks + ".media_fetch_failures"
            + " WHERE slice = ? AND phone_number_id = ? AND meta_media_id = ?";
    selectFailures =
        "SELECT phone_number_id, meta_media_id FROM " + ks + ".media_fetch_failures"
            + " WHERE slice = ? LIMIT ?";
  }

  @Override
  public CompletionStage<Optional<Entry>> get(String phoneNumberId, String metaMediaId) {
    return ready
        .thenCompose(ok -> bind(selectStatus, settings.readConsistency(), phoneNumberId, metaMediaId))
        .thenCompose(session::selectOne)
        .thenApply(row -> row.map(CassandraMediaFetchLog::toEntry));
  }

  @Override
  public CompletionStage<Done> record(MediaFetchRequest r, MediaStatus s) {
    MediaStatus.Reason reason = s.reason();
    CompletionStage<Done> status =
        ready
            .thenCompose(
                ok ->
                    bind(
                        insertStatus,
                        settings.writeConsistency(),
                        r.phoneNumberId(),
                        r.metaMediaId(),
                        s.state().name(),
                        s.mediaId(),
                        r.conversationId(),
                        r.slice(),
                        r.wamid(),
                        r.kind() == null ? null : r.kind().name(),
                        r.mimeType(),
                        r.sha256(),
                        r.filename(),
                        s.attempts(),
                        reason == null ? null : reason.code(),
                        reason == null ? null : reason.title(),
                        reason == null ? null : reason.details(),
                        s.willRetry(),
                        s.firstSeenAt(),
                        s.updatedAt()))
            .thenCompose(session::executeWrite);
    boolean queued = s.state() == MediaStatus.State.FAILED && s.willRetry();
    return status
        .thenCompose(
            ok ->
                queued
                    ? bind(insertFailure, settings.writeConsistency(), r.slice(), r.phoneNumberId(),
                        r.metaMediaId(), s.updatedAt())
                    : bind(deleteFailure, settings.writeConsistency(), r.slice(), r.phoneNumberId(),
                        r.metaMediaId()))
        .thenCompose(session::executeWrite);
  }

  @Override
  public CompletionStage<List<Failure>> failures(int slice, int limit) {
    return ready
        .thenCompose(ok -> bind(selectFailures, settings.readConsistency(), slice, limit))
        .thenCompose(session::selectAll)
        .thenApply(
            rows ->
                rows.stream()
                    .map(r -> new Failure(r.getString("phone_number_id"), r.getString("meta_media_id")))
                    .toList());
  }

  @Override
  public CompletionStage<Done> forget(int slice, Failure failure) {
    return ready
        .thenCompose(
            ok ->
                bind(deleteFailure, settings.writeConsistency(), slice, failure.phoneNumberId(),
                    failure.metaMediaId()))
        .thenCompose(session::executeWrite);
  }

  private CompletionStage<BoundStatement> bind(String cql, ConsistencyLevel consistency, Object... values) {
    return prepared
        .computeIfAbsent(cql, session::prepare)
        .thenApply(ps -> ps.bind(values).setConsistencyLevel(consistency));
  }

  private static Entry toEntry(Row r) {
    String kind = r.getString("kind");
    MediaFetchRequest request =
        new MediaFetchRequest(
            r.getString("phone_number_id"),
            r.getString("meta_media_id"),
            r.getString("conversation_id"),
            r.getInt("slice"),
            r.getString("wamid"),
            kind == null ? null : MessageContent.MediaKind.valueOf(kind),
            r.getString("mime_type"),
            r.getString("sha256"),
            r.getString("filename"));
    MediaStatus.Reason reason =
        r.isNull("error_code")
            ? null
            : new MediaStatus.Reason(
                r.getInt("error_code"), r.getString("error_title"), r.getString("error_details"));
    MediaStatus status =
        new MediaStatus(
            request.phoneNumberId(),
            request.metaMediaId(),
            MediaStatus.State.valueOf(r.getString("state")),
            r.getString("media_id"),
            r.getInt("attempts"),
            reason,
            r.getBoolean("will_retry"),
            r.getInstant("first_seen_at"),
            r.getInstant("updated_at"));
    return new Entry(request, status);
  }
}
