package com.whatatalk.engine.inbox;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.whatatalk.engine.conversation.Conversation.Actor;
import com.whatatalk.engine.conversation.Conversation.ConversationId;
import com.whatatalk.engine.conversation.Conversation.MessageStatus;
import com.whatatalk.engine.conversation.Conversation.MetaError;
import com.whatatalk.engine.conversation.Conversation.Role;
import com.whatatalk.engine.conversation.MessageContent;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.apache.pekko.stream.connectors.cassandra.CassandraSessionSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * The inbox read model in the tables of {@code deploy/cassandra/create_read_models.cql} (which
 * explains each table).
 *
 * <p><b>List pages</b> walk the days of {@code inbox_activity_buckets} newest first and read each
 * day's partition in clustering order (activity desc, customer key desc). A cursor is the position
 * (activity millis, customer key) of the last row returned, or scanned; the next page starts
 * strictly after it. Filters (assignee, unread for the asking agent) are applied to the rows read,
 * at most {@code list-max-scan} of them per request: a page may then come back short (even empty)
 * with a cursor, and the client asks again. Unfiltered pages read {@code limit + 1} rows, the
 * extra one only telling whether there is a next page. A day a query finds empty (rows moved to a
 * newer day) is dropped from the index with the read's time as write timestamp, so a row inserted
 * meanwhile (whose index write is later) keeps it.
 *
 * <p>The assignee filters ("mine", one agent) read {@code inbox_by_assignee} instead: one
 * partition per (number, tab, assignee) in the same order and with the same cursors, so they cost
 * what the agent's own conversations cost, not a scan of the whole tab; "unread" on top of them
 * filters that agent's rows only. "Unassigned" (most of a busy inbox) and "unread" alone still
 * filter the whole tab's rows, which mostly match or are cheap to skip.
 */
public final class CassandraInboxRepository implements InboxRepository {
  private static final long DAY_MILLIS = 86_400_000L;
  /** Empty days at least this old are pruned from the list index. */
  private static final int PRUNE_AFTER_DAYS = 2;
  /** Conversation months remembered as indexed (about 60 bytes each). */
  private static final int MONTHS_REMEMBERED = 100_000;

  private static final String SUMMARY_COLUMNS =
      "wa_id, user_id, profile_name, last_message_id, last_direction, last_preview,"
          + " last_outbound_message_id, last_outbound_status, assignee_id, window_closes_at,"
          + " last_inbound_sequence, read_positions, contact_name";

  private final CassandraSession session;
  private final InboxSettings settings;
  private final ObjectMapper mapper;
  private final Clock clock;
  private final ConsistencyLevel readConsistency;
  private final ConsistencyLevel writeConsistency;
  private final Map<String, CompletionStage<PreparedStatement>> prepared =
      new ConcurrentHashMap<>();

