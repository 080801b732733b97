package com.whatatalk.engine.inbox;

import com.whatatalk.engine.conversation.Conversation;
import com.whatatalk.engine.conversation.Conversation.ConversationId;
import com.whatatalk.engine.conversation.Conversation.MessageStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/**
 * Applies a group of conversation events (one tag slice, in journal order) to the inbox read
 * model: for each event the history write it implies ({@link #historyWrite}), and per
 * conversation one new summary ({@link #apply}, pure, folded over that conversation's events of
 * the group) stored through the repository. Conversations of a group are written concurrently;
 * the events of one conversation in order.
 *
 * <p>Idempotent: the projection delivers at least once, so an event may come again after a crash
 * or restart. The summary remembers the journal sequence number of the last event applied and an
 * event at or below it is skipped; the history writes are upserts and status merges, so redoing
 * them after a crash between the two writes changes nothing either. Read-modify-write of the
 * summary is safe because one projection instance (one tag slice) owns all the events of a
 * conversation and handles its groups one at a time, in order.
 *
 * <p>For the same reason the summaries it last wrote are kept in a bounded cache, so an event of a
 * recently active conversation costs no read (a webhook storm touches the same conversations
 * again and again). A handler lives as long as one run of its projection: after a restart it
 * starts empty and reads what is stored.
 */
public final class InboxProjectionHandler extends Handler<List<EventEnvelope<Conversation.Event>>> {
  static final String INBOUND = "inbound";
  static final String OUTBOUND = "outbound";

  private final InboxRepository repository;
  private final Map<ConversationId, ConversationSummary> written;

