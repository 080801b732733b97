package com.whatatalk.http.bench;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.post;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.deploy.cassandra.CassandraNodeSettings;
import com.whatatalk.engine.CassandraTestConfig;
import com.whatatalk.http.Bodies;
import com.whatatalk.http.TestApp;
import com.whatatalk.http.webhook.WebhookSignature;
import com.whatatalk.simulator.CloudApiSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.connectors.cassandra.CassandraSessionSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * The {@code ./whatatalk bench} command: on this machine and in one run, the physical ceilings and
 * then the real engine's webhook ingest, each printed as a ratio to its ceiling.
 *
 * <ol>
 *   <li><b>Raw inserts</b>: single-row inserts into a journal-shaped table of the same Cassandra
 *       node, through the journal's own session (pekko-persistence-cassandra's session settings,
 *       the Java driver) and write profile (its consistency), {@code bench.inFlight} at once.
 *   <li><b>No-op HTTP</b>: a Pekko HTTP endpoint that answers 200 to the same signed webhook
 *       POSTs, loaded by the same generator ({@link WrkLoad}: wrk in its own process, closed model,
 *       posts signed before the window).
 *   <li><b>Bare durable-before-ack</b>: a Pekko HTTP endpoint that checks the signature, parses the
 *       body and does one insert before answering 200, with no actors in between.
 *   <li><b>The engine</b>: the real app ({@link TestApp}: signature, parse, conversation entity,
 *       journal, 200) on the same node: the closed-model maximum with wrk (every post distinct,
 *       then every customer's conversation asked what it stored, and the Cassandra requests per
 *       event by table), then an open-model run at the target rate, max(4,000, half the
 *       durable ceiling), for its p50 and p99 ({@link IngestLoad}, in this JVM: wrk has no open
 *       model).
 * </ol>
 *
 * Parameters: {@code bench.seconds} per measurement (20), {@code bench.warmupSeconds} (5), {@code
 * bench.clients} (64), {@code bench.inFlight} raw inserts in flight (256), {@code bench.customers}
 * (2000), {@code bench.statusShare} (0.25), {@code bench.cassandraHeap} (1g), {@code bench.dir}
 * (target/bench), {@code bench.targetRate} (computed as above), {@code bench.wrkThreads} (1), {@code
 * bench.postsPerSecond} posts written per second of an engine window (6000), {@code
 * bench.only=engine} to skip the ceilings, {@code bench.open=false} to skip the open-model run,
 * {@code bench.app.<config path>} to override one of the app's settings.
 */
