package com.whatatalk.engine.live;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * One per node: the node's only subscriber of the live topic. It numbers what arrives ({@link
 * LiveRing}), keeps it for catch-up and hands each frame to the node's sockets. It never waits
 * for a socket: each socket bounds its own backlog ({@link SocketBuffer}), so publishers and
 * the other sockets never slow down for a slow one. Subscribing and catching up happen in one
 * message, so a socket misses nothing between its replay and its live frames.
 */
final class LiveHub {
  private LiveHub() {}

  /** A socket's end, called from the hub actor; implementations must not block. */
  interface Subscriber {
    /** The first frames: ready (or resync) and the missed events; always before {@link #offer}. */
    void start(List<String> frames);

    void offer(String position, String frame);
  }

  interface Command extends NoSerializationVerificationNeeded {}

  record Published(LiveEvent event) implements Command {}

  /**
   * {@code since}: the position the client last processed (null: none); {@code phoneNumberId}:
   * only that number's events (null: all).
   */
  record Subscribe(Subscriber subscriber, String since, String phoneNumberId) implements Command {}

  record Unsubscribe(Subscriber subscriber) implements Command {}

  record GetStats(ActorRef<Stats> replyTo) implements Command {}

  record Stats(int sockets, String latestPosition) implements NoSerializationVerificationNeeded {}

  static Behavior<Command> create(
      ActorRef<Topic.Command<LiveEvent>> topic, String incarnation, int catchUpEvents) {
    return Behaviors.setup(
        context -> {
          topic.tell(Topic.subscribe(context.messageAdapter(LiveEvent.class, Published::new)));
          LiveRing ring = new LiveRing(incarnation, catchUpEvents);
          // subscriber -> its phoneNumberId filter ("" for all)
          Map<Subscriber, String> sockets = new HashMap<>();
          return Behaviors.receive(Command.class)
              .onMessage(
                  Published.class,
                  p -> {
                    LiveRing.Entry entry = ring.append(p.event());
                    sockets.forEach(
                        (socket, filter) -> {
                          if (filter.isEmpty() || filter.equals(entry.phoneNumberId())) {
                            socket.offer(entry.position(), entry.frame());
                          }
                        });
                    return Behaviors.same();
                  })
              .onMessage(
                  Subscribe.class,
                  s -> {
                    String filter = s.phoneNumberId() == null ? "" : s.phoneNumberId();
                    s.subscriber().start(firstFrames(ring, s.since(), filter));
                    sockets.put(s.subscriber(), filter);
                    return Behaviors.same();
                  })
              .onMessage(
                  Unsubscribe.class,
                  u -> {
                    sockets.remove(u.subscriber());
                    return Behaviors.same();
                  })
              .onMessage(
                  GetStats.class,
                  g -> {
                    g.replyTo().tell(new Stats(sockets.size(), ring.latestPosition()));
                    return Behaviors.same();
                  })
              .build();
        });
  }

  /**
   * {@code ready} then the events after {@code since} (for the filter), or {@code resync} when
   * {@code since} cannot be served; both carry the newest position.
   */
  static List<String> firstFrames(LiveRing ring, String since, String filter) {
    String latest = ring.latestPosition();
    if (since == null) {
      return List.of(LiveJson.control(SocketBuffer.READY, latest));
    }
    Optional<List<LiveRing.Entry>> missed = ring.after(since);
    if (missed.isEmpty()) {
      return List.of(LiveJson.control(SocketBuffer.RESYNC, latest));
    }
    List<String> frames = new ArrayList<>(missed.get().size() + 1);
    frames.add(LiveJson.control(SocketBuffer.READY, latest));
    for (LiveRing.Entry e : missed.get()) {
      if (filter.isEmpty() || filter.equals(e.phoneNumberId())) {
        frames.add(e.frame());
      }
    }
    return frames;
  }
}