  private final String insertConversation;
  private final String selectConversation;
  private final String insertListRow;
  private final String deleteListRow;
  private final String selectListFrom;
  private final String selectListAfter;
  private final String insertListBucket;
  private final String selectListBuckets;
  private final String pruneListBucket;
  private final String insertAssigneeRow;
  private final String deleteAssigneeRow;
  private final String selectAssigneeFrom;
  private final String selectAssigneeAfter;
  private final String insertToken;
  private final String deleteToken;
  private final String selectTokens;
  private final String insertMessage;
  private final String selectMessagesFrom;
  private final String selectMessagesAfter;
  private final String insertMessageBucket;
  private final String selectMessageBuckets;
  private final String insertMessageKey;
  private final String selectMessageKey;
  private final String updateMessageWamid;
  private final String updateMessageStatus;
  private final String updateMessageKeyStatus;
  /**
   * Conversation months whose {@code inbox_message_buckets} row this process has written, so the
   * row is written once per conversation and month rather than once per message (it was 0.7 of
   * Cassandra's ~5.7 writes per webhook event). Bounded; empty after a restart, when the first
   * message of each month writes the row again (an idempotent upsert).
   */
  private final Set<String> monthsWritten =
      Collections.newSetFromMap(
          Collections.synchronizedMap(
              new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                  return size() > MONTHS_REMEMBERED;
                }
              }));

  public CassandraInboxRepository(
      CassandraSession session, InboxSettings settings, ObjectMapper mapper, Clock clock) {
    this.session = session;
    this.settings = settings;
    this.mapper = mapper;
    this.clock = clock;
    this.readConsistency = DefaultConsistencyLevel.valueOf(settings.readConsistency());
    this.writeConsistency = DefaultConsistencyLevel.valueOf(settings.writeConsistency());
    String ks = settings.keyspace() + ".";
    insertConversation =
        "INSERT INTO " + ks + "inbox_conversations (phone_number_id, customer_key, archived,"
            + " last_activity_at, " + SUMMARY_COLUMNS + ", applied_seq_nr)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    selectConversation =
        "SELECT phone_number_id, customer_key, archived, last_activity_at, " + SUMMARY_COLUMNS
            + ", applied_seq_nr FROM " + ks + "inbox_conversations"
            + " WHERE phone_number_id = ? AND customer_key = ?";
    insertListRow =
        "INSERT INTO " + ks + "inbox_by_activity (phone_number_id, state, bucket,"
            + " last_activity_at, customer_key, " + SUMMARY_COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    deleteListRow =
        "DELETE FROM " + ks + "inbox_by_activity WHERE phone_number_id = ? AND state = ?"
            + " AND bucket = ? AND last_activity_at = ? AND customer_key = ?";
    String listColumns =
        "SELECT phone_number_id, state, last_activity_at, customer_key, " + SUMMARY_COLUMNS
            + " FROM " + ks + "inbox_by_activity WHERE phone_number_id = ? AND state = ?"
            + " AND bucket = ?";
    selectListFrom = listColumns + " LIMIT ?";
    selectListAfter = listColumns + " AND (last_activity_at, customer_key) < (?, ?) LIMIT ?";
    insertListBucket =
        "INSERT INTO " + ks + "inbox_activity_buckets (phone_number_id, state, bucket)"
            + " VALUES (?, ?, ?)";
    selectListBuckets =
        "SELECT bucket FROM " + ks + "inbox_activity_buckets"
            + " WHERE phone_number_id = ? AND state = ? AND bucket <= ?";
    pruneListBucket =
        "DELETE FROM " + ks + "inbox_activity_buckets USING TIMESTAMP ?"
            + " WHERE phone_number_id = ? AND state = ? AND bucket = ?";
    // assignee_id, a summary column, is also the partition's third key column.
    insertAssigneeRow =
        "INSERT INTO " + ks + "inbox_by_assignee (phone_number_id, state, last_activity_at,"
            + " customer_key, " + SUMMARY_COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    deleteAssigneeRow =
        "DELETE FROM " + ks + "inbox_by_assignee WHERE phone_number_id = ? AND state = ?"
            + " AND assignee_id = ? AND last_activity_at = ? AND customer_key = ?";
    String assigneeColumns =
        "SELECT phone_number_id, state, last_activity_at, customer_key, " + SUMMARY_COLUMNS
            + " FROM " + ks + "inbox_by_assignee WHERE phone_number_id = ? AND state = ?"
            + " AND assignee_id = ?";
    selectAssigneeFrom = assigneeColumns + " LIMIT ?";
    selectAssigneeAfter = assigneeColumns + " AND (last_activity_at, customer_key) < (?, ?) LIMIT ?";
    insertToken =
        "INSERT INTO " + ks + "inbox_contact_words (prefix, word, phone_number_id, customer_key,"
            + " profile_name, wa_id, user_id, contact_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    deleteToken =
        "DELETE FROM " + ks + "inbox_contact_words"
            + " WHERE prefix = ? AND word = ? AND phone_number_id = ? AND customer_key = ?";
    selectTokens =
        "SELECT phone_number_id, customer_key, profile_name, wa_id, user_id, contact_name FROM "
            + ks
            + "inbox_contact_words WHERE prefix = ? AND word >= ? AND word < ? LIMIT ?";
    insertMessage =
        "INSERT INTO " + ks + "inbox_messages (conversation_id, bucket, at, message_id, kind,"
            + " wamid, sequence, content, comment, client_message_id, context_wamid, sent_by,"
            + " sent_by_role, status, status_at, error_code, error_title, error_details)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    String messageColumns =
        "SELECT conversation_id, at, message_id, kind, wamid, sequence, content, comment,"
            + " client_message_id, context_wamid, sent_by, sent_by_role, status, status_at,"
            + " error_code, error_title, error_details FROM " + ks + "inbox_messages"
            + " WHERE conversation_id = ? AND bucket = ?";
    selectMessagesFrom = messageColumns + " LIMIT ?";
    selectMessagesAfter = messageColumns + " AND (at, message_id) < (?, ?) LIMIT ?";
    insertMessageBucket =
        "INSERT INTO " + ks + "inbox_message_buckets (conversation_id, bucket) VALUES (?, ?)";
    selectMessageBuckets =
        "SELECT bucket FROM " + ks + "inbox_message_buckets"
            + " WHERE conversation_id = ? AND bucket <= ?";
    insertMessageKey =
        "INSERT INTO " + ks + "inbox_message_keys (conversation_id, message_id, bucket, at, status)"
            + " VALUES (?, ?, ?, ?, ?)";
    selectMessageKey =
        "SELECT bucket, at, status FROM " + ks + "inbox_message_keys"
            + " WHERE conversation_id = ? AND message_id = ?";
    updateMessageWamid =
        "UPDATE " + ks + "inbox_messages SET wamid = ?"
            + " WHERE conversation_id = ? AND bucket = ? AND at = ? AND message_id = ?";
    updateMessageStatus =
        "UPDATE " + ks + "inbox_messages SET status = ?, status_at = ?, error_code = ?,"
            + " error_title = ?, error_details = ?"
            + " WHERE conversation_id = ? AND bucket = ? AND at = ? AND message_id = ?";
    updateMessageKeyStatus =
        "UPDATE " + ks + "inbox_message_keys SET status = ?"
            + " WHERE conversation_id = ? AND message_id = ?";
  }

  /** The repository on the session and keyspace {@code crm.engine.inbox} names. */
  public static CassandraInboxRepository create(ActorSystem<?> system, InboxSettings settings) {
    CassandraSession session =
        CassandraSessionRegistry.get(system)
            .sessionFor(CassandraSessionSettings.create(settings.sessionConfigPath()));
    ObjectMapper mapper =
        JacksonObjectMapperProvider.get(system).getOrCreate("jackson-json", Optional.empty());
    return new CassandraInboxRepository(session, settings, mapper, Clock.systemUTC());
  }

  // Queries

  @Override
  public CompletionStage<ConversationPage> listConversations(
      String phoneNumberId,
      InboxState state,
      ConversationFilter filter,
      String cursor,
      int limit,
      String forAgent) {
    Objects.requireNonNull(phoneNumberId, "phoneNumberId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(filter, "filter");
    Position after;
    try {
      after = Position.decode(cursor);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    int pageSize = pageSize(limit);
    if (filter.assignee() == ConversationFilter.Assignee.MINE
        || filter.assignee() == ConversationFilter.Assignee.AGENT) {
      String assignee =
          filter.assignee() == ConversationFilter.Assignee.MINE ? forAgent : filter.agentId();
      if (assignee == null) {
        return CompletableFuture.completedFuture(new ConversationPage(List.of(), null));
      }
      return new ListScan(phoneNumberId, state, filter, forAgent, pageSize, List.of(0), assignee)
          .run(0, after);
    }
    int fromBucket = after == null ? Integer.MAX_VALUE : dayOf(after.atMillis());
    return selectAll(selectListBuckets, phoneNumberId, state.column(), fromBucket)
        .thenCompose(
            rows -> {
              List<Integer> buckets = rows.stream().map(r -> r.getInt("bucket")).toList();
              ListScan scan =
                  new ListScan(phoneNumberId, state, filter, forAgent, pageSize, buckets, null);
              Position first =
                  after != null && !buckets.isEmpty() && buckets.get(0) == fromBucket
                      ? after
                      : null;
              return scan.run(0, first);
            });
  }

  /**
   * One list request: walks the days newest first until the page is full or the budget spent; with
   * an {@code assignee}, that assignee's one partition of {@code inbox_by_assignee} instead.
   */
  private final class ListScan {
    private final String phoneNumberId;
    private final InboxState state;
    private final ConversationFilter filter;
    private final String forAgent;
    private final int limit;
    private final List<Integer> buckets;
    private final String assignee;
    /** Every row read is on the page: read just what the page needs. */
    private final boolean unfiltered;
    private final List<ConversationSummary> matched = new ArrayList<>();
    private int budget = settings.listMaxScan();
    private Position lastScanned;

    ListScan(
        String phoneNumberId,
        InboxState state,
        ConversationFilter filter,
        String forAgent,
        int limit,
        List<Integer> buckets,
        String assignee) {
      this.phoneNumberId = phoneNumberId;
      this.state = state;
      this.filter = filter;
      this.forAgent = forAgent;
      this.limit = limit;
      this.buckets = buckets;
      this.assignee = assignee;
      this.unfiltered = filter.isAll() || (assignee != null && !filter.unreadOnly());
    }

    CompletionStage<ConversationPage> run(int index, Position after) {
      if (index >= buckets.size()) {
        return CompletableFuture.completedFuture(finish(false));
      }
      if (budget <= 0) {
        return CompletableFuture.completedFuture(finish(true));
      }
      int bucket = buckets.get(index);
      int wanted = limit + 1 - matched.size();
      int n = Math.min(budget, unfiltered ? wanted : Math.max(2 * (limit + 1), 100));
      long readMicros = clock.millis() * 1000;
      // The partition: a day of the tab, or the assignee's rows in the tab.
      Object partition = assignee == null ? bucket : assignee;
      CompletionStage<List<Row>> read =
          after == null
              ? selectAll(
                  assignee == null ? selectListFrom : selectAssigneeFrom,
                  phoneNumberId,
                  state.column(),
                  partition,
                  n)
              : selectAll(
                  assignee == null ? selectListAfter : selectAssigneeAfter,
                  phoneNumberId,
                  state.column(),
                  partition,
                  Instant.ofEpochMilli(after.atMillis()),
                  after.key(),
                  n);
      return read.thenCompose(
          rows -> {
            budget -= Math.max(1, rows.size());
            for (Row row : rows) {
              ConversationSummary s = summaryOf(row, InboxState.ARCHIVED.column().equals(row.getString("state")), 0);
              lastScanned = new Position(s.lastActivityAt().toEpochMilli(), s.conversationId().customerKey());
              if (filter.matches(s, forAgent)) {
                matched.add(s);
                if (matched.size() > limit) {
                  return CompletableFuture.completedFuture(finish(false));
                }
              }
            }
            if (rows.isEmpty() && after == null && assignee == null) {
              prune(bucket, readMicros);
            }
            if (rows.size() == n) {
              return run(index, lastScanned); // the day may hold more
            }
            // This day is done: a cursor from here goes on with the older days.
            lastScanned = new Position(bucket * DAY_MILLIS, "");
            return run(index + 1, null);
          });
    }

    private ConversationPage finish(boolean budgetSpent) {
      List<ConversationSummary> page = matched.size() > limit ? matched.subList(0, limit) : matched;
      String next = null;
      if (matched.size() > limit) {
        ConversationSummary last = page.get(page.size() - 1);
        next =
            new Position(last.lastActivityAt().toEpochMilli(), last.conversationId().customerKey())
                .encode();
      } else if (budgetSpent && lastScanned != null) {
        next = lastScanned.encode();
      }
      return new ConversationPage(
          page.stream().map(s -> ConversationView.of(s, forAgent)).toList(), next);
    }

    private void prune(int bucket, long readMicros) {
      int today = dayOf(clock.millis());
      if (bucket <= today - PRUNE_AFTER_DAYS) {
        // The read's time as timestamp: an insert that raced this read (written later) wins.
        write(pruneListBucket, false, readMicros, phoneNumberId, state.column(), bucket);
      }
    }
  }

  @Override
  public CompletionStage<Optional<ConversationView>> getConversation(
      ConversationId id, String forAgent) {
    return summary(id).thenApply(s -> s.map(summary -> ConversationView.of(summary, forAgent)));
  }

  /**
   * Reads at most {@code search-max-scan} rows of the word range and orders the contacts found by
   * name; a page is the next {@code limit} of them after the cursor (the last one's name and id),
   * so the pages of one search walk the same bounded set without repeats (a page reads the range
   * again: searches are refined far more often than paged).
   */
  @Override
  public CompletionStage<ContactPage> searchContacts(
      String phoneNumberId, String query, String cursor, int limit) {
    String after;
    try {
      after = SearchCursor.decode(cursor);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    int pageSize = pageSize(limit);
    ContactTokens.Query q = ContactTokens.parse(query);
    if (q == null) {
      return CompletableFuture.completedFuture(new ContactPage(List.of(), null));
    }
    // The range holds every number's contacts (a deployment serves one business and its few numbers);
    // rows of other numbers are dropped here. A contact with two words in the range comes twice.
    CompletionStage<List<Row>> rows =
        selectAll(selectTokens, q.partition(), q.from(), q.until(), settings.searchMaxScan());
    return rows.thenApply(
        found -> {
          List<ContactMatch> matches =
              found.stream()
                  .filter(r -> phoneNumberId == null || phoneNumberId.equals(r.getString("phone_number_id")))
                  .filter(
                      r ->
                          q.matches(r.getString("profile_name"), r.getString("wa_id"))
                              || q.matches(r.getString("contact_name"), r.getString("wa_id")))
                  .map(
                      r ->
                          new ContactMatch(
                              new ConversationId(
                                  r.getString("phone_number_id"), r.getString("customer_key")),
                              r.getString("profile_name"),
                              r.getString("wa_id"),
                              r.getString("user_id"),
                              r.getString("contact_name")))
                  .distinct()
                  .filter(m -> after == null || SearchCursor.key(m).compareTo(after) > 0)
                  .sorted(Comparator.comparing(SearchCursor::key))
                  .limit(pageSize + 1L)
                  .toList();
          if (matches.size() <= pageSize) {
            return new ContactPage(matches, null);
          }
          List<ContactMatch> page = matches.subList(0, pageSize);
          return new ContactPage(page, SearchCursor.encode(page.get(pageSize - 1)));
        });
  }

  /**
   * The order of search results and its cursor: the lower-cased display name (none last), then the
   * conversation id, joined by a character no name holds, so one string comparison orders both.
   */
  static final class SearchCursor {
    private static final String VERSION = "s1|";

    private SearchCursor() {}

    static String key(ContactMatch m) {
      String name =
          m.displayName() == null
              ? "\uffff"
              : m.displayName().replace("\0", "").toLowerCase(Locale.ROOT);
      return name + "\0" + m.conversationId().entityId();
    }

    static String encode(ContactMatch last) {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString((VERSION + key(last)).getBytes(StandardCharsets.UTF_8));
    }

    /** The key the next page starts after; null for the first page. */
    static String decode(String cursor) {
      if (cursor == null || cursor.isEmpty()) {
        return null;
      }
      String plain;
      try {
        plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid cursor: " + cursor, e);
      }
      if (!plain.startsWith(VERSION) || plain.indexOf('\0') < 0) {
        throw new IllegalArgumentException("invalid cursor: " + cursor);
      }
      return plain.substring(VERSION.length());
    }
  }

  @Override
  public CompletionStage<MessagePage> messages(ConversationId id, String cursor, int limit) {
    Position after;
    try {
      after = Position.decode(cursor);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    int pageSize = pageSize(limit);
    int fromBucket = after == null ? Integer.MAX_VALUE : monthOf(Instant.ofEpochMilli(after.atMillis()));
    return selectAll(selectMessageBuckets, id.entityId(), fromBucket)
        .thenCompose(
            rows -> {
              List<Integer> buckets = rows.stream().map(r -> r.getInt("bucket")).toList();
              Position first =
                  after != null && !buckets.isEmpty() && buckets.get(0) == fromBucket
                      ? after
                      : null;
              return messagePage(id, buckets, 0, first, pageSize, new ArrayList<>());
            });
  }

  private CompletionStage<MessagePage> messagePage(
      ConversationId id,
      List<Integer> buckets,
      int index,
      Position after,
      int limit,
      List<HistoryEntry> found) {
    if (index >= buckets.size()) {
      return CompletableFuture.completedFuture(new MessagePage(found, null));
    }
    int bucket = buckets.get(index);
    int n = limit + 1 - found.size();
    CompletionStage<List<Row>> read =
        after == null
            ? selectAll(selectMessagesFrom, id.entityId(), bucket, n)
            : selectAll(
                selectMessagesAfter,
                id.entityId(),
                bucket,
                Instant.ofEpochMilli(after.atMillis()),
                after.key(),
                n);
    return read.thenCompose(
        rows -> {
          for (Row row : rows) {
            found.add(historyOf(id, row));
          }
          if (found.size() > limit) {
            List<HistoryEntry> page = found.subList(0, limit);
            HistoryEntry last = page.get(limit - 1);
            return CompletableFuture.completedFuture(
                new MessagePage(
                    page, new Position(last.at().toEpochMilli(), last.messageId()).encode()));
          }
          return messagePage(id, buckets, index + 1, null, limit, found);
        });
  }

  // Updates

  @Override
  public CompletionStage<Optional<ConversationSummary>> summary(ConversationId id) {
    return selectAll(selectConversation, id.phoneNumberId(), id.customerKey())
        .thenApply(
            rows ->
                rows.stream()
                    .findFirst()
                    .map(r -> summaryOf(r, r.getBoolean("archived"), r.getLong("applied_seq_nr"))));
  }

  @Override
  public CompletionStage<Done> saveSummary(ConversationSummary previous, ConversationSummary next) {
    List<CompletionStage<BoundStatement>> first = new ArrayList<>(contactRows(previous, next));
    if (moved(previous, next) && next.lastActivityAt() != null) {
      first.add(listDayRow(next));
    }
    return sequence(first)
        .thenCompose(
            statements ->
                all(
                    statements.stream()
                        .map(st -> session.executeWrite(st.setConsistencyLevel(writeConsistency)))
                        .toList()))
        .thenCompose(done -> sequence(summaryRows(previous, next)))
        // One logged batch: the moves (delete + insert) and the summary land together.
        .thenCompose(
            statements ->
                session.executeWriteBatch(
                    BatchStatement.newInstance(DefaultBatchType.LOGGED)
                        .addAll(statements)
                        .setConsistencyLevel(writeConsistency)));
  }

  /**
   * Stores conversations the read model does not have yet, fast, for loading data in bulk (the
   * read benchmark seeds a million this way): the rows {@link #saveSummary saveSummary(null, s)}
   * writes, grouped by partition into unlogged batches of at most {@code batchRows} rows (one
   * mutation per batch for the list, assignee and search partitions, which many conversations
   * share); partitions of one row (the summaries) are batched by the nodes that own them, so a
   * batch still goes to its replicas only. {@code parallelism} batches in flight, a failed one
   * retried twice (they are upserts). Not for the projection: nothing makes a conversation's rows
   * land together.
   */
  public CompletionStage<Done> insertNew(
      List<ConversationSummary> summaries, int batchRows, int parallelism) {
    List<CompletionStage<BoundStatement>> rows = new ArrayList<>();
    Set<List<Object>> days = new HashSet<>();
    for (ConversationSummary s : summaries) {
      rows.addAll(contactRows(null, s));
      if (s.lastActivityAt() != null
          && days.add(List.of(s.conversationId().phoneNumberId(), s.state(), dayOf(s)))) {
        rows.add(listDayRow(s));
      }
      rows.addAll(summaryRows(null, s));
    }
    return sequence(rows)
        .thenCombine(session.underlying(), (statements, cql) -> {
              Map<List<Object>, List<BoundStatement>> byPartition = new LinkedHashMap<>();
              for (BoundStatement st : statements) {
                byPartition
                    .computeIfAbsent(
                        List.of(st.getPreparedStatement().getQuery(), st.getRoutingKey()),
                        k -> new ArrayList<>())
                    .add(st.setConsistencyLevel(writeConsistency));
              }
              Map<Object, List<BoundStatement>> byReplicas = new LinkedHashMap<>();
              Queue<List<BoundStatement>> batches = new ConcurrentLinkedQueue<>();
              for (List<BoundStatement> partition : byPartition.values()) {
                if (partition.size() == 1) {
                  BoundStatement st = partition.get(0);
                  byReplicas.computeIfAbsent(replicas(cql, st), k -> new ArrayList<>()).add(st);
                  continue;
                }
                for (int i = 0; i < partition.size(); i += batchRows) {
                  batches.add(partition.subList(i, Math.min(partition.size(), i + batchRows)));
                }
              }
              for (List<BoundStatement> group : byReplicas.values()) {
                for (int i = 0; i < group.size(); i += batchRows) {
                  batches.add(group.subList(i, Math.min(group.size(), i + batchRows)));
                }
              }
              return batches;
            })
        .thenCompose(
            batches -> {
              List<CompletionStage<Done>> workers = new ArrayList<>();
              for (int w = 0; w < parallelism; w++) {
                workers.add(drain(batches));
              }
              return all(workers);
            });
  }

  /** The nodes that own a statement's partition; the statement itself when unknown. */
  private static Object replicas(CqlSession cql, BoundStatement st) {
    CqlIdentifier keyspace = st.getPreparedStatement().getVariableDefinitions().get(0).getKeyspace();
    Set<Node> nodes =
        cql.getMetadata()
            .getTokenMap()
            .map(tokens -> tokens.getReplicas(keyspace, st.getRoutingKey()))
            .orElse(Set.of());
    return nodes.isEmpty() ? st : nodes;
  }

  /** Runs the queued batches one after the other until none is left. */
  private CompletionStage<Done> drain(Queue<List<BoundStatement>> batches) {
    List<BoundStatement> batch = batches.poll();
    if (batch == null) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    return executeRetrying(batch, 3).thenCompose(done -> drain(batches));
  }

  private CompletionStage<Done> executeRetrying(List<BoundStatement> batch, int attempts) {
    CompletionStage<Done> run =
        batch.size() == 1
            ? session.executeWrite(batch.get(0))
            : session.executeWriteBatch(
                BatchStatement.newInstance(DefaultBatchType.UNLOGGED)
                    .addAll(batch)
                    .setConsistencyLevel(writeConsistency));
    return run.exceptionallyCompose(
        failure ->
            attempts <= 1
                ? CompletableFuture.failedFuture(failure)
                : executeRetrying(batch, attempts - 1));
  }

  private static boolean moved(ConversationSummary previous, ConversationSummary next) {
    return previous == null
        || previous.archived() != next.archived()
        || !Objects.equals(previous.lastActivityAt(), next.lastActivityAt());
  }

  /** The day of {@code s}'s list row in the index of days. */
  private CompletionStage<BoundStatement> listDayRow(ConversationSummary s) {
    return bind(
        insertListBucket, false, s.conversationId().phoneNumberId(), s.state().column(), dayOf(s));
  }

  /** The list row moved or rewritten, the assignee row likewise, and the summary row. */
  private List<CompletionStage<BoundStatement>> summaryRows(
      ConversationSummary previous, ConversationSummary next) {
    ConversationId id = next.conversationId();
    boolean moved = moved(previous, next);
    List<CompletionStage<BoundStatement>> batch = new ArrayList<>();
    if (moved && previous != null && previous.lastActivityAt() != null) {
      batch.add(
          bind(
              deleteListRow,
              false,
              id.phoneNumberId(),
              previous.state().column(),
              dayOf(previous),
              previous.lastActivityAt(),
              id.customerKey()));
    }
    if (next.lastActivityAt() != null) {
      batch.add(
          bind(
              insertListRow,
              moved,
              concat(
                  new Object[] {
                    id.phoneNumberId(),
                    next.state().column(),
                    dayOf(next),
                    next.lastActivityAt(),
                    id.customerKey()
                  },
                  summaryValues(next))));
    }
    batch.addAll(assigneeRowWrites(previous, next));
    batch.add(
        bind(
            insertConversation,
            previous == null,
            concat(
                concat(
                    new Object[] {
                      id.phoneNumberId(), id.customerKey(), next.archived(), next.lastActivityAt()
                    },
                    summaryValues(next)),
                new Object[] {next.appliedSeqNr()})));
    return batch;
  }

  /**
   * Where a conversation sits in {@code inbox_by_assignee}: nowhere while unassigned (or before it
   * has a place in the list).
   */
  private record AssigneeSlot(String state, String assigneeId, Instant lastActivityAt) {
    static AssigneeSlot of(ConversationSummary s) {
      return s == null || s.assigneeId() == null || s.lastActivityAt() == null
          ? null
          : new AssigneeSlot(s.state().column(), s.assigneeId(), s.lastActivityAt());
    }
  }

  /**
   * The assignee row follows the summary: it moves (delete + insert) when the assignee, the tab or
   * the activity changed, and is rewritten in place otherwise, like the list row.
   */
  private List<CompletionStage<BoundStatement>> assigneeRowWrites(
      ConversationSummary previous, ConversationSummary next) {
    ConversationId id = next.conversationId();
    AssigneeSlot from = AssigneeSlot.of(previous);
    AssigneeSlot to = AssigneeSlot.of(next);
    List<CompletionStage<BoundStatement>> writes = new ArrayList<>();
    if (from != null && !from.equals(to)) {
      writes.add(
          bind(
              deleteAssigneeRow,
              false,
              id.phoneNumberId(),
              from.state(),
              from.assigneeId(),
              from.lastActivityAt(),
              id.customerKey()));
    }
    if (to != null) {
      writes.add(
          bind(
              insertAssigneeRow,
              !to.equals(from),
              concat(
                  new Object[] {
                    id.phoneNumberId(), to.state(), to.lastActivityAt(), id.customerKey()
                  },
                  summaryValues(next))));
    }
    return writes;
  }

  private List<CompletionStage<BoundStatement>> contactRows(
      ConversationSummary previous, ConversationSummary next) {
    if (previous != null
        && Objects.equals(previous.profileName(), next.profileName())
        && Objects.equals(previous.contactName(), next.contactName())
        && Objects.equals(previous.waId(), next.waId())
        && Objects.equals(previous.userId(), next.userId())) {
      return List.of();
    }
    ConversationId id = next.conversationId();
    Set<String> tokens = contactTokens(next);
    List<CompletionStage<BoundStatement>> writes = new ArrayList<>();
    if (previous != null) {
      Set<String> stale = new HashSet<>(contactTokens(previous));
      stale.removeAll(tokens);
      for (String token : stale) {
        writes.add(
            bind(
                deleteToken,
                false,
                ContactTokens.partition(token),
                ContactTokens.word(token),
                id.phoneNumberId(),
                id.customerKey()));
      }
    }
    for (String token : tokens) {
      writes.add(
          bind(
              insertToken,
              true,
              ContactTokens.partition(token),
              ContactTokens.word(token),
              id.phoneNumberId(),
              id.customerKey(),
              next.profileName(),
              next.waId(),
              next.userId(),
              next.contactName()));
    }
    return writes;
  }

  // Both names find the contact: the one an agent saved and WhatsApp's profile name.
  private static Set<String> contactTokens(ConversationSummary s) {
    Set<String> tokens = new HashSet<>(ContactTokens.tokens(s.profileName(), s.waId()));
    if (s.contactName() != null) {
      tokens.addAll(ContactTokens.tokens(s.contactName(), null));
    }
    return tokens;
  }

  @Override
  public CompletionStage<Done> addHistory(HistoryEntry e) {
    String conversation = e.conversationId().entityId();
    int bucket = monthOf(e.at());
    CompletionStage<Boolean> known =
        e.kind() == HistoryEntry.Kind.OUTBOUND
            ? messageKey(e.conversationId(), e.messageId()).thenApply(Optional::isPresent)
            : CompletableFuture.completedFuture(false);
    return known.thenCompose(
        exists -> {
          if (exists) {
            // Already there, perhaps with a higher status: a replay must not reset it.
            return CompletableFuture.completedFuture(Done.getInstance());
          }
          CompletionStage<Done> row =
              write(
                  insertMessage,
                  true,
                  conversation,
                  bucket,
                  e.at(),
                  e.messageId(),
                  e.kind().name().toLowerCase(Locale.ROOT),
                  e.wamid(),
                  e.sequence(),
                  e.content() == null ? null : json(e.content()),
                  e.comment(),
                  e.clientMessageId(),
                  e.contextWamid(),
                  e.sentBy() == null ? null : e.sentBy().userId(),
                  e.sentBy() == null || e.sentBy().role() == null ? null : e.sentBy().role().name(),
                  e.status() == null ? null : e.status().name(),
                  e.statusAt(),
                  e.error() == null ? null : e.error().code(),
                  e.error() == null ? null : e.error().title(),
                  e.error() == null ? null : e.error().details());
          String monthKey = conversation + '|' + bucket;
          CompletionStage<Done> month =
              monthsWritten.contains(monthKey)
                  ? CompletableFuture.completedFuture(Done.getInstance())
                  : write(insertMessageBucket, false, conversation, bucket)
                      .thenApply(
                          done -> {
                            monthsWritten.add(monthKey);
                            return done;
                          });
          return all(List.of(row, month))
              .thenCompose(
                  done ->
                      e.kind() != HistoryEntry.Kind.OUTBOUND
                          ? CompletableFuture.completedFuture(done)
                          // Written last: it marks the message as fully recorded.
                          : write(
                              insertMessageKey,
                              true,
                              conversation,
                              e.messageId(),
                              bucket,
                              e.at(),
                              e.status() == null ? MessageStatus.QUEUED.name() : e.status().name()));
        });
  }

  @Override
  public CompletionStage<Done> recordWamid(ConversationId id, String messageId, String wamid) {
    return messageKey(id, messageId)
        .thenCompose(
            key ->
                key.isEmpty()
                    ? CompletableFuture.completedFuture(Done.getInstance())
                    : write(
                        updateMessageWamid,
                        false,
                        wamid,
                        id.entityId(),
                        key.get().bucket(),
                        key.get().at(),
                        messageId));
  }

  @Override
  public CompletionStage<Done> mergeStatus(
      ConversationId id, String messageId, MessageStatus status, Instant at, MetaError error) {
    return messageKey(id, messageId)
        .thenCompose(
            found -> {
              if (found.isEmpty()) {
                return CompletableFuture.completedFuture(Done.getInstance());
              }
              MessageKey key = found.get();
              MessageStatus merged = key.status().merge(status);
              if (merged == key.status()) {
                // Statuses only move up: a duplicate or a late lower status changes nothing.
                return CompletableFuture.completedFuture(Done.getInstance());
              }
              MetaError kept = merged == MessageStatus.FAILED ? error : null;
              return write(
                      updateMessageStatus,
                      false,
                      merged.name(),
                      at,
                      kept == null ? null : kept.code(),
                      kept == null ? null : kept.title(),
                      kept == null ? null : kept.details(),
                      id.entityId(),
                      key.bucket(),
                      key.at(),
                      messageId)
                  .thenCompose(
                      done ->
                          write(updateMessageKeyStatus, false, merged.name(), id.entityId(), messageId));
            });
  }

  private record MessageKey(int bucket, Instant at, MessageStatus status) {}

  private CompletionStage<Optional<MessageKey>> messageKey(ConversationId id, String messageId) {
    return selectAll(selectMessageKey, id.entityId(), messageId)
        .thenApply(
            rows ->
                rows.stream()
                    .findFirst()
                    .map(
                        r ->
                            new MessageKey(
                                r.getInt("bucket"),
                                r.getInstant("at"),
                                MessageStatus.valueOf(r.getString("status")))));
  }

  // Rows

  private static Object[] summaryValues(ConversationSummary s) {
    return new Object[] {
      s.waId(),
      s.userId(),
      s.profileName(),
      s.lastMessageId(),
      s.lastDirection(),
      s.lastPreview(),
      s.lastOutboundMessageId(),
      s.lastOutboundStatus() == null ? null : s.lastOutboundStatus().name(),
      s.assigneeId(),
      s.windowClosesAt(),
      s.lastInboundSequence(),
      s.readPositions(),
      s.contactName()
    };
  }

  private static ConversationSummary summaryOf(Row r, boolean archived, long appliedSeqNr) {
    String status = r.getString("last_outbound_status");
    return new ConversationSummary(
        new ConversationId(r.getString("phone_number_id"), r.getString("customer_key")),
        r.getString("wa_id"),
        r.getString("user_id"),
        r.getString("profile_name"),
        archived,
        r.getInstant("last_activity_at"),
        r.getString("last_message_id"),
        r.getString("last_direction"),
        r.getString("last_preview"),
        r.getString("last_outbound_message_id"),
        status == null ? null : MessageStatus.valueOf(status),
        r.getString("assignee_id"),
        r.getInstant("window_closes_at"),
        r.getLong("last_inbound_sequence"),
        r.isNull("read_positions") ? Map.of() : r.getMap("read_positions", String.class, Long.class),
        appliedSeqNr,
        r.getString("contact_name"));
  }

  private HistoryEntry historyOf(ConversationId id, Row r) {
    String content = r.getString("content");
    String sentBy = r.getString("sent_by");
    String role = r.getString("sent_by_role");
    String status = r.getString("status");
    return new HistoryEntry(
        id,
        r.getString("message_id"),
        HistoryEntry.Kind.valueOf(r.getString("kind").toUpperCase(Locale.ROOT)),
        r.getInstant("at"),
        r.getString("wamid"),
        r.isNull("sequence") ? null : r.getLong("sequence"),
        content == null ? null : content(content),
        r.getString("comment"),
        r.getString("client_message_id"),
        r.getString("context_wamid"),
        sentBy == null ? null : new Actor(sentBy, role == null ? null : Role.valueOf(role)),
        status == null ? null : MessageStatus.valueOf(status),
        r.getInstant("status_at"),
        r.isNull("error_code")
            ? null
            : new MetaError(
                r.getInt("error_code"), r.getString("error_title"), r.getString("error_details")));
  }

  private String json(MessageContent content) {
    try {
      return mapper.writerFor(MessageContent.class).writeValueAsString(content);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private MessageContent content(String json) {
    try {
      return mapper.readValue(json, MessageContent.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  // Buckets and cursors

  private static int dayOf(long epochMillis) {
    return (int) Math.floorDiv(epochMillis, DAY_MILLIS);
  }

  private static int dayOf(ConversationSummary s) {
    return dayOf(s.lastActivityAt().toEpochMilli());
  }

  /** yyyymm of {@code at} in UTC. */
  static int monthOf(Instant at) {
    ZonedDateTime t = at.atZone(ZoneOffset.UTC);
    return t.getYear() * 100 + t.getMonthValue();
  }

  private int pageSize(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    return Math.min(limit, settings.maxPageSize());
  }

  /** A place in a list or history: time (millis) and the row's key there. The cursor is it. */
  record Position(long atMillis, String key) {
    private static final String VERSION = "1";

    String encode() {
      String plain = VERSION + "|" + atMillis + "|" + key;
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static Position decode(String cursor) {
      if (cursor == null || cursor.isEmpty()) {
        return null;
      }
      try {
        String plain =
            new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        String[] parts = plain.split("\\|", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
          throw new IllegalArgumentException("invalid cursor");
        }
        return new Position(Long.parseLong(parts[1]), parts[2]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid cursor: " + cursor, e);
      }
    }
  }

  // Cassandra plumbing

  private CompletionStage<PreparedStatement> prepare(String cql) {
    CompletionStage<PreparedStatement> ps = prepared.computeIfAbsent(cql, session::prepare);
    return ps.whenComplete(
        (ok, failure) -> {
          if (failure != null) {
            prepared.remove(cql, ps); // retried on the next use
          }
        });
  }

  /**
   * Binds {@code values}; with {@code fresh} (a row that does not exist yet) nulls are left unset
   * rather than written, so a new row gets no tombstones.
   */
  private CompletionStage<BoundStatement> bind(String cql, boolean fresh, Object... values) {
    return prepare(cql)
        .thenApply(
            ps -> {
              BoundStatement bound = ps.bind(values);
              if (fresh) {
                for (int i = 0; i < values.length; i++) {
                  if (values[i] == null) {
                    bound = bound.unset(i);
                  }
                }
              }
              return bound;
            });
  }

  private CompletionStage<Done> write(String cql, boolean fresh, Object... values) {
    return bind(cql, fresh, values)
        .thenCompose(bound -> session.executeWrite(bound.setConsistencyLevel(writeConsistency)));
  }

  private CompletionStage<List<Row>> selectAll(String cql, Object... values) {
    return prepare(cql)
        .thenCompose(
            ps -> session.selectAll(ps.bind(values).setConsistencyLevel(readConsistency)));
  }

  private static CompletionStage<Done> all(List<CompletionStage<Done>> stages) {
    return CompletableFuture.allOf(
            stages.stream().map(CompletionStage::toCompletableFuture).toArray(CompletableFuture[]::new))
        .thenApply(v -> Done.getInstance());
  }

  private static <T> CompletionStage<List<T>> sequence(List<CompletionStage<T>> stages) {
    return CompletableFuture.allOf(
            stages.stream().map(CompletionStage::toCompletableFuture).toArray(CompletableFuture[]::new))
        .thenApply(
            v -> stages.stream().map(s -> s.toCompletableFuture().join()).toList());
  }

  private static Object[] concat(Object[] a, Object[] b) {
    Object[] result = new Object[a.length + b.length];
    System.arraycopy(a, 0, result, 0, a.length);
    System.arraycopy(b, 0, result, a.length, b.length);
    return result;
  }
}
