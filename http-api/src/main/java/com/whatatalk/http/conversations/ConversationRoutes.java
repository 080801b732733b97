package com.whatatalk.http.conversations;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.parameterMap;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.whatatalk.engine.auth.User;
import com.whatatalk.engine.cloudapi.WhatsAppClient;
import com.whatatalk.engine.conversation.Conversation;
import com.whatatalk.engine.conversation.Conversation.Actor;
import com.whatatalk.engine.conversation.Conversation.ConversationId;
import com.whatatalk.engine.conversation.MessageContent;
import com.whatatalk.engine.inbox.ConversationFilter;
import com.whatatalk.engine.inbox.ConversationView;
import com.whatatalk.engine.inbox.HistoryEntry;
import com.whatatalk.engine.inbox.InboxRepository;
import com.whatatalk.engine.inbox.MessageView;
import com.whatatalk.engine.inbox.InboxState;
import com.whatatalk.engine.numbers.PhoneNumber;
import com.whatatalk.engine.numbers.PhoneNumbers;
import com.whatatalk.engine.outbound.OutboundBacklog;
import com.whatatalk.engine.templates.Template;
import com.whatatalk.engine.templates.TemplateLibrary;
import com.whatatalk.http.ApiErrors;
import com.whatatalk.http.Bodies;
import com.whatatalk.http.auth.Authentication;
import com.whatatalk.http.conversations.ConversationJson.ConversationItem;
import com.whatatalk.http.conversations.ConversationJson.ConversationState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.StatusReply;

/**
 * {@code /api/conversations}: the list (with search), one conversation, its history, sending, and
 * the work on it (assign, unassign, archive, unarchive, read, comments, typing). Every signed-in
 * agent and admin may see every conversation of every configured business number; changes go to
 * the conversation entity, which enforces who may do what ({@code not_assignee}). {@code {pnid}}
 * must be a configured number (404 otherwise); {@code {ck}}, the customer key, is the {@code
 * wa_id} (a phone typed with {@code +}, spaces or dashes is reduced to its digits) or the BSUID.
 * {@code startSender} is told the number of every queued message (production: {@code
 * OutboundSender::ensure}). A template is sent only when {@code templates} has it APPROVED for the
 * number's WABA and the request's parameters fit its placeholders ({@link TemplateChecks}).
 */
public final class ConversationRoutes {
  private final Authentication authentication;
  private final InboxRepository inbox;
  private final PhoneNumbers numbers;
  private final TemplateLibrary templates;
  private final ClusterSharding sharding;
  private final OutboundBacklog backlog;
  private final ReadReceipts receipts;
  private final ConversationsSettings settings;
  private final Consumer<String> startSender;
  private final Clock clock;

  public ConversationRoutes(
      Authentication authentication,
      InboxRepository inbox,
      PhoneNumbers numbers,
      TemplateLibrary templates,
      ActorSystem<?> system,
      WhatsAppClient client,
      ConversationsSettings settings,
      Consumer<String> startSender) {
    this.authentication = authentication;
    this.inbox = inbox;
    this.numbers = numbers;
    this.templates = templates;
    this.sharding = ClusterSharding.get(system);
    this.backlog = OutboundBacklog.get(system);
    this.receipts = new ReadReceipts(client, system, settings);
    this.settings = settings;
    this.startSender = startSender;
    this.clock = Clock.systemUTC();
  }

  public Route route() {
    return pathPrefix(
        "api",
        () ->
            pathPrefix(
                "conversations",
                () ->
                    authentication.authenticated(
                        user ->
                            concat(
                                pathEnd(() -> get(() -> list(user))),
                                pathPrefix(
                                    PathMatchers.segment(),
                                    pnid ->
                                        pathPrefix(
                                            PathMatchers.segment(),
                                            ck -> conversation(user, pnid, ck)))))));
  }

