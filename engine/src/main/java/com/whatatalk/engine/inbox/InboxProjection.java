package com.whatatalk.engine.inbox;

import com.whatatalk.engine.conversation.Conversation;
import com.whatatalk.engine.conversation.ConversationSettings;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.ShardedDaemonProcessSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.Projection;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.cassandra.javadsl.CassandraProjection;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.javadsl.SourceProvider;

/**
 * Keeps the inbox read model ({@link InboxRepository}) up to date from the journal: one projection
 * per tag slice ({@code conversation-0..N-1}), spread over the cluster by a sharded daemon
 * process, each reading its tag with {@code eventsByTag} and applying events in small groups with
 * {@link InboxProjectionHandler} (a group ends after {@code save-offset-after} events or {@code
 * save-offset-interval}, whichever comes first). At least once: the offset is stored in Cassandra
 * ({@code offset_store}, projection name {@value #NAME}, key = the tag) after each group, and the
 * handler makes the replay after a crash harmless.
 *
 * <p><b>Rebuild</b> (after a schema change or a bug in the handler): with every node stopped,
 * truncate the {@code inbox_*} tables and delete this projection's offsets (see {@code
 * deploy/cassandra/create_read_models.cql}); on start every slice replays its tag from {@code
 * events-by-tag.first-time-bucket}. Clearing only the offsets is not enough: the summaries remember
 * the last event applied and would skip the replay.
 */
public final class InboxProjection {
  public static final String NAME = "inbox";

  private InboxProjection() {}

  /**
   * Starts the projection on this node's share of the slices, configured from {@code
   * crm.engine.inbox} and {@code crm.engine.conversation.tag-slices}; returns the repository the
   * API reads.
   */
  public static InboxRepository init(ActorSystem<?> system) {
    InboxSettings settings = InboxSettings.create(system);
    InboxRepository repository = CassandraInboxRepository.create(system, settings);
    init(system, repository, settings, ConversationSettings.create(system).tagSlices());
    return repository;
  }

  /** As {@link #init(ActorSystem)}, with an explicit repository and slice count (tests). */
  public static void init(
      ActorSystem<?> system, InboxRepository repository, InboxSettings settings, int slices) {
    List<String> tags = Conversation.tags(slices);
    ShardedDaemonProcess.get(system)
        .init(
            ProjectionBehavior.Command.class,
            NAME,
            tags.size(),
            i -> ProjectionBehavior.create(projection(system, repository, settings, tags.get(i))),
            ShardedDaemonProcessSettings.create(system),
            Optional.of(ProjectionBehavior.stopMessage()));
  }

  static Projection<EventEnvelope<Conversation.Event>> projection(
      ActorSystem<?> system, InboxRepository repository, InboxSettings settings, String tag) {
    SourceProvider<Offset, EventEnvelope<Conversation.Event>> source =
        EventSourcedProvider.eventsByTag(system, CassandraReadJournal.Identifier(), tag);
    return CassandraProjection.groupedWithin(
            ProjectionId.of(NAME, tag),
            source,
            () -> new InboxProjectionHandler(repository, settings.summaryCacheSize()))
        .withGroup(settings.saveOffsetAfter(), settings.saveOffsetInterval())
        .withRestartBackoff(settings.restartMinBackoff(), settings.restartMaxBackoff(), 0.2);
  }
}
