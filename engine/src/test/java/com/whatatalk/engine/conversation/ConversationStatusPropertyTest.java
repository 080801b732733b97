package com.whatatalk.engine.conversation;

import static com.whatatalk.engine.conversation.ConversationFixtures.ALICE;
import static com.whatatalk.engine.conversation.ConversationFixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.whatatalk.engine.conversation.Conversation.Event;
import com.whatatalk.engine.conversation.Conversation.MessageInfo;
import com.whatatalk.engine.conversation.Conversation.MessageStatus;
import com.whatatalk.engine.conversation.Conversation.MessageStatusUpdated;
import com.whatatalk.engine.conversation.Conversation.MetaError;
import com.whatatalk.engine.conversation.Conversation.OutboundMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Meta delivers status webhooks out of order and more than once, and a status may arrive before the
 * send result that names its wamid. Whatever the order and repetitions, a message's final status
 * must be the highest one seen in the lattice {@code QUEUED < SENT < FAILED < DELIVERED < READ},
 * published statuses must only move up, and recovery in the middle must change nothing.
 *
 * <p>Random but reproducible: the seed is in every failure message; rerun with {@code
 * -Dconversation.property.seed=<seed>}.
 */
@ExtendWith(LogCapturingExtension.class)
class ConversationStatusPropertyTest {

  private static final ActorTestKit testKit =
      ActorTestKit.create("ConversationStatusPropertyTest", ConversationFixtures.testKitConfig());

  private static final int TRIALS = 500;
  private static final MetaError UNDELIVERABLE =
      new MetaError(131026, "Message undeliverable", "Unable to deliver message.");

  /** What can happen to one message: a status webhook, the send result, or a crash. */
  private enum Step {
    SENT,
    DELIVERED,
    READ,
    FAILED,
    SEND_ACCEPTED,
    RESTART
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void finalStatusIsTheHighestSeenWhateverTheOrderRepetitionsAndRaces() {
    long seed = Long.getLong("conversation.property.seed", System.nanoTime());
    Random random = new Random(seed);
    // Snapshots every 3 events, so restarts recover from snapshot plus events.
    ConversationHarness c =
        new ConversationHarness(
            testKit.system(), ConversationFixtures.settings(3, 1000, 500, 100), T0);

    int racedAhead = 0;
    for (int trial = 0; trial < TRIALS; trial++) {
      List<Step> steps = randomSteps(random);
      String where = "seed=" + seed + " trial=" + trial + " steps=" + steps;
      Supplier<String> context = () -> where;
      racedAhead += runTrial(c, trial, steps, context) ? 1 : 0;
    }
    // The random orders must actually exercise the race they are meant to cover.
    assertTrue(racedAhead > TRIALS / 4, "statuses before the send result in " + racedAhead);
  }

  private static List<Step> randomSteps(Random random) {
    List<Step> steps = new ArrayList<>();
    for (Step status : List.of(Step.SENT, Step.DELIVERED, Step.READ, Step.FAILED)) {
      if (random.nextInt(10) < 6) {
        int copies = 1 + random.nextInt(3); // duplicates
        for (int i = 0; i < copies; i++) {
          steps.add(status);
        }
      }
    }
    steps.add(Step.SEND_ACCEPTED);
    int restarts = random.nextInt(3);
    for (int i = 0; i < restarts; i++) {
      steps.add(Step.RESTART);
    }
    Collections.shuffle(steps, random);
    return steps;
  }

  /** Runs one message through {@code steps}; returns whether a status preceded the send result. */
  private static boolean runTrial(
      ConversationHarness c, int trial, List<Step> steps, Supplier<String> context) {
    c.kit.clear();
    c.receiveText("wamid.in", c.clock.instant());
    String messageId = c.sendText(ALICE, "Your order shipped");
    String wamid = "wamid.out-" + trial;

    Set<MessageStatus> seen = EnumSet.noneOf(MessageStatus.class);
    List<MessageStatus> published = new ArrayList<>();
    boolean accepted = false;
    boolean raced = false;
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      List<Event> events;
      StatusReply<?> reply;
      switch (step) {
        case RESTART -> {
          c.kit.restart();
          continue;
        }
        case SEND_ACCEPTED -> {
          var result = c.accept(messageId, wamid);
          events = result.events();
          reply = result.reply();
          accepted = true;
        }
        default -> {
          MessageStatus status = MessageStatus.valueOf(step.name());
          seen.add(status);
          raced |= !accepted;
          var result =
              c.status(
                  wamid,
                  status,
                  T0.plusSeconds(i),
                  status == MessageStatus.FAILED ? UNDELIVERABLE : null);
          events = result.events();
          reply = result.reply();
        }
      }
      assertEquals(StatusReply.ack(), reply, context);
      for (Event e : events) {
        if (e instanceof MessageStatusUpdated u) {
          published.add(u.status());
        }
      }
    }

    MessageStatus expected = highest(seen);
    OutboundMessage message = c.state().message(messageId).orElseThrow();
    assertEquals(expected, message.status(), context);
    assertEquals(wamid, message.wamid(), context);
    if (expected == MessageStatus.FAILED) {
      assertEquals(UNDELIVERABLE, message.error(), context);
    } else {
      assertNull(message.error(), context);
    }
    MessageInfo info = c.getMessage(messageId).getValue();
    assertEquals(expected, info.status(), context);
    assertTrue(c.state().pendingStatuses().isEmpty(), context);

    // Every published status is a step up; the last one is the final status.
    for (int i = 1; i < published.size(); i++) {
      assertTrue(published.get(i).compareTo(published.get(i - 1)) > 0, context);
    }
    assertEquals(
        expected == MessageStatus.QUEUED ? null : expected,
        published.isEmpty() ? null : published.get(published.size() - 1),
        context);

    // And recovery gives the same answer.
    assertEquals(
        expected, c.kit.restart().state().message(messageId).orElseThrow().status(), context);
    return raced;
  }

  /** The highest status by the rules, computed independently of the entity's merge. */
  private static MessageStatus highest(Set<MessageStatus> seen) {
    if (seen.contains(MessageStatus.READ)) {
      return MessageStatus.READ;
    }
    if (seen.contains(MessageStatus.DELIVERED)) {
      return MessageStatus.DELIVERED;
    }
    if (seen.contains(MessageStatus.FAILED)) {
      return MessageStatus.FAILED; // failed ends a queued or sent message
    }
    if (seen.contains(MessageStatus.SENT)) {
      return MessageStatus.SENT;
    }
    return MessageStatus.QUEUED;
  }

  @Test
  void mergeIsALattice() {
    MessageStatus[] all = MessageStatus.values();
    for (MessageStatus a : all) {
      assertEquals(a, a.merge(a), "idempotent");
      assertEquals(a, a.merge(null));
      for (MessageStatus b : all) {
        assertEquals(a.merge(b), b.merge(a), "commutative");
        for (MessageStatus x : all) {
          assertEquals(a.merge(b).merge(x), a.merge(b.merge(x)), "associative");
        }
      }
    }
    assertEquals(MessageStatus.READ, MessageStatus.DELIVERED.merge(MessageStatus.READ));
    assertEquals(MessageStatus.READ, MessageStatus.READ.merge(MessageStatus.DELIVERED));
    assertEquals(MessageStatus.FAILED, MessageStatus.SENT.merge(MessageStatus.FAILED));
    assertEquals(MessageStatus.DELIVERED, MessageStatus.DELIVERED.merge(MessageStatus.FAILED));
  }
}
