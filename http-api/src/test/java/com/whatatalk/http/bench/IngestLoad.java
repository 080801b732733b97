package com.whatatalk.http.bench;

import com.whatatalk.http.webhook.WebhookSignature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Posts signed webhooks to the app from {@code clients} loopback client threads
 * (java.net.http.HttpClient, HTTP/1.1, keep-alive).
 *
 * <p><b>Open model</b> ({@link #open}): a pacer releases one arrival every 1/rate s for the
 * duration, whatever the server does; idle clients take arrivals in order. Latency is measured from
 * the arrival's scheduled instant, so time spent waiting for a free client (the server being
 * behind) counts, rather than being hidden (no coordinated omission). After the window, the
 * clients drain what is left for at most {@code drain}; the rest is reported as not sent.
 *
 * <p><b>Closed model</b> ({@link #closed}): each client posts the next webhook as soon as the
 * previous one is answered; the throughput is the maximum this many concurrent callers get.
 */
final class IngestLoad {
  private final URI uri;
  private final WebhookSignature signature;
  private final MetaWebhooks webhooks;
  private final List<HttpClient> httpClients = new ArrayList<>();

  IngestLoad(String url, WebhookSignature signature, MetaWebhooks webhooks) {
    this.uri = URI.create(url);
    this.signature = signature;
    this.webhooks = webhooks;
    for (int i = 0; i < 8; i++) {
      httpClients.add(
          HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build());
    }
  }

  record Result(
      String name,
      String model,
      int offeredRate,
      int clients,
      double windowSeconds,
      long posts,
      long itemsAcked,
      long ackedInWindow,
      long notSent,
      Map<String, Long> errors,
      double drainSeconds,
      Latencies latency,
      Latencies service,
      int[] perSecond,
      String cpu) {

    double sustained() {
      return ackedInWindow / windowSeconds;
    }

    String print() {
      int[] sorted = perSecond.clone();
      java.util.Arrays.sort(sorted);
      String seconds = sorted.length == 0 ? "n/a"
          : "min %d / median %d / max %d".formatted(sorted[0], sorted[sorted.length / 2], sorted[sorted.length - 1]);
      StringBuilder s = new StringBuilder();
      s.append("== ").append(name).append(" (").append(model);
      if (offeredRate > 0) {
        s.append(", offered ").append(offeredRate).append(" events/s");
      }
      s.append(", ").append(clients).append(" clients, ").append(String.format("%.0f", windowSeconds)).append(" s)\n");
      s.append(String.format("   acknowledged events/s (sustained in window): %.0f%n", sustained()));
      s.append("   per-second acknowledged in window: ").append(seconds).append('\n');
      s.append("   posts ").append(posts).append(", events acked ").append(itemsAcked)
          .append(", not sent (client backlog at drain end) ").append(notSent)
          .append(", errors ").append(errors.isEmpty() ? "0" : errors.toString())
          .append(String.format(", drain after window %.1f s%n", drainSeconds));
      s.append("   latency").append(model.equals("open") ? " from scheduled arrival: " : ": ")
          .append(latency.describe()).append('\n');
      if (model.equals("open")) {
        s.append("   service time (request on the wire to answer): ").append(service.describe()).append('\n');
      }
      s.append("   ").append(cpu).append('\n');
      return s.toString();
    }
  }

  /** Shared counters of one phase. */
  private final class Phase {
    final long start = System.nanoTime();
    final long windowEnd;
    final AtomicLong posts = new AtomicLong();
    final AtomicLong items = new AtomicLong();
    final AtomicLong inWindow = new AtomicLong();
    final AtomicLong lastAnswer = new AtomicLong();
    final AtomicIntegerArray perSecond;
    final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();

    Phase(Duration window) {
      windowEnd = start + window.toNanos();
      perSecond = new AtomicIntegerArray((int) window.toSeconds());
    }

    /** Posts one webhook; returns true when answered 200. */
    boolean post(HttpClient client, Latencies latency, long from) {
      MetaWebhooks.Post p = webhooks.next();
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/json")
              .header(WebhookSignature.HEADER, signature.sign(p.body()))
              .POST(HttpRequest.BodyPublishers.ofByteArray(p.body()))
              .build();
      String failure = null;
      try {
        HttpResponse<Void> r = client.send(request, HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 200) {
          failure = "http " + r.statusCode();
        }
      } catch (IOException e) {
        failure = e.getClass().getSimpleName();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = "interrupted";
      }
      long end = System.nanoTime();
      posts.incrementAndGet();
      lastAnswer.accumulateAndGet(end, Math::max);
      if (failure != null) {
        errors.computeIfAbsent(failure, f -> new AtomicLong()).incrementAndGet();
        return false;
      }
      webhooks.acknowledged(p);
      latency.add(end - from);
      items.addAndGet(p.items());
      if (end <= windowEnd) {
        inWindow.addAndGet(p.items());
        int second = (int) ((end - start) / 1_000_000_000L);
        if (second < perSecond.length()) {
          perSecond.addAndGet(second, p.items());
        }
      }
      return true;
    }

    Result result(String name, String model, int rate, int clients, long notSent,
        List<Latencies> latencies, List<Latencies> services, String cpu) {
      int[] seconds = new int[perSecond.length()];
      for (int i = 0; i < seconds.length; i++) {
        seconds[i] = perSecond.get(i);
      }
      Map<String, Long> errs = new TreeMap<>();
      errors.forEach((k, v) -> errs.put(k, v.get()));
      return new Result(name, model, rate, clients, (windowEnd - start) / 1e9, posts.get(), items.get(),
          inWindow.get(), notSent, errs, Math.max(0, lastAnswer.get() - windowEnd) / 1e9,
          Latencies.merge(latencies), Latencies.merge(services), seconds, cpu);
    }
  }

  Result open(String name, int rate, int clients, Duration window, Duration drain, CpuMeter cpu) throws InterruptedException {
    CpuMeter.Sample before = cpu.sample();
    Phase phase = new Phase(window);
    LinkedBlockingQueue<Long> arrivals = new LinkedBlockingQueue<>();
    AtomicLong notSent = new AtomicLong();
    long drainEnd = phase.windowEnd + drain.toNanos();
    Thread pacer = new Thread(() -> {
      long period = 1_000_000_000L / rate;
      for (long i = 0; ; i++) {
        long at = phase.start + i * period;
        if (at >= phase.windowEnd) {
          break;
        }
        long wait;
        while ((wait = at - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
        arrivals.add(at);
      }
    }, "bench-pacer");
    pacer.start();
    List<Latencies> latencies = new ArrayList<>();
    List<Latencies> services = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < clients; t++) {
      Latencies latency = new Latencies();
      Latencies service = new Latencies();
      latencies.add(latency);
      services.add(service);
      HttpClient client = httpClients.get(t % httpClients.size());
      Thread thread = new Thread(() -> {
        while (true) {
          Long at;
          try {
            at = arrivals.poll(50, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            return;
          }
          if (at == null) {
            if (!pacer.isAlive() && arrivals.isEmpty()) {
              return;
            }
            continue;
          }
          if (System.nanoTime() > drainEnd) {
            notSent.incrementAndGet();
            continue;
          }
          long sentAt = System.nanoTime();
          if (phase.post(client, latency, at)) {
            service.add(System.nanoTime() - sentAt);
          }
        }
      }, "bench-client-" + t);
      threads.add(thread);
      thread.start();
    }
    pacer.join();
    for (Thread t : threads) {
      t.join();
    }
    return phase.result(name, "open", rate, clients, notSent.get(), latencies, services,
        CpuMeter.describe(before, cpu.sample()));
  }

  Result closed(String name, int clients, Duration window, CpuMeter cpu) throws InterruptedException {
    CpuMeter.Sample before = cpu.sample();
    Phase phase = new Phase(window);
    List<Latencies> latencies = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < clients; t++) {
      Latencies latency = new Latencies();
      latencies.add(latency);
      HttpClient client = httpClients.get(t % httpClients.size());
      Thread thread = new Thread(() -> {
        while (System.nanoTime() < phase.windowEnd) {
          phase.post(client, latency, System.nanoTime());
        }
      }, "bench-client-" + t);
      threads.add(thread);
      thread.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    return phase.result(name, "closed", 0, clients, 0, latencies, List.of(), CpuMeter.describe(before, cpu.sample()));
  }
}
