package com.whatatalk.http.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.whatatalk.engine.conversation.Conversation;
import com.whatatalk.engine.conversation.MessageContent;
import com.whatatalk.engine.outbound.OutboundSender;
import com.whatatalk.simulator.CloudApiSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * Outbound: queues template messages to distinct customers on two numbers (say 1,000 and 80 mps)
 * through the conversations, as the API does, then starts both numbers' senders and watches the
 * simulator accept them: messages/s achieved against the configured rate, peak second, 130429s,
 * and the time until every message has its wamid recorded in its conversation.
 */
final class OutboundRun {
  private static final Duration ASK = Duration.ofSeconds(30);
  private static final Conversation.Actor AGENT = Conversation.Actor.agent("bench-agent");

  record Number(String id, int mps, int messages, String firstCustomer) {}

  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final CloudApiSimulator simulator;
  private final int parallelism;

  OutboundRun(ActorSystem<?> system, CloudApiSimulator simulator, int parallelism) {
    this.system = system;
    this.sharding = ClusterSharding.get(system);
    this.simulator = simulator;
    this.parallelism = parallelism;
  }

  static String customer(Number n, int i) {
    return Long.toString(Long.parseLong(n.firstCustomer()) + i);
  }

  private EntityRef<Conversation.Command> conversation(Number n, int i) {
    return sharding.entityRefFor(Conversation.ENTITY_KEY, Conversation.entityId(n.id(), customer(n, i)));
  }

