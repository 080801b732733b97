package com.whatatalk.engine.bench;

import com.typesafe.config.Config;
import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.deploy.cassandra.CassandraNodeSettings;
import com.whatatalk.engine.CassandraSchema;
import com.whatatalk.engine.conversation.Conversation.ConversationId;
import com.whatatalk.engine.conversation.Conversation.MessageStatus;
import com.whatatalk.engine.inbox.CassandraInboxRepository;
import com.whatatalk.engine.inbox.ConversationFilter;
import com.whatatalk.engine.inbox.ConversationPage;
import com.whatatalk.engine.inbox.ConversationSummary;
import com.whatatalk.engine.inbox.InboxSettings;
import com.whatatalk.engine.inbox.InboxState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.connectors.cassandra.CassandraSessionSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * Benchmark of the inbox read model (what the list and search API calls cost) on this machine,
 * against a real Cassandra 5 node started for the run: not a test, it prints figures.
 *
 * <p>Seeds one business number with N conversations: the rows the projection writes for a new
 * conversation ({@link CassandraInboxRepository#saveSummary}: summary, list row, assignee row, day
 * and search words), written in bulk by {@link CassandraInboxRepository#insertNew} (unlogged
 * batches by partition, many in flight, into a keyspace without commit log; saveSummary's logged
 * batch per conversation seeded about 500 a second here, so a million took over half an hour),
 * last activity spread over a year, 20% archived, a third assigned to one of 10 agents,
 * names from 200 first × 200 last names, Brazilian, Indian and US numbers. Then, for each size,
 * a closed loop of clients runs each query type for a fixed time: the first page of the active
 * tab, the pages after it (cursor), the filtered tab "mine, unread", and contact search by a name
 * prefix, by two words, and by a phone typed with a {@code +} and spaces. It grows the data to the
 * next size and measures again, so the sizes are compared in one run on one node.
 *
 * <p>Run (defaults: 100,000 then 1,000,000 conversations, 8 clients, 20 s per query type):
 *
 * <pre>
 * mvn -B -q -pl engine test-compile org.codehaus.mojo:exec-maven-plugin:3.5.1:java \
 *   -Dexec.classpathScope=test -Dexec.mainClass=com.whatatalk.engine.bench.InboxReadBenchmark \
 *   -Dexec.args="--sizes=100000,1000000 --clients=8 --seconds=20"
 * </pre>
 */
public final class InboxReadBenchmark {
  private static final String NUMBER = "106540352242922";
  private static final int AGENTS = 10;
  /** Conversations per insertNew call, rows per unlogged batch, batches in flight. */
  private static final int SEED_CHUNK = 50_000;
  private static final int SEED_BATCH_ROWS = 100;
  private static final int SEED_IN_FLIGHT = 32;
  private static final String[] FIRST = names(
      "Maria Ana Francisca Antonia Adriana Juliana Marcia Fernanda Patricia Aline Sandra Camila Amanda"
          + " Bruna Jessica Leticia Julia Luciana Vanessa Mariana Gabriela Vera Vitoria Larissa Claudia"
          + " Beatriz Luana Rita Sonia Renata Eliane Jose Joao Antonio Francisco Carlos Paulo Pedro Lucas"
          + " Luiz Marcos Luis Gabriel Rafael Daniel Marcelo Bruno Eduardo Felipe Raimundo Rodrigo Manoel"
          + " Mateus Andre Fernando Fabio Leonardo Gustavo Guilherme Leandro Tiago Anderson Ricardo Marcio"
          + " Jorge Sebastiao Alexandre Roberto Edson Diego Vitor Sergio Claudio Matheus Thiago Geraldo"
          + " Adriano Luciano Julio Renato Alex Vinicius Rogerio Samuel Ronaldo Mario Flavio Igor Douglas"
          + " Davi Manuel Jefferson Cicero Victor Miguel Robson Mauricio Danilo Henrique Caio Reginaldo"
          + " Joaquim Benedito Gilberto Marco Alan Nelson Cristiano Elias Wilson Valdir Emerson Aparecido"
          + " Priya Aarav Vivaan Aditya Vihaan Arjun Sai Reyansh Ayaan Krishna Ishaan Ananya Diya Saanvi"
          + " Aadhya Pari Anika Navya Myra Sara Ira Aanya Kiara James Robert John Michael David William"
          + " Richard Joseph Thomas Charles Mary Patricia Jennifer Linda Elizabeth Barbara Susan Sarah"
          + " Karen Nancy Lisa Betty Margaret Sandra Ashley Kimberly Emily Donna Michelle Carol Amanda"
          + " Dorothy Melissa Deborah Stephanie Rebecca Sharon Laura Cynthia Kathleen Amy Angela Shirley"
          + " Anna Brenda Pamela Emma Nicole Helen Samantha Katherine Christine Debra Rachel Carolyn Janet"
          + " Catherine Heather Diane Ruth Julie Olivia Joyce Virginia Victoria Kelly Lauren Christina Joan"
          + " Evelyn Judith Megan Andrea Cheryl Hannah Jacqueline Martha Gloria Teresa Ann Madison");
  private static final String[] LAST = names(
      "Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gomes Costa Ribeiro Martins"
          + " Carvalho Almeida Lopes Soares Fernandes Vieira Barbosa Rocha Dias Nascimento Andrade Moreira"
          + " Nunes Marques Machado Mendes Freitas Cardoso Ramos Goncalves Santana Teixeira Araujo Pinto"
          + " Correia Cavalcanti Monteiro Moura Campos Reis Batista Miranda Castro Azevedo Farias Medeiros"
          + " Sharma Verma Gupta Singh Kumar Patel Reddy Nair Iyer Menon Joshi Mehta Shah Desai Kapoor"
          + " Malhotra Chopra Bhatia Saxena Agarwal Bansal Chauhan Yadav Mishra Pandey Tiwari Dubey Rao"
          + " Pillai Kulkarni Jain Sinha Bose Das Sen Ghosh Mukherjee Banerjee Chatterjee Dutta Roy"
          + " Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez"
          + " Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris"
          + " Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill"
          + " Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips"
          + " Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers"
          + " Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson"
          + " Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo"
          + " Sanders Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman");

  private final List<Integer> sizes;
  private final int clients;
  private final int seconds;
  private final List<String> report = new ArrayList<>();
  private final Instant now = Instant.now();
  private final List<String> seededPhones = new ArrayList<>();
  private CassandraNode node;
  private ActorSystem<Void> system;
  private CassandraInboxRepository repository;

  private InboxReadBenchmark(List<Integer> sizes, int clients, int seconds) {
    this.sizes = sizes;
    this.clients = clients;
    this.seconds = seconds;
  }

  public static void main(String[] args) {
    Map<String, String> given = new HashMap<>();
    for (String arg : args) {
      String[] kv = arg.replaceFirst("^--", "").split("=", 2);
      given.put(kv[0], kv.length > 1 ? kv[1] : "true");
    }
    List<Integer> sizes =
        Arrays.stream(given.getOrDefault("sizes", "100000,1000000").split(","))
            .map(String::trim)
            .map(Integer::parseInt)
            .sorted()
            .toList();
    int code;
    try {
      code =
          new InboxReadBenchmark(
                  sizes,
                  Integer.parseInt(given.getOrDefault("clients", "8")),
                  Integer.parseInt(given.getOrDefault("seconds", "20")))
              .run();
    } catch (Exception e) {
      e.printStackTrace(System.out);
      code = 1;
    }
    System.exit(code);
  }

  private int run() throws Exception {
    BenchLogging.warningsToStdout();
    out("WhataTalk inbox read benchmark (" + now + ")");
    out("machine: " + Machine.describe());
    out("command: " + Machine.command());
    out("options: sizes=" + sizes + " clients=" + clients + " seconds=" + seconds);
    out("load average before: " + Machine.loadAverage());
    Path dir = moduleTarget().resolve("bench-cassandra-" + ProcessHandle.current().pid());
    node = CassandraNode.start(CassandraNodeSettings.ephemeral(dir).withHeap("2G"));
    try {
      Config config = BenchCluster.config(node, "inbox_bench", null);
      system = ActorSystem.create(Behaviors.empty(), "inbox-bench", config);
      CassandraSchema.create(system).toCompletableFuture().join();
      InboxSettings inboxSettings = InboxSettings.create(config);
      // The node is thrown away after the run: the seed skips the commit log (reads are the same).
      CassandraSessionRegistry.get(system)
          .sessionFor(CassandraSessionSettings.create(inboxSettings.sessionConfigPath()))
          .executeDDL("ALTER KEYSPACE " + inboxSettings.keyspace()
              + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"
              + " AND durable_writes = false")
          .toCompletableFuture()
          .join();
      repository = CassandraInboxRepository.create(system, inboxSettings);
      int seeded = 0;
      for (int size : sizes) {
        long t0 = System.nanoTime();
        seed(seeded, size);
        double secs = (System.nanoTime() - t0) / 1e9;
        out(String.format(Locale.ROOT, "seeded %,d → %,d conversations in %.0f s (%.0f/s through insertNew)",
            seeded, size, secs, (size - seeded) / secs));
        seeded = size;
        measure(size);
      }
    } finally {
      if (system != null) {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
      }
      node.close();
      CassandraNode.deleteDirectory(dir);
    }
    System.out.println();
    System.out.println("================ SUMMARY ================");
    System.out.println("machine: " + Machine.describe());
    System.out.println("load average after: " + Machine.loadAverage());
    System.out.println(String.format(Locale.ROOT, "%-12s %-22s %8s %8s %8s %8s %8s %8s",
        "conversations", "query", "count", "per s", "p50 ms", "p95 ms", "p99 ms", "errors"));
    report.forEach(System.out::println);
    return 0;
  }

  /** Conversation {@code i} of the seed, deterministic so every size extends the previous one. */
  private ConversationSummary summary(int i) {
    SplittableRandom r = new SplittableRandom(i * 7919L + 17);
    String name = FIRST[r.nextInt(FIRST.length)] + " " + LAST[r.nextInt(LAST.length)];
    String waId = phone(r);
    boolean archived = r.nextInt(5) == 0;
    Instant last = now.minusMillis(r.nextLong(Duration.ofDays(365).toMillis())).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    String assignee = r.nextInt(3) == 0 ? "agent-" + r.nextInt(AGENTS) : null;
    long inbound = 1 + r.nextInt(20);
    Map<String, Long> read = new HashMap<>();
    if (assignee != null) {
      read.put(assignee, r.nextBoolean() ? inbound : inbound - 1 - r.nextInt((int) inbound));
    }
    boolean lastInbound = r.nextBoolean();
    return new ConversationSummary(
        new ConversationId(NUMBER, waId),
        waId,
        null,
        name,
        archived,
        last,
        "wamid.bench-" + i,
        lastInbound ? "inbound" : "outbound",
        "Message number " + i + " about the order",
        lastInbound ? null : "msg-" + i,
        lastInbound ? null : MessageStatus.DELIVERED,
        assignee,
        last.plus(Duration.ofHours(24)),
        inbound,
        read,
        inbound + 5);
  }

  private static String phone(SplittableRandom r) {
    return switch (r.nextInt(3)) {
      case 0 -> String.format(Locale.ROOT, "55%02d9%08d", 11 + r.nextInt(80), r.nextInt(100_000_000));
      case 1 -> String.format(Locale.ROOT, "91%d%09d", 6 + r.nextInt(4), r.nextInt(1_000_000_000));
      default -> String.format(Locale.ROOT, "1%03d%07d", 201 + r.nextInt(780), r.nextInt(10_000_000));
    };
  }

  private void seed(int from, int to) {
    long lastReport = System.nanoTime();
    for (int start = from; start < to; start += SEED_CHUNK) {
      List<ConversationSummary> chunk = new ArrayList<>();
      for (int i = start; i < Math.min(to, start + SEED_CHUNK); i++) {
        ConversationSummary s = summary(i);
        if (i % 1000 == 0) {
          seededPhones.add(s.waId());
        }
        chunk.add(s);
      }
      repository.insertNew(chunk, SEED_BATCH_ROWS, SEED_IN_FLIGHT).toCompletableFuture().join();
      if (System.nanoTime() - lastReport > 30e9) {
        lastReport = System.nanoTime();
        out(String.format(Locale.ROOT, "  … %,d seeded (load %s)", start + chunk.size(), Machine.loadAverage()));
      }
    }
  }

  private void measure(int size) throws InterruptedException {
    run(size, "list first page", (c, r) -> list(null, ConversationFilter.all(), agent(r)));
    run(size, "list next pages", (c, r) -> followPages(2 + r.nextInt(4), agent(r)));
    run(size, "list mine+unread", (c, r) -> list(null, ConversationFilter.mine().withUnreadOnly(), agent(r)));
    run(size, "search name prefix", (c, r) -> search(FIRST[r.nextInt(FIRST.length)].substring(0, 3)));
    run(size, "search two words", (c, r) ->
        search(FIRST[r.nextInt(FIRST.length)] + " " + LAST[r.nextInt(LAST.length)].substring(0, 2)));
    run(size, "search phone +/spaces", (c, r) -> search(formatted(seededPhones.get(r.nextInt(seededPhones.size())))));
  }

  /** "+55 11 9876" from "5511987654321": what a user types, a prefix with a plus and spaces. */
  private static String formatted(String waId) {
    return "+" + waId.substring(0, 2) + " " + waId.substring(2, 4) + " " + waId.substring(4, 8);
  }

  private static String agent(SplittableRandom r) {
    return "agent-" + r.nextInt(AGENTS);
  }

  private CompletionStage<ConversationPage> list(String cursor, ConversationFilter filter, String agent) {
    return repository.listConversations(NUMBER, InboxState.ACTIVE, filter, cursor, 50, agent);
  }

  private CompletionStage<?> followPages(int pages, String agent) {
    CompletionStage<ConversationPage> page = list(null, ConversationFilter.all(), agent);
    for (int p = 1; p < pages; p++) {
      page = page.thenCompose(previous ->
          previous.nextCursor() == null
              ? java.util.concurrent.CompletableFuture.completedFuture(previous)
              : list(previous.nextCursor(), ConversationFilter.all(), agent));
    }
    return page;
  }

  private CompletionStage<?> search(String query) {
    return repository.searchContacts(NUMBER, query, 20).thenApply(found -> {
      if (found.isEmpty() && query.startsWith("+")) {
        throw new IllegalStateException("no contact found for " + query);
      }
      return found;
    });
  }

  private interface Query {
    CompletionStage<?> call(int client, SplittableRandom random);
  }

  /** One query type: {@code clients} closed loops for {@link #seconds}; "list next pages" times the whole walk. */
  private void run(int size, String name, Query query) throws InterruptedException {
    Samples.Result result = ClosedLoop.run(clients, seconds, client -> {
      SplittableRandom random = new SplittableRandom(client * 31L + name.hashCode());
      return samples -> samples.timed(name, () -> query.call(client, random));
    });
    Samples.Stats s = result.all();
    String row = String.format(Locale.ROOT, "%,13d %-22s %8d %8.0f %8.2f %8.2f %8.2f %8d",
        size, name, s.count(), result.perSecond(), s.p50(), s.p95(), s.p99(), s.errors());
    out(row + (result.firstError() == null ? "" : "  first error: " + result.firstError()));
    report.add(row);
  }

  private static String[] names(String list) {
    return list.trim().split("\\s+");
  }

  private static Path moduleTarget() throws Exception {
    return Path.of(InboxReadBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .getParent();
  }

  private static void out(String line) {
    System.out.println(line);
  }
}
