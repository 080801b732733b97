package com.whatatalk.http.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's parameters, from {@code -Dbench.*} system properties. {@code -Dbench.mode=quick}
 * (the default, tens of seconds of load) or {@code full} (60 s plateaus) choose the defaults; any
 * single property overrides its default. {@code -Dbench.app.<config path>=<value>} passes a setting
 * to the app (e.g. {@code -Dbench.app.pekko.persistence.cassandra.journal.max-message-batch-size=200})
 * to compare a tuning.
 */
record BenchSettings(
    String mode,
    List<String> phases,
    int customers,
    double statusShare,
    int itemsPerPost,
    int clients,
    int warmupRate,
    int warmupSeconds,
    List<Integer> rates,
    int stepSeconds,
    int closedClients,
    int closedSeconds,
    int drainSeconds,
    int fastMps,
    int slowMps,
    int fastMessages,
    int slowMessages,
    int queueParallelism,
    boolean jfr,
    boolean jfrCassandra,
    String cassandraHeap,
    String dir,
    Map<String, Object> appOverrides) {

  static BenchSettings fromSystemProperties() {
    String mode = System.getProperty("bench.mode", "quick");
    boolean full = mode.equals("full");
    if (!full && !mode.equals("quick")) {
      throw new IllegalArgumentException("bench.mode is quick or full, was " + mode);
    }
    Map<String, Object> app = new LinkedHashMap<>();
    System.getProperties().stringPropertyNames().stream()
        .filter(k -> k.startsWith("bench.app."))
        .sorted()
        .forEach(k -> app.put(k.substring("bench.app.".length()), System.getProperty(k)));
    return new BenchSettings(
        mode,
        list(str("bench.phases", "ingest,outbound")),
        integer("bench.customers", full ? 10_000 : 2_000),
        Double.parseDouble(str("bench.statusShare", "0.25")),
        integer("bench.itemsPerPost", 1),
        integer("bench.clients", 128),
        integer("bench.warmupRate", 100),
        integer("bench.warmupSeconds", full ? 15 : 5),
        list(str("bench.rates", full ? "100,200,400,1000" : "100,400,1000")).stream().map(Integer::parseInt).toList(),
        integer("bench.stepSeconds", full ? 60 : 10),
        integer("bench.closedClients", 64),
        integer("bench.closedSeconds", full ? 60 : 10),
        integer("bench.drainSeconds", 20),
        integer("bench.fastMps", 1000),
        integer("bench.slowMps", 80),
        integer("bench.fastMessages", full ? 5_000 : 2_000),
        integer("bench.slowMessages", full ? 800 : 400),
        integer("bench.queueParallelism", 256),
        Boolean.parseBoolean(str("bench.jfr", "true")),
        Boolean.parseBoolean(str("bench.jfrCassandra", "true")),
        str("bench.cassandraHeap", "1g"),
        str("bench.dir", "target/bench"),
        Map.copyOf(app));
  }

  boolean runs(String phase) {
    return phases.contains(phase);
  }

  private static String str(String key, String dflt) {
    return System.getProperty(key, dflt).trim();
  }

  private static int integer(String key, int dflt) {
    return Integer.parseInt(str(key, Integer.toString(dflt)));
  }

  private static List<String> list(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