  private Route conversation(User user, String pnid, String ck) {
    Optional<PhoneNumber> number = numbers.find(pnid);
    if (number.isEmpty()) {
      return complete(ConversationJson.notFound("No business number " + pnid + " is configured"));
    }
    ConversationId id;
    try {
      id = new ConversationId(pnid, customerKey(ck));
    } catch (IllegalArgumentException e) {
      return complete(ConversationJson.notFound("No conversation with customer " + ck));
    }
    return concat(
        pathEnd(() -> get(() -> show(user, id))),
        path("messages", () -> concat(get(() -> history(id)), post(() -> send(user, id, number.get())))),
        path("assign", () -> post(() -> assign(user, id))),
        path("unassign", () -> post(() -> change(user, id, (a, r) -> new Conversation.Unassign(a, r)))),
        path("archive", () -> post(() -> change(user, id, (a, r) -> new Conversation.Archive(a, r)))),
        path("unarchive", () -> post(() -> change(user, id, (a, r) -> new Conversation.Unarchive(a, r)))),
        path("read", () -> post(() -> read(user, id, number.get()))),
        path("comments", () -> post(() -> comment(user, id))),
        path("typing", () -> post(() -> typing(user, id, number.get()))));
  }

  // Reads

  private Route list(User user) {
    return parameterMap(
        params -> {
          Map<String, String> problems = new LinkedHashMap<>();
          int limit = limit(params.get("limit"), problems);
          InboxState state = switch (params.getOrDefault("state", "active")) {
            case "active" -> InboxState.ACTIVE;
            case "archived" -> InboxState.ARCHIVED;
            default -> {
              problems.put("state", "active or archived");
              yield null;
            }
          };
          String assignee = params.getOrDefault("assignee", "any").strip();
          if (assignee.isEmpty()) {
            problems.put("assignee", "any, mine, unassigned or an agent id");
            assignee = "any";
          }
          ConversationFilter filter = filter(assignee);
          String unread = params.getOrDefault("unread", "false");
          if (unread.equals("true")) {
            filter = filter.withUnreadOnly();
          } else if (!unread.equals("false")) {
            problems.put("unread", "true or false");
          }
          String pnid = params.get("phoneNumberId");
          if (pnid == null) {
            List<PhoneNumber> all = numbers.list();
            if (all.size() == 1) {
              pnid = all.get(0).phoneNumberId();
            } else {
              problems.put(
                  "phoneNumberId",
                  all.isEmpty()
                      ? "no business number is configured yet"
                      : "required: " + all.size() + " business numbers are configured");
            }
          } else if (numbers.find(pnid).isEmpty()) {
            return complete(ConversationJson.notFound("No business number " + pnid + " is configured"));
          }
          if (!problems.isEmpty()) {
            return complete(ConversationJson.validationFailed(problems));
          }
          String q = params.get("q");
          Instant now = clock.instant();
          if (q != null && !q.isBlank()) {
            return completeWith(
                search(pnid, q, state, filter, params.get("cursor"), limit, user.id()),
                ConversationJson::ok);
          }
          return completeWith(
              inbox.listConversations(pnid, state, filter, params.get("cursor"), limit, user.id()),
              page ->
                  ConversationJson.ok(
                      new ConversationJson.ConversationList(
                          page.conversations().stream()
                              .map(v -> ConversationItem.of(v, user.id(), now, false))
                              .toList(),
                          page.nextCursor())));
        });
  }

  /**
   * A page of up to {@code limit} contacts by name part or phone (pages in name order, by the
   * search's cursor), then their conversations in the asked tab and filter, newest activity first
   * within the page. The tab and filter drop contacts after the page is cut, so a page may hold
   * fewer than {@code limit} and still have a cursor, as in the list.
   */
  private CompletionStage<ConversationJson.ConversationList> search(
      String pnid,
      String q,
      InboxState state,
      ConversationFilter filter,
      String cursor,
      int limit,
      String forAgent) {
    Instant now = clock.instant();
    return inbox
        .searchContacts(pnid, q, cursor, limit)
        .thenCompose(
            found -> {
              List<CompletableFuture<Optional<ConversationView>>> views = new ArrayList<>();
              found.contacts().forEach(
                  m -> views.add(inbox.getConversation(m.conversationId(), forAgent).toCompletableFuture()));
              return CompletableFuture.allOf(views.toArray(CompletableFuture[]::new))
                  .thenApply(
                      done ->
                          new ConversationJson.ConversationList(
                              views.stream()
                                  .map(CompletableFuture::join)
                                  .flatMap(Optional::stream)
                                  .filter(v -> v.summary().state() == state)
                                  .filter(v -> filter.matches(v.summary(), forAgent))
                                  .sorted(
                                      Comparator.comparing(
                                          (ConversationView v) -> v.summary().lastActivityAt(),
                                          Comparator.nullsLast(Comparator.reverseOrder())))
                                  .map(v -> ConversationItem.of(v, forAgent, now, false))
                                  .toList(),
                              found.nextCursor()));
            });
  }

