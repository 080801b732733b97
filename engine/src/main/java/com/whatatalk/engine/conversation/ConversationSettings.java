package com.whatatalk.engine.conversation;

import com.typesafe.config.Config;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The {@code crm.engine.conversation} section of the configuration, read once (see {@code
 * reference.conf} for what each key means).
 *
 * @param snapshotEvery snapshot after this many events
 * @param keepSnapshots snapshots kept per conversation
 * @param tagSlices number of event tags {@code conversation-0 .. conversation-(N-1)}
 * @param passivateAfter an idle entity stops after this long
 * @param askTimeout how long callers wait for the entity's answer
 * @param recentInboundIds inbound wamids remembered to drop redelivered webhooks
 * @param recentOutboundMessages outbound messages whose status (and client message id) the entity
 *     keeps
 * @param pendingStatuses statuses for not-yet-known wamids kept until the send result arrives
 */
public record ConversationSettings(
    int snapshotEvery,
    int keepSnapshots,
    int tagSlices,
    Duration passivateAfter,
    Duration askTimeout,
    int recentInboundIds,
    int recentOutboundMessages,
    int pendingStatuses) {

  public static final String SECTION = "crm.engine.conversation";

  public ConversationSettings {
    positive("snapshot-every", snapshotEvery);
    positive("keep-snapshots", keepSnapshots);
    positive("tag-slices", tagSlices);
    positive("recent-inbound-ids", recentInboundIds);
    positive("recent-outbound-messages", recentOutboundMessages);
    positive("pending-statuses", pendingStatuses);
    if (passivateAfter == null || passivateAfter.isNegative() || passivateAfter.isZero()) {
      throw new IllegalArgumentException(SECTION + ".passivate-after must be positive");
    }
    if (askTimeout == null || askTimeout.isNegative() || askTimeout.isZero()) {
      throw new IllegalArgumentException(SECTION + ".ask-timeout must be positive");
    }
  }

  /** Reads {@code crm.engine.conversation} from a whole (root) configuration. */
  public static ConversationSettings create(Config config) {
    Config c = config.getConfig(SECTION);
    return new ConversationSettings(
        c.getInt("snapshot-every"),
        c.getInt("keep-snapshots"),
        c.getInt("tag-slices"),
        c.getDuration("passivate-after"),
        c.getDuration("ask-timeout"),
        c.getInt("recent-inbound-ids"),
        c.getInt("recent-outbound-messages"),
        c.getInt("pending-statuses"));
  }

  public static ConversationSettings create(ActorSystem<?> system) {
    return create(system.settings().config());
  }

  private static void positive(String key, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(SECTION + "." + key + " must be positive, was " + value);
    }
  }
}
