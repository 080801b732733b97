package com.whatatalk.engine.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.typesafe.config.Config;
import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.deploy.cassandra.CassandraNodeSettings;
import com.whatatalk.engine.conversation.Conversation;
import com.whatatalk.engine.conversation.Conversation.MessageStatus;
import com.whatatalk.engine.conversation.ConversationSettings;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * Benchmark of the conversation entity on this machine, against a real Cassandra 5 node started
 * for the run (and stopped at the end): not a test, it prints figures.
 *
 * <ol>
 *   <li><b>Throughput</b>: a closed loop of N clients (commands in flight) sending commands to M
 *       conversations through Cluster Sharding with the Cassandra journal: the first command of
 *       each conversation (activation), then after a warm-up inbound messages with distinct
 *       wamids, a mixed workload (inbound, agent reply, send result, three statuses), and a
 *       read-only Get as the floor without a journal write. Commands per second and ask latency.
 *   <li><b>Recovery</b> of one conversation of E events (10,000 in full mode), in two keyspaces:
 *       snapshot every 100 events, and (practically) never. The first 600 events and the last
 *       turn go through the entity (which also gives the write rate of one busy conversation);
 *       the middle is appended by {@link Seeder} in atomic writes of the same events. Timed from
 *       the first command to a stopped entity until its reply: once in a new ActorSystem, then
 *       after each idle passivation.
 *   <li><b>Heap per active entity</b>: K conversations each with a small history (2 inbound, 2
 *       outbound messages with send results and statuses: 12 events), recovered into a new
 *       ActorSystem; live heap after full GCs before and after, divided by K.
 * </ol>
 *
 * <p>Run (quick, about 2 minutes; {@code --mode=full} for the full run, {@code --help} for the
 * options):
 *
 * <pre>
 * mvn -B -q -pl engine test-compile org.codehaus.mojo:exec-maven-plugin:3.5.1:java \
 *   -Dexec.classpathScope=test -Dexec.mainClass=com.whatatalk.engine.bench.ConversationBenchmark \
 *   -Dexec.args="--mode=quick"
 * </pre>
 *
 * <p>It always ends the JVM with {@code System.exit} (0 when every part ran), after terminating
 * its ActorSystems and stopping the Cassandra node.
 */
public final class ConversationBenchmark {
  private static final int NO_SNAPSHOTS = 1_000_000_000;

  private final BenchOptions options;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final Commands commands = new Commands(run);
  private final List<String> report = new ArrayList<>();
  private final int cores = Machine.machineCores();
  private CassandraNode node;

  private ConversationBenchmark(BenchOptions options) {
    this.options = options;
  }

  public static void main(String[] args) {
    int code;
    try {
      code = new ConversationBenchmark(BenchOptions.parse(args)).run();
    } catch (IllegalArgumentException e) {
      if (!"help".equals(e.getMessage())) {
        System.out.println("error: " + e.getMessage());
      }
      System.out.println(BenchOptions.USAGE);
      code = 2;
    } catch (Throwable t) {
      t.printStackTrace(System.out);
      code = 1;
    }
    System.out.flush();
    System.exit(code);
  }

  private int run() throws Exception {
    BenchLogging.warningsToStdout();
    String machine = Machine.describe();
    String command = Machine.command();
    String started = Instant.now().toString();
    String loadBefore = Machine.loadAverage();
    out("WhataTalk conversation benchmark (run " + run + ", " + started + ")");
    out("machine: " + machine);
    out("command: " + command);
    out("options: " + options);
    out("load average before: " + loadBefore);

    Path dir = moduleTarget().resolve("bench-cassandra-" + ProcessHandle.current().pid());
    long t0 = System.nanoTime();
    node = CassandraNode.start(CassandraNodeSettings.ephemeral(dir).withHeap(options.cassandraHeap()));
    out(String.format(Locale.ROOT, "Cassandra 5 node up in %.1f s (pid %d, heap %s, %s)",
        (System.nanoTime() - t0) / 1e9, node.pid(), options.cassandraHeap(), dir));
    try {
      if (options.runs("throughput")) {
        throughput();
      }
      if (options.runs("recovery")) {
        recovery();
      }
      if (options.runs("heap")) {
        heap();
      }
    } finally {
      node.close();
      CassandraNode.deleteDirectory(dir);
      out("Cassandra stopped" + (node.isAlive() ? " (STILL ALIVE, pid " + node.pid() + ")" : ""));
    }

    System.out.println();
    System.out.println("================ SUMMARY ================");
    System.out.println("machine: " + machine);
    System.out.println("command: " + command);
    System.out.println("options: " + options);
    System.out.println("started " + started + "; load average before " + loadBefore
        + ", after " + Machine.loadAverage());
    System.out.println(
        "Raw single-run figures on a shared machine: other builds ran at the same time (see the"
            + " cpu column: this JVM/Cassandra/other processes, in cores of " + cores
            + "); expect +-30% between runs.");
    report.forEach(System.out::println);
    return 0;
  }