  private Route show(User user, ConversationId id) {
    return onComplete(
        inbox.getConversation(id, user.id()),
        result -> {
          if (result.isFailure()) {
            return complete(ConversationJson.failure(result.failed().get()));
          }
          return complete(
              result
                  .get()
                  .map(v -> ConversationJson.ok(ConversationItem.of(v, user.id(), clock.instant(), true)))
                  .orElseGet(() -> ConversationJson.notFound("No conversation with " + id.customerKey() + " yet")));
        });
  }

  private Route history(ConversationId id) {
    return parameterMap(
        params -> {
          Map<String, String> problems = new LinkedHashMap<>();
          int limit = limit(params.get("limit"), problems);
          if (!problems.isEmpty()) {
            return complete(ConversationJson.validationFailed(problems));
          }
          return completeWith(
              inbox.messages(id, params.get("cursor"), limit),
              page ->
                  ConversationJson.ok(
                      new ConversationJson.MessageList(
                          page.messages().stream().map(MessageView::of).toList(),
                          page.nextCursor())));
        });
  }

  // Changes

  private Route send(User user, ConversationId id, PhoneNumber number) {
    return json(
        body -> {
          SendRequests.Parsed parsed = SendRequests.parse(body);
          if (!parsed.problems().isEmpty()) {
            return complete(ConversationJson.validationFailed(parsed.problems()));
          }
          if (parsed.request().content() instanceof MessageContent.Template template) {
            return onComplete(
                templateProblems(number, template),
                checked -> {
                  if (checked.isFailure()) {
                    return complete(ConversationJson.failure(checked.failed().get()));
                  }
                  return checked.get().isEmpty()
                      ? queue(user, id, parsed.request())
                      : complete(ConversationJson.validationFailed(checked.get()));
                });
          }
          return queue(user, id, parsed.request());
        });
  }

  /**
   * Why the number cannot send this template, by field; empty when it can. A number without a
   * WABA has no library, so no template is known to be approved for it.
   */
  private CompletionStage<Map<String, String>> templateProblems(
      PhoneNumber number, MessageContent.Template send) {
    String wabaId = number.wabaId();
    if (wabaId == null || wabaId.isBlank()) {
      return CompletableFuture.completedFuture(
          Map.of(
              "template.name",
              "business number " + number.phoneNumberId() + " has no WhatsApp Business Account (wabaId)"
                  + " configured, so none of its templates is known to be approved"));
    }
    return templates
        .get(wabaId, send.name(), send.languageCode())
        .thenCompose(
            found -> {
              if (found.isPresent()) {
                Template t = found.get();
                String refused = TemplateChecks.notSendable(t);
                return CompletableFuture.completedFuture(
                    refused != null ? Map.of("template.name", refused) : TemplateChecks.check(send, t));
              }
              // Unknown in that language: name the languages it has, if any.
              return templates
                  .list(wabaId, null)
                  .thenApply(
                      all -> {
                        List<String> languages =
                            all.stream().filter(t -> t.name().equals(send.name())).map(Template::language).toList();
                        return Map.of(
                            "template.name",
                            languages.isEmpty()
                                ? "no template " + send.name() + " in this number's library (synced from Meta"
                                    + " every few minutes; an admin can sync now)"
                                : "no template " + send.name() + " in " + send.languageCode() + "; it exists in "
                                    + String.join(", ", languages));
                      });
            });
  }

  private Route queue(User user, ConversationId id, SendRequests.SendRequest send) {
    Optional<Duration> wait =
        backlog.retryAfter(id.phoneNumberId(), settings.maxOutboundBacklog(), clock.instant());
    if (wait.isPresent()) {
      long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
      return complete(
          ApiErrors.response(
                  StatusCodes.TOO_MANY_REQUESTS,
                  "rate_limited",
                  "This number's outbound queue is full; retry in " + seconds + " s")
              .addHeader(RetryAfter.create(seconds)));
    }
    return completeWith(
        this.<Conversation.MessageAccepted>ask(
            id,
            replyTo ->
                new Conversation.SendMessage(
                    actor(user), send.clientMessageId(), send.contextWamid(), send.content(), replyTo)),
        accepted -> {
          // The number's outbound pipeline starts on first use (then sharding remembers it).
          startSender.accept(id.phoneNumberId());
          return ConversationJson.json(
              StatusCodes.ACCEPTED,
              new ConversationJson.Accepted(
                  accepted.messageId(),
                  accepted.clientMessageId(),
                  ConversationJson.lower(accepted.status()),
                  accepted.duplicate()));
        });
  }

