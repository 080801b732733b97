package com.whatatalk.engine.bench;

import com.whatatalk.engine.conversation.Conversation;
import com.whatatalk.engine.conversation.Conversation.ConversationId;
import com.whatatalk.engine.conversation.Conversation.MessageStatus;
import com.whatatalk.engine.conversation.MessageContent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * Appends a long history to one conversation's journal fast: the same events, with the same tag,
 * that the entity's turns persist (inbound, reply queued, accepted, sent, delivered, read), but
 * {@code turns} at a time in one atomic write instead of one write per command. A single
 * conversation persists one command at a time (about 5-10 ms each on this machine), so writing
 * 10,000 events through the entity would take minutes; the benchmark writes the first events and
 * the last turn through the entity and seeds the middle with this. Must not run while the
 * conversation entity itself runs.
 */
final class Seeder
    extends EventSourcedBehavior<Seeder.Command, Conversation.Event, Seeder.Count> {

  sealed interface Command {}

  /** Appends {@code turns} turns (6 events each) and replies the events stored so far. */
  record Append(int turns, ActorRef<Long> replyTo) implements Command {}

  /** Replies the events stored and stops. */
  record Stop(ActorRef<Long> replyTo) implements Command {}

  /** Events and inbound messages so far (the inbound sequence continues from it). */
  record Count(long events, long inbound) {}

  private final ConversationId id;
  private final Set<String> tags;
  private final String run;

  private Seeder(String entityId, int tagSlices, String run) {
    super(Conversation.persistenceId(entityId));
    this.id = ConversationId.parse(entityId);
    this.tags = Set.of(Conversation.tagFor(entityId, tagSlices));
    this.run = run;
  }

  static Behavior<Command> create(String entityId, int tagSlices, String run) {
    return new Seeder(entityId, tagSlices, run);
  }

  /** The conversation's snapshots hold its State, not a Count: replay the events instead. */
  @Override
  public org.apache.pekko.persistence.typed.javadsl.Recovery recovery() {
    return org.apache.pekko.persistence.typed.javadsl.Recovery.withSnapshotSelectionCriteria(
        SnapshotSelectionCriteria.none());
  }

  @Override
  public Count emptyState() {
    return new Count(0, 0);
  }

  @Override
  public Set<String> tagsFor(Conversation.Event event) {
    return tags;
  }

  @Override
  public CommandHandler<Command, Conversation.Event, Count> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Append.class, (state, cmd) -> {
          List<Conversation.Event> events = new ArrayList<>(cmd.turns() * 6);
          long inbound = state.inbound();
          Instant now = Instant.now();
          Conversation.Actor agent = Conversation.Actor.agent("bench-agent");
          for (int t = 0; t < cmd.turns(); t++) {
            inbound++;
            String in = "wamid.bench." + run + ".seed-in." + state.events() + "." + t;
            String out = "wamid.bench." + run + ".seed-out." + state.events() + "." + t;
            String messageId = UUID.randomUUID().toString();
            events.add(new Conversation.InboundMessageReceived(
                id, in, inbound, id.customerKey(), null, "Bench Customer", now, null,
                MessageContent.Text.of("Hello, is my order " + in + " on its way?"),
                now.plus(Conversation.SERVICE_WINDOW), now));
            events.add(new Conversation.OutboundMessageQueued(
                id, messageId, null, agent, id.customerKey(), null, null,
                MessageContent.Text.of("Yes, it left the warehouse this morning."), now));
            events.add(new Conversation.OutboundMessageAccepted(id, messageId, out, now));
            for (MessageStatus s :
                List.of(MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.READ)) {
              events.add(new Conversation.MessageStatusUpdated(id, messageId, out, s, now, null, now));
            }
          }
          return Effect().persist(events).thenRun(s -> cmd.replyTo().tell(s.events()));
        })
        .onCommand(Stop.class,
            (state, cmd) -> Effect().stop().thenRun(s -> cmd.replyTo().tell(s.events())))
        .build();
  }

  @Override
  public EventHandler<Count, Conversation.Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onAnyEvent((state, e) -> new Count(state.events() + 1,
            state.inbound() + (e instanceof Conversation.InboundMessageReceived ? 1 : 0)));
  }
}