  String run(List<Number> numbers, CpuMeter cpu) throws Exception {
    StringBuilder out = new StringBuilder();
    // 1. Queue every message (SendMessage asks, as the API would), both numbers interleaved.
    CpuMeter.Sample queueStart = cpu.sample();
    long t0 = System.nanoTime();
    List<String[]> ids = new ArrayList<>();
    for (Number n : numbers) {
      ids.add(new String[n.messages()]);
    }
    Semaphore inFlight = new Semaphore(parallelism);
    Latencies askLatency = new Latencies();
    AtomicLong refused = new AtomicLong();
    List<CompletableFuture<?>> all = new ArrayList<>();
    int max = numbers.stream().mapToInt(Number::messages).max().orElse(0);
    for (int i = 0; i < max; i++) {
      for (int k = 0; k < numbers.size(); k++) {
        Number n = numbers.get(k);
        if (i >= n.messages()) {
          continue;
        }
        int index = i;
        String[] into = ids.get(k);
        inFlight.acquire();
        long start = System.nanoTime();
        all.add(
            conversation(n, i)
                .<Conversation.MessageAccepted>askWithStatus(
                    replyTo -> new Conversation.SendMessage(AGENT, "bench-" + index, null, template(), replyTo), ASK)
                .toCompletableFuture()
                .whenComplete((accepted, failure) -> {
                  inFlight.release();
                  if (failure != null) {
                    refused.incrementAndGet();
                  } else {
                    into[index] = accepted.messageId();
                    synchronized (askLatency) {
                      askLatency.add(System.nanoTime() - start);
                    }
                  }
                }));
      }
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
    double queueSeconds = (System.nanoTime() - t0) / 1e9;
    int total = numbers.stream().mapToInt(Number::messages).sum();
    out.append("== outbound: queueing %d template messages (SendMessage asks, %d in flight)%n".formatted(total, parallelism));
    out.append("   queued in %.1f s = %.0f messages/s; refused %d; ask latency %s%n"
        .formatted(queueSeconds, total / queueSeconds, refused.get(), askLatency.describe()));
    out.append("   ").append(CpuMeter.describe(queueStart, cpu.sample())).append('\n');

    // 2. Start the senders and watch the simulator accept them.
    long accepted0[] = new long[numbers.size()];
    long received0[] = new long[numbers.size()];
    for (int k = 0; k < numbers.size(); k++) {
      accepted0[k] = accepted(numbers.get(k).id());
      received0[k] = received(numbers.get(k).id());
    }
    long throttled0 = simulator.errorCount(130429);
    CpuMeter.Sample sendStart = cpu.sample();
    long ensureAt = System.nanoTime();
    for (Number n : numbers) {
      OutboundSender.ensure(system, n.id());
    }
    List<long[]> samples = new ArrayList<>(); // [nanos since ensure, accepted per number...]
    long[] firstAt = new long[numbers.size()];
    long[] doneAt = new long[numbers.size()];
    java.util.Arrays.fill(firstAt, -1);
    java.util.Arrays.fill(doneAt, -1);
    long limitNanos = Duration.ofSeconds(60 + numbers.stream().mapToLong(n -> 3L * n.messages() / n.mps()).max().orElse(0)).toNanos();
    while (System.nanoTime() - ensureAt < limitNanos) {
      long now = System.nanoTime() - ensureAt;
      long[] s = new long[numbers.size() + 1];
      s[0] = now;
      boolean done = true;
      for (int k = 0; k < numbers.size(); k++) {
        s[k + 1] = accepted(numbers.get(k).id()) - accepted0[k];
        if (s[k + 1] > 0 && firstAt[k] < 0) {
          firstAt[k] = now;
        }
        if (s[k + 1] >= numbers.get(k).messages() && doneAt[k] < 0) {
          doneAt[k] = now;
        }
        done &= doneAt[k] >= 0;
      }
      samples.add(s);
      if (done) {
        break;
      }
      Thread.sleep(100); // sampling period of the simulator's counters
    }
    String sendCpu = CpuMeter.describe(sendStart, cpu.sample());

    // 3. Every message must have its wamid in its conversation.
    long[] wamidAt = new long[numbers.size()];
    for (int k = 0; k < numbers.size(); k++) {
      wamidAt[k] = awaitWamids(numbers.get(k), ids.get(k), ensureAt, Duration.ofSeconds(120));
    }
    out.append("== outbound: sending (both numbers' senders started together; simulator counts sampled every 100 ms)\n");
    for (int k = 0; k < numbers.size(); k++) {
      Number n = numbers.get(k);
      out.append(describe(n, k, samples, firstAt[k], doneAt[k], wamidAt[k],
          accepted(n.id()) - accepted0[k], received(n.id()) - received0[k]));
    }
    for (int k = 0; k < numbers.size(); k++) {
      Number n = numbers.get(k);
      long twice = 0;
      long extra = 0;
      for (int i = 0; i < n.messages(); i++) {
        int sent = simulator.sentMessages(customer(n, i), 10).size();
        twice += sent > 1 ? 1 : 0;
        extra += Math.max(0, sent - 1);
      }
      out.append("   number %s: customers who received their message more than once: %d (%d extra sends)%n"
          .formatted(n.id(), twice, extra));
    }
    out.append("   130429 (throughput limit) errors seen by the simulator: ")
        .append(simulator.errorCount(130429) - throttled0).append('\n');
    out.append("   ").append(sendCpu).append('\n');

    // 4. The status webhooks (sent, delivered, read per message) the simulator posts back.
    long drainStart = System.nanoTime();
    long queued;
    while ((queued = simulator.stats().path("webhooks").path("queued").asLong()) > 0
        && System.nanoTime() - drainStart < Duration.ofSeconds(120).toNanos()) {
      Thread.sleep(100); // poll of a bounded wait
    }
    JsonNode wh = simulator.stats().path("webhooks");
    out.append("   status webhooks back to the app: %d items, %d POSTs delivered, %d failed attempts, %d dropped, %d given up; queue empty %.1f s after the last wamid (%d still queued)%n"
        .formatted(wh.path("items_enqueued").asLong(), wh.path("posts_delivered").asLong(),
            wh.path("failed_attempts").asLong(), wh.path("items_dropped").asLong(),
            wh.path("given_up").asLong(), (System.nanoTime() - drainStart) / 1e9, queued));
    out.append("   simulator stats: ").append(simulator.stats().path("phone_numbers")).append('\n');
    return out.toString();
  }

  private String describe(Number n, int k, List<long[]> samples, long first, long done, long wamids,
      long accepted, long received) {
    StringBuilder s = new StringBuilder();
    s.append("   number %s configured %d mps, %d messages: accepted %d (received %d)%n"
        .formatted(n.id(), n.mps(), n.messages(), accepted, received));
    if (first < 0) {
      s.append("     nothing accepted\n");
      return s.toString();
    }
    long end = done >= 0 ? done : samples.get(samples.size() - 1)[0];
    double overall = (accepted - 1) / ((end - first) / 1e9);
    // Per-second deliveries (from the samples), to see the shape.
    List<Long> perSecond = new ArrayList<>();
    long prev = 0;
    for (long second = 1; ; second++) {
      long at = first + second * 1_000_000_000L;
      if (at > end + 1_000_000_000L) {
        break;
      }
      long v = valueAt(samples, k, at);
      perSecond.add(v - prev);
      prev = v;
    }
    // Steady state: the median second, away from start-up and the tail.
    List<Long> middle = perSecond.size() > 2 ? new ArrayList<>(perSecond.subList(1, perSecond.size() - 1)) : new ArrayList<>(perSecond);
    java.util.Collections.sort(middle);
    String steady = middle.isEmpty() ? "n/a" : Long.toString(middle.get(middle.size() / 2));
    s.append("     first accepted %.2f s after the senders started; all accepted %.2f s after the first%n"
        .formatted(first / 1e9, (end - first) / 1e9));
    s.append("     achieved %.0f msg/s overall (%.0f %% of configured), %s msg/s in the median second; simulator's busiest 1-s window %d%n"
        .formatted(overall, 100 * overall / n.mps(), steady, simulator.maxAcceptedPerSecond(n.id())));
    s.append("     accepted per second from the first: ").append(perSecond).append('\n');
    s.append(wamids >= 0
        ? "     every message has its wamid in its conversation %.2f s after the senders started%n".formatted(wamids / 1e9)
        : "     NOT every message got its wamid within the wait\n");
    return s.toString();
  }

  private static long timeReaching(List<long[]> samples, int k, long count) {
    for (long[] s : samples) {
      if (s[k + 1] >= count) {
        return s[0];
      }
    }
    return -1;
  }

  private static long valueAt(List<long[]> samples, int k, long at) {
    long v = 0;
    for (long[] s : samples) {
      if (s[0] > at) {
        break;
      }
      v = s[k + 1];
    }
    return v;
  }

  /** Asks each conversation for its message until all have a wamid; nanos since {@code since}, or -1. */
  private long awaitWamids(Number n, String[] ids, long since, Duration within) throws InterruptedException {
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] != null) {
        missing.add(i);
      }
    }
    long deadline = System.nanoTime() + within.toNanos();
    while (!missing.isEmpty() && System.nanoTime() < deadline) {
      Semaphore inFlight = new Semaphore(parallelism);
      List<Integer> still = java.util.Collections.synchronizedList(new ArrayList<>());
      List<CompletableFuture<?>> all = new ArrayList<>();
      for (int i : missing) {
        inFlight.acquire();
        all.add(
            conversation(n, i)
                .<Conversation.MessageInfo>askWithStatus(replyTo -> new Conversation.GetMessage(ids[i], replyTo), ASK)
                .toCompletableFuture()
                .whenComplete((info, failure) -> {
                  inFlight.release();
                  if (failure != null || info.wamid() == null) {
                    still.add(i);
                  }
                }));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
      missing = new ArrayList<>(still);
      if (!missing.isEmpty()) {
        Thread.sleep(200); // poll of a bounded wait
      }
    }
    return missing.isEmpty() ? System.nanoTime() - since : -1;
  }

  private long accepted(String id) {
    return simulator.stats().path("phone_numbers").path(id).path("accepted").asLong();
  }

  private long received(String id) {
    return simulator.stats().path("phone_numbers").path(id).path("received").asLong();
  }

  static MessageContent.Template template() {
    return new MessageContent.Template(
        "order_summary",
        "en_US",
        List.of(
            MessageContent.TemplateComponent.body(
                new MessageContent.TextParameter(null, "Jessica"),
                new MessageContent.TextParameter(null, "$100.99"),
                new MessageContent.TextParameter(null, "Friday"))));
  }
}
