package com.whatatalk.engine.numbers;

import com.whatatalk.engine.CborSerializable;
import com.whatatalk.engine.auth.AuthException;
import com.whatatalk.engine.auth.AuthSettings;
import com.whatatalk.engine.auth.Cql;
import com.whatatalk.engine.auth.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The business phone numbers admins configure, and this node's cache of them. Reads ({@link
 * #list()}, {@link #find}, {@link #accessTokenFor}) come from the cache; a change is written to
 * Cassandra, reloaded here, then announced on a cluster-wide topic so every other node reloads
 * too. Each node also reloads every {@code phone-numbers.refresh-interval}, in case it missed an
 * announcement. Admin-only operations check the caller's role here as well as at the HTTP edge.
 */
public final class PhoneNumbers {
  private static final Logger LOG = LoggerFactory.getLogger(PhoneNumbers.class);
  public static final int MIN_MPS = 80;
  public static final int MAX_MPS = 1000;
  private static final Pattern META_ID = Pattern.compile("^[0-9]{1,32}$");
  private static final Pattern DISPLAY_NUMBER = Pattern.compile("^\\+?[0-9][0-9 ()\\-.]{2,31}$");
  private static final int MAX_TOKEN = 1024;

  private final PhoneNumberStore store;
  private final Clock clock;
  private final AtomicReference<Map<String, PhoneNumber>> cache = new AtomicReference<>(Map.of());
  private final AtomicReference<ActorRef<Message>> announcer = new AtomicReference<>();

  // Command
  /** What the announcer actor handles. */
  interface Message {}

  /** Announced cluster-wide after a change: every node reloads its cache. */
  public record Changed(String phoneNumberId) implements Message, CborSerializable {}

  // local only: never leave this node
  private record Announce(Changed changed) implements Message, NoSerializationVerificationNeeded {}

  private enum Reload implements Message, NoSerializationVerificationNeeded {
    INSTANCE
  }

