package com.whatatalk.simulator.webhooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.whatatalk.simulator.Json;
import com.whatatalk.simulator.SimulatorSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts webhook items to the CRM's callback URL through a bounded queue: items are optionally
 * batched ({@code max-batch} within {@code linger}), signed, POSTed with {@code parallelism}
 * requests in flight, and retried with exponential backoff on failures and non-2xx answers, up to
 * {@code max-attempts}. When the queue is full, new items are dropped and counted rather than
 * buffered without bound.
 */
public final class WebhookDispatcher {
  private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

  private final SimulatorSettings.Webhooks settings;
  private final ActorSystem<?> system;
  private final WebhookSigner signer;
  private final BoundedSourceQueue<WebhookItem> queue;
  private final CompletionStage<Done> done;

  private final LongAdder enqueued = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder delivered = new LongAdder();
  private final LongAdder failedAttempts = new LongAdder();
  private final LongAdder givenUp = new LongAdder();

  public WebhookDispatcher(SimulatorSettings settings, ActorSystem<?> system) {
    this.settings = settings.webhooks();
    this.system = system;
    this.signer = new WebhookSigner(settings.appSecret());
    var source = Source.<WebhookItem>queue(this.settings.queueSize());
    var batched = this.settings.maxBatch() > 1
        ? source.groupedWithin(this.settings.maxBatch(), this.settings.linger())
        : source.map(List::of);
    var pair = batched
        .map(items -> Json.bytes(WebhookEnvelopes.envelope(items)))
        .mapAsyncUnordered(this.settings.parallelism(), body -> deliver(body, 1))
        .toMat(Sink.ignore(), org.apache.pekko.stream.javadsl.Keep.both())
        .run(system);
    this.queue = pair.first();
    this.done = pair.second();
  }

  /** Queues an item; false when the bounded queue is full (the item is dropped and counted). */
  public boolean offer(WebhookItem item) {
    if (!settings.enabled()) {
      enqueued.increment();
      return true;
    }
    QueueOfferResult result = queue.offer(item);
    if (result.isEnqueued()) {
      enqueued.increment();
      return true;
    }
    if (result == QueueOfferResult.closed()) {
      return false; // closing: statuses still scheduled have nowhere to go
    }
    dropped.increment();
    log.warn("webhook queue full ({}), dropped a {} item", settings.queueSize(), item.kind());
    return false;
  }

  private CompletionStage<Boolean> deliver(byte[] body, int attempt) {
    return post(body).handle((status, failure) -> {
      if (failure == null && status / 100 == 2) {
        delivered.increment();
        return CompletableFuture.completedFuture(true);
      }
      failedAttempts.increment();
      if (attempt >= settings.maxAttempts()) {
        givenUp.increment();
        log.warn("webhook given up after {} attempts (last: {})", attempt,
            failure != null ? failure.toString() : "HTTP " + status);
        return CompletableFuture.completedFuture(false);
      }
      Duration backoff = backoff(attempt);
      return Patterns.after(backoff, system.classicSystem().scheduler(),
          system.executionContext(), () -> deliver(body, attempt + 1));
    }).thenCompose(s -> s);
  }

  /** initial * 2^(attempt-1), capped: Meta's exponential backoff on a compressed timeline. */
  Duration backoff(int attempt) {
    long factor = 1L << Math.min(attempt - 1, 30);
    Duration d = settings.initialBackoff().multipliedBy(factor);
    return d.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : d;
  }

  private CompletionStage<Integer> post(byte[] body) {
    HttpRequest request = HttpRequest.POST(settings.callbackUrl())
        .withEntity(ContentTypes.APPLICATION_JSON, body)
        .addHeader(RawHeader.create(WebhookSigner.HEADER, signer.sign(body)))
        .addHeader(RawHeader.create("User-Agent", "facebookexternalua"));
    CompletionStage<HttpResponse> response = Http.get(system).singleRequest(request);
    return response
        .thenApply(r -> {
          r.discardEntityBytes(system);
          return r.status().intValue();
        })
        .toCompletableFuture()
        .orTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  public ObjectNode stats() {
    ObjectNode n = Json.object();
    n.put("enabled", settings.enabled());
    n.put("items_enqueued", enqueued.sum());
    n.put("items_dropped", dropped.sum());
    n.put("posts_delivered", delivered.sum());
    n.put("failed_attempts", failedAttempts.sum());
    n.put("given_up", givenUp.sum());
    n.put("queued", settings.enabled() ? queue.size() : 0);
    return n;
  }

  public void close() {
    queue.complete();
  }

  public CompletionStage<Done> whenDone() {
    return done;
  }
}
