package com.whatatalk.engine.outbound;

import com.whatatalk.engine.CborSerializable;
import com.whatatalk.engine.cloudapi.WhatsAppClient;
import com.whatatalk.engine.conversation.Conversation;
import java.time.Duration;
import java.time.Instant;
import java.util.function.ToIntFunction;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
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

/**
 * The one owner, in the whole cluster, of a business number's outbound messages: a sharded entity
 * per {@code phone_number_id} that runs a projection over the journal's {@code outbound-<number>}
 * tag ({@link Conversation#outboundTag}). Each {@link Conversation.OutboundMessageQueued} is delivered by {@link OutboundDelivery}
 * (pair limit, the number's rate, retries, result recorded in the conversation), several in
 * flight, and the projection stores its offset in Cassandra only past settled messages. So a
 * queued message is sent or failed eventually, across crashes and restarts, and a message whose
 * result is recorded is not sent again.
 *
 * <p>The entity is remembered by sharding (in the journal), so after a restart every number that
 * ever sent resumes on its own; {@link Ensure} starts one on first use.
 */
public final class OutboundSender {
  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "OutboundSender");

  private OutboundSender() {}

  // Command

  public sealed interface Command extends CborSerializable {}

  /** Start (or keep) the number's pipeline; no reply. */
  public enum Ensure implements Command {
    INSTANCE
  }

  /**
   * Stop taking new messages and answer once those in flight are settled (sent and recorded), so
   * that a node leaving the cluster sends nothing twice. Sent by coordinated shutdown before the
   * cluster (and so the conversations) shut down.
   */
  public record Drain(ActorRef<Done> replyTo) implements Command {}

  private enum CheckDrained implements Command {
    INSTANCE
  }

  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration DRAIN_POLL = Duration.ofMillis(50);

  /**
   * Starts the senders' sharding. {@code mps} gives a number's messages per second, read again
   * at each send decision, so an admin's change applies without a restart.
   */
  public static void init(
      ActorSystem<?> system, WhatsAppClient client, OutboundSettings settings, ToIntFunction<String> mps) {
    ClusterSharding sharding = ClusterSharding.get(system);
    Duration askTimeout =
        system.settings().config().getDuration("crm.engine.conversation.ask-timeout");
    OutboundDelivery.Conversations conversations =
        id -> sharding.entityRefFor(Conversation.ENTITY_KEY, id.entityId());
    OutboundBacklog backlog = OutboundBacklog.get(system);
    sharding.init(
        Entity.of(
                ENTITY_KEY,
                ctx ->
                    create(
                        system,
                        new OutboundDelivery(
                            ctx.getEntityId(),
                            client,
                            conversations,
                            settings,
                            () -> mps.applyAsInt(ctx.getEntityId()),
                            askTimeout,
                            Delays.of(system)),
                        settings,
                        backlog))
            .withSettings(
                ClusterShardingSettings.create(system)
                    .withRememberEntities(true)
                    .withNoPassivationStrategy()));
  }

  /** Makes sure the number's pipeline runs (on whichever node owns it). */
  public static void ensure(ActorSystem<?> system, String phoneNumberId) {
    ClusterSharding.get(system).entityRefFor(ENTITY_KEY, phoneNumberId).tell(Ensure.INSTANCE);
  }

  private static Behavior<Command> create(
      ActorSystem<?> system, OutboundDelivery delivery, OutboundSettings settings, OutboundBacklog backlog) {
    return Behaviors.setup(
        context -> {
          ActorRef<ProjectionBehavior.Command> projection =
              context.spawn(ProjectionBehavior.create(projection(system, delivery, settings)), "projection");
          Cancellable reporting =
              context
                  .getSystem()
                  .scheduler()
                  .scheduleAtFixedRate(
                      Duration.ofMillis(500),
                      Duration.ofMillis(500),
                      () -> {
                        Instant now = Instant.now();
                        backlog.report(
                            delivery.phoneNumberId(), delivery.lag(now), delivery.mps(), now);
                      },
                      context.getExecutionContext());
          ActorRef<Command> self = context.getSelf();
          Cancellable drainOnShutdown =
              CoordinatedShutdown.get(system)
                  .addCancellableTask(
                      CoordinatedShutdown.PhaseBeforeClusterShutdown(),
                      "drain-outbound-" + delivery.phoneNumberId(),
                      () ->
                          AskPattern.<Command, Done>ask(
                              self, Drain::new, DRAIN_TIMEOUT.plusSeconds(1), system.scheduler()));
          return Behaviors.receive(Command.class)
              .onMessage(Ensure.class, ensure -> Behaviors.same())
              .onMessage(Drain.class, drain -> draining(delivery, projection, drain, context))
              .onSignal(
                  PostStop.class,
                  stopped -> {
                    reporting.cancel();
                    drainOnShutdown.cancel();
                    return Behaviors.same();
                  })
              .build();
        });
  }

  private static Behavior<Command> draining(
      OutboundDelivery delivery,
      ActorRef<ProjectionBehavior.Command> projection,
      Drain drain,
      ActorContext<Command> context) {
    // Stopping the projection stops reading; sends already started finish and are recorded.
    context.stop(projection);
    delivery.drain();
    Instant deadline = Instant.now().plus(DRAIN_TIMEOUT);
    return Behaviors.withTimers(
        timers -> {
          timers.startTimerWithFixedDelay(CheckDrained.INSTANCE, DRAIN_POLL);
          return Behaviors.receive(Command.class)
              .onMessage(
                  CheckDrained.class,
                  check -> {
                    if (delivery.inFlight() == 0 || Instant.now().isAfter(deadline)) {
                      drain.replyTo().tell(Done.getInstance());
                      timers.cancel(CheckDrained.INSTANCE);
                    }
                    return Behaviors.same();
                  })
              .onMessage(Ensure.class, ensure -> Behaviors.same())
              .onMessage(Drain.class, again -> Behaviors.same())
              .build();
        });
  }

  private static Projection<EventEnvelope<Conversation.Event>> projection(
      ActorSystem<?> system, OutboundDelivery delivery, OutboundSettings settings) {
    SourceProvider<Offset, EventEnvelope<Conversation.Event>> source =
        EventSourcedProvider.eventsByTag(system, CassandraReadJournal.Identifier(), Conversation.outboundTag(delivery.phoneNumberId()));
    FlowWithContext<EventEnvelope<Conversation.Event>, ProjectionContext, Done, ProjectionContext, ?> flow =
        FlowWithContext.<EventEnvelope<Conversation.Event>, ProjectionContext>create()
            .mapAsync(settings.parallelism(), envelope -> delivery.deliver(envelope.event()));
    return CassandraProjection.atLeastOnceFlow(
            ProjectionId.of("outbound", delivery.phoneNumberId()), source, flow)
        .withSaveOffset(settings.saveOffsetAfter(), settings.saveOffsetInterval())
        .withRestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2);
  }
}
