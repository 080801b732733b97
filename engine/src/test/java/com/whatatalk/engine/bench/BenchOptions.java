package com.whatatalk.engine.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark's parameters: {@code --key=value} arguments, else {@code -Dbench.key=value}
 * system properties, else the defaults of the mode ({@code quick} or {@code full}).
 *
 * @param mode quick (about 2 minutes with Cassandra start) or full (about 6 minutes)
 * @param phases which parts run: throughput, recovery, heap
 * @param clients commands in flight (closed loop: each client sends its next command when the
 *     previous one is answered)
 * @param conversations the conversation counts the throughput part runs with
 * @param warmupSeconds load before each measured throughput run, not measured
 * @param durationSeconds length of each measured throughput run
 * @param recoveryEvents events written to the conversation whose recovery is timed
 * @param recoveryReps how many times it is recovered (the first one in a new ActorSystem)
 * @param heapEntities entities activated for the heap measurement
 * @param cassandraHeap heap of the Cassandra child JVM
 * @param jfrDir when set, JFR recordings of this JVM and of Cassandra are written there
 * @param extraConfig HOCON merged over the ActorSystem's config (journal tuning experiments)
 */
record BenchOptions(
    String mode,
    Set<String> phases,
    int clients,
    List<Integer> conversations,
    int warmupSeconds,
    int durationSeconds,
    int recoveryEvents,
    int recoveryReps,
    int heapEntities,
    String cassandraHeap,
    Path jfrDir,
    String extraConfig) {

  static final String USAGE =
      """
      options (--key=value, or -Dbench.key=value):
        --mode=quick|full            defaults below: quick / full             [quick]
        --phases=throughput,recovery,heap                                     [all]
        --clients=N                  commands in flight                       [128 / 128]
        --conversations=N[,N...]     conversation counts for throughput       [1000 / 1000,10000]
        --warmup=S --duration=S      seconds of warm-up / measurement per run [3,5 / 10,20]
        --recovery-events=N          events in the recovered conversation     [1000 / 10000]
        --recovery-reps=N            recoveries timed per keyspace            [3 / 5]
        --heap-entities=N            entities activated for heap per entity   [1000 / 10000]
        --cassandra-heap=SIZE        heap of the Cassandra node               [512m]
        --jfr=DIR                    write JFR recordings (this JVM and Cassandra) to DIR
        --extra-config=HOCON         merged over the ActorSystem config, e.g.
                                     'pekko.persistence.cassandra.events-by-tag.enabled=false'
      """;

  static BenchOptions parse(String[] args) {
    Map<String, String> given = new LinkedHashMap<>();
    for (String name : System.getProperties().stringPropertyNames()) {
      if (name.startsWith("bench.")) {
        given.put(name.substring("bench.".length()), System.getProperty(name));
      }
    }
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        throw new IllegalArgumentException("help");
      }
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument: " + a);
      }
      String body = a.substring(2);
      int eq = body.indexOf('=');
      if (eq >= 0) {
        given.put(body.substring(0, eq), body.substring(eq + 1));
      } else if (i + 1 < args.length) {
        given.put(body, args[++i]);
      } else {
        throw new IllegalArgumentException("missing value for " + a);
      }
    }
    String mode = given.getOrDefault("mode", "quick").toLowerCase(Locale.ROOT);
    boolean full;
    switch (mode) {
      case "quick" -> full = false;
      case "full" -> full = true;
      default -> throw new IllegalArgumentException("mode must be quick or full: " + mode);
    }
    Set<String> known =
        Set.of(
            "mode", "phases", "clients", "conversations", "warmup", "duration", "recovery-events",
            "recovery-reps", "heap-entities", "cassandra-heap", "jfr", "extra-config");
    for (String key : given.keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException("unknown option: " + key);
      }
    }
    Set<String> phases =
        Set.copyOf(List.of(given.getOrDefault("phases", "throughput,recovery,heap").split(",")));
    for (String p : phases) {
      if (!Set.of("throughput", "recovery", "heap").contains(p)) {
        throw new IllegalArgumentException("unknown phase: " + p);
      }
    }
    List<Integer> conversations = new ArrayList<>();
    for (String n : given.getOrDefault("conversations", full ? "1000,10000" : "1000").split(",")) {
      conversations.add(positive("conversations", Integer.parseInt(n.strip())));
    }
    String jfr = given.get("jfr");
    return new BenchOptions(
        mode,
        phases,
        positive("clients", intOf(given, "clients", 128)),
        List.copyOf(conversations),
        intOf(given, "warmup", full ? 10 : 3),
        positive("duration", intOf(given, "duration", full ? 20 : 5)),
        atLeast("recovery-events", 12, intOf(given, "recovery-events", full ? 10_000 : 1_000)),
        positive("recovery-reps", intOf(given, "recovery-reps", full ? 5 : 3)),
        positive("heap-entities", intOf(given, "heap-entities", full ? 10_000 : 1_000)),
        given.getOrDefault("cassandra-heap", "512m"),
        jfr == null || jfr.isBlank() ? null : Path.of(jfr).toAbsolutePath(),
        given.getOrDefault("extra-config", ""));
  }

  boolean runs(String phase) {
    return phases.contains(phase);
  }

  private static int intOf(Map<String, String> given, String key, int fallback) {
    String v = given.get(key);
    return v == null ? fallback : Integer.parseInt(v.strip().replace("_", ""));
  }

  private static int atLeast(String key, int min, int value) {
    if (value < min) {
      throw new IllegalArgumentException(key + " must be at least " + min + ", was " + value);
    }
    return value;
  }

  private static int positive(String key, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(key + " must be positive, was " + value);
    }
    return value;
  }
}
