package com.whatatalk.engine.contacts;

import com.whatatalk.engine.conversation.Conversation;
import com.whatatalk.engine.conversation.Conversation.Actor;
import com.whatatalk.engine.conversation.Conversation.ConversationId;
import com.whatatalk.engine.conversation.ConversationException;
import com.whatatalk.engine.inbox.ConversationSummary;
import com.whatatalk.engine.inbox.InboxRepository;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import com.whatatalk.engine.live.LiveEvent;
import com.whatatalk.engine.live.LiveEvents;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Contacts as the API uses them: what agents saved ({@link ContactStore}) joined with what
 * WhatsApp says about the customer (phone, BSUID, profile name: the inbox read model).
 *
 * <p>A contact exists once its conversation has a message either way, or once it was edited; any
 * other key is {@code not_found}. A new name goes first to the conversation ({@link
 * Conversation.RenameContact}), whose event the inbox projection turns into the list's name and
 * search tokens, then into the contact row; a failure between the two is repaired by retrying
 * the same edit. The row is written by compare-and-set on its version, retried a few times under
 * concurrent edits, then {@code conflict}.
 */
public final class Contacts {
  /** A new name for the conversation's customer, by {@code actor} (null name: clear it). */
  public record Rename(Actor actor, String name) {}

  private final ContactStore store;
  private final InboxRepository inbox;
  private final ContactSettings settings;
  private final ContactRules rules;
  private final BiFunction<ConversationId, Rename, CompletionStage<Done>> rename;
  private final Consumer<ContactView> updated;
  private final Clock clock;

  /**
   * @param rename asks the conversation entity to rename its customer
   * @param updated told the contact after each stored change (the live {@code contact.updated})
   */
  public Contacts(
      ContactStore store,
      InboxRepository inbox,
      ContactSettings settings,
      BiFunction<ConversationId, Rename, CompletionStage<Done>> rename,
      Consumer<ContactView> updated,
      Clock clock) {
    this.store = store;
    this.inbox = inbox;
    this.settings = settings;
    this.rules = new ContactRules(settings);
    this.rename = rename;
    this.updated = updated;
    this.clock = clock;
  }

  /** Contacts on the cluster's conversation entities, configured from {@code crm.engine.contacts}. */
  public static Contacts create(ActorSystem<?> system, InboxRepository inbox) {
    ContactSettings settings = ContactSettings.create(system);
    ClusterSharding sharding = ClusterSharding.get(system);
    return new Contacts(
        ContactStore.create(system, settings),
        inbox,
        settings,
        (id, request) ->
            sharding
                .entityRefFor(Conversation.ENTITY_KEY, id.entityId())
                .askWithStatus(
                    replyTo -> new Conversation.RenameContact(request.actor(), request.name(), replyTo),
                    settings.askTimeout()),
        // Not a conversation event (no journal sequence): clients take the newest they receive.
        view ->
            LiveEvents.get(system)
                .publish(view.conversationId(), LiveEvent.CONTACT_UPDATED, null, view),
        Clock.systemUTC());
  }

  public ContactSettings settings() {
    return settings;
  }

  /** The contact; empty when there is no such contact. */
  public CompletionStage<Optional<ContactView>> get(ConversationId id) {
    CompletionStage<Optional<Contact>> saved = store.find(id);
    CompletionStage<Optional<ConversationSummary>> summary = inbox.summary(id);
    CompletionStage<Long> notes = store.notesCount(id);
    return saved.thenCompose(
        c ->
            summary.thenCombine(
                notes,
                (s, n) ->
                    c.isEmpty() && s.isEmpty()
                        ? Optional.<ContactView>empty()
                        : Optional.of(view(id, c.orElse(Contact.NONE), s.orElse(null), n))));
  }

  /**
   * Applies {@code patch} and returns the contact after it.
   *
   * @throws ContactException (in the stage) validation, not_found or conflict
   */
  public CompletionStage<ContactView> update(Actor actor, ConversationId id, ContactPatch patch) {
    ContactPatch valid;
    try {
      valid = rules.validate(patch);
    } catch (ContactException e) {
      return CompletableFuture.failedFuture(e);
    }
    return store
        .find(id)
        .thenCompose(
            saved ->
                exists(id, saved)
                    .thenCompose(
                        exists -> {
                          if (!exists) {
                            throw notFound(id);
                          }
                          boolean renamed =
                              valid.nameSet()
                                  && !Objects.equals(valid.name(), saved.map(Contact::name).orElse(null));
                          return renamed
                              ? rename.apply(id, new Rename(actor, valid.name()))
                                  .exceptionally(e -> rethrow(e, id))
                              : CompletableFuture.completedFuture(Done.getInstance());
                        }))
        .thenCompose(done -> save(actor, id, valid, settings.updateAttempts()))
        .thenCompose(done -> get(id))
        .thenApply(v -> published(v.orElseThrow(() -> notFound(id))));
  }

