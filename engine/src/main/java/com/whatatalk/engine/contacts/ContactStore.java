package com.whatatalk.engine.contacts;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import com.whatatalk.engine.auth.Cql;
import com.whatatalk.engine.conversation.Conversation.ConversationId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Contacts in the tables of {@code deploy/cassandra/create_contact_tables.cql} (which explains
 * each): the contact row, written only by compare-and-set on its version; notes by (contact,
 * month) newest first, paged by note id (a time-based UUID, which also names its month); counters
 * of notes per contact and of contacts per tag.
 */
public final class ContactStore {
  private static final String SELECT =
      "SELECT name, tags, attributes, version, updated_at, updated_by FROM whatatalk.contacts"
          + " WHERE phone_number_id = ? AND customer_key = ?";
  private static final String INSERT =
      "INSERT INTO whatatalk.contacts (phone_number_id, customer_key, name, tags, attributes,"
          + " version, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS";
  private static final String UPDATE =
      "UPDATE whatatalk.contacts SET name = ?, tags = ?, attributes = ?, version = ?,"
          + " updated_at = ?, updated_by = ? WHERE phone_number_id = ? AND customer_key = ?"
          + " IF version = ?";
  private static final String COUNT_TAG =
      "UPDATE whatatalk.contact_tag_counts SET contacts = contacts + ?"
          + " WHERE phone_number_id = ? AND tag = ?";
  private static final String SELECT_TAGS =
      "SELECT tag, contacts FROM whatatalk.contact_tag_counts WHERE phone_number_id = ?";
  private static final String INSERT_NOTE =
      "INSERT INTO whatatalk.contact_notes (phone_number_id, customer_key, bucket, note_id,"
          + " author_id, author_name, text) VALUES (?, ?, ?, ?, ?, ?, ?)";
  private static final String INSERT_NOTE_BUCKET =
      "INSERT INTO whatatalk.contact_note_buckets (phone_number_id, customer_key, bucket)"
          + " VALUES (?, ?, ?)";
  private static final String SELECT_NOTE_BUCKETS =
      "SELECT bucket FROM whatatalk.contact_note_buckets"
          + " WHERE phone_number_id = ? AND customer_key = ? AND bucket <= ?";
  private static final String NOTE_COLUMNS =
      "SELECT note_id, author_id, author_name, text FROM whatatalk.contact_notes"
          + " WHERE phone_number_id = ? AND customer_key = ? AND bucket = ?";
  private static final String SELECT_NOTES = NOTE_COLUMNS + " LIMIT ?";
  private static final String SELECT_NOTES_BEFORE = NOTE_COLUMNS + " AND note_id < ? LIMIT ?";
  private static final String COUNT_NOTE =
      "UPDATE whatatalk.contact_note_counts SET notes = notes + 1"
          + " WHERE phone_number_id = ? AND customer_key = ?";
  private static final String SELECT_NOTE_COUNT =
      "SELECT notes FROM whatatalk.contact_note_counts"
          + " WHERE phone_number_id = ? AND customer_key = ?";

  private final Cql cql;

  public ContactStore(Cql cql) {
    this.cql = cql;
  }

  public static ContactStore create(ActorSystem<?> system, ContactSettings settings) {
    return new ContactStore(
        new Cql(system, DefaultConsistencyLevel.valueOf(settings.consistency())));
  }

  public CompletionStage<Optional<Contact>> find(ConversationId id) {
    return cql.one(SELECT, id.phoneNumberId(), id.customerKey()).thenApply(r -> r.map(ContactStore::contact));
  }

  /**
   * Stores {@code next} if the stored contact is still at {@code previousVersion} (0: none
   * stored); false when another edit came first (read again and retry).
   */
  public CompletionStage<Boolean> save(ConversationId id, long previousVersion, Contact next) {
    CompletionStage<Cql.Conditional> result =
        previousVersion == 0
            ? cql.conditional(
                INSERT,
                id.phoneNumberId(),
                id.customerKey(),
                next.name(),
                next.tags(),
                next.attributes(),
                next.version(),
                next.updatedAt(),
                next.updatedBy())
            : cql.conditional(
                UPDATE,
                next.name(),
                next.tags(),
                next.attributes(),
                next.version(),
                next.updatedAt(),
                next.updatedBy(),
                id.phoneNumberId(),
                id.customerKey(),
                previousVersion);
    return result.thenApply(Cql.Conditional::applied);
  }

