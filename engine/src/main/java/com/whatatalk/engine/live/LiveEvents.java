package com.whatatalk.engine.live;

import com.whatatalk.engine.conversation.Conversation;
import com.whatatalk.engine.conversation.Conversation.ConversationId;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Live events of conversations, cluster-wide: what one node publishes reaches the sockets of
 * every node. One topic for all numbers ({@value #TOPIC}) with one subscriber per node, the
 * node's hub, which fans out to that node's sockets: every agent may see every number, so each
 * node with sockets needs every event anyway, and one topic costs one message per node per event
 * whatever the number of numbers or sockets.
 *
 * <p>The {@link Conversation} entity publishes after each persist ({@link
 * #publishPersisted}); other features publish with {@link #publish}. Delivery is at most once
 * (pub-sub, no retry): a client that missed something catches up with {@code since} or refetches
 * on {@code resync}.
 */
public final class LiveEvents implements Extension {
  public static final String TOPIC = "whatatalk-live-events";

  private static final ExtensionId<LiveEvents> ID =
      new ExtensionId<>() {
        @Override
        public LiveEvents createExtension(ActorSystem<?> system) {
          return new LiveEvents(system, LiveSettings.create(system));
        }
      };

  private final ActorSystem<?> system;
  private final LiveSettings settings;
  private final ActorRef<Topic.Command<LiveEvent>> topic;
  private final ActorRef<LiveHub.Command> hub;
  private final String incarnation;

  private LiveEvents(ActorSystem<?> system, LiveSettings settings) {
    this.system = system;
    this.settings = settings;
    this.topic =
        system.systemActorOf(Topic.create(LiveEvent.class, TOPIC), "liveEventsTopic", Props.empty());
    // Random per start: positions of another node or of before a restart are recognised.
    this.incarnation = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    this.hub =
        system.systemActorOf(
            LiveHub.create(topic, incarnation, settings.catchUpEvents()),
            "liveEventsHub",
            Props.empty());
  }

  public static LiveEvents get(ActorSystem<?> system) {
    return ID.apply(system);
  }

  public LiveSettings settings() {
    return settings;
  }

  /**
   * Publishes a live event of a conversation to every node's sockets, e.g. {@code
   * publish(id, LiveEvent.CONTACT_UPDATED, seqNr, contactView)}. {@code data} is rendered with
   * Jackson (camelCase fields, ISO-8601 instants) as the event's {@code data} object; {@code
   * sequence} is the journal sequence number of the conversation event behind the change, or
   * null when the change is not a conversation event (clients then do not order it by sequence).
   * Never blocks; call it after the change is stored.
   */
  public void publish(ConversationId conversationId, String type, Long sequence, Object data) {
    publish(LiveEventMapper.of(type, conversationId, sequence, data));
  }

  /** Publishes a live event already made. */
  public void publish(LiveEvent event) {
    topic.tell(Topic.publish(event));
  }

  /**
   * What a conversation entity just persisted (see {@link LiveEventMapper#map}), published in
   * order (the topic keeps the order of one publisher to one node).
   */
  public void publishPersisted(
      List<? extends Conversation.Event> events, long lastSequenceNr, Conversation.State after) {
    for (LiveEvent e : LiveEventMapper.map(events, lastSequenceNr, after)) {
      publish(e);
    }
  }

  /**
   * The frames of one socket, as JSON text: first {@code {"type":"ready","position"}} (then the
   * events missed since {@code since}) or {@code {"type":"resync","position"}} when {@code since}
   * cannot be served (unknown, too old, another node's), then live events. {@code phoneNumberId}
   * null: every number. With a {@code guard} the source completes after {@code
   * {"type":"session_ended"}} once the session ends. Each materialization is one socket.
   */
  public Source<String, NotUsed> socket(String since, String phoneNumberId, SessionGuard guard) {
    return Source.fromGraph(
        new LiveSocketSource(
            hub,
            since,
            phoneNumberId,
            settings.socketBuffer(),
            guard,
            settings.sessionCheckInterval(),
            Clock.systemUTC()));
  }

  /** Sockets connected to this node and its newest position (tests, diagnostics). */
  public CompletionStage<LiveHub.Stats> stats(Duration timeout) {
    return AskPattern.ask(hub, LiveHub.GetStats::new, timeout, system.scheduler());
  }

  /** The hub's topic instance on this node (tests wait for the cluster to know them all). */
  public ActorRef<Topic.Command<LiveEvent>> topic() {
    return topic;
  }

  String incarnation() {
    return incarnation;
  }
}