  // Read, merge, compare-and-set; again from the read when another edit came first.
  private CompletionStage<Done> save(Actor actor, ConversationId id, ContactPatch patch, int attemptsLeft) {
    if (attemptsLeft <= 0) {
      return CompletableFuture.failedFuture(
          ContactException.conflict("the contact is being edited by others; try again"));
    }
    return store
        .find(id)
        .thenCompose(
            found -> {
              Contact before = found.orElse(Contact.NONE);
              String name = patch.nameSet() ? patch.name() : before.name();
              Set<String> tags = patch.tags() != null ? Set.copyOf(patch.tags()) : before.tags();
              Map<String, String> attributes = rules.mergeAttributes(before.attributes(), patch.attributes());
              if (found.isPresent()
                  && Objects.equals(name, before.name())
                  && tags.equals(before.tags())
                  && attributes.equals(before.attributes())) {
                return CompletableFuture.completedFuture(Done.getInstance()); // nothing changes
              }
              Contact after =
                  new Contact(name, tags, attributes, before.version() + 1, clock.instant(), actor.userId());
              return store
                  .save(id, before.version(), after)
                  .thenCompose(
                      applied -> {
                        if (!applied) {
                          return save(actor, id, patch, attemptsLeft - 1);
                        }
                        Set<String> added = new HashSet<>(tags);
                        added.removeAll(before.tags());
                        Set<String> removed = new HashSet<>(before.tags());
                        removed.removeAll(tags);
                        return store.countTags(id.phoneNumberId(), added, removed);
                      });
            });
  }

  /** Notes newest first; {@code limit} is capped by {@code max-page-size}. */
  public CompletionStage<NotesPage> notes(ConversationId id, String cursor, int limit) {
    int pageSize = Math.max(1, Math.min(limit, settings.maxPageSize()));
    return existing(id).thenCompose(ok -> store.notes(id, cursor, pageSize));
  }

  /**
   * Adds a note by {@code authorId} (shown as {@code authorName}).
   *
   * @throws ContactException (in the stage) validation or not_found
   */
  public CompletionStage<ContactNote> addNote(
      ConversationId id, String authorId, String authorName, String text) {
    String valid;
    try {
      valid = rules.noteText(text);
    } catch (ContactException e) {
      return CompletableFuture.failedFuture(e);
    }
    return existing(id)
        .thenCompose(ok -> store.addNote(id, authorId, authorName, valid))
        .thenCompose(
            note ->
                // The notes count changed: the contact is published again.
                get(id).thenApply(v -> {
                  v.ifPresent(this::published);
                  return note;
                }));
  }

  /** The tags in use on a business number. */
  public CompletionStage<List<TagCount>> tags(String phoneNumberId) {
    return store.tags(phoneNumberId);
  }

  private ContactView published(ContactView view) {
    updated.accept(view);
    return view;
  }

  private CompletionStage<Done> existing(ConversationId id) {
    return store
        .find(id)
        .thenCompose(saved -> exists(id, saved))
        .thenApply(
            exists -> {
              if (!exists) {
                throw notFound(id);
              }
              return Done.getInstance();
            });
  }

  private CompletionStage<Boolean> exists(ConversationId id, Optional<Contact> saved) {
    return saved.isPresent()
        ? CompletableFuture.completedFuture(true)
        : inbox.summary(id).thenApply(Optional::isPresent);
  }

  private static ContactException notFound(ConversationId id) {
    return ContactException.notFound(
        "no contact " + id.customerKey() + " on phone number " + id.phoneNumberId());
  }

  private static Done rethrow(Throwable failure, ConversationId id) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    Optional<ConversationException> refusal = ConversationException.from(cause);
    if (refusal.isPresent() && refusal.get().code() == ConversationException.Code.NOT_FOUND) {
      throw notFound(id);
    }
    if (refusal.isPresent()
        && refusal.get().code() == ConversationException.Code.VALIDATION_FAILED) {
      throw ContactException.validation(Map.of("name", refusal.get().detail()));
    }
    throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
  }

  private static ContactView view(ConversationId id, Contact c, ConversationSummary s, long notes) {
    boolean phone = id.customerKey().chars().allMatch(Character::isDigit);
    String profileName = s == null ? null : s.profileName();
    return new ContactView(
        id,
        c.name(),
        profileName,
        c.name() != null ? c.name() : profileName,
        s != null && s.waId() != null ? s.waId() : phone ? id.customerKey() : null,
        s != null && s.userId() != null ? s.userId() : phone ? null : id.customerKey(),
        c.tags().stream().sorted().toList(),
        c.attributes(),
        notes,
        c.updatedAt(),
        c.updatedBy());
  }
}
