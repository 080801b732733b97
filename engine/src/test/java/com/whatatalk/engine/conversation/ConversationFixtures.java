package com.whatatalk.engine.conversation;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.whatatalk.engine.conversation.Conversation.Actor;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;

/** Shared values and configuration for the conversation tests. */
final class ConversationFixtures {
  private ConversationFixtures() {}

  static final String PHONE_NUMBER_ID = "106540352242922";
  static final Instant T0 = Instant.parse("2026-05-04T10:00:00Z");
  static final Actor ALICE = Actor.agent("alice");
  static final Actor BOB = Actor.agent("bob");
  static final Actor ADMIN = Actor.admin("root");

  private static final AtomicInteger customers = new AtomicInteger();

  /** Quiet logging through SLF4J (and so through the CapturingAppender). */
  static final Config LOGGING =
      ConfigFactory.parseString(
          """
          pekko.loglevel = WARNING
          pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
          pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
          pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
          """);

  /** In-memory journal and snapshots for EventSourcedBehaviorTestKit, plus the engine defaults. */
  static Config testKitConfig() {
    return EventSourcedBehaviorTestKit.config()
        .withFallback(LOGGING)
        .withFallback(ConfigFactory.load());
  }

  static ConversationSettings defaultSettings() {
    return ConversationSettings.create(ConfigFactory.load());
  }

  /** The defaults with other memory bounds and snapshot interval. */
  static ConversationSettings settings(
      int snapshotEvery, int recentInboundIds, int recentOutboundMessages, int pendingStatuses) {
    ConversationSettings d = defaultSettings();
    return new ConversationSettings(
        snapshotEvery,
        d.keepSnapshots(),
        d.tagSlices(),
        d.passivateAfter(),
        d.askTimeout(),
        recentInboundIds,
        recentOutboundMessages,
        pendingStatuses);
  }

  /** A fresh entity id (a new customer phone number) for each call. */
  static String newEntityId() {
    long phone = 16505550000L + customers.incrementAndGet();
    return Conversation.entityId(PHONE_NUMBER_ID, String.valueOf(phone));
  }

  static MessageContent.Template template() {
    return new MessageContent.Template(
        "order_confirmation",
        "en_US",
        List.of(
            MessageContent.TemplateComponent.body(
                new MessageContent.TextParameter(null, "Jessica"),
                new MessageContent.TextParameter(null, "SKBUP2-4CPIG9"))));
  }
}
