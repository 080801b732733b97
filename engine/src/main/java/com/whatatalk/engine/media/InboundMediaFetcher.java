package com.whatatalk.engine.media;

import com.whatatalk.engine.CborSerializable;
import com.whatatalk.engine.cloudapi.WhatsAppClient;
import com.whatatalk.engine.conversation.Conversation;
import com.whatatalk.engine.conversation.ConversationSettings;
import com.whatatalk.engine.conversation.MessageContent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ShardedDaemonProcessSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.Projection;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionContext;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.cassandra.javadsl.CassandraProjection;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.stream.javadsl.FlowWithContext;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps our own copy of every inbound media, promptly: a {@link ShardedDaemonProcess} with one
 * instance per conversation tag slice, each a Cassandra projection (at least once, offsets stored)
 * over that slice's inbound media messages, which the conversation tags a second time ({@link
 * Conversation#MEDIA_TAG_PREFIX}) so that the fetcher does not read every other event. For each {@link Conversation.InboundMessageReceived} carrying {@link
 * MessageContent.Media}, {@link MediaFetch} downloads the bytes via the Cloud API client into the
 * {@link MediaStore}, keyed by (phone_number_id, Meta media id), and records the {@link
 * MediaStatus} in the fetch log. Several media are fetched at once per slice ({@code parallelism});
 * a pass is bounded in attempts, so one broken media holds its slice's offset only that long.
 *
 * <p>A failed media is never lost: its status says why (Meta's code and title), a retryable
 * failure is queued in {@code media_fetch_failures} and swept by its slice's instance every {@code
 * sweep-interval} until stored or given up (Meta forgets inbound media after 7 days), and an agent
 * can {@link #retry} any failed media at any time.
 */
public final class InboundMediaFetcher {
  private static final Logger log = LoggerFactory.getLogger(InboundMediaFetcher.class);

  public static final String NAME = "inbound-media";

  private static final int SWEEP_BATCH = 100;

  // Command

  public sealed interface Command extends CborSerializable {}

  /** Stops the instance (sent by the sharded daemon process when it moves or stops). */
  public enum Stop implements Command {
    INSTANCE
  }

  private enum Sweep implements Command {
    INSTANCE
  }

  private enum SweepDone implements Command {
    INSTANCE
  }

  private final ActorSystem<?> system;
  private final MediaFetch fetch;
  private final MediaStore store;
  private final MediaSettings settings;
  private final int slices;

  private InboundMediaFetcher(
      ActorSystem<?> system, MediaFetch fetch, MediaStore store, MediaSettings settings, int slices) {
    this.system = system;
    this.fetch = fetch;
    this.store = store;
    this.settings = settings;
    this.slices = slices;
  }

  /**
   * The fetcher without its projections: status lookups, retries and sweeps only (for a node that
   * serves the API but leaves fetching to {@link #init}).
   */
  public static InboundMediaFetcher create(
      ActorSystem<?> system, WhatsAppClient client, MediaStore store, MediaFetchLog fetchLog) {
    MediaSettings settings = MediaSettings.create(system);
    return new InboundMediaFetcher(
        system,
        new MediaFetch(client, store, fetchLog, settings, system, Clock.systemUTC()),
        store,
        settings,
        ConversationSettings.create(system).tagSlices());
  }

  /** Starts the projections (one per tag slice, spread over the cluster) and their sweeps. */
  public static InboundMediaFetcher init(
      ActorSystem<?> system, WhatsAppClient client, MediaStore store, MediaFetchLog fetchLog) {
    InboundMediaFetcher fetcher = create(system, client, store, fetchLog);
    List<String> tags = Conversation.mediaTags(fetcher.slices);
    ShardedDaemonProcess.get(system)
        .init(
            Command.class,
            NAME,
            tags.size(),
            slice -> fetcher.instance(slice, tags.get(slice)),
            ShardedDaemonProcessSettings.create(system),
            Optional.of(Stop.INSTANCE));
    return fetcher;
  }

  /**
   * Where an inbound media stands; media stored otherwise (an agent's upload to Meta) shows as
   * stored. Empty when neither the fetcher nor the store knows it.
   */
  public CompletionStage<Optional<MediaStatus>> status(String phoneNumberId, String metaMediaId) {
    return fetch
        .fetchLog()
        .get(phoneNumberId, metaMediaId)
        .thenCompose(
            entry ->
                entry.isPresent()
                    ? CompletableFuture.completedFuture(entry.map(MediaFetchLog.Entry::status))
                    : store
                        .findByMetaId(phoneNumberId, metaMediaId)
                        .thenApply(found -> found.map(MediaStatus::stored)));
  }

  /**
   * An agent's retry: one more pass now (beyond the automatic attempt limit), on this node.
   * Completes with the new status; fails with {@link IllegalArgumentException} for a media the
   * fetcher never saw.
   */
  public CompletionStage<MediaStatus> retry(String phoneNumberId, String metaMediaId) {
    return fetch
        .fetchLog()
        .get(phoneNumberId, metaMediaId)
        .thenCompose(
            entry ->
                entry
                    .map(e -> fetch.fetch(e.request(), true))
                    .orElseGet(
                        () ->
                            CompletableFuture.failedFuture(
                                new IllegalArgumentException(
                                    "no inbound media " + metaMediaId + " for " + phoneNumberId))));
  }

  /**
   * One pass for each queued failure of a slice, one at a time; completes with how many were
   * tried. Run by the slice's instance every {@code sweep-interval}.
   */
  public CompletionStage<Integer> sweep(int slice) {
    MediaFetchLog fetchLog = fetch.fetchLog();
    return fetchLog
        .failures(slice, SWEEP_BATCH)
        .thenCompose(
            failures ->
                Source.from(failures)
                    .mapAsync(
                        1,
                        failure ->
                            fetchLog
                                .get(failure.phoneNumberId(), failure.metaMediaId())
                                .thenCompose(
                                    entry -> {
                                      boolean due =
                                          entry
                                              .filter(
                                                  e ->
                                                      e.status().state() == MediaStatus.State.FAILED
                                                          && e.status().willRetry())
                                              .isPresent();
                                      return due
                                          ? fetch.fetch(entry.get().request(), false).thenApply(s -> 1)
                                          : fetchLog.forget(slice, failure).thenApply(ok -> 0);
                                    }))
                    .runWith(Sink.fold(0, Integer::sum), system));
  }

  private Behavior<Command> instance(int slice, String tag) {
    return Behaviors.setup(
        context -> {
          context.spawn(ProjectionBehavior.create(projection(slice, tag)), "projection");
          Duration every = settings.fetcher().sweepInterval();
          return Behaviors.withTimers(
              timers -> {
                if (!every.isZero()) {
                  timers.startTimerWithFixedDelay(Sweep.INSTANCE, every);
                }
                boolean[] sweeping = {false};
                return Behaviors.receive(Command.class)
                    .onMessageEquals(
                        Sweep.INSTANCE,
                        () -> {
                          if (!sweeping[0]) {
                            sweeping[0] = true;
                            context.pipeToSelf(
                                sweep(slice),
                                (tried, failure) -> {
                                  if (failure != null) {
                                    log.warn("media sweep of slice {} failed: {}", slice, failure.toString());
                                  } else if (tried > 0) {
                                    log.info("media sweep of slice {} retried {} media", slice, tried);
                                  }
                                  return SweepDone.INSTANCE;
                                });
                          }
                          return Behaviors.same();
                        })
                    .onMessageEquals(
                        SweepDone.INSTANCE,
                        () -> {
                          sweeping[0] = false;
                          return Behaviors.same();
                        })
                    .onMessageEquals(Stop.INSTANCE, () -> Behaviors.stopped())
                    .build();
              });
        });
  }

  private Projection<EventEnvelope<Conversation.Event>> projection(int slice, String tag) {
    SourceProvider<Offset, EventEnvelope<Conversation.Event>> source =
        EventSourcedProvider.eventsByTag(system, CassandraReadJournal.Identifier(), tag);
    FlowWithContext<EventEnvelope<Conversation.Event>, ProjectionContext, Done, ProjectionContext, ?>
        flow =
            FlowWithContext.<EventEnvelope<Conversation.Event>, ProjectionContext>create()
                .mapAsync(settings.fetcher().parallelism(), envelope -> handle(slice, envelope.event()));
    return CassandraProjection.atLeastOnceFlow(ProjectionId.of(NAME, tag), source, flow)
        .withSaveOffset(settings.fetcher().saveOffsetAfter(), settings.fetcher().saveOffsetInterval())
        .withRestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2);
  }

  private CompletionStage<Done> handle(int slice, Conversation.Event event) {
    if (Conversation.hasInboundMedia(event)) {
      Conversation.InboundMessageReceived received = (Conversation.InboundMessageReceived) event;
      return fetch
          .fetch(MediaFetchRequest.of(received, (MessageContent.Media) received.content(), slice), false)
          .thenApply(status -> Done.getInstance());
    }
    return CompletableFuture.completedFuture(Done.getInstance());
  }
}
