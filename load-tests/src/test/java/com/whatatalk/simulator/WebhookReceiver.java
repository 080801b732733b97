package com.whatatalk.simulator;

import static org.apache.pekko.http.javadsl.server.Directives.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * The CRM side of the tests: a webhook endpoint that checks the HMAC signature itself (it does
 * not use the simulator's signer), answers the hub.* handshake, can fail the next N POSTs, and
 * flattens what it receives into events for bounded awaits.
 */
final class WebhookReceiver implements AutoCloseable {
  /** One message or status out of a received POST, with its value (metadata, contacts). */
  record Event(String kind, JsonNode item, JsonNode value, int postIndex) {
    String status() {
      return item.path("status").asText();
    }

    String id() {
      return item.path("id").asText();
    }
  }

  /** A received POST: raw body, signature header, whether the HMAC matched. */
  record Post(byte[] body, String signature, boolean signatureValid) {
    JsonNode json() {
      return Json.parse(body);
    }
  }

  private final String appSecret;
  private final String verifyToken;
  private final ServerBinding binding;
  private final List<Post> posts = new CopyOnWriteArrayList<>();
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final AtomicInteger failNext = new AtomicInteger();
  private final AtomicInteger failedAnswers = new AtomicInteger();

  WebhookReceiver(ActorSystem<?> system, String appSecret, String verifyToken) throws Exception {
    this.appSecret = appSecret;
    this.verifyToken = verifyToken;
    this.binding = Http.get(system).newServerAt("127.0.0.1", 0).bind(concat(
        get(() -> parameter("hub.mode", mode -> parameter("hub.challenge", challenge ->
            parameter("hub.verify_token", token -> mode.equals("subscribe")
                && token.equals(verifyToken)
                ? complete(challenge) : complete(StatusCodes.FORBIDDEN, "bad verify token"))))),
        post(() -> optionalHeaderValueByName("X-Hub-Signature-256", sig ->
            extractStrictEntity(Duration.ofSeconds(5), e -> {
              if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                failedAnswers.incrementAndGet();
                return complete(StatusCodes.INTERNAL_SERVER_ERROR);
              }
              byte[] body = e.getData().toArray();
              record(body, sig.orElse(null));
              return complete(HttpResponse.create());
            }))))).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  String url() {
    return "http://127.0.0.1:" + binding.localAddress().getPort() + "/webhooks/whatsapp";
  }

  void failNext(int n) {
    failNext.set(n);
  }

  int failedAnswers() {
    return failedAnswers.get();
  }

  List<Post> posts() {
    return List.copyOf(posts);
  }

  List<Event> events() {
    return List.copyOf(events);
  }

  List<Event> statuses(String wamid) {
    return events.stream().filter(e -> e.kind().equals("status") && e.id().equals(wamid)).toList();
  }

  /** Waits (bounded) for the first event matching; fails the test on timeout. */
  Event await(Predicate<Event> p, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (Event e : events) {
        if (p.test(e)) {
          return e;
        }
      }
      pause();
    }
    throw new AssertionError("no matching webhook event within " + timeout + "; got " + events);
  }

  Event awaitStatus(String wamid, String status) {
    return await(e -> e.kind().equals("status") && e.id().equals(wamid)
        && e.status().equals(status), Duration.ofSeconds(10));
  }

  Event awaitMessage(String wamid) {
    return await(e -> e.kind().equals("message") && e.id().equals(wamid), Duration.ofSeconds(10));
  }

  /** Waits until at least n events match (bounded). */
  List<Event> awaitCount(Predicate<Event> p, int n, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Event> matching = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      matching = events.stream().filter(p).toList();
      if (matching.size() >= n) {
        return matching;
      }
      pause();
    }
    throw new AssertionError("only " + matching.size() + " of " + n + " events within " + timeout);
  }

  private synchronized void record(byte[] body, String signature) {
    boolean valid = signature != null && signature.equals("sha256=" + hmac(body));
    int index = posts.size();
    posts.add(new Post(body, signature, valid));
    JsonNode root = Json.parse(body);
    for (JsonNode entry : root.path("entry")) {
      for (JsonNode change : entry.path("changes")) {
        JsonNode value = change.path("value");
        value.path("messages").forEach(m -> events.add(new Event("message", m, value, index)));
        value.path("statuses").forEach(s -> events.add(new Event("status", s, value, index)));
      }
    }
  }

  private String hmac(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws Exception {
    binding.unbind().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }
}