public final class CeilingBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SECONDS = Integer.getInteger("bench.seconds", 20);
  private static final int WARMUP = Integer.getInteger("bench.warmupSeconds", 5);
  private static final int CLIENTS = Integer.getInteger("bench.clients", 64);
  private static final int IN_FLIGHT = Integer.getInteger("bench.inFlight", 256);
  private static final int CUSTOMERS = Integer.getInteger("bench.customers", 2000);
  private static final boolean ENGINE_ONLY = "engine".equals(System.getProperty("bench.only"));
  private static final boolean OPEN = Boolean.parseBoolean(System.getProperty("bench.open", "true"));
  private static final int WRK_THREADS = Integer.getInteger("bench.wrkThreads", 1);
  /** Posts written per second of an engine window: more than it can take, so none repeats. */
  private static final int POSTS_PER_SECOND = Integer.getInteger("bench.postsPerSecond", 6000);
  private static final double STATUS_SHARE = Double.parseDouble(System.getProperty("bench.statusShare", "0.25"));

  private CeilingBenchmark() {}

  public static void main(String[] args) {
    Bench.runAndExit(CeilingBenchmark::run);
  }

  /** One figure: a rate, its latencies, and the CPU seen meanwhile. */
  private record Figure(String name, double perSecond, String p50, String p99, String errors, String cpu) {}

  private static void run() throws Exception {
    Path dir = Path.of(System.getProperty("bench.dir", "target/bench")).toAbsolutePath();
    Files.createDirectories(dir);
    out("WhataTalk bench: ceilings and the engine's webhook ingest, " + Instant.now());
    out("machine: %d cores (%s), Java %s, max heap %d MiB, load average %s".formatted(
        Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("java.runtime.version"),
        Runtime.getRuntime().maxMemory() >> 20, CpuMeter.loadAverage()));
    out("settings: %d s per measurement after %d s of warm-up, %d HTTP clients, %d raw inserts in flight, %d customers, %.0f %% statuses"
        .formatted(SECONDS, WARMUP, CLIENTS, IN_FLIGHT, CUSTOMERS, 100 * STATUS_SHARE));
    Path nodeDir = dir.resolve("cassandra-" + ProcessHandle.current().pid());
    CassandraNode cassandra = CassandraNode.start(
        CassandraNodeSettings.ephemeral(nodeDir).withHeap(System.getProperty("bench.cassandraHeap", "1g")));
    long cassandraPid = cassandra.pid();
    out("our Cassandra node: pid " + cassandraPid + ", " + cassandra.contactPoint());
    CpuMeter cpu = new CpuMeter(cassandraPid);
    WrkLoad.requireWrk();
    WrkLoad wrk = new WrkLoad(dir, WRK_THREADS);
    WebhookSignature signature = new WebhookSignature(TestApp.APP_SECRET);
    List<Figure> figures = new ArrayList<>();
    try {
      if (ENGINE_ONLY) {
        out("bench.only=engine: the ceilings are skipped");
      } else {
        ceilings(cassandra, cpu, wrk, signature, dir, figures);
      }

      double durableCeiling = ENGINE_ONLY ? 0 : figures.get(2).perSecond();
      int targetRate = Integer.getInteger("bench.targetRate", (int) Math.max(4000, Math.round(durableCeiling / 2)));
      int port = TestApp.freePort();
      Map<String, Object> overrides = new LinkedHashMap<>();
      // As the deployable rather than as the tests (see IntakeBenchmark).
      overrides.put("pekko.actor.serialize-messages", "off");
      overrides.put("pekko.persistence.cassandra.events-by-tag.eventual-consistency-delay", "2s");
      overrides.put("pekko.persistence.cassandra.query.refresh-interval", "1s");
      // Tuning experiments: -Dbench.app.<config path>=<value> overrides the app's configuration.
      Map<String, String> tuning = new LinkedHashMap<>();
      System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("bench.app."))
          .forEach(k -> tuning.put(k.substring("bench.app.".length()), System.getProperty(k)));
      if (!tuning.isEmpty()) {
        out("app configuration overrides: " + tuning);
        overrides.putAll(tuning);
      }
      try (CloudApiSimulator simulator = TestApp.simulator(port, TestApp.simulatorDefaults());
          TestApp app = TestApp.start(cassandra, "bench", port, simulator, overrides)) {
        awaitReady(app.url("/health/ready"));
        // The engine deduplicates by message id, so its posts are never repeated: one file per window.
        MetaWebhooks webhooks = new MetaWebhooks(TestApp.PHONE_NUMBER_ID, CUSTOMERS, STATUS_SHARE, 1);
        WrkLoad.Posts warmUp = WrkLoad.write(dir.resolve("engine-warm-up.txt"), webhooks, signature, POSTS_PER_SECOND * WARMUP);
        WrkLoad.Posts window = WrkLoad.write(dir.resolve("engine-window.txt"), webhooks, signature, POSTS_PER_SECOND * SECONDS);
        String url = app.url("/webhooks/whatsapp");
        int[] issued = new int[CUSTOMERS];
        long repeated = wrk.countIssued(warmUp, wrk.run("engine warm-up", url, warmUp, CLIENTS, Duration.ofSeconds(WARMUP), cpu), issued);
        pause();
        WrkLoad.Result engine;
        try (CassandraRequests requests = new CassandraRequests(cassandra.host(), cassandra.cqlPort())) {
          Map<String, Long> before = requests.counts();
          engine = wrk.run("engine webhook ingest (closed, max)", url, window, CLIENTS, Duration.ofSeconds(SECONDS), cpu);
          out(engine.print() + "   " + CassandraRequests.perEvent(before, requests.counts(), engine.requests() - engine.errors()));
        }
        repeated += wrk.countIssued(window, engine, issued);
        figures.add(figure(engine));
        out(IngestCheck.of(app, CUSTOMERS).print(issued, repeated));
        if (!OPEN) {
          out(figures.get(figures.size() - 1).toString());
          return;
        }
        IngestLoad load = new IngestLoad(url, signature, webhooks);
        pause();
        out("engine: open model at the target rate " + targetRate + " events/s for " + SECONDS + " s ...");
        IngestLoad.Result open = load.open("engine open", targetRate, 128, Duration.ofSeconds(SECONDS), Duration.ofSeconds(20), cpu);
        out(open.print());
        figures.add(figure("engine at " + targetRate + "/s offered (open)", open));
        if (!ENGINE_ONLY) {
          report(figures, targetRate);
        }
      }
    } finally {
      cassandra.close();
      CassandraNode.deleteDirectory(nodeDir);
      out("our Cassandra node (pid " + cassandraPid + ") stopped; its directory deleted");
    }
  }

  /** Raw inserts, then the no-op and the bare durable-before-ack endpoints, into {@code figures}. */
  private static void ceilings(CassandraNode cassandra, CpuMeter cpu, WrkLoad wrk, WebhookSignature signature,
      Path dir, List<Figure> figures) throws Exception {
    Config config = ConfigFactory.parseString("""
            pekko.actor.provider = local
            pekko.actor.serialize-messages = off
            pekko.loglevel = WARNING
            """).withFallback(CassandraTestConfig.create(cassandra, "ceiling"));
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "ceiling", config);
    try {
      CqlSession session = CassandraSessionRegistry.get(system)
          .sessionFor(CassandraSessionSettings.create("pekko.persistence.cassandra"))
          .underlying().toCompletableFuture().get(60, TimeUnit.SECONDS);
      Config resolved = system.settings().config();
      String profile = resolved.hasPath("pekko.persistence.cassandra.journal.write-profile")
          ? resolved.getString("pekko.persistence.cassandra.journal.write-profile")
          : resolved.getString("pekko.persistence.cassandra.write-profile");
      out("journal write profile: " + profile + ", consistency " + resolved.getString(
          "datastax-java-driver.profiles." + profile + ".basic.request.consistency"));
      Inserts inserts = new Inserts(session, profile);
      inserts.measure(Duration.ofSeconds(WARMUP), cpu);
      pause();
      figures.add(inserts.measure(Duration.ofSeconds(SECONDS), cpu));
      out(figures.get(figures.size() - 1).toString());

      int port = TestApp.freePort();
      Route route = concat(
          // Reads the body (as every endpoint must: an unread body closes the connection) and answers.
          path("noop", () -> post(() -> Bodies.bytes(3 * 1024 * 1024, body -> complete(StatusCodes.OK)))),
          path("durable", () -> post(() -> durable(signature, inserts))));
      ServerBinding binding = Http.get(system).newServerAt("127.0.0.1", port).bind(route)
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
      try {
        // The ceilings' endpoints do not care about repeats: one pool of posts, cycled.
        WrkLoad.Posts pool = WrkLoad.write(dir.resolve("ceiling-posts.txt"),
            new MetaWebhooks(TestApp.PHONE_NUMBER_ID, CUSTOMERS, STATUS_SHARE, 1), signature, 20_000);
        figures.add(closed("no-op Pekko HTTP endpoint", "http://127.0.0.1:" + port + "/noop", wrk, pool, cpu));
        figures.add(closed("bare durable-before-ack endpoint", "http://127.0.0.1:" + port + "/durable", wrk, pool, cpu));
      } finally {
        binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static void report(List<Figure> f, int offeredRate) {
    Figure raw = f.get(0);
    Figure noop = f.get(1);
    Figure durable = f.get(2);
    Figure engine = f.get(3);
    Figure open = f.get(4);
    StringBuilder b = new StringBuilder("\n==================== RESULTS ====================\n");
    b.append(String.format("%-40s %10s %9s %9s  %s%n", "measurement", "per second", "p50 ms", "p99 ms", "errors"));
    for (Figure x : f) {
      b.append(String.format("%-40s %10.0f %9s %9s  %s%n", x.name(), x.perSecond(), x.p50(), x.p99(), x.errors()));
    }
    b.append("\nratios:\n");
    b.append(String.format("  bare durable-ack / raw inserts        %5.2f%n", durable.perSecond() / raw.perSecond()));
    b.append(String.format("  bare durable-ack / no-op HTTP         %5.2f%n", durable.perSecond() / noop.perSecond()));
    b.append(String.format("  engine (closed) / bare durable-ack    %5.2f   (target: >= 0.50, and >= 4,000/s)%n",
        engine.perSecond() / durable.perSecond()));
    b.append(String.format("  engine (closed) / raw inserts         %5.2f%n", engine.perSecond() / raw.perSecond()));
    b.append(String.format("  engine (open) acked / offered         %5.2f   at p50 %s ms, p99 %s ms (targets 50 / 250)%n",
        open.perSecond() / offeredRate, open.p50(), open.p99()));
    b.append("\nCPU during each measurement:\n");
    for (Figure x : f) {
      b.append("  ").append(x.name()).append(": ").append(x.cpu()).append('\n');
    }
    out(b.toString());
  }

  /** A wrk window on an endpoint that does not care about repeats: a pool of posts, cycled. */
  private static Figure closed(String name, String url, WrkLoad wrk, WrkLoad.Posts pool, CpuMeter cpu) throws Exception {
    wrk.run("warm-up", url, pool, CLIENTS, Duration.ofSeconds(WARMUP), cpu);
    pause();
    WrkLoad.Result r = wrk.run(name, url, pool, CLIENTS, Duration.ofSeconds(SECONDS), cpu);
    out(r.print());
    return figure(r);
  }

  private static Figure figure(WrkLoad.Result r) {
    return new Figure(r.name(), r.perSecond(), Latencies.ms(r.p50Micros() * 1000), Latencies.ms(r.p99Micros() * 1000),
        r.errorDetail(), "wrk %.2f cores; %s".formatted(r.wrkCpuSeconds() / r.seconds(), r.cpu()));
  }

  private static Figure figure(String name, IngestLoad.Result r) {
    long errors = r.errors().values().stream().mapToLong(Long::longValue).sum();
    return new Figure(name, r.sustained(), Latencies.ms(r.latency().quantile(0.5)), Latencies.ms(r.latency().quantile(0.99)),
        errors + (r.notSent() > 0 ? ", not sent " + r.notSent() : ""), r.cpu());
  }

  /** Signature, parse, one insert, 200: what durable-before-ack costs without the engine. */
  private static Route durable(WebhookSignature signature, Inserts inserts) {
    return optionalHeaderValueByName(WebhookSignature.HEADER, header -> Bodies.bytes(3 * 1024 * 1024, body -> {
      byte[] bytes = body.toArray();
      if (!signature.isValid(header.orElse(null), bytes)) {
        return complete(StatusCodes.UNAUTHORIZED);
      }
      String customer;
      try {
        JsonNode value = JSON.readTree(bytes).path("entry").path(0).path("changes").path(0).path("value");
        customer = value.path("messages").path(0).path("from").asText(value.path("statuses").path(0).path("recipient_id").asText());
      } catch (java.io.IOException e) {
        return complete(StatusCodes.BAD_REQUEST);
      }
      return onComplete(inserts.insert("Conversation|" + customer, body.asByteBuffer()),
          done -> done.isSuccess() ? complete(StatusCodes.OK) : complete(StatusCodes.SERVICE_UNAVAILABLE));
    }));
  }

  /** Single-row inserts into a table shaped like the journal's messages table. */
  private static final class Inserts {
    private final CqlSession session;
    private final String profile;
    private final PreparedStatement insert;
    private final AtomicLong sequence = new AtomicLong();
    private final ByteBuffer payload = ByteBuffer.wrap(new byte[300]);

    Inserts(CqlSession session, String profile) {
      this.session = session;
      this.profile = profile;
      session.execute("CREATE KEYSPACE IF NOT EXISTS ceiling WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
      session.execute("CREATE TABLE IF NOT EXISTS ceiling.messages (persistence_id text, partition_nr bigint, sequence_nr bigint, "
          + "timestamp timeuuid, event blob, ser_id int, ser_manifest text, writer_uuid text, "
          + "PRIMARY KEY ((persistence_id, partition_nr), sequence_nr, timestamp))");
      this.insert = session.prepare("INSERT INTO ceiling.messages (persistence_id, partition_nr, sequence_nr, timestamp, event, "
          + "ser_id, ser_manifest, writer_uuid) VALUES (?, 0, ?, ?, ?, 1, 'E', 'bench')");
    }

    java.util.concurrent.CompletionStage<?> insert(String persistenceId, ByteBuffer event) {
      BoundStatement s = insert.bind(persistenceId, sequence.incrementAndGet(), Uuids.timeBased(), event)
          .setExecutionProfileName(profile);
      return session.executeAsync(s);
    }

    Figure measure(Duration window, CpuMeter cpu) throws InterruptedException {
      Semaphore slots = new Semaphore(IN_FLIGHT);
      AtomicLong done = new AtomicLong();
      AtomicLong failed = new AtomicLong();
      List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
      CpuMeter.Sample before = cpu.sample();
      long start = System.nanoTime();
      long end = start + window.toNanos();
      while (System.nanoTime() < end) {
        slots.acquire();
        long at = System.nanoTime();
        insert("Conversation|" + (done.get() % CUSTOMERS), payload.duplicate()).whenComplete((ok, e) -> {
          slots.release();
          if (e != null) {
            failed.incrementAndGet();
          } else if (System.nanoTime() <= end) {
            done.incrementAndGet();
            if ((done.get() & 15) == 0) {
              latencies.add(System.nanoTime() - at);
            }
          }
        });
      }
      slots.acquire(IN_FLIGHT);
      double seconds = window.toNanos() / 1e9;
      List<Long> sorted = new ArrayList<>(latencies);
      sorted.sort(null);
      String p50 = sorted.isEmpty() ? "-" : Latencies.ms(sorted.get(sorted.size() / 2));
      String p99 = sorted.isEmpty() ? "-" : Latencies.ms(sorted.get((int) Math.min(sorted.size() - 1, sorted.size() * 0.99)));
      return new Figure("raw single-row inserts (" + IN_FLIGHT + " in flight)", done.get() / seconds, p50, p99,
          Long.toString(failed.get()), CpuMeter.describe(before, cpu.sample()));
    }
  }

  private static void awaitReady(String url) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      try {
        if (http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException e) {
        // not bound yet
      }
      Thread.sleep(200); // poll of a bounded wait
    }
    throw new IllegalStateException("the app was not ready within 90 s");
  }

  /** Lets the previous measurement's tail settle. */
  private static void pause() throws InterruptedException {
    Thread.sleep(3000);
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
    } catch (java.io.IOException e) {
      return "?";
    }
  }

  private static void out(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
