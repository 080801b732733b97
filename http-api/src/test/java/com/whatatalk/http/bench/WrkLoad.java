package com.whatatalk.http.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.whatatalk.http.webhook.WebhookSignature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The bench's load generator: Debian's {@code wrk} in its own process, closed model, posting
 * webhooks signed before the window ({@code bench/webhooks.lua}). It costs a fraction of what
 * {@link IngestLoad}'s {@code java.net.http} clients cost in the measured JVM, so the HTTP ceilings
 * are the server's rather than the generator's.
 */
final class WrkLoad {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Signed posts written to a file, in line order, with the customers of their inbound messages. */
  record Posts(Path file, List<MetaWebhooks.Post> posts) {}

  /** What wrk reports for one window; {@code issued} is per wrk thread, in requests handed to wrk. */
  record Result(String name, int connections, double seconds, long requests, long errors, String errorDetail,
      long p50Micros, long p99Micros, double wrkCpuSeconds, long[] issued, String cpu) {

    double perSecond() {
      return (requests - errors) / seconds;
    }

    String print() {
      return ("== %s (wrk, closed, %d connections, %.0f s): %.0f answered 2xx/s, %d requests, errors %s, "
          + "p50 %.1f ms, p99 %.1f ms; wrk used %.2f cores%n   %s%n")
          .formatted(name, connections, seconds, perSecond(), requests, errorDetail, p50Micros / 1000.0,
              p99Micros / 1000.0, wrkCpuSeconds / seconds, cpu);
    }
  }

  private final Path script;
  private final int threads;

  WrkLoad(Path dir, int threads) throws IOException {
    this.threads = threads;
    this.script = dir.resolve("webhooks.lua");
    try (InputStream in = WrkLoad.class.getResourceAsStream("/bench/webhooks.lua")) {
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Fails early, with the fix, when wrk is not installed. */
  static void requireWrk() throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException("the bench needs wrk: apt-get install wrk (./whatatalk bench installs it as root)");
    }
    p.getInputStream().readAllBytes();
    p.waitFor(10, TimeUnit.SECONDS);
  }

  /** Writes {@code count} posts from {@code webhooks}, each signed, to {@code file}. */
  static Posts write(Path file, MetaWebhooks webhooks, WebhookSignature signature, int count) throws IOException {
    List<MetaWebhooks.Post> posts = new ArrayList<>(count);
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < count; i++) {
        MetaWebhooks.Post p = webhooks.next();
        posts.add(p);
        out.write(signature.sign(p.body()));
        out.write('\t');
        out.write(new String(p.body(), StandardCharsets.UTF_8));
        out.write('\n');
      }
    }
    return new Posts(file, posts);
  }

  /** Runs wrk against {@code url} for {@code window} with {@code connections} kept-alive connections. */
  Result run(String name, String url, Posts posts, int connections, Duration window, CpuMeter cpu)
      throws IOException, InterruptedException {
    List<String> command = List.of("wrk", "-t", Integer.toString(threads), "-c", Integer.toString(connections),
        "-d", window.toSeconds() + "s", "--timeout", "30s", "-s", script.toString(), url, "--",
        posts.file().toString(), Integer.toString(threads));
    CpuMeter.Sample before = cpu.sample();
    // To a file, so that the bound below holds even if wrk never ends (a pipe read would block).
    Path log = script.resolveSibling("wrk.out");
    Process wrk = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean ended = wrk.waitFor(window.toSeconds() + 60, TimeUnit.SECONDS);
    if (!ended) {
      wrk.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    if (!ended || wrk.exitValue() != 0) {
      throw new IllegalStateException("wrk failed: " + String.join(" ", command) + "\n" + output);
    }
    String cpuUsed = CpuMeter.describe(before, cpu.sample());
    String line = output.lines().filter(l -> l.startsWith("WRK_RESULT ")).findFirst()
        .orElseThrow(() -> new IllegalStateException("no result from wrk:\n" + output));
    JsonNode r = JSON.readTree(line.substring("WRK_RESULT ".length()));
    long status = r.get("statusErrors").asLong();
    long socket = r.get("connectErrors").asLong() + r.get("readErrors").asLong() + r.get("writeErrors").asLong()
        + r.get("timeouts").asLong();
    long[] issued = new long[threads];
    for (int i = 0; i < threads; i++) {
      issued[i] = r.get("issued").get(i).asLong();
    }
    String detail = status + socket == 0 ? "0"
        : "http 4xx/5xx %d, connect %d, read %d, write %d, timeout %d".formatted(status, r.get("connectErrors").asLong(),
            r.get("readErrors").asLong(), r.get("writeErrors").asLong(), r.get("timeouts").asLong());
    double seconds = r.get("durationMicros").asLong() / 1e6;
    // wrk's "requests" counts answers of any status; socket errors are requests without one.
    return new Result(name, connections, seconds, r.get("requests").asLong(), status, detail,
        r.get("p50Micros").asLong(), r.get("p99Micros").asLong(), r.get("cpuSeconds").asDouble(), issued, cpuUsed);
  }

  /**
   * Adds to {@code perCustomer} the inbound messages of every post wrk handed out in a run (line i
   * belongs to thread i mod n, as its (i div n)-th post); returns how many posts were handed out
   * more than once because a thread ran out of lines.
   */
  long countIssued(Posts posts, Result result, int[] perCustomer) {
    long repeated = 0;
    for (int t = 0; t < threads; t++) {
      long own = (posts.posts().size() - t + threads - 1) / threads;
      repeated += Math.max(0, result.issued()[t] - own);
    }
    for (int i = 0; i < posts.posts().size(); i++) {
      if (i / threads < result.issued()[i % threads]) {
        for (int c : posts.posts().get(i).inboundCustomers()) {
          perCustomer[c]++;
        }
      }
    }
    return repeated;
  }
}