  private Route assign(User user, ConversationId id) {
    return json(
        body -> {
          JsonNode agent = body.get("agentId");
          if (agent == null || !agent.isTextual() || agent.asText().isBlank()) {
            return complete(ConversationJson.validationFailed("agentId", "required: the id of an agent"));
          }
          String agentId = agent.asText().strip();
          CompletionStage<Conversation.Summary> assigned =
              authentication
                  .service()
                  .get(agentId)
                  .thenCompose(
                      found -> {
                        if (found.isEmpty() || !found.get().active()) {
                          return CompletableFuture.failedFuture(new UnknownAgent(agentId));
                        }
                        return this.<Conversation.Summary>ask(
                            id, replyTo -> new Conversation.Assign(actor(user), agentId, replyTo));
                      });
          return onComplete(
              assigned,
              result -> {
                if (result.isFailure() && unwrap(result.failed().get()) instanceof UnknownAgent) {
                  return complete(ConversationJson.validationFailed("agentId", "no active agent " + agentId));
                }
                return complete(
                    result.isSuccess()
                        ? ConversationJson.ok(ConversationState.of(result.get(), user.id()))
                        : ConversationJson.failure(result.failed().get()));
              });
        });
  }

  private Route change(
      User user,
      ConversationId id,
      java.util.function.BiFunction<Actor, ActorRef<StatusReply<Conversation.Summary>>, Conversation.Command> command) {
    return completeWith(
        this.<Conversation.Summary>ask(id, replyTo -> command.apply(actor(user), replyTo)),
        s -> ConversationJson.ok(ConversationState.of(s, user.id())));
  }

  /**
   * Moves the caller's read position; when that reads customer messages nobody had read yet and
   * the number's switch is on, marks the newest of them read at Meta (the customer sees blue
   * ticks). Meta marks the earlier ones with it.
   */
  private Route read(User user, ConversationId id, PhoneNumber number) {
    return json(
        body -> {
          JsonNode up = body.get("upToSequence");
          Long upTo = null;
          if (up != null && !up.isNull()) {
            if (!up.canConvertToLong() || !up.isIntegralNumber() || up.asLong() < 0) {
              return complete(ConversationJson.validationFailed("upToSequence", "a sequence number (0 or more)"));
            }
            upTo = up.asLong();
          }
          Long asked = upTo;
          CompletionStage<Conversation.Summary> read =
              entity(id)
                  .ask(Conversation.Get::new, settings.askTimeout())
                  .thenCompose(
                      before ->
                          this.<Conversation.Summary>ask(
                                  id, replyTo -> new Conversation.MarkRead(actor(user), asked, replyTo))
                              .thenApply(
                                  after -> {
                                    receiptFor(id, number, before, after, asked);
                                    return after;
                                  }));
          return completeWith(read, s -> ConversationJson.ok(ConversationState.of(s, user.id())));
        });
  }

  private void receiptFor(
      ConversationId id, PhoneNumber number, Conversation.Summary before, Conversation.Summary after, Long asked) {
    long target = asked == null ? after.lastInboundSequence() : asked;
    long readByAnyone = before.readPositions().values().stream().mapToLong(Long::longValue).max().orElse(0);
    if (!number.markAsRead() || target <= readByAnyone) {
      return;
    }
    CompletionStage<Optional<String>> wamid =
        target == after.lastInboundSequence()
            ? CompletableFuture.completedFuture(Optional.ofNullable(after.lastInboundWamid()))
            : inboundWamid(id, target, readByAnyone);
    wamid.thenAccept(w -> w.ifPresent(m -> receipts.markRead(id.phoneNumberId(), m, false)));
  }

  /** The wamid of the newest inbound message at or below {@code target} and above {@code floor}. */
  private CompletionStage<Optional<String>> inboundWamid(ConversationId id, long target, long floor) {
    return inbox
        .messages(id, null, settings.maxPageSize())
        .thenApply(
            page ->
                page.messages().stream()
                    .filter(e -> e.kind() == HistoryEntry.Kind.INBOUND && e.sequence() != null)
                    .filter(e -> e.sequence() <= target && e.sequence() > floor)
                    .max(Comparator.comparing(HistoryEntry::sequence))
                    .map(HistoryEntry::messageId))
        .exceptionally(failure -> Optional.empty());
  }