  public InboxProjectionHandler(InboxRepository repository, int summaryCacheSize) {
    this.repository = repository;
    this.written = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<ConversationId, ConversationSummary> eldest) {
        return size() > summaryCacheSize;
      }
    };
  }

  @Override
  public CompletionStage<Done> process(List<EventEnvelope<Conversation.Event>> group) {
    Map<ConversationId, List<EventEnvelope<Conversation.Event>>> byConversation =
        group.stream()
            .collect(
                Collectors.groupingBy(
                    envelope -> envelope.event().conversationId(),
                    LinkedHashMap::new,
                    Collectors.toList()));
    CompletableFuture<?>[] writes =
        byConversation.entrySet().stream()
            .map(e -> conversation(e.getKey(), e.getValue()).toCompletableFuture())
            .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(writes).thenApply(done -> Done.getInstance());
  }

  /** One conversation's events of the group: their history writes in order, then one summary. */
  private CompletionStage<Done> conversation(
      ConversationId id, List<EventEnvelope<Conversation.Event>> envelopes) {
    return stored(id)
        .thenCompose(
            stored -> {
              ConversationSummary start = stored.orElseGet(() -> ConversationSummary.empty(id));
              ConversationSummary next = start;
              CompletionStage<Done> history = CompletableFuture.completedFuture(Done.getInstance());
              for (EventEnvelope<Conversation.Event> envelope : envelopes) {
                if (envelope.sequenceNr() <= next.appliedSeqNr()) {
                  continue; // redelivered
                }
                Conversation.Event event = envelope.event();
                history = history.thenCompose(done -> historyWrite(repository, event));
                next = apply(next, event, envelope.sequenceNr());
              }
              if (next == start) {
                return history; // every event of the group was applied before
              }
              ConversationSummary summary = next;
              return history
                  .thenCompose(done -> repository.saveSummary(stored.orElse(null), summary))
                  .thenApply(
                      done -> {
                        remember(id, summary);
                        return done;
                      });
            });
  }

  // Groups are processed one at a time, but the futures complete on driver threads: the map is
  // guarded for visibility and for the concurrent conversations of a group.
  private synchronized void remember(ConversationId id, ConversationSummary summary) {
    written.put(id, summary);
  }

  private CompletionStage<Optional<ConversationSummary>> stored(ConversationId id) {
    ConversationSummary cached;
    synchronized (this) {
      cached = written.get(id);
    }
    return cached != null
        ? CompletableFuture.completedFuture(Optional.of(cached))
        : repository.summary(id);
  }

  /** The history change an event implies, if any. */
  static CompletionStage<Done> historyWrite(InboxRepository repository, Conversation.Event event) {
    if (event instanceof Conversation.InboundMessageReceived e) {
      return repository.addHistory(HistoryEntry.inbound(e));
    }
    if (event instanceof Conversation.OutboundMessageQueued e) {
      return repository.addHistory(HistoryEntry.outbound(e));
    }
    if (event instanceof Conversation.OutboundMessageAccepted e) {
      return repository.recordWamid(e.conversationId(), e.messageId(), e.wamid());
    }
    if (event instanceof Conversation.OutboundSendFailed e) {
      return repository.mergeStatus(
          e.conversationId(), e.messageId(), MessageStatus.FAILED, millis(e.at()), e.error());
    }
    if (event instanceof Conversation.MessageStatusUpdated e) {
      return repository.mergeStatus(
          e.conversationId(), e.messageId(), e.status(), millis(e.timestamp()), e.error());
    }
    if (event instanceof Conversation.CommentAdded e) {
      return repository.addHistory(HistoryEntry.comment(e));
    }
    return CompletableFuture.completedFuture(Done.getInstance());
  }

  /**
   * The summary after {@code event} (journal sequence number {@code seqNr}). Last activity is the
   * time of the latest message either way (comments, assignment and the like do not move a
   * conversation up the list); a message older than the current last one (a late webhook) counts
   * for unread but changes neither the preview nor the position. A conversation whose first event
   * is not a message gets that event's time, so it has a place in the list.
   */
  static ConversationSummary apply(ConversationSummary s, Conversation.Event event, long seqNr) {
    Builder b = new Builder(s, seqNr);
    if (event instanceof Conversation.InboundMessageReceived e) {
      if (e.waId() != null) {
        b.waId = e.waId();
      }
      if (e.userId() != null) {
        b.userId = e.userId();
      }
      if (e.profileName() != null) {
        b.profileName = e.profileName();
      }
      b.lastInboundSequence = Math.max(b.lastInboundSequence, e.sequence());
      if (e.windowClosesAt() != null
          && (b.windowClosesAt == null || e.windowClosesAt().isAfter(b.windowClosesAt))) {
        b.windowClosesAt = millis(e.windowClosesAt());
      }
      b.message(millis(e.timestamp()), e.wamid(), INBOUND, Previews.of(e.content()));
    } else if (event instanceof Conversation.OutboundMessageQueued e) {
      if (b.message(millis(e.queuedAt()), e.messageId(), OUTBOUND, Previews.of(e.content()))) {
        b.lastOutboundMessageId = e.messageId();
        b.lastOutboundStatus = MessageStatus.QUEUED;
      }
    } else if (event instanceof Conversation.OutboundSendFailed e) {
      b.status(e.messageId(), MessageStatus.FAILED, e.at());
    } else if (event instanceof Conversation.MessageStatusUpdated e) {
      b.status(e.messageId(), e.status(), e.at());
    } else if (event instanceof Conversation.ConversationReactivated e) {
      b.archived = false;
      b.touch(e.at());
    } else if (event instanceof Conversation.ConversationArchived e) {
      b.archived = true;
      b.touch(e.at());
    } else if (event instanceof Conversation.ConversationUnarchived e) {
      b.archived = false;
      b.touch(e.at());
    } else if (event instanceof Conversation.AgentAssigned e) {
      b.assigneeId = e.assigneeId();
      b.touch(e.at());
    } else if (event instanceof Conversation.ConversationUnassigned e) {
      b.assigneeId = null;
      b.touch(e.at());
    } else if (event instanceof Conversation.ConversationRead e) {
      b.readPositions.merge(e.agentId(), e.upToSequence(), Math::max);
      b.touch(e.at());
    } else if (event instanceof Conversation.CommentAdded e) {
      b.touch(e.at());
    } else if (event instanceof Conversation.OutboundMessageAccepted e) {
      b.touch(e.at());
    } else if (event instanceof Conversation.PendingStatusRecorded e) {
      b.touch(e.at());
    } else if (event instanceof Conversation.ContactRenamed e) {
      // The saved name; WhatsApp's profile name (still updated by inbound messages) shows only
      // while there is none.
      b.contactName = e.name();
      b.touch(e.at());
    }
    return b.build();
  }

  static Instant millis(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
  }

  private static final class Builder {
    final ConversationSummary s;
    final long seqNr;
    String waId;
    String userId;
    String profileName;
    boolean archived;
    Instant lastActivityAt;
    String lastMessageId;
    String lastDirection;
    String lastPreview;
    String lastOutboundMessageId;
    MessageStatus lastOutboundStatus;
    String assigneeId;
    Instant windowClosesAt;
    long lastInboundSequence;
    final Map<String, Long> readPositions;
    String contactName;

    Builder(ConversationSummary s, long seqNr) {
      this.s = s;
      this.seqNr = seqNr;
      waId = s.waId();
      userId = s.userId();
      profileName = s.profileName();
      archived = s.archived();
      lastActivityAt = s.lastActivityAt();
      lastMessageId = s.lastMessageId();
      lastDirection = s.lastDirection();
      lastPreview = s.lastPreview();
      lastOutboundMessageId = s.lastOutboundMessageId();
      lastOutboundStatus = s.lastOutboundStatus();
      assigneeId = s.assigneeId();
      windowClosesAt = s.windowClosesAt();
      lastInboundSequence = s.lastInboundSequence();
      readPositions = new HashMap<>(s.readPositions());
      contactName = s.contactName();
    }

    /** A message at {@code at}; true when it is now the last one. */
    boolean message(Instant at, String messageId, String direction, String preview) {
      if (lastMessageId != null && lastActivityAt != null && at.isBefore(lastActivityAt)) {
        return false;
      }
      lastActivityAt = at;
      lastMessageId = messageId;
      lastDirection = direction;
      lastPreview = preview;
      return true;
    }

    void status(String messageId, MessageStatus status, Instant at) {
      if (messageId.equals(lastOutboundMessageId)) {
        lastOutboundStatus =
            lastOutboundStatus == null ? status : lastOutboundStatus.merge(status);
      }
      touch(at);
    }

    /** A conversation that had no activity yet gets this event's time. */
    void touch(Instant at) {
      if (lastActivityAt == null && at != null) {
        lastActivityAt = millis(at);
      }
    }

    ConversationSummary build() {
      return new ConversationSummary(
          s.conversationId(),
          waId,
          userId,
          profileName,
          archived,
          lastActivityAt,
          lastMessageId,
          lastDirection,
          lastPreview,
          lastOutboundMessageId,
          lastOutboundStatus,
          assigneeId,
          windowClosesAt,
          lastInboundSequence,
          readPositions,
          seqNr,
          contactName);
    }
  }
}
