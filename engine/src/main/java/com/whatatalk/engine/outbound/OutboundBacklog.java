package com.whatatalk.engine.outbound;

import com.whatatalk.engine.CborSerializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * Every node's view of each business number's outbound backlog, so the API can refuse new sends
 * (429 with Retry-After) instead of letting a queue grow without bound. The number's owner
 * publishes, twice a second, how far behind it is (the age of the message it is working on) over
 * a cluster-wide topic; the backlog is estimated as that lag times the number's rate.
 */
public final class OutboundBacklog implements Extension {
  private static final Duration STALE_AFTER = Duration.ofSeconds(5);

  /** A number's lag, as its owner saw it {@code at}. */
  public record Report(String phoneNumberId, Duration lag, long estimatedMessages, Instant at)
      implements CborSerializable {}

  private final ActorRef<Topic.Command<Report>> topic;
  private final Map<String, Report> latest = new ConcurrentHashMap<>();

  private OutboundBacklog(ActorSystem<?> system) {
    this.topic = system.systemActorOf(Topic.create(Report.class, "outbound-backlog"), "outbound-backlog-topic", Props.empty());
    ActorRef<Report> subscriber =
        system.systemActorOf(
            Behaviors.receiveMessage(
                report -> {
                  latest.put(report.phoneNumberId(), report);
                  return Behaviors.same();
                }),
            "outbound-backlog-subscriber",
            Props.empty());
    topic.tell(Topic.subscribe(subscriber));
  }

  public static OutboundBacklog get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  void report(String phoneNumberId, Duration lag, int mps, Instant now) {
    long estimated = lag.toMillis() * mps / 1000;
    topic.tell(Topic.publish(new Report(phoneNumberId, lag, estimated, now)));
  }

  /**
   * How long a caller should wait when {@code phoneNumberId}'s backlog is over {@code limit}
   * messages; empty when sends are welcome.
   */
  public Optional<Duration> retryAfter(String phoneNumberId, long limit, Instant now) {
    Report report = latest.get(phoneNumberId);
    if (report == null
        || report.at().plus(STALE_AFTER).isBefore(now)
        || report.estimatedMessages() <= limit) {
      return Optional.empty();
    }
    long overMillis = (report.estimatedMessages() - limit) * report.lag().toMillis() / Math.max(1, report.estimatedMessages());
    return Optional.of(Duration.ofMillis(Math.max(1000, overMillis)));
  }

  private static final class Id extends ExtensionId<OutboundBacklog> {
    static final Id INSTANCE = new Id();

    @Override
    public OutboundBacklog createExtension(ActorSystem<?> system) {
      return new OutboundBacklog(system);
    }
  }
}