  PhoneNumbers(PhoneNumberStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Loads the cache and joins the cluster-wide change topic; the returned stage completes once
   * the first load is done.
   */
  public static CompletionStage<PhoneNumbers> create(ActorSystem<?> system) {
    AuthSettings settings = AuthSettings.create(system);
    PhoneNumbers numbers =
        new PhoneNumbers(new PhoneNumberStore(new Cql(system, settings.consistency())), Clock.systemUTC());
    numbers.announcer.set(
        system.systemActorOf(
            numbers.announcer(settings.phoneNumbersRefresh()), "phone-numbers", Props.empty()));
    return numbers.reload().thenApply(n -> numbers);
  }

  private Behavior<Message> announcer(Duration refreshInterval) {
    return Behaviors.setup(
        context -> {
          ActorRef<Topic.Command<Changed>> topic =
              context.spawn(Topic.create(Changed.class, "whatatalk-phone-numbers"), "topic");
          topic.tell(Topic.subscribe(context.getSelf().narrow()));
          return Behaviors.withTimers(
              timers -> {
                timers.startTimerWithFixedDelay(Reload.INSTANCE, refreshInterval);
                return Behaviors.receive(Message.class)
                    .onMessage(
                        Announce.class,
                        a -> {
                          topic.tell(Topic.publish(a.changed()));
                          return Behaviors.same();
                        })
                    .onMessage(
                        Changed.class,
                        c -> {
                          reload();
                          return Behaviors.same();
                        })
                    .onMessageEquals(
                        Reload.INSTANCE,
                        () -> {
                          reload();
                          return Behaviors.same();
                        })
                    .build();
              });
        });
  }

  private final java.util.concurrent.atomic.AtomicLong reloadsStarted = new java.util.concurrent.atomic.AtomicLong();
  private long reloadApplied;

  /**
   * Reloads this node's cache from Cassandra. Reloads overlap (a change, an announcement, the
   * timer); only a result newer than the one applied replaces the cache, so an older read
   * finishing late cannot undo a change.
   */
  public CompletionStage<Map<String, PhoneNumber>> reload() {
    long generation = reloadsStarted.incrementAndGet();
    return store
        .all()
        .thenApply(
            all -> {
              Map<String, PhoneNumber> byId =
                  all.stream()
                      .sorted(Comparator.comparing(PhoneNumber::phoneNumberId))
                      .collect(
                          Collectors.toMap(
                              PhoneNumber::phoneNumberId,
                              Function.identity(),
                              (a, b) -> a,
                              LinkedHashMap::new));
              synchronized (this) {
                if (generation > reloadApplied) {
                  reloadApplied = generation;
                  cache.set(java.util.Collections.unmodifiableMap(byId));
                }
              }
              return cache.get();
            })
        .whenComplete(
            (ok, failure) -> {
              if (failure != null) {
                LOG.warn("Could not reload the phone numbers: {}", failure.toString());
              }
            });
  }

  /** Every configured number, by id (from this node's cache). */
  public List<PhoneNumber> list() {
    return List.copyOf(cache.get().values());
  }

  public Optional<PhoneNumber> find(String phoneNumberId) {
    return Optional.ofNullable(cache.get().get(phoneNumberId));
  }

  /** The access token configured for a number, if any (for the Cloud API client). */
  public Optional<String> accessTokenFor(String phoneNumberId) {
    return find(phoneNumberId).filter(PhoneNumber::hasAccessToken).map(PhoneNumber::accessToken);
  }

  /** Admin only: adds a number; 409 when its id is configured already. */
  public CompletionStage<PhoneNumber> create(User caller, PhoneNumberChange change) {
    if (!caller.isAdmin()) {
      return forbidden();
    }
    Map<String, String> problems = validate(change, true);
    if (!problems.isEmpty()) {
      return CompletableFuture.failedFuture(AuthException.validation(problems));
    }
    Instant now = now();
    PhoneNumber number =
        new PhoneNumber(
            change.phoneNumberId(),
            change.displayNumber().strip(),
            change.wabaId(),
            change.accessToken(),
            change.mps() == null ? MIN_MPS : change.mps(),
            change.markAsRead() == null || change.markAsRead(),
            change.typingIndicator() == null || change.typingIndicator(),
            now,
            caller.id(),
            now,
            caller.id());
    return store
        .insert(number)
        .thenCompose(
            applied -> {
              if (!applied) {
                throw new AuthException(
                    AuthException.Kind.CONFLICT,
                    "Phone number " + number.phoneNumberId() + " is configured already");
              }
              LOG.info("Phone number {} added by {}", number.phoneNumberId(), caller.id());
              return changed(number.phoneNumberId());
            });
  }

  /** Admin only: changes the given fields of a number (null fields are kept); 404 if unknown. */
  public CompletionStage<PhoneNumber> update(User caller, String phoneNumberId, PhoneNumberChange change) {
    if (!caller.isAdmin()) {
      return forbidden();
    }
    Map<String, String> problems = validate(change, false);
    if (change.phoneNumberId() != null && !change.phoneNumberId().equals(phoneNumberId)) {
      problems.put("phoneNumberId", "cannot be changed (add the number anew instead)");
    }
    if (!problems.isEmpty()) {
      return CompletableFuture.failedFuture(AuthException.validation(problems));
    }
    return reload()
        .thenCompose(
            all -> {
              PhoneNumber current = all.get(phoneNumberId);
              if (current == null) {
                throw new AuthException(AuthException.Kind.NOT_FOUND, "No phone number " + phoneNumberId);
              }
              PhoneNumber next =
                  new PhoneNumber(
                      phoneNumberId,
                      change.displayNumber() == null ? current.displayNumber() : change.displayNumber().strip(),
                      change.wabaId() == null ? current.wabaId() : change.wabaId(),
                      change.accessToken() == null ? current.accessToken() : change.accessToken(),
                      change.mps() == null ? current.mps() : change.mps(),
                      change.markAsRead() == null ? current.markAsRead() : change.markAsRead(),
                      change.typingIndicator() == null ? current.typingIndicator() : change.typingIndicator(),
                      current.createdAt(),
                      current.createdBy(),
                      now(),
                      caller.id());
              return store.update(next);
            })
        .thenCompose(
            applied -> {
              if (!applied) {
                throw new AuthException(AuthException.Kind.NOT_FOUND, "No phone number " + phoneNumberId);
              }
              LOG.info("Phone number {} changed by {}", phoneNumberId, caller.id());
              return changed(phoneNumberId);
            });
  }

  /**
   * Adds each number of {@code spec} ("phoneNumberId:wabaId:displayNumber", comma-separated) that
   * is not configured yet, without an access token (the Cloud API's default applies), by the
   * system (no user); a configured number is left as it is. For local runs against the simulator.
   */
  public CompletionStage<List<PhoneNumber>> ensure(String spec) {
    CompletionStage<Void> all = CompletableFuture.completedFuture(null);
    if (spec == null || spec.isBlank()) {
      return CompletableFuture.completedFuture(list());
    }
    for (String entry : spec.split(",")) {
      String[] parts = entry.strip().split(":", 3);
      PhoneNumberChange change =
          new PhoneNumberChange(parts[0], parts.length > 2 ? parts[2] : parts[0], parts.length > 1 ? parts[1] : null, "x", null, null, null);
      Map<String, String> problems = validate(change, true);
      if (!problems.isEmpty()) {
        return CompletableFuture.failedFuture(
            new IllegalArgumentException("crm.engine.phone-numbers.ensure: " + entry.strip() + ": " + problems));
      }
      Instant now = now();
      PhoneNumber number =
          new PhoneNumber(change.phoneNumberId(), change.displayNumber().strip(), change.wabaId(), "",
              MIN_MPS, true, true, now, null, now, null);
      all = all.thenCompose(
          v -> store.insert(number).thenAccept(applied -> {
            if (applied) {
              LOG.info("Phone number {} added from crm.engine.phone-numbers.ensure", number.phoneNumberId());
            }
          }));
    }
    return all.thenCompose(v -> changed("")).thenApply(n -> list());
  }

  private CompletionStage<PhoneNumber> changed(String phoneNumberId) {
    return reload()
        .thenApply(
            all -> {
              ActorRef<Message> ref = announcer.get();
              if (ref != null) {
                ref.tell(new Announce(new Changed(phoneNumberId)));
              }
              return all.get(phoneNumberId);
            });
  }

  static Map<String, String> validate(PhoneNumberChange c, boolean creating) {
    Map<String, String> problems = new LinkedHashMap<>();
    if (creating || c.phoneNumberId() != null) {
      metaId(problems, "phoneNumberId", c.phoneNumberId());
    }
    if (creating || c.displayNumber() != null) {
      if (c.displayNumber() == null || c.displayNumber().isBlank()) {
        problems.put("displayNumber", "is required");
      } else if (!DISPLAY_NUMBER.matcher(c.displayNumber().strip()).matches()) {
        problems.put("displayNumber", "must be a phone number (digits, spaces, + ( ) - .), at most 32 characters");
      }
    }
    if (creating || c.wabaId() != null) {
      metaId(problems, "wabaId", c.wabaId());
    }
    if (creating || c.accessToken() != null) {
      if (c.accessToken() == null || c.accessToken().isBlank()) {
        problems.put("accessToken", "is required");
      } else if (c.accessToken().length() > MAX_TOKEN || c.accessToken().chars().anyMatch(Character::isWhitespace)) {
        problems.put("accessToken", "must be one word of at most " + MAX_TOKEN + " characters");
      }
    }
    if (c.mps() != null && (c.mps() < MIN_MPS || c.mps() > MAX_MPS)) {
      problems.put("mps", "must be between " + MIN_MPS + " and " + MAX_MPS);
    }
    return problems;
  }

  private static void metaId(Map<String, String> problems, String field, String value) {
    if (value == null || value.isBlank()) {
      problems.put(field, "is required");
    } else if (!META_ID.matcher(value).matches()) {
      problems.put(field, "must be Meta's numeric id");
    }
  }

  private static <T> CompletionStage<T> forbidden() {
    return CompletableFuture.failedFuture(
        new AuthException(AuthException.Kind.FORBIDDEN, "Only admins may do this"));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
