package com.whatatalk.engine.templates;

import com.whatatalk.engine.cloudapi.TemplateDefinition;
import com.whatatalk.engine.cloudapi.WhatsAppClient;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message templates of every WABA a business number belongs to, synced from the Cloud API
 * ({@link WhatsAppClient#listTemplates}) into Cassandra: on start, every {@code sync-interval}
 * (skipping a WABA any node synced less than {@code min-spacing} ago) and when an admin asks. A
 * sync stores every template Meta lists, placeholders parsed, and deletes those Meta no longer
 * lists. Concurrent syncs of one WABA on a node share one call. Only {@link Template#sendable()
 * approved} templates are returned by {@link #find}, which is what sending uses.
 */
public final class TemplateLibrary {
  private static final Logger LOG = LoggerFactory.getLogger(TemplateLibrary.class);

  /** What a sync did: templates stored, templates deleted (gone at Meta). */
  public record SyncResult(String wabaId, int templates, int removed, Instant syncedAt) {}

  private final WhatsAppClient client;
  private final TemplateStore store;
  private final TemplateSettings settings;
  private final Supplier<Collection<String>> wabaIds;
  private final Clock clock;
  private final Map<String, CompletableFuture<SyncResult>> inFlight = new ConcurrentHashMap<>();

  public TemplateLibrary(
      WhatsAppClient client,
      TemplateStore store,
      TemplateSettings settings,
      Supplier<Collection<String>> wabaIds,
      Clock clock) {
    this.client = client;
    this.store = store;
    this.settings = settings;
    this.wabaIds = wabaIds;
    this.clock = clock;
  }

  /**
   * The library, syncing the WABAs {@code wabaIds} names (read at each round, so numbers added
   * later are synced) after {@code initial-delay} and then every {@code sync-interval}.
   */
  public static TemplateLibrary start(
      ActorSystem<?> system, WhatsAppClient client, Supplier<Collection<String>> wabaIds) {
    TemplateSettings settings = TemplateSettings.create(system);
    TemplateLibrary library =
        new TemplateLibrary(
            client, TemplateStore.create(system, settings), settings, wabaIds, Clock.systemUTC());
    Cancellable schedule =
        system
            .scheduler()
            .scheduleWithFixedDelay(
                settings.initialDelay(),
                settings.syncInterval(),
                () -> library.syncAll(false),
                system.executionContext());
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseBeforeServiceUnbind(),
            "stop-template-sync",
            () -> {
              schedule.cancel();
              return CompletableFuture.completedFuture(Done.getInstance());
            });
    return library;
  }

  /** Syncs one WABA now (an admin's request): the same call as a sync already running. */
  public CompletionStage<SyncResult> sync(String wabaId) {
    CompletableFuture<SyncResult> mine = new CompletableFuture<>();
    CompletableFuture<SyncResult> running = inFlight.putIfAbsent(wabaId, mine);
    if (running != null) {
      return running;
    }
    doSync(wabaId)
        .whenComplete(
            (result, failure) -> {
              inFlight.remove(wabaId, mine);
              if (failure != null) {
                mine.completeExceptionally(failure);
              } else {
                mine.complete(result);
              }
            });
    return mine;
  }

  /**
   * Syncs every WABA; unless {@code force}, those synced less than {@code min-spacing} ago are
   * skipped. A WABA that fails is logged and left out of the result; the others go on.
   */
  public CompletionStage<List<SyncResult>> syncAll(boolean force) {
    List<CompletableFuture<Optional<SyncResult>>> each = new ArrayList<>();
    for (String wabaId : wabaIds.get().stream().filter(w -> w != null && !w.isBlank()).distinct().toList()) {
      CompletionStage<Boolean> due =
          force
              ? CompletableFuture.completedFuture(true)
              : store
                  .lastSync(wabaId)
                  .thenApply(
                      last -> last.isEmpty() || last.get().plus(settings.minSpacing()).isBefore(clock.instant()));
      each.add(
          due.thenCompose(
                  run ->
                      run
                          ? sync(wabaId).thenApply(Optional::of)
                          : CompletableFuture.completedFuture(Optional.<SyncResult>empty()))
              .exceptionally(
                  e -> {
                    LOG.warn("Template sync of WABA {} failed: {}", wabaId, e.toString());
                    return Optional.empty();
                  })
              .toCompletableFuture());
    }
    return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
        .thenApply(v -> each.stream().map(CompletableFuture::join).flatMap(Optional::stream).toList());
  }

  private CompletionStage<SyncResult> doSync(String wabaId) {
    return client
        .listTemplates(wabaId)
        .thenCompose(
            definitions -> {
              // Cassandra keeps milliseconds: the result then names the time stored.
              Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
              // One template per (name, language); a repeat in Meta's pages replaces the first.
              Map<TemplateStore.Key, Template> current = new LinkedHashMap<>();
              for (TemplateDefinition d : definitions) {
                if (d.name() != null && d.language() != null) {
                  current.put(new TemplateStore.Key(d.name(), d.language()), Template.of(wabaId, d, now));
                }
              }
              return store
                  .keys(wabaId)
                  .thenCompose(
                      stored -> {
                        List<CompletableFuture<Done>> writes = new ArrayList<>();
                        current.values().forEach(t -> writes.add(store.upsert(t).toCompletableFuture()));
                        List<TemplateStore.Key> gone =
                            stored.stream().filter(k -> !current.containsKey(k)).toList();
                        gone.forEach(k -> writes.add(store.delete(wabaId, k).toCompletableFuture()));
                        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
                            .thenCompose(v -> store.recordSync(wabaId, now, current.size(), gone.size()))
                            .thenApply(done -> new SyncResult(wabaId, current.size(), gone.size(), now));
                      });
            });
  }

  /**
   * Meta's status webhook for a template, applied at once rather than at the next sync: the stored
   * template takes the status the event names (so a PAUSED, REJECTED or DISABLED one stops being
   * {@link #find found} for sending, an APPROVED one is found again). Events that do not change
   * whether a template can be sent ({@code FLAGGED}, {@code LOCKED}, {@code UNARCHIVED}, unknown
   * ones) are left to the next sync; {@code REINSTATED} means approved again. An event older than
   * the template's last sync (Meta may deliver late) is ignored: the sync saw a newer state. A
   * template the library does not have yet (created since the last sync) cannot be stored from
   * the event, which has no components: an approval syncs its WABA instead (one of ours), in the
   * background.
   *
   * @param at when Meta sent the event (null: unknown, applied)
   * @return the template as stored now when the event changed it, else empty
   */
  public CompletionStage<Optional<Template>> applyStatus(
      String wabaId, String name, String language, String event, Instant at) {
    String status = statusOf(event);
    if (status == null) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return get(wabaId, name, language)
        .thenCompose(
            stored -> {
              if (stored.isEmpty()) {
                if (Template.APPROVED.equals(status) && wabaIds.get().contains(wabaId)) {
                  sync(wabaId)
                      .whenComplete(
                          (result, failure) -> {
                            if (failure != null) {
                              LOG.warn("Template sync of WABA {} after {} ({}) was approved failed: {}",
                                  wabaId, name, language, failure.toString());
                            }
                          });
                }
                return CompletableFuture.completedFuture(Optional.<Template>empty());
              }
              Template t = stored.get();
              boolean stale =
                  at != null
                      && t.syncedAt() != null
                      && at.isBefore(t.syncedAt().truncatedTo(ChronoUnit.SECONDS));
              if (stale || status.equals(t.status())) {
                return CompletableFuture.completedFuture(Optional.<Template>empty());
              }
              Template updated =
                  new Template(
                      t.wabaId(), t.id(), t.name(), t.language(), t.category(), status,
                      t.parameterFormat(), t.components(), t.syncedAt());
              LOG.info("Template {} ({}) of WABA {} is now {} (webhook)", name, language, wabaId, status);
              return store.upsert(updated).thenApply(done -> Optional.of(updated));
            });
  }

  /** The library status a status event leads to; null when it does not change sendability. */
  static String statusOf(String event) {
    if (event == null) {
      return null;
    }
    return switch (event.toUpperCase(Locale.ROOT)) {
      case "APPROVED", "REINSTATED" -> Template.APPROVED;
      case "REJECTED", "PENDING", "PAUSED", "DISABLED", "IN_APPEAL", "LIMIT_EXCEEDED", "ARCHIVED",
          "DELETED", "PENDING_DELETION" -> event.toUpperCase(Locale.ROOT);
      default -> null;
    };
  }

  /** The WABA's templates, by name then language; {@code status} (any case) filters, null: all. */
  public CompletionStage<List<Template>> list(String wabaId, String status) {
    String wanted = status == null || status.isBlank() ? null : status.strip().toUpperCase(Locale.ROOT);
    return store
        .list(wabaId)
        .thenApply(all -> all.stream().filter(t -> wanted == null || wanted.equals(t.status())).toList());
  }

  /** A template whatever its status; empty when the WABA has none by that name and language. */
  public CompletionStage<Optional<Template>> get(String wabaId, String name, String language) {
    return store.get(wabaId, name, language);
  }

  /**
   * The template to send: present only when it exists and is {@code APPROVED} (as of the last
   * sync). Empty otherwise: unknown, pending, rejected, paused, disabled...
   */
  public CompletionStage<Optional<Template>> find(String wabaId, String name, String language) {
    return get(wabaId, name, language).thenApply(t -> t.filter(Template::sendable));
  }
}
