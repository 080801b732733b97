package com.whatatalk.http.bench;

import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.deploy.cassandra.CassandraNodeSettings;
import com.whatatalk.http.TestApp;
import com.whatatalk.http.webhook.WebhookSignature;
import com.whatatalk.simulator.CloudApiSimulator;
import com.whatatalk.simulator.SimulatorSettings;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * Benchmark of webhook ingest and of the outbound pipeline on this machine, against the real app
 * ({@link TestApp}: HTTP, engine, journal) with its own ephemeral Cassandra node (a child JVM
 * under {@code bench.dir}, stopped and deleted at the end) and the in-process Cloud API
 * simulator. Not a test: a {@code main}, run from Maven with the test classpath (see
 * docs/benchmarks/webhooks-and-outbound.md for the command and {@link BenchSettings} for the
 * {@code -Dbench.*} parameters).
 *
 * <ol>
 *   <li>Ingest: signed Meta-shaped webhooks (inbound texts over many customers, a share of status
 *       webhooks) from concurrent loopback clients, open model at fixed offered rates, then a
 *       closed-model run for the maximum; then every customer's conversation is asked how many
 *       inbound messages it holds, against the number acknowledged.
 *   <li>Outbound: template messages to distinct customers queued on a 1,000-mps and an 80-mps
 *       number, then sent: achieved rate against configured, 130429s, time until every wamid.
 *   <li>Profile: a JFR recording of this JVM per part (and of the Cassandra node through jcmd),
 *       summarised at the end.
 * </ol>
 */
public final class IntakeBenchmark {
  static final String FAST = TestApp.PHONE_NUMBER_ID;
  static final String SLOW = "106540352242923";