  // 1. Throughput

  private void throughput() throws Exception {
    Config config = BenchCluster.config(node, "bench_throughput", options.extraConfig());
    ConversationSettings defaults = ConversationSettings.create(config);
    ConversationSettings settings =
        BenchCluster.settings(config, defaults.snapshotEvery(), Duration.ofMinutes(30));
    section(String.format(Locale.ROOT,
        "THROUGHPUT: %d clients in flight, Cluster Sharding (1 node) + Cassandra journal,"
            + " snapshot every %d, %d tag slices; warm-up %d s, %d s per measured run",
        options.clients(), settings.snapshotEvery(), settings.tagSlices(),
        options.warmupSeconds(), options.durationSeconds()));
    report.add(String.format(Locale.ROOT, "%-6s %-22s %8s %6s %8s %7s %7s %7s %7s %4s  %s",
        "convs", "workload", "cmds", "secs", "cmd/s", "p50 ms", "p95 ms", "p99 ms", "max ms",
        "err", "cpu cores engine/cassandra/other"));
    try (BenchCluster cluster = BenchCluster.start(config, settings)) {
      // The journal's first write creates the keyspace and tables and prepares its statements.
      long start = System.nanoTime();
      String first = Commands.entityId(0, 0);
      commands.inbound(new Samples(), "start", cluster.ref(first), Commands.customerKey(first))
          .toCompletableFuture().join();
      out(String.format(Locale.ROOT, "   journal started (keyspace and tables created) in %.1f s",
          (System.nanoTime() - start) / 1e9));
      int set = 0;
      for (int m : options.conversations()) {
        set++;
        int conversations = m;
        String[] customers = new String[m];
        List<EntityRef<Conversation.Command>> refs = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
          String id = Commands.entityId(set, i);
          customers[i] = Commands.customerKey(id);
          refs.add(cluster.ref(id));
        }
        out("-- " + m + " conversations");

        AtomicInteger next = new AtomicInteger();
        measure(m, "first inbound (activ.)", () -> ClosedLoop.run(options.clients(), 3600,
            client -> s -> {
              int i = next.getAndIncrement();
              return i >= conversations ? null
                  : commands.inbound(s, "first", refs.get(i), customers[i]);
            }));

        java.util.function.IntFunction<ClosedLoop.Script> inbound = client -> {
          SplittableRandom random = new SplittableRandom(31L * client + conversations);
          return s -> {
            int i = random.nextInt(conversations);
            return commands.inbound(s, "inbound", refs.get(i), customers[i]);
          };
        };
        if (options.warmupSeconds() > 0) {
          Samples.Result warm = ClosedLoop.run(options.clients(), options.warmupSeconds(), inbound);
          out(String.format(Locale.ROOT, "   warm-up: %d inbound in %.1f s (%.0f/s), %d errors",
              warm.all().count(), warm.seconds(), warm.perSecond(), warm.all().errors()));
        }
        try (AutoCloseable jfr = set == 1
            ? Profiler.start(options.jfrDir(), "throughput", node.pid()) : () -> {}) {
          measure(m, "inbound",
              () -> ClosedLoop.run(options.clients(), options.durationSeconds(), inbound));
          measure(m, "mixed (all)", () -> ClosedLoop.run(options.clients(),
              options.durationSeconds(), client -> {
                SplittableRandom random = new SplittableRandom(17L * client + conversations);
                return s -> {
                  int i = random.nextInt(conversations);
                  return commands.turn(s, refs.get(i), customers[i]);
                };
              }));
        }
        measure(m, "get (no write)", () -> ClosedLoop.run(options.clients(),
            Math.min(options.durationSeconds(), 10), client -> {
              SplittableRandom random = new SplittableRandom(7L * client + conversations);
              return s -> commands.get(s, "get", refs.get(random.nextInt(conversations)));
            }));
      }
    }
  }

  private interface Run {
    Samples.Result run() throws Exception;
  }

  /** Runs and reports one measured run; for a run of several command types, a row per type. */
  private void measure(int conversations, String workload, Run body) throws Exception {
    Machine.Cpu before = Machine.Cpu.sample(node.pid());
    Samples.Result r = body.run();
    String cpu = Machine.Cpu.sample(node.pid()).coresSince(before, cores);
    row(conversations, workload, r.all(), r.seconds(), r.perSecond(), cpu);
    if (r.byType().size() > 1) {
      for (Map.Entry<String, Samples.Stats> e : r.byType().entrySet()) {
        row(conversations, "  " + e.getKey(), e.getValue(), r.seconds(),
            e.getValue().count() / r.seconds(), "");
      }
    }
    if (r.firstError() != null) {
      out("   first error: " + r.firstError());
    }
  }

  private void row(int conversations, String workload, Samples.Stats s, double secs,
      double perSecond, String cpu) {
    String line = String.format(Locale.ROOT,
        "%-6d %-22s %8d %6.1f %8.0f %7.2f %7.2f %7.2f %7.1f %4d  %s",
        conversations, workload, s.count(), secs, perSecond, s.p50(), s.p95(), s.p99(), s.max(),
        s.errors(), cpu);
    report.add(line);
    out(line);
  }

  // 2. Recovery

  private void recovery() throws Exception {
    int events = options.recoveryEvents();
    section(String.format(Locale.ROOT,
        "RECOVERY of one conversation of %d events (turns of inbound, reply, send result,"
            + " sent/delivered/read), %d recoveries per keyspace", events, options.recoveryReps()));
    report.add(String.format(Locale.ROOT, "%-14s %7s %-22s %9s %10s %9s %9s %9s %8s  %s",
        "snapshots", "events", "snapshot seq/bytes", "1-conv cmd/s", "new sys ms", "min ms",
        "median ms", "max ms", "live ms", "raw ms after passivation"));
    for (int snapshotEvery : new int[] {100, NO_SNAPSHOTS}) {
      String keyspace = snapshotEvery == NO_SNAPSHOTS ? "bench_recovery_nosnap" : "bench_recovery_snap" + snapshotEvery;
      String label = snapshotEvery == NO_SNAPSHOTS ? "none" : "every " + snapshotEvery;
      Config config = BenchCluster.config(node, keyspace, options.extraConfig());
      String entityId = Commands.entityId(90, 1);
      String customer = Commands.customerKey(entityId);

      // Write E events: the first ones and the last turn through the entity (the last one takes
      // the snapshot when E is a multiple of the interval), the middle seeded in atomic writes.
      int rest = events - 6;
      int head = Math.min(600, rest);
      int seeded = rest - head;
      head += seeded % 6;
      seeded -= seeded % 6;
      double writeRate;
      double seedSeconds;
      try (BenchCluster writer = BenchCluster.start(config,
          BenchCluster.settings(config, snapshotEvery, Duration.ofSeconds(1)))) {
        EntityRef<Conversation.Command> ref = writer.ref(entityId);
        AtomicInteger permits = new AtomicInteger(head);
        Samples.Result w = ClosedLoop.run(4, 3600, client -> s ->
            permits.get() <= 0 ? null : limitedTurn(s, ref, customer, permits));
        writeRate = w.perSecond();
        out(String.format(Locale.ROOT,
            "   one conversation, 4 turns in flight: %d commands in %.1f s (%.0f/s, p50 %.1f ms),"
                + " %d errors%s", w.all().count(), w.seconds(), writeRate, w.all().p50(),
            w.all().errors(), w.firstError() == null ? "" : ", first: " + w.firstError()));
        writer.awaitPassivated(entityId, Duration.ofSeconds(30));
        long seedStart = System.nanoTime();
        ActorRef<Seeder.Command> seeder = writer.system.systemActorOf(
            Seeder.create(entityId, writer.settings.tagSlices(), run), "seeder",
            Props.empty());
        for (int done = 0; done < seeded / 6; ) {
          int turns = Math.min(10, seeded / 6 - done);
          AskPattern.<Seeder.Command, Long>ask(seeder,
              replyTo -> new Seeder.Append(turns, replyTo), Duration.ofSeconds(60),
              writer.system.scheduler()).toCompletableFuture().join();
          done += turns;
        }
        AskPattern.<Seeder.Command, Long>ask(seeder,
            Seeder.Stop::new, Duration.ofSeconds(60), writer.system.scheduler())
            .toCompletableFuture().join();
        seedSeconds = (System.nanoTime() - seedStart) / 1e9;
        long lastStart = System.nanoTime();
        limitedTurn(new Samples(), ref, customer, new AtomicInteger(6)).toCompletableFuture().join();
        out(String.format(Locale.ROOT,
            "   seeded %d events in %.1f s; last turn through the entity (recovering %d events"
                + " first) in %.0f ms", seeded, seedSeconds, head + seeded,
            (System.nanoTime() - lastStart) / 1e6));
      }
      long stored;
      String snapshot;
      String scanning;
      try (CqlSession session = cql()) {
        String pid = Conversation.persistenceId(entityId).id();
        stored = session.execute("SELECT count(*) FROM " + keyspace
            + ".messages WHERE persistence_id = ? AND partition_nr = 0", pid).one().getLong(0);
        snapshot = snapshotOf(session, keyspace, pid);
        scanning = tagScanning(session, keyspace, pid);
      }
      out("   stored events " + stored + ", latest snapshot (seq / bytes) " + snapshot
          + ", tag_scanning sequence_nr " + scanning);

      // Recover it: first in a new ActorSystem, then again after each idle passivation.
      List<Double> after = new ArrayList<>();
      double fresh;
      double live;
      // Idle passivation after 5 s: longer than a recovery, or the entity would be passivated
      // as soon as it has recovered (idle time counts from the command that started it).
      try (BenchCluster reader = BenchCluster.start(config,
          BenchCluster.settings(config, snapshotEvery, Duration.ofSeconds(5)))) {
        // Start the journal, the snapshot store and this shard with another entity of the shard.
        String neighbour = sameShard(reader, entityId);
        reader.ref(neighbour).ask(Conversation.Get::new, Commands.ASK_TIMEOUT)
            .toCompletableFuture().join();
        EntityRef<Conversation.Command> ref = reader.ref(entityId);
        fresh = timeGet(ref);
        live = timeGet(ref);
        try (AutoCloseable jfr = snapshotEvery == NO_SNAPSHOTS
            ? Profiler.start(options.jfrDir(), "recovery", node.pid()) : () -> {}) {
          for (int rep = 1; rep < Math.max(2, options.recoveryReps()); rep++) {
            reader.awaitPassivated(entityId, Duration.ofSeconds(30));
            after.add(timeGet(ref));
          }
        }
      }
      List<Double> sorted = new ArrayList<>(after);
      Collections.sort(sorted);
      String line = String.format(Locale.ROOT,
          "%-14s %7d %-22s %9.0f %10.1f %9.1f %9.1f %9.1f %8.2f  %s",
          label, stored, snapshot, writeRate, fresh, sorted.get(0),
          sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), live,
          after.stream().map(d -> String.format(Locale.ROOT, "%.1f", d)).toList());
      report.add(line);
      out(line);
    }
  }

  /** One turn whose every command takes one of the permits (one event each), if any is left. */
  private CompletionStage<Done> limitedTurn(Samples s, EntityRef<Conversation.Command> ref,
      String customer, AtomicInteger permits) {
    String outWamid = commands.newWamid("out");
    return permitted(permits, () -> commands.inbound(s, "inbound", ref, customer))
        .thenCompose(x -> permitted(permits, () -> commands.send(s, ref)))
        .thenCompose(m -> permitted(permits,
            () -> commands.accepted(s, ref, m.messageId(), outWamid)))
        .thenCompose(x -> permitted(permits,
            () -> commands.status(s, ref, outWamid, MessageStatus.SENT)))
        .thenCompose(x -> permitted(permits,
            () -> commands.status(s, ref, outWamid, MessageStatus.DELIVERED)))
        .thenCompose(x -> permitted(permits,
            () -> commands.status(s, ref, outWamid, MessageStatus.READ)));
  }

  private static <T> CompletionStage<T> permitted(AtomicInteger permits,
      Supplier<CompletionStage<T>> call) {
    if (permits.getAndDecrement() <= 0) {
      return CompletableFuture.failedFuture(new IllegalStateException("no events left to write"));
    }
    return call.get();
  }

  private static double timeGet(EntityRef<Conversation.Command> ref) {
    long start = System.nanoTime();
    ref.ask(Conversation.Get::new, Duration.ofSeconds(120)).toCompletableFuture().join();
    return (System.nanoTime() - start) / 1e6;
  }

  /** Another (empty) conversation that lands in the same shard as {@code entityId}. */
  private static String sameShard(BenchCluster cluster, String entityId) {
    int shard = cluster.shardOf(entityId);
    for (int i = 0; ; i++) {
      String candidate = Commands.entityId(91, i);
      if (cluster.shardOf(candidate) == shard) {
        return candidate;
      }
    }
  }

  private CqlSession cql() {
    return CqlSession.builder()
        .addContactPoint(new InetSocketAddress(node.host(), node.cqlPort()))
        .withLocalDatacenter("datacenter1")
        .build();
  }

  /** Where tag recovery starts scanning this conversation's events (no table: tags are off). */
  private static String tagScanning(CqlSession session, String keyspace, String pid) {
    try {
      Row scan = session.execute("SELECT sequence_nr FROM " + keyspace
          + ".tag_scanning WHERE persistence_id = ?", pid).one();
      return scan == null ? "none" : String.valueOf(scan.getLong(0));
    } catch (RuntimeException e) {
      return "n/a (" + e.getMessage() + ")";
    }
  }

  /** The latest snapshot's sequence number and serialized size, or "none". */
  private static String snapshotOf(CqlSession session, String keyspace, String pid) {
    Row row = session.execute("SELECT * FROM " + keyspace
        + ".snapshots WHERE persistence_id = ? LIMIT 1", pid).one();
    if (row == null) {
      return "none";
    }
    long bytes = 0;
    for (ColumnDefinition column : row.getColumnDefinitions()) {
      if (column.getType().equals(DataTypes.BLOB)) {
        ByteBuffer b = row.getByteBuffer(column.getName());
        bytes += b == null ? 0 : b.remaining();
      }
    }
    return row.getLong("sequence_nr") + " / " + bytes + " B";
  }

  // 3. Heap per active entity

  private void heap() throws Exception {
    int k = options.heapEntities();
    section(String.format(Locale.ROOT,
        "HEAP per active entity: %d conversations of 12 events each (2 turns: inbound, reply,"
            + " send result, sent, delivered, read), recovered into a new ActorSystem", k));
    Config config = BenchCluster.config(node, "bench_heap", options.extraConfig());
    String[] ids = new String[k];
    for (int i = 0; i < k; i++) {
      ids[i] = Commands.entityId(50, i);
    }
    try (BenchCluster writer = BenchCluster.start(config,
        BenchCluster.settings(config, 100, Duration.ofMinutes(30)))) {
      AtomicInteger next = new AtomicInteger();
      Samples.Result w = ClosedLoop.run(options.clients(), 3600, client -> s -> {
        int i = next.getAndIncrement();
        if (i >= k) {
          return null;
        }
        ActorRef<Seeder.Command> seeder = writer.system.systemActorOf(
            Seeder.create(ids[i], writer.settings.tagSlices(), run), "seed-" + i, Props.empty());
        return s.timed("seed", () -> AskPattern.<Seeder.Command, Long>ask(seeder,
                replyTo -> new Seeder.Append(2, replyTo), Commands.ASK_TIMEOUT,
                writer.system.scheduler()))
            .thenCompose(n -> s.timed("stop", () -> AskPattern.<Seeder.Command, Long>ask(
                seeder, Seeder.Stop::new, Commands.ASK_TIMEOUT, writer.system.scheduler())));
      });
      int seededCount = w.byType().containsKey("seed") ? w.byType().get("seed").count() : 0;
      out(String.format(Locale.ROOT, "   seeded %d conversations in %.1f s (%.0f/s), %d errors",
          seededCount, w.seconds(), seededCount / w.seconds(), w.all().errors()));
    }

    try (BenchCluster reader = BenchCluster.start(config,
        BenchCluster.settings(config, 100, Duration.ofMinutes(30)))) {
      long empty = Machine.heapAfterGc();
      // One empty conversation in every shard: shard actors exist before the measurement.
      int shards = reader.numberOfShards();
      List<String> neighbours = new ArrayList<>();
      boolean[] covered = new boolean[shards];
      for (int i = 0; neighbours.size() < shards; i++) {
        String id = Commands.entityId(51, i);
        int shard = reader.shardOf(id);
        if (!covered[shard]) {
          covered[shard] = true;
          neighbours.add(id);
        }
      }
      AtomicInteger nextNeighbour = new AtomicInteger();
      ClosedLoop.run(options.clients(), 3600, client -> s -> {
        int i = nextNeighbour.getAndIncrement();
        return i >= neighbours.size() ? null : commands.get(s, "get", reader.ref(neighbours.get(i)));
      });
      long shardsUp = Machine.heapAfterGc();

      AtomicInteger next = new AtomicInteger();
      Samples.Result activation = ClosedLoop.run(options.clients(), 3600, client -> s -> {
        int i = next.getAndIncrement();
        return i >= k ? null : commands.get(s, "recover", reader.ref(ids[i]));
      });
      long active = Machine.heapAfterGc();
      // Touch them again so they are certainly alive and reachable at the reading.
      int alive = 0;
      for (String id : List.of(ids[0], ids[k / 2], ids[k - 1])) {
        alive += reader.isActive(id) ? 1 : 0;
      }
      out(String.format(Locale.ROOT,
          "   activation (recovery of 12 events each): %d in %.1f s (%.0f/s), p50 %.1f ms,"
              + " p99 %.1f ms, %d errors; %d of 3 sampled entities active",
          activation.all().count(), activation.seconds(), activation.perSecond(),
          activation.all().p50(), activation.all().p99(), activation.all().errors(), alive));
      report.add(String.format(Locale.ROOT, "%-9s %14s %20s %16s %14s %16s  %s",
          "entities", "heap empty MiB", "+1/shard (x%d) MiB".formatted(shards),
          "+entities MiB", "bytes/entity", "shard+1st B/shard", "recoveries/s"));
      String line = String.format(Locale.ROOT, "%-9d %14.1f %20.1f %16.1f %14d %16d  %.0f",
          k, empty / 1048576.0, shardsUp / 1048576.0, active / 1048576.0,
          (active - shardsUp) / k, (shardsUp - empty) / shards, activation.perSecond());
      report.add(line);
      out(line);
    }
  }

  // Output

  private void section(String title) {
    report.add("");
    report.add("== " + title);
    out("");
    out("== " + title);
  }

  private static void out(String line) {
    System.out.println(line);
    System.out.flush();
  }

  /** engine/target, found from where this class was loaded (exec:java runs in Maven's cwd). */
  private static Path moduleTarget() throws Exception {
    Path classes = Path.of(ConversationBenchmark.class.getProtectionDomain().getCodeSource()
        .getLocation().toURI());
    return classes.getParent();
  }
}
