package com.whatatalk.engine.conversation;

import static com.whatatalk.engine.conversation.ConversationException.Code.CONFLICT;
import static com.whatatalk.engine.conversation.ConversationException.Code.NOT_ASSIGNEE;
import static com.whatatalk.engine.conversation.ConversationException.Code.NOT_FOUND;
import static com.whatatalk.engine.conversation.ConversationException.Code.VALIDATION_FAILED;
import static com.whatatalk.engine.conversation.ConversationException.Code.WINDOW_CLOSED;

import com.whatatalk.engine.CborSerializable;
import com.whatatalk.engine.live.LiveEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * One WhatsApp conversation: a business phone number ({@code phone_number_id}) talking with one
 * customer. The entity is the single writer of the conversation and owns its rules; it does no I/O.
 * The webhook intake tells it what arrived ({@link ReceiveInbound}, {@link RecordStatus}), agents
 * and the API tell it what to send ({@link SendMessage}) and how to organise the work ({@link
 * Assign}, {@link AddComment}, {@link Archive}, {@link MarkRead}); the outbound pipeline consumes
 * {@link OutboundMessageQueued} from the tagged journal, calls Meta and reports back ({@link
 * RecordSendAccepted}, {@link RecordSendFailed}).
 *
 * <p><b>Identity.</b> Entity id = {@code phone_number_id + "|" + customerKey}. The customer key is
 * {@link #customerKey(String, String)}: the {@code wa_id} when Meta gives one, otherwise the
 * business-scoped user id ({@code user_id}, BSUID). Meta always sends the BSUID from 2026 on and
 * may omit the {@code wa_id} of users who adopted a username, but keying on the BSUID first would
 * split every conversation that started before the BSUID existed, and every conversation the
 * business opened by phone number (a template to a number carries no BSUID), from the customer's
 * next reply. Both ids change together when the customer changes number, so the {@code wa_id} is no
 * less stable. Both are kept in the state and in every message event. A customer whose webhooks
 * sometimes carry the {@code wa_id} and sometimes only the BSUID must be resolved to one key by the
 * caller (the contact directory maps BSUID to a known {@code wa_id}); the entity cannot merge two
 * conversations.
 *
 * <p><b>Customer service window.</b> It closes 24 hours after Meta's timestamp of the latest
 * customer message (the maximum seen, never the arrival time), so an old message delivered late
 * neither moves it back nor reopens a window that had already closed. System messages do not count.
 * Inside the window any message may be sent; outside only templates, anything else is refused with
 * {@code window_closed}.
 *
 * <p><b>Sending.</b> A send is checked in this order: Meta's limits ({@link OutboundValidation},
 * {@code validation_failed}); the client message id (the same id again returns the first message,
 * whatever happened since); assignment (when assigned, only the assignee and admins may send:
 * {@code not_assignee}); the window; a reaction's target must be a message of this conversation
 * ({@code not_found}). The message id is decided here and the message starts as {@code QUEUED}.
 *
 * <p><b>Status.</b> Statuses form a chain {@code QUEUED < SENT < FAILED < DELIVERED < READ} and a
 * message's status is the highest seen, so the result does not depend on the order or number of
 * webhooks: a late {@code delivered} never overwrites {@code read}, {@code read} alone implies
 * delivered, {@code failed} ends a queued or sent message. A {@code failed} after {@code delivered}
 * or {@code read} is ignored (the message provably arrived), and so, symmetrically, a delivery
 * receipt after a {@code failed} wins. A status for a wamid the entity does not know yet (it raced
 * ahead of the send result) is kept as pending and applied, as a {@link MessageStatusUpdated}, when
 * {@link RecordSendAccepted} names that wamid. The first send result wins; a different second one
 * is refused with {@code conflict}.
 *
 * <p><b>Assignment.</b> Admins may assign, reassign and unassign any conversation; an agent may
 * assign an unassigned conversation (to anyone) and reassign or unassign one assigned to
 * themselves, otherwise {@code not_assignee}. Comments are internal notes, never sent. Archiving is
 * open to every agent; a customer message re-activates an archived conversation ({@link
 * ConversationReactivated}). Each agent has their own read position: unread for an agent is the
 * number of inbound messages after it ({@link Summary#unreadFor(String)}).
 *
 * <p><b>Refusals</b> are {@code StatusReply.error(ConversationException)} with a {@link
 * ConversationException.Code} and persist nothing. Repeats (same wamid, same client message id,
 * same status, same assignee...) reply success and persist nothing.
 *
 * <p><b>Memory.</b> The state keeps what the rules need, bounded by {@link ConversationSettings}:
 * the last inbound wamids (deduplication), the last outbound messages with their status, wamid and
 * client message id, pending statuses, read positions. History belongs to the read side. Events
 * carry the {@link ConversationId} and are tagged {@code conversation-<slice>} ({@link
 * #tagFor(String, int)}); the state is snapshotted every N events.
 */
public final class Conversation
    extends EventSourcedBehaviorWithEnforcedReplies<
        Conversation.Command, Conversation.Event, Conversation.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Conversation");

  /** The customer service window opened by a customer message. */
  public static final Duration SERVICE_WINDOW = Duration.ofHours(24);

  public static final String TAG_PREFIX = "conversation-";

  /** Prefix of the tag that puts each {@link OutboundMessageQueued} in its number's queue. */
  public static final String OUTBOUND_TAG_PREFIX = "outbound-";

  /**
   * Prefix of the second tag of an inbound media message, {@code "inbound-media-" + slice}: the
   * media fetcher reads only these instead of every event of every conversation.
   */
  public static final String MEDIA_TAG_PREFIX = "inbound-media-";

  static final int COMMENT_MAX = 10_000;

  /** The longest contact name an agent may save, in characters. */
  public static final int CONTACT_NAME_MAX = 200;

  private static final String SEPARATOR = "|";

  /** Starts sharding for conversations, configured from {@code crm.engine.conversation}. */
  public static void init(ActorSystem<?> system) {
    init(system, ConversationSettings.create(system), Clock.systemUTC());
  }

  /** As {@link #init(ActorSystem)}, with explicit settings and clock (tests). */
  public static void init(ActorSystem<?> system, ConversationSettings settings, Clock clock) {
    ClusterShardingSettings sharding = ClusterShardingSettings.create(system);
    sharding =
        sharding.withPassivationStrategy(
            sharding
                .passivationStrategySettings()
                .withIdleEntityPassivation(settings.passivateAfter()));
    ClusterSharding.get(system)
        .init(
            Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), settings, clock))
                .withSettings(sharding));
  }

  /** The entity behaviour; {@code entityId} as made by {@link #entityId(String, String)}. */
  public static Behavior<Command> create(
      String entityId, ConversationSettings settings, Clock clock) {
    return Behaviors.setup(
        context -> new Conversation(ConversationId.parse(entityId), settings, clock, context));
  }

  /** {@code phoneNumberId + "|" + customerKey}. */
  public static String entityId(String phoneNumberId, String customerKey) {
    return new ConversationId(phoneNumberId, customerKey).entityId();
  }

  /**
   * The journal's id for a conversation: {@code "Conversation|" + entityId}, e.g. {@code
   * Conversation|106540352242922|16505551234}. Built with {@link PersistenceId#ofUniqueId} because
   * {@link PersistenceId#of(String, String)} refuses a {@code |} inside the entity id. For the same
   * reason {@link PersistenceId#extractEntityId(String)} does not give the entity id back (it
   * returns only the phone_number_id): use {@link #entityIdOf(String)}, or the {@link
   * ConversationId} every event carries.
   */
  public static PersistenceId persistenceId(String entityId) {
    return PersistenceId.ofUniqueId(
        ENTITY_KEY.name() + SEPARATOR + ConversationId.parse(entityId).entityId());
  }

  /**
   * The entity id inside a conversation's persistence id (the inverse of {@link #persistenceId}).
   */
  public static String entityIdOf(String persistenceId) {
    String prefix = ENTITY_KEY.name() + SEPARATOR;
    if (persistenceId == null || !persistenceId.startsWith(prefix)) {
      throw new IllegalArgumentException("not a conversation persistence id: " + persistenceId);
    }
    return ConversationId.parse(persistenceId.substring(prefix.length())).entityId();
  }

  // Compiled once: customerKey runs for every webhook item (String.replaceAll compiled it each time).
  private static final Pattern PHONE_PUNCTUATION = Pattern.compile("[+\\s().-]");

  /**
   * The customer's key within a business number: the {@code wa_id} (digits only; {@code +}, spaces,
   * dashes, dots and parentheses are dropped) when present, else the BSUID {@code user_id}. See the
   * class comment for why.
   *
   * @throws IllegalArgumentException when neither is given, or the wa_id is not a phone number
   */
  public static String customerKey(String waId, String userId) {
    if (waId != null && !waId.isBlank()) {
      String digits = PHONE_PUNCTUATION.matcher(waId.strip()).replaceAll("");
      if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException("wa_id is not a phone number: " + waId);
      }
      return digits;
    }
    if (userId != null && !userId.isBlank()) {
      String key = userId.strip();
      if (key.contains(SEPARATOR)) {
        throw new IllegalArgumentException("user_id must not contain '|': " + userId);
      }
      return key;
    }
    throw new IllegalArgumentException("a customer needs a wa_id or a user_id");
  }

  /**
   * The tag of a conversation's events: {@code "conversation-" + (hash % slices)}, with Java's
   * specified {@link String#hashCode()}, so it is the same on every node and JVM.
   */
  public static String tagFor(String entityId, int slices) {
    if (slices <= 0) {
      throw new IllegalArgumentException("slices must be positive");
    }
    return TAG_PREFIX + Math.floorMod(entityId.hashCode(), slices);
  }

  /** The tag of a business number's queued messages, read by its outbound pipeline. */
  public static String outboundTag(String phoneNumberId) {
    return OUTBOUND_TAG_PREFIX + phoneNumberId;
  }

  /** All tags, {@code conversation-0 .. conversation-(slices-1)}, one per projection instance. */
  public static List<String> tags(int slices) {
    return slicedTags(TAG_PREFIX, slices);
  }

  /** The inbound media tags, {@code inbound-media-0 .. -(slices-1)}, one per fetcher instance. */
  public static List<String> mediaTags(int slices) {
    return slicedTags(MEDIA_TAG_PREFIX, slices);
  }

  private static List<String> slicedTags(String prefix, int slices) {
    List<String> tags = new ArrayList<>(slices);
    for (int i = 0; i < slices; i++) {
      tags.add(prefix + i);
    }
    return List.copyOf(tags);
  }

  /** Whether an event is an inbound message whose media the fetcher must copy. */
  public static boolean hasInboundMedia(Event event) {
    return event instanceof InboundMessageReceived received
        && received.content() instanceof MessageContent.Media media
        && media.mediaId() != null
        && !media.mediaId().isBlank();
  }

  // Values shared by commands, replies and events

  public enum Role {
    AGENT,
    ADMIN
  }

  /** Who asks: the signed-in user and their role, passed on unchanged by the API. */
  public record Actor(String userId, Role role) {
    public static Actor agent(String userId) {
      return new Actor(userId, Role.AGENT);
    }

    public static Actor admin(String userId) {
      return new Actor(userId, Role.ADMIN);
    }
  }

  /** The conversation's identity, in every event, so projections need no parsing. */
  public record ConversationId(String phoneNumberId, String customerKey) {
    public ConversationId {
      if (phoneNumberId == null || phoneNumberId.isBlank() || phoneNumberId.contains(SEPARATOR)) {
        throw new IllegalArgumentException("invalid phone_number_id: " + phoneNumberId);
      }
      if (customerKey == null || customerKey.isBlank() || customerKey.contains(SEPARATOR)) {
        throw new IllegalArgumentException("invalid customer key: " + customerKey);
      }
    }

    public String entityId() {
      return phoneNumberId + SEPARATOR + customerKey;
    }

    public static ConversationId parse(String entityId) {
      int at = entityId == null ? -1 : entityId.indexOf(SEPARATOR);
      if (at < 0) {
        throw new IllegalArgumentException(
            "entity id must be phoneNumberId|customerKey: " + entityId);
      }
      return new ConversationId(entityId.substring(0, at), entityId.substring(at + 1));
    }
  }

  /**
   * An outbound message's status. The declaration order is the lattice: a message's status is the
   * highest one seen (see the class comment). Persisted by name, so reordering would change the
   * rules, not the data.
   */
  public enum MessageStatus {
    QUEUED,
    SENT,
    FAILED,
    DELIVERED,
    READ;

    /** The higher of the two. */
    public MessageStatus merge(MessageStatus other) {
      return other != null && other.ordinal() > ordinal() ? other : this;
    }
  }

  /** An error from Meta: its code (e.g. 131047), title and {@code error_data.details}. */
  public record MetaError(int code, String title, String details) {}

  // Command

  public sealed interface Command extends CborSerializable {}

  /**
   * A message from the customer, as the webhook carried it ({@code timestamp} is Meta's). Replies
   * the {@link Summary}; a wamid already seen changes nothing and also replies the summary.
   */
  public record ReceiveInbound(
      String wamid,
      String waId,
      String userId,
      String profileName,
      Instant timestamp,
      String contextWamid,
      MessageContent content,
      ActorRef<StatusReply<Summary>> replyTo)
      implements Command {}

  /**
   * Queue a message to the customer. Replies {@link MessageAccepted}, or {@code validation_failed},
   * {@code not_assignee}, {@code window_closed}, {@code not_found} (reaction target). {@code
   * clientMessageId} (optional) makes retries safe; {@code contextWamid} (optional) quotes a
   * message.
   */
  public record SendMessage(
      Actor actor,
      String clientMessageId,
      String contextWamid,
      MessageContent content,
      ActorRef<StatusReply<MessageAccepted>> replyTo)
      implements Command {}

  /** Meta accepted the message and named it {@code wamid}. Replies Done, or not_found, conflict. */
  public record RecordSendAccepted(
      String messageId, String wamid, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /** Meta refused the send request. Replies Done, or not_found, conflict. */
  public record RecordSendFailed(
      String messageId, MetaError error, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /**
   * A status webhook for {@code wamid} ({@code SENT}, {@code DELIVERED}, {@code READ} or {@code
   * FAILED} with Meta's error; {@code timestamp} is Meta's). Replies Done, also for duplicates and
   * late statuses, which change nothing.
   */
  public record RecordStatus(
      String wamid,
      MessageStatus status,
      Instant timestamp,
      MetaError error,
      ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  /** Assign or reassign to {@code assigneeId}. Replies the Summary, or not_assignee. */
  public record Assign(Actor actor, String assigneeId, ActorRef<StatusReply<Summary>> replyTo)
      implements Command {}

  /** Replies the Summary, or not_assignee. */
  public record Unassign(Actor actor, ActorRef<StatusReply<Summary>> replyTo) implements Command {}

  /** An internal note for agents, never sent. Replies {@link CommentAccepted}. */
  public record AddComment(Actor actor, String text, ActorRef<StatusReply<CommentAccepted>> replyTo)
      implements Command {}

  /** Replies the Summary. */
  public record Archive(Actor actor, ActorRef<StatusReply<Summary>> replyTo) implements Command {}

  /** Replies the Summary. */
  public record Unarchive(Actor actor, ActorRef<StatusReply<Summary>> replyTo) implements Command {}

  /**
   * The actor has read the inbound messages up to {@code upToSequence} (null: all of them). Replies
   * the Summary, or validation_failed for a sequence beyond the last message.
   */
  public record MarkRead(Actor actor, Long upToSequence, ActorRef<StatusReply<Summary>> replyTo)
      implements Command {}

  /** Replies the Summary. */
  public record Get(ActorRef<Summary> replyTo) implements Command {}

  /** Replies the {@link MessageInfo} of a recent outbound message, or not_found. */
  public record GetMessage(String messageId, ActorRef<StatusReply<MessageInfo>> replyTo)
      implements Command {}

  /**
   * An agent saved the customer's name ({@code name} null: clear it, WhatsApp's profile name shows
   * again). Replies Done, or validation_failed, or not_found before any message either way.
   */
  public record RenameContact(Actor actor, String name, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  // Reply

  /**
   * The conversation at a glance. {@code windowOpen} is evaluated when the reply is made; {@code
   * windowClosesAt} is null while no customer message was ever received. {@code lastInboundWamid}
   * is the wamid of message {@code lastInboundSequence} (null before any): the API marks it read
   * at Meta, or shows the typing indicator on it.
   */
  public record Summary(
      ConversationId conversationId,
      String waId,
      String userId,
      String profileName,
      Instant windowClosesAt,
      boolean windowOpen,
      String assigneeId,
      boolean archived,
      long lastInboundSequence,
      Map<String, Long> readPositions,
      String lastInboundWamid)
      implements CborSerializable {
    public Summary {
      readPositions = readPositions == null ? Map.of() : Map.copyOf(readPositions);
    }

    /** Inbound messages {@code agentId} has not read. */
    public long unreadFor(String agentId) {
      return lastInboundSequence - readPositions.getOrDefault(agentId, 0L);
    }
  }

  /** A send was queued (or, with {@code duplicate}, had already been under this client id). */
  public record MessageAccepted(
      String messageId, String clientMessageId, MessageStatus status, boolean duplicate)
      implements CborSerializable {}

  public record CommentAccepted(String commentId) implements CborSerializable {}

  /** An outbound message's status as the entity knows it. */
  public record MessageInfo(
      String messageId,
      String clientMessageId,
      String wamid,
      MessageStatus status,
      MetaError error,
      Instant queuedAt,
      Instant statusAt)
      implements CborSerializable {}

  // Event

  public sealed interface Event extends CborSerializable {
    ConversationId conversationId();
  }

  /**
   * A customer (or system) message. {@code sequence} numbers inbound messages from 1 (read
   * positions refer to it); {@code windowClosesAt} is the window after this message.
   */
  public record InboundMessageReceived(
      ConversationId conversationId,
      String wamid,
      long sequence,
      String waId,
      String userId,
      String profileName,
      Instant timestamp,
      String contextWamid,
      MessageContent content,
      Instant windowClosesAt,
      Instant receivedAt)
      implements Event {}

  /** An archived conversation became active because the customer wrote ({@code wamid}). */
  public record ConversationReactivated(ConversationId conversationId, String wamid, Instant at)
      implements Event {}

  /**
   * A message to send: everything the outbound pipeline needs, including the recipient ({@code
   * wa_id} and/or BSUID) as known when it was queued.
   */
  public record OutboundMessageQueued(
      ConversationId conversationId,
      String messageId,
      String clientMessageId,
      Actor sentBy,
      String recipientWaId,
      String recipientUserId,
      String contextWamid,
      MessageContent content,
      Instant queuedAt)
      implements Event {}

  /** Meta accepted the send request and named the message {@code wamid}. */
  public record OutboundMessageAccepted(
      ConversationId conversationId, String messageId, String wamid, Instant at) implements Event {}

  /** Meta refused the send request: the message is failed, no status will follow. */
  public record OutboundSendFailed(
      ConversationId conversationId, String messageId, MetaError error, Instant at)
      implements Event {}

  /**
   * A message's status moved up the lattice. {@code timestamp} is Meta's; {@code error} only for
   * {@code FAILED}.
   */
  public record MessageStatusUpdated(
      ConversationId conversationId,
      String messageId,
      String wamid,
      MessageStatus status,
      Instant timestamp,
      MetaError error,
      Instant at)
      implements Event {}

  /** A status for a wamid not known yet, kept until the send result names it. */
  public record PendingStatusRecorded(
      ConversationId conversationId,
      String wamid,
      MessageStatus status,
      Instant timestamp,
      MetaError error,
      Instant at)
      implements Event {}

  /** Assigned or reassigned ({@code previousAssigneeId} null when it was unassigned). */
  public record AgentAssigned(
      ConversationId conversationId,
      String assigneeId,
      String previousAssigneeId,
      Actor by,
      Instant at)
      implements Event {}

  public record ConversationUnassigned(
      ConversationId conversationId, String previousAssigneeId, Actor by, Instant at)
      implements Event {}

  public record CommentAdded(
      ConversationId conversationId, String commentId, Actor author, String text, Instant at)
      implements Event {}

  public record ConversationArchived(ConversationId conversationId, Actor by, Instant at)
      implements Event {}

  public record ConversationUnarchived(ConversationId conversationId, Actor by, Instant at)
      implements Event {}

  /** {@code agentId} has read the inbound messages up to {@code upToSequence}. */
  public record ConversationRead(
      ConversationId conversationId, String agentId, long upToSequence, Instant at)
      implements Event {}

  /**
   * The customer's name as an agent saved it (null: cleared). The entity keeps no name: the event
   * only orders the rename among the conversation's other events for the read side, where it
   * takes precedence over the profile name of later inbound messages.
   */
  public record ContactRenamed(ConversationId conversationId, String name, Actor by, Instant at)
      implements Event {}

  // State

  /**
   * What the rules need, immutable. Lists are ordered oldest first and bounded by the event
   * handler; lookups are linear over at most a few hundred entries.
   */
  public record State(
      String waId,
      String userId,
      String profileName,
      Instant windowClosesAt,
      String assigneeId,
      boolean archived,
      long lastInboundSequence,
      Map<String, Long> readPositions,
      List<String> recentInboundWamids,
      List<OutboundMessage> outbound,
      List<PendingStatus> pendingStatuses)
      implements CborSerializable {

    public State {
      readPositions = readPositions == null ? Map.of() : Map.copyOf(readPositions);
      recentInboundWamids =
          recentInboundWamids == null ? List.of() : List.copyOf(recentInboundWamids);
      outbound = outbound == null ? List.of() : List.copyOf(outbound);
      pendingStatuses = pendingStatuses == null ? List.of() : List.copyOf(pendingStatuses);
    }

    /** A conversation nobody wrote in yet; the key says whether we know the phone or the BSUID. */
    public static State initial(String customerKey) {
      boolean phone = customerKey.chars().allMatch(Character::isDigit);
      return new State(
          phone ? customerKey : null,
          phone ? null : customerKey,
          null,
          null,
          null,
          false,
          0,
          Map.of(),
          List.of(),
          List.of(),
          List.of());
    }

    public boolean windowOpenAt(Instant now) {
      return windowClosesAt != null && now.isBefore(windowClosesAt);
    }

    public boolean maySend(Actor actor) {
      return assigneeId == null || actor.role() == Role.ADMIN || assigneeId.equals(actor.userId());
    }

    public boolean knowsInbound(String wamid) {
      return recentInboundWamids.contains(wamid);
    }

    /** A wamid of this conversation, either way. */
    public boolean knowsWamid(String wamid) {
      return knowsInbound(wamid) || messageByWamid(wamid).isPresent();
    }

    public Optional<OutboundMessage> message(String messageId) {
      return find(outbound, m -> m.messageId().equals(messageId));
    }

    public Optional<OutboundMessage> messageByWamid(String wamid) {
      return find(outbound, m -> wamid.equals(m.wamid()));
    }

    public Optional<OutboundMessage> messageByClientId(String clientMessageId) {
      return find(outbound, m -> clientMessageId.equals(m.clientMessageId()));
    }

    public Optional<PendingStatus> pendingFor(String wamid) {
      return find(pendingStatuses, p -> p.wamid().equals(wamid));
    }

    public long readPosition(String agentId) {
      return readPositions.getOrDefault(agentId, 0L);
    }

    public long unreadFor(String agentId) {
      return lastInboundSequence - readPosition(agentId);
    }

    State withInbound(InboundMessageReceived e, int keepWamids) {
      return new State(
          e.waId() != null ? e.waId() : waId,
          e.userId() != null ? e.userId() : userId,
          e.profileName() != null ? e.profileName() : profileName,
          e.windowClosesAt(),
          assigneeId,
          archived,
          e.sequence(),
          readPositions,
          appendBounded(recentInboundWamids, e.wamid(), keepWamids),
          outbound,
          pendingStatuses);
    }

    State withArchived(boolean archived) {
      return new State(
          waId,
          userId,
          profileName,
          windowClosesAt,
          assigneeId,
          archived,
          lastInboundSequence,
          readPositions,
          recentInboundWamids,
          outbound,
          pendingStatuses);
    }

    State withAssignee(String assigneeId) {
      return new State(
          waId,
          userId,
          profileName,
          windowClosesAt,
          assigneeId,
          archived,
          lastInboundSequence,
          readPositions,
          recentInboundWamids,
          outbound,
          pendingStatuses);
    }

    State withReadPosition(String agentId, long position) {
      Map<String, Long> positions = new HashMap<>(readPositions);
      positions.put(agentId, position);
      return new State(
          waId,
          userId,
          profileName,
          windowClosesAt,
          assigneeId,
          archived,
          lastInboundSequence,
          positions,
          recentInboundWamids,
          outbound,
          pendingStatuses);
    }

    State withQueued(OutboundMessageQueued e, int keepMessages) {
      OutboundMessage m =
          new OutboundMessage(
              e.messageId(),
              e.clientMessageId(),
              null,
              MessageStatus.QUEUED,
              null,
              e.queuedAt(),
              e.queuedAt());
      return withOutbound(appendBounded(outbound, m, keepMessages), pendingStatuses);
    }

    State withAccepted(OutboundMessageAccepted e) {
      // The pending status for this wamid, if any, follows as its own MessageStatusUpdated.
      List<PendingStatus> pending = new ArrayList<>(pendingStatuses);
      pending.removeIf(p -> p.wamid().equals(e.wamid()));
      return withOutbound(replace(outbound, e.messageId(), m -> m.withWamid(e.wamid())), pending);
    }

    State withSendFailed(OutboundSendFailed e) {
      return withOutbound(
          replace(
              outbound, e.messageId(), m -> m.withStatus(MessageStatus.FAILED, e.error(), e.at())),
          pendingStatuses);
    }

    State withStatus(MessageStatusUpdated e) {
      return withOutbound(
          replace(outbound, e.messageId(), m -> m.withStatus(e.status(), e.error(), e.timestamp())),
          pendingStatuses);
    }

    State withPending(PendingStatusRecorded e, int keepPending) {
      List<PendingStatus> pending = new ArrayList<>(pendingStatuses);
      pending.removeIf(p -> p.wamid().equals(e.wamid()));
      PendingStatus p = new PendingStatus(e.wamid(), e.status(), e.timestamp(), e.error());
      return withOutbound(outbound, appendBounded(pending, p, keepPending));
    }

    private State withOutbound(List<OutboundMessage> outbound, List<PendingStatus> pending) {
      return new State(
          waId,
          userId,
          profileName,
          windowClosesAt,
          assigneeId,
          archived,
          lastInboundSequence,
          readPositions,
          recentInboundWamids,
          outbound,
          pending);
    }

    private static <T> Optional<T> find(List<T> list, Predicate<T> p) {
      for (T t : list) {
        if (p.test(t)) {
          return Optional.of(t);
        }
      }
      return Optional.empty();
    }

    private static <T> List<T> appendBounded(List<T> list, T item, int max) {
      int from = Math.max(0, list.size() + 1 - max);
      List<T> result = new ArrayList<>(list.size() + 1 - from);
      result.addAll(list.subList(from, list.size()));
      result.add(item);
      return result;
    }

    private static List<OutboundMessage> replace(
        List<OutboundMessage> list,
        String messageId,
        java.util.function.UnaryOperator<OutboundMessage> change) {
      List<OutboundMessage> result = new ArrayList<>(list.size());
      for (OutboundMessage m : list) {
        result.add(m.messageId().equals(messageId) ? change.apply(m) : m);
      }
      return result;
    }
  }

  /** A recent outbound message; {@code statusAt} is when its status last changed. */
  public record OutboundMessage(
      String messageId,
      String clientMessageId,
      String wamid,
      MessageStatus status,
      MetaError error,
      Instant queuedAt,
      Instant statusAt) {

    OutboundMessage withWamid(String wamid) {
      return new OutboundMessage(
          messageId, clientMessageId, wamid, status, error, queuedAt, statusAt);
    }

    OutboundMessage withStatus(MessageStatus status, MetaError error, Instant at) {
      // The error belongs to a failed status; a later delivery receipt clears it.
      return new OutboundMessage(
          messageId,
          clientMessageId,
          wamid,
          status,
          status == MessageStatus.FAILED ? error : null,
          queuedAt,
          at);
    }

    MessageInfo info() {
      return new MessageInfo(messageId, clientMessageId, wamid, status, error, queuedAt, statusAt);
    }
  }

  /** The highest status seen for a wamid no outbound message has yet. */
  public record PendingStatus(
      String wamid, MessageStatus status, Instant timestamp, MetaError error) {}

  // Behaviour

  private final ConversationId id;
  private final ConversationSettings settings;
  private final Clock clock;
  private final Set<String> tags;
  private final Set<String> queuedTags;
  private final Set<String> mediaTags;
  private final ActorContext<Command> context;
  private final LiveEvents live;

  private Conversation(
      ConversationId id, ConversationSettings settings, Clock clock, ActorContext<Command> context) {
    super(
        persistenceId(id.entityId()),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.id = id;
    this.settings = settings;
    this.clock = clock;
    this.context = context;
    this.live = LiveEvents.get(context.getSystem());
    String slice = tagFor(id.entityId(), settings.tagSlices());
    this.tags = Set.of(slice);
    this.queuedTags = Set.of(slice, outboundTag(id.phoneNumberId()));
    this.mediaTags = Set.of(slice, MEDIA_TAG_PREFIX + slice.substring(TAG_PREFIX.length()));
  }

  /**
   * Every persist of this entity goes through here: once the events are stored they are published
   * to live sockets, with their journal sequence numbers ({@link LiveEvents#publishPersisted}).
   */
  private EffectBuilder<Event, State> persist(Event event) {
    return persist(List.of(event));
  }

  private EffectBuilder<Event, State> persist(List<Event> events) {
    return Effect()
        .persist(events)
        .thenRun(s -> live.publishPersisted(events, lastSequenceNumber(context), s));
  }

  @Override
  public State emptyState() {
    return State.initial(id.customerKey());
  }

  @Override
  public Set<String> tagsFor(Event event) {
    // A queued message is also tagged with its number: that number's outbound pipeline reads it.
    // An inbound media message is also tagged for the media fetcher of its slice.
    if (event instanceof OutboundMessageQueued) {
      return queuedTags;
    }
    return hasInboundMedia(event) ? mediaTags : tags;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), settings.keepSnapshots());
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(ReceiveInbound.class, this::onReceiveInbound)
        .onCommand(SendMessage.class, this::onSendMessage)
        .onCommand(RecordSendAccepted.class, this::onRecordSendAccepted)
        .onCommand(RecordSendFailed.class, this::onRecordSendFailed)
        .onCommand(RecordStatus.class, this::onRecordStatus)
        .onCommand(Assign.class, this::onAssign)
        .onCommand(Unassign.class, this::onUnassign)
        .onCommand(AddComment.class, this::onAddComment)
        .onCommand(Archive.class, this::onArchive)
        .onCommand(Unarchive.class, this::onUnarchive)
        .onCommand(MarkRead.class, this::onMarkRead)
        .onCommand(Get.class, this::onGet)
        .onCommand(GetMessage.class, this::onGetMessage)
        .onCommand(RenameContact.class, this::onRenameContact)
        .build();
  }

  private ReplyEffect<Event, State> onReceiveInbound(State state, ReceiveInbound cmd) {
    if (blank(cmd.wamid()) || cmd.timestamp() == null || cmd.content() == null) {
      return reject(cmd.replyTo(), VALIDATION_FAILED, "wamid, timestamp and content are required");
    }
    Instant now = clock.instant();
    if (state.knowsInbound(cmd.wamid())) {
      // Idempotent: Meta delivers webhooks at least once; the same wamid again changes nothing.
      return Effect().reply(cmd.replyTo(), StatusReply.success(summary(state, now)));
    }
    boolean fromCustomer = !(cmd.content() instanceof MessageContent.SystemNotice);
    Instant closesAt = state.windowClosesAt();
    if (fromCustomer) {
      // From Meta's timestamp, and only ever later: a late old message cannot shorten the window
      // nor reopen one that has closed.
      Instant candidate = cmd.timestamp().plus(SERVICE_WINDOW);
      if (closesAt == null || candidate.isAfter(closesAt)) {
        closesAt = candidate;
      }
    }
    List<Event> events = new ArrayList<>(2);
    events.add(
        new InboundMessageReceived(
            id,
            cmd.wamid(),
            state.lastInboundSequence() + 1,
            emptyToNull(cmd.waId()),
            emptyToNull(cmd.userId()),
            emptyToNull(cmd.profileName()),
            cmd.timestamp(),
            emptyToNull(cmd.contextWamid()),
            cmd.content(),
            closesAt,
            now));
    if (fromCustomer && state.archived()) {
      events.add(new ConversationReactivated(id, cmd.wamid(), now));
    }
    return persist(events)
        .thenReply(cmd.replyTo(), s -> StatusReply.success(summary(s, now)));
  }

  private ReplyEffect<Event, State> onSendMessage(State state, SendMessage cmd) {
    if (!validActor(cmd.actor())) {
      return reject(cmd.replyTo(), VALIDATION_FAILED, "actor: user id and role are required");
    }
    List<OutboundValidation.Violation> violations =
        OutboundValidation.validateSend(cmd.clientMessageId(), cmd.contextWamid(), cmd.content());
    if (!violations.isEmpty()) {
      return reject(cmd.replyTo(), VALIDATION_FAILED, OutboundValidation.describe(violations));
    }
    if (cmd.clientMessageId() != null) {
      Optional<OutboundMessage> existing = state.messageByClientId(cmd.clientMessageId());
      if (existing.isPresent()) {
        // Idempotent: a retried API call with the same client message id gets the first message.
        OutboundMessage m = existing.get();
        return Effect()
            .reply(
                cmd.replyTo(),
                StatusReply.success(
                    new MessageAccepted(m.messageId(), m.clientMessageId(), m.status(), true)));
      }
    }
    if (!state.maySend(cmd.actor())) {
      return reject(
          cmd.replyTo(),
          NOT_ASSIGNEE,
          "the conversation is assigned to "
              + state.assigneeId()
              + "; only the assignee or an admin may send");
    }
    Instant now = clock.instant();
    if (!(cmd.content() instanceof MessageContent.Template) && !state.windowOpenAt(now)) {
      return reject(
          cmd.replyTo(),
          WINDOW_CLOSED,
          (state.windowClosesAt() == null
                  ? "the customer has not written yet"
                  : "the customer service window closed at " + state.windowClosesAt())
              + "; only templates can be sent");
    }
    if (cmd.content() instanceof MessageContent.Reaction r && !state.knowsWamid(r.targetWamid())) {
      return reject(
          cmd.replyTo(),
          NOT_FOUND,
          "reaction.message_id: "
              + r.targetWamid()
              + " is not a recent message of this conversation");
    }
    String messageId = UUID.randomUUID().toString();
    OutboundMessageQueued queued =
        new OutboundMessageQueued(
            id,
            messageId,
            cmd.clientMessageId(),
            cmd.actor(),
            state.waId(),
            state.userId(),
            cmd.contextWamid(),
            cmd.content(),
            now);
    return persist(queued)
        .thenReply(
            cmd.replyTo(),
            s ->
                StatusReply.success(
                    new MessageAccepted(
                        messageId, cmd.clientMessageId(), MessageStatus.QUEUED, false)));
  }

  private ReplyEffect<Event, State> onRecordSendAccepted(State state, RecordSendAccepted cmd) {
    if (blank(cmd.messageId()) || blank(cmd.wamid())) {
      return reject(cmd.replyTo(), VALIDATION_FAILED, "messageId and wamid are required");
    }
    Optional<OutboundMessage> found = state.message(cmd.messageId());
    if (found.isEmpty()) {
      return reject(cmd.replyTo(), NOT_FOUND, "no recent message " + cmd.messageId());
    }
    OutboundMessage m = found.get();
    if (cmd.wamid().equals(m.wamid())) {
      return Effect().reply(cmd.replyTo(), StatusReply.ack()); // the same result again
    }
    if (m.wamid() != null || m.status() == MessageStatus.FAILED) {
      return reject(
          cmd.replyTo(),
          CONFLICT,
          "message " + m.messageId() + " already has a send result (" + describeResult(m) + ")");
    }
    Optional<OutboundMessage> owner = state.messageByWamid(cmd.wamid());
    if (owner.isPresent()) {
      return reject(
          cmd.replyTo(),
          CONFLICT,
          cmd.wamid() + " already belongs to message " + owner.get().messageId());
    }
    Instant now = clock.instant();
    List<Event> events = new ArrayList<>(2);
    events.add(new OutboundMessageAccepted(id, m.messageId(), cmd.wamid(), now));
    state
        .pendingFor(cmd.wamid())
        .filter(p -> p.status() != MessageStatus.QUEUED)
        .ifPresent(
            p ->
                // The status webhook raced ahead of the send result: apply it now.
                events.add(
                    new MessageStatusUpdated(
                        id, m.messageId(), p.wamid(), p.status(), p.timestamp(), p.error(), now)));
    return persist(events).thenReply(cmd.replyTo(), s -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> onRecordSendFailed(State state, RecordSendFailed cmd) {
    if (blank(cmd.messageId()) || cmd.error() == null) {
      return reject(cmd.replyTo(), VALIDATION_FAILED, "messageId and error are required");
    }
    Optional<OutboundMessage> found = state.message(cmd.messageId());
    if (found.isEmpty()) {
      return reject(cmd.replyTo(), NOT_FOUND, "no recent message " + cmd.messageId());
    }
    OutboundMessage m = found.get();
    if (m.wamid() == null && m.status() == MessageStatus.FAILED) {
      return Effect().reply(cmd.replyTo(), StatusReply.ack()); // already recorded as failed
    }
    if (m.wamid() != null) {
      return reject(
          cmd.replyTo(),
          CONFLICT,
          "message " + m.messageId() + " already has a send result (" + describeResult(m) + ")");
    }
    return persist(new OutboundSendFailed(id, m.messageId(), cmd.error(), clock.instant()))
        .thenReply(cmd.replyTo(), s -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> onRecordStatus(State state, RecordStatus cmd) {
    if (blank(cmd.wamid()) || cmd.status() == null || cmd.timestamp() == null) {
      return reject(cmd.replyTo(), VALIDATION_FAILED, "wamid, status and timestamp are required");
    }
    if (cmd.status() == MessageStatus.QUEUED) {
      return reject(cmd.replyTo(), VALIDATION_FAILED, "status: queued is not a status Meta sends");
    }
    MetaError error = cmd.status() == MessageStatus.FAILED ? cmd.error() : null;
    Instant now = clock.instant();
    Optional<OutboundMessage> found = state.messageByWamid(cmd.wamid());
    if (found.isPresent()) {
      OutboundMessage m = found.get();
      if (m.status().merge(cmd.status()) == m.status()) {
        // A duplicate, or a late status below the current one: statuses only move forward.
        return Effect().reply(cmd.replyTo(), StatusReply.ack());
      }
      return persist(
              new MessageStatusUpdated(
                  id, m.messageId(), cmd.wamid(), cmd.status(), cmd.timestamp(), error, now))
          .thenReply(cmd.replyTo(), s -> StatusReply.ack());
    }
    Optional<PendingStatus> pending = state.pendingFor(cmd.wamid());
    if (pending.isPresent()
        && pending.get().status().merge(cmd.status()) == pending.get().status()) {
      return Effect().reply(cmd.replyTo(), StatusReply.ack());
    }
    // The status raced ahead of the send result: keep it until the wamid is known.
    return persist(
            new PendingStatusRecorded(id, cmd.wamid(), cmd.status(), cmd.timestamp(), error, now))
        .thenReply(cmd.replyTo(), s -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> onAssign(State state, Assign cmd) {
    if (!validActor(cmd.actor()) || blank(cmd.assigneeId())) {
      return reject(cmd.replyTo(), VALIDATION_FAILED, "actor and assigneeId are required");
    }
    Instant now = clock.instant();
    if (cmd.assigneeId().equals(state.assigneeId())) {
      return Effect().reply(cmd.replyTo(), StatusReply.success(summary(state, now)));
    }
    if (!mayChangeAssignment(state, cmd.actor())) {
      return reject(
          cmd.replyTo(),
          NOT_ASSIGNEE,
          "the conversation is assigned to "
              + state.assigneeId()
              + "; only they or an admin may reassign it");
    }
    return persist(new AgentAssigned(id, cmd.assigneeId(), state.assigneeId(), cmd.actor(), now))
        .thenReply(cmd.replyTo(), s -> StatusReply.success(summary(s, now)));
  }

  private ReplyEffect<Event, State> onUnassign(State state, Unassign cmd) {
    if (!validActor(cmd.actor())) {
      return reject(cmd.replyTo(), VALIDATION_FAILED, "actor: user id and role are required");
    }
    Instant now = clock.instant();
    if (state.assigneeId() == null) {
      return Effect().reply(cmd.replyTo(), StatusReply.success(summary(state, now)));
    }
    if (!mayChangeAssignment(state, cmd.actor())) {
      return reject(
          cmd.replyTo(),
          NOT_ASSIGNEE,
          "the conversation is assigned to "
              + state.assigneeId()
              + "; only they or an admin may unassign it");
    }
    return persist(new ConversationUnassigned(id, state.assigneeId(), cmd.actor(), now))
        .thenReply(cmd.replyTo(), s -> StatusReply.success(summary(s, now)));
  }

  private ReplyEffect<Event, State> onAddComment(State state, AddComment cmd) {
    if (!validActor(cmd.actor())) {
      return reject(cmd.replyTo(), VALIDATION_FAILED, "actor: user id and role are required");
    }
    if (blank(cmd.text())) {
      return reject(cmd.replyTo(), VALIDATION_FAILED, "text: required");
    }
    int length = cmd.text().codePointCount(0, cmd.text().length());
    if (length > COMMENT_MAX) {
      return reject(
          cmd.replyTo(),
          VALIDATION_FAILED,
          "text: at most " + COMMENT_MAX + " characters, was " + length);
    }
    String commentId = UUID.randomUUID().toString();
    return persist(new CommentAdded(id, commentId, cmd.actor(), cmd.text(), clock.instant()))
        .thenReply(cmd.replyTo(), s -> StatusReply.success(new CommentAccepted(commentId)));
  }

  private ReplyEffect<Event, State> onArchive(State state, Archive cmd) {
    if (!validActor(cmd.actor())) {
      return reject(cmd.replyTo(), VALIDATION_FAILED, "actor: user id and role are required");
    }
    Instant now = clock.instant();
    if (state.archived()) {
      return Effect().reply(cmd.replyTo(), StatusReply.success(summary(state, now)));
    }
    return persist(new ConversationArchived(id, cmd.actor(), now))
        .thenReply(cmd.replyTo(), s -> StatusReply.success(summary(s, now)));
  }

  private ReplyEffect<Event, State> onUnarchive(State state, Unarchive cmd) {
    if (!validActor(cmd.actor())) {
      return reject(cmd.replyTo(), VALIDATION_FAILED, "actor: user id and role are required");
    }
    Instant now = clock.instant();
    if (!state.archived()) {
      return Effect().reply(cmd.replyTo(), StatusReply.success(summary(state, now)));
    }
    return persist(new ConversationUnarchived(id, cmd.actor(), now))
        .thenReply(cmd.replyTo(), s -> StatusReply.success(summary(s, now)));
  }

  private ReplyEffect<Event, State> onMarkRead(State state, MarkRead cmd) {
    if (!validActor(cmd.actor())) {
      return reject(cmd.replyTo(), VALIDATION_FAILED, "actor: user id and role are required");
    }
    long upTo = cmd.upToSequence() == null ? state.lastInboundSequence() : cmd.upToSequence();
    if (upTo < 0 || upTo > state.lastInboundSequence()) {
      return reject(
          cmd.replyTo(),
          VALIDATION_FAILED,
          "upToSequence: between 0 and " + state.lastInboundSequence() + ", was " + upTo);
    }
    Instant now = clock.instant();
    if (upTo <= state.readPosition(cmd.actor().userId())) {
      // Read positions only move forward (two tabs may mark read out of order).
      return Effect().reply(cmd.replyTo(), StatusReply.success(summary(state, now)));
    }
    return persist(new ConversationRead(id, cmd.actor().userId(), upTo, now))
        .thenReply(cmd.replyTo(), s -> StatusReply.success(summary(s, now)));
  }

  private ReplyEffect<Event, State> onGet(State state, Get cmd) {
    return Effect().reply(cmd.replyTo(), summary(state, clock.instant()));
  }

  private ReplyEffect<Event, State> onGetMessage(State state, GetMessage cmd) {
    Optional<OutboundMessage> found =
        cmd.messageId() == null ? Optional.empty() : state.message(cmd.messageId());
    if (found.isEmpty()) {
      return reject(cmd.replyTo(), NOT_FOUND, "no recent message " + cmd.messageId());
    }
    return Effect().reply(cmd.replyTo(), StatusReply.success(found.get().info()));
  }

  private ReplyEffect<Event, State> onRenameContact(State state, RenameContact cmd) {
    if (!validActor(cmd.actor())) {
      return reject(cmd.replyTo(), VALIDATION_FAILED, "actor: user id and role are required");
    }
    String name = cmd.name() == null ? null : cmd.name().strip();
    if (name != null && name.isEmpty()) {
      return reject(cmd.replyTo(), VALIDATION_FAILED, "name: must not be blank (null clears it)");
    }
    if (name != null && name.codePointCount(0, name.length()) > CONTACT_NAME_MAX) {
      return reject(
          cmd.replyTo(), VALIDATION_FAILED, "name: at most " + CONTACT_NAME_MAX + " characters");
    }
    if (state.lastInboundSequence() == 0 && state.outbound().isEmpty()) {
      // No message either way: there is no contact yet, and a rename would start a conversation.
      return reject(cmd.replyTo(), NOT_FOUND, "no conversation with " + id.customerKey());
    }
    return persist(new ContactRenamed(id, name, cmd.actor(), clock.instant()))
        .thenReply(cmd.replyTo(), s -> StatusReply.ack());
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(
            InboundMessageReceived.class,
            (state, e) -> state.withInbound(e, settings.recentInboundIds()))
        .onEvent(ConversationReactivated.class, (state, e) -> state.withArchived(false))
        .onEvent(
            OutboundMessageQueued.class,
            (state, e) -> state.withQueued(e, settings.recentOutboundMessages()))
        .onEvent(OutboundMessageAccepted.class, (state, e) -> state.withAccepted(e))
        .onEvent(OutboundSendFailed.class, (state, e) -> state.withSendFailed(e))
        .onEvent(MessageStatusUpdated.class, (state, e) -> state.withStatus(e))
        .onEvent(
            PendingStatusRecorded.class,
            (state, e) -> state.withPending(e, settings.pendingStatuses()))
        .onEvent(AgentAssigned.class, (state, e) -> state.withAssignee(e.assigneeId()))
        .onEvent(ConversationUnassigned.class, (state, e) -> state.withAssignee(null))
        .onEvent(CommentAdded.class, (state, e) -> state)
        .onEvent(ConversationArchived.class, (state, e) -> state.withArchived(true))
        .onEvent(ConversationUnarchived.class, (state, e) -> state.withArchived(false))
        .onEvent(
            ConversationRead.class,
            (state, e) -> state.withReadPosition(e.agentId(), e.upToSequence()))
        .onEvent(ContactRenamed.class, (state, e) -> state)
        .build();
  }

  private Summary summary(State s, Instant now) {
    return new Summary(
        id,
        s.waId(),
        s.userId(),
        s.profileName(),
        s.windowClosesAt(),
        s.windowOpenAt(now),
        s.assigneeId(),
        s.archived(),
        s.lastInboundSequence(),
        s.readPositions(),
        // The newest entry is the wamid of lastInboundSequence (each inbound message appends one).
        s.recentInboundWamids().isEmpty()
            ? null
            : s.recentInboundWamids().get(s.recentInboundWamids().size() - 1));
  }

  private static boolean mayChangeAssignment(State state, Actor actor) {
    return actor.role() == Role.ADMIN
        || state.assigneeId() == null
        || state.assigneeId().equals(actor.userId());
  }

  private <T> ReplyEffect<Event, State> reject(
      ActorRef<StatusReply<T>> replyTo, ConversationException.Code code, String detail) {
    return Effect().reply(replyTo, ConversationException.reply(code, detail));
  }

  private static String describeResult(OutboundMessage m) {
    return m.wamid() != null ? "accepted as " + m.wamid() : "failed";
  }

  private static boolean validActor(Actor actor) {
    return actor != null && !blank(actor.userId()) && actor.role() != null;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String emptyToNull(String s) {
    return blank(s) ? null : s;
  }
}
