package com.whatatalk.http.bench;

import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.deploy.cassandra.CassandraNodeSettings;
import com.whatatalk.http.TestApp;
import com.whatatalk.http.live.InboundWebhook;
import com.whatatalk.simulator.CloudApiSimulator;
import com.whatatalk.simulator.SimulatorSettings;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Event-to-socket latency of live events on the real app ({@link TestApp}: HTTP, engine, journal
 * in its own ephemeral Cassandra node, stopped and deleted at the end) while {@code bench.sockets}
 * WebSocket clients are connected to {@code GET /api/live} and signed inbound webhooks arrive in
 * a burst. For each customer message and each socket it measures the arrival of its {@code
 * message.created} from the moment the webhook POST was sent and from its answer (the entity
 * publishes before it answers, so the second is often negative). Not a test: a {@code main} (see
 * docs/benchmarks/live-events.md). Parameters ({@code -D}): bench.sockets 200, bench.messages
 * 2000, bench.rate 200 (webhooks per second, one message each), bench.customers 500,
 * bench.clients 32 (webhook POSTs in flight at most), bench.warmup 200 (messages at 50/s first,
 * not counted), bench.drainSeconds 30, bench.cassandraHeap 1g, bench.dir target.
 */
public final class LiveEventsBenchmark {
  private LiveEventsBenchmark() {}

  /** Send time and answer time of each message, by wamid. */
  private record Post(long sentNanos, AtomicLong answeredNanos) {}

  /** One socket: counts and latencies of the message.created frames of measured messages. */
  private static final class Socket implements WebSocket.Listener {
    final Map<String, Post> posts;
    final Latencies fromSent = new Latencies();
    final Latencies fromAnswer = new Latencies();
    final StringBuilder partial = new StringBuilder();
    long frames;
    long created;
    long resyncs;
    volatile boolean ready;