  /**
   * Counts the tags a contact gained and lost. Counters are not idempotent: a write that timed out
   * may or may not have counted, so the counts are close, not exact (a tag at 0 is not listed).
   */
  public CompletionStage<Done> countTags(String phoneNumberId, Set<String> added, Set<String> removed) {
    List<CompletableFuture<Done>> writes = new ArrayList<>();
    added.forEach(t -> writes.add(cql.write(COUNT_TAG, 1L, phoneNumberId, t).toCompletableFuture()));
    removed.forEach(t -> writes.add(cql.write(COUNT_TAG, -1L, phoneNumberId, t).toCompletableFuture()));
    return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).thenApply(v -> Done.getInstance());
  }

  /** The tags carried by at least one contact of the number, by name. */
  public CompletionStage<List<TagCount>> tags(String phoneNumberId) {
    return cql.all(SELECT_TAGS, phoneNumberId)
        .thenApply(
            rows ->
                rows.stream()
                    .map(r -> new TagCount(r.getString("tag"), r.getLong("contacts")))
                    .filter(t -> t.contacts() > 0)
                    .sorted(Comparator.comparing(TagCount::tag))
                    .toList());
  }

  public CompletionStage<ContactNote> addNote(
      ConversationId id, String authorId, String authorName, String text) {
    UUID noteId = Uuids.timeBased();
    Instant at = Instant.ofEpochMilli(Uuids.unixTimestamp(noteId));
    int bucket = monthOf(at);
    CompletionStage<Done> row =
        cql.write(INSERT_NOTE, id.phoneNumberId(), id.customerKey(), bucket, noteId, authorId, authorName, text);
    CompletionStage<Done> month = cql.write(INSERT_NOTE_BUCKET, id.phoneNumberId(), id.customerKey(), bucket);
    return row.thenCombine(month, (a, b) -> Done.getInstance())
        // Counted once the note is stored: a failed count is retried by nobody, but loses no note.
        .thenCompose(done -> cql.write(COUNT_NOTE, id.phoneNumberId(), id.customerKey()))
        .thenApply(done -> new ContactNote(noteId.toString(), authorId, authorName, text, at));
  }

  public CompletionStage<Long> notesCount(ConversationId id) {
    return cql.one(SELECT_NOTE_COUNT, id.phoneNumberId(), id.customerKey())
        .thenApply(r -> r.map(row -> row.getLong("notes")).orElse(0L));
  }

  /**
   * A page of notes, newest first, after {@code cursor} (the last note id of the previous page;
   * null for the newest).
   *
   * @throws IllegalArgumentException (in the stage) for a cursor that is not a note id
   */
  public CompletionStage<NotesPage> notes(ConversationId id, String cursor, int limit) {
    UUID after;
    try {
      after = cursor == null || cursor.isEmpty() ? null : UUID.fromString(cursor);
      if (after != null && after.version() != 1) {
        throw new IllegalArgumentException("not a time-based id");
      }
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("invalid cursor: " + cursor));
    }
    int fromBucket = after == null ? Integer.MAX_VALUE : monthOf(Instant.ofEpochMilli(Uuids.unixTimestamp(after)));
    return cql.all(SELECT_NOTE_BUCKETS, id.phoneNumberId(), id.customerKey(), fromBucket)
        .thenCompose(
            rows -> {
              List<Integer> buckets = rows.stream().map(r -> r.getInt("bucket")).toList();
              UUID first = after != null && !buckets.isEmpty() && buckets.get(0) == fromBucket ? after : null;
              return page(id, buckets, 0, first, limit, new ArrayList<>());
            });
  }

  private CompletionStage<NotesPage> page(
      ConversationId id, List<Integer> buckets, int index, UUID after, int limit, List<ContactNote> found) {
    if (index >= buckets.size()) {
      return CompletableFuture.completedFuture(new NotesPage(found, null));
    }
    int n = limit + 1 - found.size();
    CompletionStage<List<Row>> read =
        after == null
            ? cql.all(SELECT_NOTES, id.phoneNumberId(), id.customerKey(), buckets.get(index), n)
            : cql.all(SELECT_NOTES_BEFORE, id.phoneNumberId(), id.customerKey(), buckets.get(index), after, n);
    return read.thenCompose(
        rows -> {
          for (Row r : rows) {
            UUID noteId = r.getUuid("note_id");
            found.add(
                new ContactNote(
                    noteId.toString(),
                    r.getString("author_id"),
                    r.getString("author_name"),
                    r.getString("text"),
                    Instant.ofEpochMilli(Uuids.unixTimestamp(noteId))));
          }
          if (found.size() > limit) {
            List<ContactNote> notes = found.subList(0, limit);
            return CompletableFuture.completedFuture(
                new NotesPage(notes, notes.get(limit - 1).noteId()));
          }
          return page(id, buckets, index + 1, null, limit, found);
        });
  }

  private static Contact contact(Row r) {
    return new Contact(
        r.getString("name"),
        r.getSet("tags", String.class),
        r.getMap("attributes", String.class, String.class),
        r.getLong("version"),
        r.getInstant("updated_at"),
        r.getString("updated_by"));
  }

  /** yyyymm of {@code at} in UTC. */
  static int monthOf(Instant at) {
    ZonedDateTime t = at.atZone(ZoneOffset.UTC);
    return t.getYear() * 100 + t.getMonthValue();
  }
}