  private Route comment(User user, ConversationId id) {
    return json(
        body -> {
          JsonNode text = body.get("text");
          if (text == null || !text.isTextual() || text.asText().isBlank()) {
            return complete(ConversationJson.validationFailed("text", "required"));
          }
          return completeWith(
              this.<Conversation.CommentAccepted>ask(
                  id, replyTo -> new Conversation.AddComment(actor(user), text.asText(), replyTo)),
              c -> ConversationJson.json(StatusCodes.CREATED, new ConversationJson.CommentCreated(c.commentId())));
        });
  }

  /**
   * Shows Meta's typing indicator on the customer's latest message. Meta shows it only with a
   * read receipt for that message, so it also needs the number's read-receipt switch: an admin
   * who turned read receipts off does not have them sent by typing.
   */
  private Route typing(User user, ConversationId id, PhoneNumber number) {
    return completeWith(
        entity(id).ask(Conversation.Get::new, settings.askTimeout()),
        s -> {
          if (s.assigneeId() != null && !user.isAdmin() && !s.assigneeId().equals(user.id())) {
            return ApiErrors.response(
                StatusCodes.FORBIDDEN,
                "not_assignee",
                "the conversation is assigned to " + s.assigneeId() + "; only the assignee or an admin may reply");
          }
          String reason =
              !number.typingIndicator()
                  ? "typing_indicator_off"
                  : !number.markAsRead()
                      ? "read_receipts_off"
                      : !s.windowOpen()
                          ? "window_closed"
                          : s.lastInboundWamid() == null ? "no_customer_message" : null;
          if (reason == null) {
            receipts.markRead(id.phoneNumberId(), s.lastInboundWamid(), true);
          }
          return ConversationJson.json(StatusCodes.ACCEPTED, new ConversationJson.Typing(reason == null, reason));
        });
  }

  // Helpers

  /** The JSON object body (empty: {}), or 400 / 413. */
  private Route json(Function<JsonNode, Route> inner) {
    return Bodies.bytes(
        settings.maxBodyBytes(),
        bytes -> {
          Map<String, String> problems = new LinkedHashMap<>();
          JsonNode body = ConversationJson.tree(bytes, problems);
          return body == null ? complete(ConversationJson.validationFailed(problems)) : inner.apply(body);
        });
  }

  private EntityRef<Conversation.Command> entity(ConversationId id) {
    return sharding.entityRefFor(Conversation.ENTITY_KEY, id.entityId());
  }

  private <T> CompletionStage<T> ask(
      ConversationId id, Function<ActorRef<StatusReply<T>>, Conversation.Command> command) {
    return entity(id).askWithStatus(command::apply, settings.askTimeout());
  }

  private static <T> Route completeWith(CompletionStage<T> stage, Function<T, HttpResponse> toResponse) {
    return onComplete(
        stage,
        result ->
            complete(
                result.isSuccess()
                    ? toResponse.apply(result.get())
                    : ConversationJson.failure(result.failed().get())));
  }

  static Actor actor(User user) {
    return new Actor(user.id(), user.isAdmin() ? Conversation.Role.ADMIN : Conversation.Role.AGENT);
  }

  /** A phone typed any way ({@code +1 650-555}) to its digits; anything else is a BSUID. */
  static String customerKey(String segment) {
    String s = segment.strip();
    if (s.matches("[+0-9 ().-]+") && s.chars().anyMatch(Character::isDigit)) {
      return Conversation.customerKey(s, null);
    }
    return Conversation.customerKey(null, s);
  }

  private int limit(String value, Map<String, String> problems) {
    if (value == null) {
      return settings.defaultPageSize();
    }
    try {
      int limit = Integer.parseInt(value.strip());
      if (limit >= 1 && limit <= settings.maxPageSize()) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.put("limit", "a whole number from 1 to " + settings.maxPageSize());
    return 0;
  }

  private static ConversationFilter filter(String assignee) {
    return switch (assignee) {
      case "any" -> ConversationFilter.all();
      case "mine" -> ConversationFilter.mine();
      case "unassigned" -> ConversationFilter.unassigned();
      default -> ConversationFilter.assignedTo(assignee);
    };
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  /** The assignee named in an assignment is not an active user. */
  private static final class UnknownAgent extends RuntimeException {
    UnknownAgent(String agentId) {
      super("no active agent " + agentId, null, false, false);
    }
  }
}