    Socket(Map<String, Post> posts) {
      this.posts = posts;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        long now = System.nanoTime();
        String f = partial.toString();
        partial.setLength(0);
        frames++;
        if (f.startsWith("{\"type\":\"message.created\"")) {
          int at = f.indexOf("\"message\":{\"id\":\"");
          if (at > 0) {
            int from = at + 17;
            Post p = posts.get(f.substring(from, f.indexOf('"', from)));
            if (p != null) {
              created++;
              fromSent.add(now - p.sentNanos());
              long answered = p.answeredNanos().get();
              if (answered != 0) {
                fromAnswer.add(now - answered);
              }
            }
          }
        } else if (f.startsWith("{\"type\":\"resync\"")) {
          resyncs++;
        } else if (f.startsWith("{\"type\":\"ready\"")) {
          ready = true;
        }
      }
      ws.request(1);
      return null;
    }
  }

  public static void main(String[] args) {
    Bench.runAndExit(LiveEventsBenchmark::run);
  }

  private static void run() throws Exception {
    int sockets = Integer.getInteger("bench.sockets", 200);
    int messages = Integer.getInteger("bench.messages", 2000);
    int rate = Integer.getInteger("bench.rate", 200);
    int customers = Integer.getInteger("bench.customers", 500);
    int clients = Integer.getInteger("bench.clients", 32);
    int warmup = Integer.getInteger("bench.warmup", 200);
    int drainSeconds = Integer.getInteger("bench.drainSeconds", 30);
    Path dir = Path.of(System.getProperty("bench.dir", "target")).toAbsolutePath();
    Files.createDirectories(dir);
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    out("WhataTalk benchmark: live events to " + sockets + " sockets during an inbound burst, " + Instant.now());
    out("machine: %d cores, %.1f GiB, Java %s, max heap %d MiB, load average %s".formatted(
        Runtime.getRuntime().availableProcessors(), os.getTotalMemorySize() / (double) (1L << 30),
        System.getProperty("java.runtime.version"), Runtime.getRuntime().maxMemory() >> 20, CpuMeter.loadAverage()));
    out("settings: sockets=%d messages=%d rate=%d/s customers=%d clients=%d warmup=%d".formatted(
        sockets, messages, rate, customers, clients, warmup));

    Path nodeDir = dir.resolve("cassandra-live-" + ProcessHandle.current().pid());
    CassandraNode cassandra = CassandraNode.start(
        CassandraNodeSettings.ephemeral(nodeDir).withHeap(System.getProperty("bench.cassandraHeap", "1g")));
    try {
      int port = TestApp.freePort();
      SimulatorSettings simSettings = TestApp.simulatorDefaults();
      // As in production rather than as in tests: no serialization of local messages.
      Map<String, Object> overrides = Map.of("pekko.actor.serialize-messages", "off");
      try (CloudApiSimulator simulator = TestApp.simulator(port, simSettings);
          TestApp app = TestApp.start(cassandra, "bench_live", port, simulator, overrides)) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String session = login(http, app);
        Map<String, Post> posts = new ConcurrentHashMap<>();
        List<Socket> listeners = new ArrayList<>();
        List<WebSocket> open = new ArrayList<>();
        URI live = URI.create(app.url("/api/live").replace("http:", "ws:"));
        for (int i = 0; i < sockets; i++) {
          Socket s = new Socket(posts);
          listeners.add(s);
          open.add(http.newWebSocketBuilder().header("Authorization", "Bearer " + session)
              .buildAsync(live, s).join());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (listeners.stream().anyMatch(s -> !s.ready) && System.nanoTime() < deadline) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        out(listeners.stream().filter(s -> s.ready).count() + " sockets ready");

        URI webhooks = URI.create(app.url("/webhooks/whatsapp"));
        SimulatorSettings.PhoneNumber number = simulator.settings().defaultNumber();
        String run = Long.toString(System.currentTimeMillis(), 36);
        burst(http, webhooks, number, "warm." + run, warmup, 50, customers, clients, new ConcurrentHashMap<>());
        out("warm-up: " + warmup + " messages at 50/s posted");
        long cpuBefore = os.getProcessCpuTime();
        long start = System.nanoTime();
        long failed = burst(http, webhooks, number, "bench." + run, messages, rate, customers, clients, posts);
        double postSeconds = (System.nanoTime() - start) / 1e9;
        long expected = (long) (messages - failed) * sockets;
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
        while (received(listeners) < expected && System.nanoTime() < deadline) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        double cpu = (os.getProcessCpuTime() - cpuBefore) / 1e9;
        double wall = (System.nanoTime() - start) / 1e9;

        Latencies fromSent = Latencies.merge(listeners.stream().map(s -> s.fromSent).toList());
        Latencies fromAnswer = Latencies.merge(listeners.stream().map(s -> s.fromAnswer).toList());
        out("\n==================== RESULTS ====================");
        out("burst: %d webhooks (one message each) posted in %.1f s (%.0f/s offered %d/s), %d failed"
            .formatted(messages, postSeconds, messages / postSeconds, rate, failed));
        out("message.created received: %d of %d expected (%d sockets x %d messages), frames %d, resyncs %d"
            .formatted(received(listeners), expected, sockets, messages - failed,
                listeners.stream().mapToLong(s -> s.frames).sum(),
                listeners.stream().mapToLong(s -> s.resyncs).sum()));
        out("event-to-socket, from the webhook POST sent:    " + fromSent.describe());
        out("event-to-socket, from the webhook POST answer:  " + signed(fromAnswer)
            + "  (negative: the socket had it before the webhook's answer)");
        out("share within 1 s of the answer: %.4f".formatted(share(fromAnswer, 1_000_000_000L)));
        out("this JVM (app + clients + simulator): %.1f CPU-s over %.1f s wall (%.2f cores); load average %s"
            .formatted(cpu, wall, cpu / wall, CpuMeter.loadAverage()));
        open.forEach(WebSocket::abort);
      }
    } finally {
      cassandra.close();
      CassandraNode.deleteDirectory(nodeDir);
    }
  }

  private static long received(List<Socket> listeners) {
    return listeners.stream().mapToLong(s -> s.created).sum();
  }

  /** Posts {@code count} webhooks at {@code rate}/s, at most {@code clients} in flight; failures. */
  private static long burst(HttpClient http, URI url, SimulatorSettings.PhoneNumber number, String prefix,
      int count, int rate, int customers, int clients, Map<String, Post> posts) throws InterruptedException {
    Semaphore inFlight = new Semaphore(clients);
    AtomicLong failed = new AtomicLong();
    long interval = 1_000_000_000L / rate;
    long next = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      next += interval;
      inFlight.acquire();
      String wamid = "wamid." + prefix + "." + i;
      String customer = Long.toString(19_880_000_000L + (i % customers));
      HttpRequest request = InboundWebhook.text(url, TestApp.APP_SECRET, number, customer, wamid, "burst " + i);
      Post post = new Post(System.nanoTime(), new AtomicLong());
      posts.put(wamid, post);
      http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .whenComplete((r, e) -> {
            post.answeredNanos().set(System.nanoTime());
            if (e != null || r.statusCode() != 200) {
              failed.incrementAndGet();
            }
            inFlight.release();
          });
    }
    inFlight.acquire(clients);
    inFlight.release(clients);
    return failed.get();
  }

  private static String login(HttpClient http, TestApp app) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      HttpResponse<String> r = http.send(
          HttpRequest.newBuilder(URI.create(app.url("/api/auth/login")))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(
                  "{\"email\":\"" + TestApp.ADMIN_EMAIL + "\",\"password\":\"" + TestApp.ADMIN_PASSWORD + "\"}"))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        return cookie.substring(cookie.indexOf('=') + 1);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("login: " + r.statusCode() + " " + r.body());
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
    }
  }

  private static String signed(Latencies l) {
    if (l.count() == 0) {
      return "n/a";
    }
    return "p50 %s  p95 %s  p99 %s  max %s ms".formatted(
        Latencies.ms(l.quantile(0.50)), Latencies.ms(l.quantile(0.95)), Latencies.ms(l.quantile(0.99)),
        Latencies.ms(l.quantile(1.0)));
  }

  private static double share(Latencies l, long atMostNanos) {
    if (l.count() == 0) {
      return 0;
    }
    int within = 0;
    for (int i = 0; i < l.count(); i++) {
      // nearest-rank scan from the top would be faster; counts are small enough
      within = l.quantile((i + 1) / (double) l.count()) <= atMostNanos ? i + 1 : within;
    }
    return within / (double) l.count();
  }

  private static void out(String line) {
    System.out.println(line);
  }
}
