package com.whatatalk.http.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.deploy.cassandra.junit.CassandraExtension;
import com.whatatalk.http.TestApp;
import com.whatatalk.simulator.CloudApiSimulator;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A smoke run of each Gatling simulation of {@code load-tests} (a few seconds at a low rate)
 * against the real app with the Cloud API simulator, so that the simulations cannot rot: a
 * non-2xx, a storm verification finding a message lost or doubled, a socket missing frames or a
 * campaign not fully accepted fails the run and so this test. Latency thresholds are relaxed
 * (this is not a performance run; the full-run targets stay the simulations' defaults).
 *
 * <p>Each simulation runs in its own JVM with {@code load-tests}' test classpath, written by its
 * build to {@code target/gatling.classpath}: Gatling needs Netty 4.2, and the app's Cassandra
 * driver, in this JVM, Netty 4.1. Logs and reports go to {@code target/gatling-smoke/}.
 */
@ExtendWith(CassandraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatlingSmokeTest {
  private static final Path LOAD_TESTS = Paths.get("..", "load-tests", "target").toAbsolutePath().normalize();
  private static final Path RESULTS = Paths.get("target", "gatling-smoke").toAbsolutePath();
  private static final long RUN_MINUTES = 3;
  /** Relaxed for a busy CI machine; a hang or a timeout still fails. */
  private static final String SMOKE_P50_MS = "2000";
  private static final String SMOKE_TAIL_MS = "10000";

  private CloudApiSimulator simulator;
  private TestApp app;
  private String classpath;

  @BeforeAll
  void start(CassandraNode cassandra) throws IOException {
    Path written = LOAD_TESTS.resolve("gatling.classpath");
    assertTrue(Files.isRegularFile(written),
        "no " + written + ": build load-tests first (mvn install -DskipTests -pl load-tests)");
    classpath = String.join(File.pathSeparator,
        LOAD_TESTS.resolve("test-classes").toString(), LOAD_TESTS.resolve("classes").toString(),
        Files.readString(written).strip());
    Files.createDirectories(RESULTS);
    int port = TestApp.freePort();
    simulator = TestApp.simulator(port, TestApp.simulatorDefaults());
    app = TestApp.start(cassandra, CassandraExtension.uniqueKeyspace("gatling_smoke"), port, simulator,
        Map.of("crm.engine.phone-numbers.ensure", TestApp.PHONE_NUMBER_ID + ":102290129340398:15550783881"));
  }

  @AfterAll
  void stop() {
    TestApp.close(app, simulator);
  }

  // First: the simulator's counters it reads are reset at its start and would count the other runs' replies.
  @Test
  @Order(1)
  void campaignSmoke() throws Exception {
    run("Campaign", Map.of(
        "adminEmail", TestApp.ADMIN_EMAIL, "adminPassword", TestApp.ADMIN_PASSWORD,
        "customers", "30", "rate", "15", "deliverTimeout", "60"));
  }

  @Test
  @Order(2)
  void webhookStormSmoke() throws Exception {
    String output = run("WebhookStorm", Map.ofEntries(
        Map.entry("adminEmail", TestApp.ADMIN_EMAIL), Map.entry("adminPassword", TestApp.ADMIN_PASSWORD),
        Map.entry("rate", "20"), Map.entry("ramp", "1"), Map.entry("duration", "3"),
        Map.entry("customers", "50"), Map.entry("outbound", "3"), Map.entry("verifyTimeout", "60"),
        Map.entry("p50", SMOKE_P50_MS), Map.entry("p99", SMOKE_TAIL_MS)));
    assertTrue(output.contains("verifier: OK"), "the storm's verifier did not run:\n" + output);
  }

  @Test
  @Order(3)
  void agentsLiveSmoke() throws Exception {
    run("AgentsLive", Map.of(
        "agentEmail", TestApp.ADMIN_EMAIL, "agentPassword", TestApp.ADMIN_PASSWORD,
        "agents", "5", "rate", "10", "duration", "12", "customers", "20", "replyEvery", "5",
        "p95", SMOKE_TAIL_MS));
  }

  /** Runs {@code com.whatatalk.load.<simulation>} against the app; returns its output once it passed. */
  private String run(String simulation, Map<String, String> properties) throws Exception {
    Map<String, String> all = new LinkedHashMap<>(Map.of(
        "target", app.url(""), "simulator", simulator.baseUrl(), "appSecret", TestApp.APP_SECRET,
        // Gatling caches its version check in Java preferences: keep them out of $HOME.
        "java.util.prefs.userRoot", RESULTS.resolve("java-prefs").toString(),
        // That check asks Maven Central over https; a proxy on a closed loopback port keeps the
        // run off the network (the simulations call plain http on loopback, never proxied).
        "https.proxyHost", "127.0.0.1", "https.proxyPort", Integer.toString(TestApp.freePort())));
    all.putAll(properties);
    List<String> command = new ArrayList<>(List.of(
        Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-XX:+UseSerialGC",
        // A short run: C1 only (no C2) starts faster and is enough at these rates.
        "-XX:TieredStopAtLevel=1",
        // As gatling-maven-plugin starts it: Gatling reads String internals.
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED"));
    all.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.addAll(List.of("-cp", classpath, "io.gatling.app.Gatling",
        "--simulation", "com.whatatalk.load." + simulation, "--results-folder", RESULTS.toString()));
    Path log = RESULTS.resolve(simulation + ".log");
    long started = System.currentTimeMillis();
    Process gatling = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean ended = gatling.waitFor(RUN_MINUTES, TimeUnit.MINUTES);
    if (!ended) {
      gatling.destroyForcibly().waitFor();
    }
    String output = Files.readString(log);
    output.lines().filter(l -> l.matches("^(storm|verifier|agents live|campaign|  number|  errors).*"))
        .forEach(l -> System.out.println(simulation + " smoke: " + l));
    System.out.printf("%s smoke: %s in %.1f s%n", simulation, ended && gatling.exitValue() == 0 ? "passed" : "failed",
        (System.currentTimeMillis() - started) / 1000.0);
    assertTrue(ended, simulation + " ran longer than " + RUN_MINUTES + " minutes; its log: " + log);
    assertEquals(0, gatling.exitValue(), simulation + " failed; its log (" + log + "):\n" + output);
    assertTrue(reportWritten(simulation, started), simulation + " passed but wrote no report under " + RESULTS);
    return output;
  }

  /** Gatling writes each run's report to {@code <simulation in lower case>-<time>/index.html}. */
  private static boolean reportWritten(String simulation, long since) throws IOException {
    try (Stream<Path> runs = Files.list(RESULTS)) {
      return runs.filter(d -> d.getFileName().toString().startsWith(simulation.toLowerCase() + "-"))
          .map(d -> d.resolve("index.html"))
          .anyMatch(index -> Files.isRegularFile(index) && index.toFile().lastModified() >= since);
    }
  }
}