  private IntakeBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchSettings s = BenchSettings.fromSystemProperties();
    Bench.runAndExit(() -> run(s));
  }

  private static void run(BenchSettings s) throws Exception {
    Path dir = Path.of(s.dir()).toAbsolutePath();
    Files.createDirectories(dir);
    out("WhataTalk benchmark: webhook ingest and outbound (" + s.mode() + " mode), " + Instant.now());
    out(machine());
    out("settings: " + s);
    out("other Cassandra nodes before start (pgrep -f CassandraNodeMain): " + pgrep());
    out("busiest processes before start:\n" + busiest());

    Path nodeDir = dir.resolve("cassandra-" + ProcessHandle.current().pid());
    CassandraNode cassandra = CassandraNode.start(CassandraNodeSettings.ephemeral(nodeDir).withHeap(s.cassandraHeap()));
    long cassandraPid = cassandra.pid();
    out("our Cassandra node: pid " + cassandraPid + ", " + cassandra.contactPoint() + ", heap " + s.cassandraHeap());
    CpuMeter cpu = new CpuMeter(cassandraPid);
    StringBuilder report = new StringBuilder();
    List<Path> recordings = new ArrayList<>();
    try {
      int port = TestApp.freePort();
      SimulatorSettings defaults = TestApp.simulatorDefaults();
      SimulatorSettings.PhoneNumber first = defaults.defaultNumber();
      SimulatorSettings simSettings =
          defaults.withPhoneNumbers(
              List.of(
                  new SimulatorSettings.PhoneNumber(FAST, first.displayPhoneNumber(), first.wabaId(), first.countryCode(), s.fastMps()),
                  new SimulatorSettings.PhoneNumber(SLOW, "15550783882", first.wabaId(), first.countryCode(), s.slowMps())));
      Map<String, Object> overrides = new LinkedHashMap<>();
      overrides.put("crm.engine.outbound.mps-per-number.\"" + FAST + "\"", s.fastMps());
      overrides.put("crm.engine.outbound.mps-per-number.\"" + SLOW + "\"", s.slowMps());
      // As in production rather than as in tests (CassandraTestConfig): no serialization of local
      // messages, the deployable's tag-query delays.
      overrides.put("pekko.actor.serialize-messages", "off");
      overrides.put("pekko.persistence.cassandra.events-by-tag.eventual-consistency-delay", "2s");
      overrides.put("pekko.persistence.cassandra.query.refresh-interval", "1s");
      overrides.putAll(s.appOverrides());
      out("app overrides: " + overrides);
      try (CloudApiSimulator simulator = TestApp.simulator(port, simSettings)) {
        simulator.setMps(FAST, s.fastMps());
        simulator.setMps(SLOW, s.slowMps());
        long startAt = System.nanoTime();
        try (TestApp app = TestApp.start(cassandra, "bench", port, simulator, overrides)) {
          awaitReady(app);
          out(String.format("app ready in %.1f s (schema, cluster, sharding)", (System.nanoTime() - startAt) / 1e9));
          if (s.runs("ingest")) {
            report.append(ingest(s, app, cpu, dir, recordings, cassandraPid));
          }
          if (s.runs("outbound")) {
            report.append(outbound(s, app, simulator, cpu, dir, recordings, cassandraPid));
          }
        }
      }
    } finally {
      cassandra.close();
      boolean gone = ProcessHandle.of(cassandraPid).map(p -> !p.isAlive()).orElse(true);
      CassandraNode.deleteDirectory(nodeDir);
      out("our Cassandra node (pid " + cassandraPid + ") stopped: " + gone + "; its directory deleted");
      out("Cassandra nodes after (pgrep -f CassandraNodeMain): " + pgrep());
    }
    out("\n==================== RESULTS ====================");
    out(report.toString());
    if (!recordings.isEmpty()) {
      out("==================== PROFILE (JFR execution samples) ====================");
      for (Path r : recordings) {
        out("-- " + r.getFileName());
        out(JfrSummary.summarize(r, 15));
      }
    }
  }

  // -- ingest -------------------------------------------------------------------------------

  private static String ingest(BenchSettings s, TestApp app, CpuMeter cpu, Path dir, List<Path> recordings,
      long cassandraPid) throws Exception {
    MetaWebhooks webhooks = new MetaWebhooks(FAST, s.customers(), s.statusShare(), s.itemsPerPost());
    IngestLoad load = new IngestLoad(app.url("/webhooks/whatsapp"), new WebhookSignature(TestApp.APP_SECRET), webhooks);
    Duration drain = Duration.ofSeconds(s.drainSeconds());
    List<IngestLoad.Result> results = new ArrayList<>();
    out("ingest: warm-up " + s.warmupSeconds() + " s at " + s.warmupRate() + " events/s");
    results.add(load.open("warm-up", s.warmupRate(), s.clients(), Duration.ofSeconds(s.warmupSeconds()), drain, cpu));
    out(results.get(0).print());
    Profiles profiles = Profiles.start(s, dir, "ingest", cassandraPid);
    for (int rate : s.rates()) {
      pause();
      out("ingest: open model, " + rate + " events/s for " + s.stepSeconds() + " s ...");
      IngestLoad.Result r = load.open("open " + rate + "/s", rate, s.clients(), Duration.ofSeconds(s.stepSeconds()), drain, cpu);
      out(r.print());
      results.add(r);
    }
    if (s.closedSeconds() > 0) {
      pause();
      out("ingest: closed model, " + s.closedClients() + " clients for " + s.closedSeconds() + " s ...");
      IngestLoad.Result r = load.closed("closed (max throughput)", s.closedClients(), Duration.ofSeconds(s.closedSeconds()), cpu);
      out(r.print());
      results.add(r);
    }
    recordings.addAll(profiles.stop());

    StringBuilder report = new StringBuilder();
    report.append("== INGEST: %d customers, %.0f %% status webhooks, %d item(s) per POST, phone number %s%n"
        .formatted(s.customers(), 100 * s.statusShare(), s.itemsPerPost(), FAST));
    report.append(String.format("   %-24s %8s %10s %8s %8s %8s %8s %9s %8s%n", "phase", "offered", "acked/s", "p50 ms",
        "p95 ms", "p99 ms", "max ms", "errors", "not sent"));
    for (IngestLoad.Result r : results) {
      report.append(String.format("   %-24s %8s %10.0f %8s %8s %8s %8s %9d %8d%n", r.name(),
          r.offeredRate() > 0 ? Integer.toString(r.offeredRate()) : "-", r.sustained(),
          Latencies.ms(r.latency().quantile(0.5)), Latencies.ms(r.latency().quantile(0.95)),
          Latencies.ms(r.latency().quantile(0.99)), Latencies.ms(r.latency().quantile(1.0)),
          r.errors().values().stream().mapToLong(Long::longValue).sum(), r.notSent()));
    }
    for (IngestLoad.Result r : results) {
      report.append(r.print());
    }
    report.append(verify(app, webhooks));
    return report.toString();
  }

  /** Every acknowledged inbound message must be in its conversation, and none twice. */
  private static String verify(TestApp app, MetaWebhooks webhooks) throws InterruptedException {
    int customers = webhooks.customers();
    IngestCheck check = IngestCheck.of(app, customers);
    int[] acked = new int[customers];
    int[] posted = new int[customers];
    long ackedTotal = 0;
    long postedTotal = 0;
    for (int c = 0; c < customers; c++) {
      acked[c] = webhooks.acked(c);
      posted[c] = webhooks.posted(c);
      ackedTotal += acked[c];
      postedTotal += posted[c];
    }
    return ("== INGEST CHECK (Conversation.Get of all %d customers, %.1f s): inbound messages posted %d, acknowledged %d, "
        + "stored %d; acknowledged but missing: %d; stored beyond posted: %d; failed asks: %d; statuses posted %d%n")
        .formatted(customers, check.seconds(), postedTotal, ackedTotal, check.total(), check.missing(acked),
            check.beyond(posted), check.failedAsks(), webhooks.statusesGenerated());
  }

  // -- outbound -----------------------------------------------------------------------------

  private static String outbound(BenchSettings s, TestApp app, CloudApiSimulator simulator, CpuMeter cpu, Path dir,
      List<Path> recordings, long cassandraPid) throws Exception {
    pause();
    simulator.resetStats();
    out("outbound: " + s.fastMessages() + " messages on " + FAST + " (" + s.fastMps() + " mps) and "
        + s.slowMessages() + " on " + SLOW + " (" + s.slowMps() + " mps) ...");
    Profiles profiles = Profiles.start(s, dir, "outbound", cassandraPid);
    String result =
        new OutboundRun(app.app.system(), simulator, s.queueParallelism())
            .run(
                List.of(
                    new OutboundRun.Number(FAST, s.fastMps(), s.fastMessages(), "17770000000"),
                    new OutboundRun.Number(SLOW, s.slowMps(), s.slowMessages(), "16660000000")),
                cpu);
    recordings.addAll(profiles.stop());
    out(result);
    return result;
  }

  // -- profiles -----------------------------------------------------------------------------

  /** A JFR recording of this JVM and, through jcmd, of the Cassandra node, for one part. */
  private record Profiles(Recording self, Path selfFile, Path cassandraFile, long cassandraPid) {
    static Profiles start(BenchSettings s, Path dir, String part, long cassandraPid) throws Exception {
      if (!s.jfr()) {
        return new Profiles(null, null, null, cassandraPid);
      }
      Path selfFile = Path.of("target", "bench-" + part + ".jfr").toAbsolutePath();
      Recording r = new Recording(Configuration.getConfiguration("profile"));
      r.setName("bench-" + part);
      r.setToDisk(true);
      r.setDestination(selfFile);
      r.start();
      Path cassFile = null;
      if (s.jfrCassandra()) {
        cassFile = Path.of("target", "bench-cassandra-" + part + ".jfr").toAbsolutePath();
        jcmd(cassandraPid, "JFR.start", "name=bench", "settings=profile");
      }
      return new Profiles(r, selfFile, cassFile, cassandraPid);
    }

    List<Path> stop() throws IOException {
      if (self == null) {
        return List.of();
      }
      self.stop();
      self.close();
      List<Path> files = new ArrayList<>(List.of(selfFile));
      if (cassandraFile != null) {
        jcmd(cassandraPid, "JFR.stop", "name=bench", "filename=" + cassandraFile);
        if (Files.exists(cassandraFile)) {
          files.add(cassandraFile);
        }
      }
      return files;
    }
  }

  private static void jcmd(long pid, String... command) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    cmd.add(Long.toString(pid));
    cmd.addAll(List.of(command));
    out("jcmd " + String.join(" ", command) + " -> " + exec(cmd).lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse(""));
  }

  // -- helpers ------------------------------------------------------------------------------

  private static void awaitReady(TestApp app) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(app.url("/health/ready"))).build(),
            HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not bound yet
      }
      Thread.sleep(200); // poll of a bounded wait
    }
    throw new IllegalStateException("the app was not ready within 60 s");
  }

  /** Lets the previous phase's tail (tag writes, projections) settle before the next one. */
  private static void pause() throws InterruptedException {
    Thread.sleep(3000);
  }

  private static String machine() {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return "machine: %d cores (%s), %.1f GiB memory, %s %s; Java %s (%s); max heap %d MiB; load average %s"
        .formatted(Runtime.getRuntime().availableProcessors(), cpuModel(), os.getTotalMemorySize() / (double) (1L << 30),
            System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("java.runtime.version"),
            System.getProperty("java.vm.name"), Runtime.getRuntime().maxMemory() >> 20, CpuMeter.loadAverage());
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
    } catch (IOException e) {
      return "?";
    }
  }

  private static String pgrep() {
    String r = exec(List.of("pgrep", "-f", "CassandraNodeMain")).trim();
    return r.isEmpty() ? "none" : r.replace('\n', ' ');
  }

  private static String busiest() {
    return exec(List.of("ps", "-eo", "pid,pcpu,etime,comm", "--sort=-pcpu")).lines().limit(6)
        .map(l -> "   " + l).reduce((a, b) -> a + "\n" + b).orElse("");
  }

  private static String exec(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(30, TimeUnit.SECONDS);
      return output;
    } catch (IOException e) {
      return "(" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(interrupted)";
    }
  }

  private static void out(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
