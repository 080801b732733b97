package com.whatatalk.http.bench;

import com.whatatalk.engine.conversation.Conversation;
import com.whatatalk.http.TestApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * After an ingest window: how many inbound messages each customer's conversation holds, asked of
 * the entities themselves, to compare with what was posted and acknowledged.
 */
record IngestCheck(long[] stored, long failedAsks, double seconds) {

  static IngestCheck of(TestApp app, int customers) throws InterruptedException {
    long start = System.nanoTime();
    long[] stored = new long[customers];
    AtomicLong failures = new AtomicLong();
    Semaphore inFlight = new Semaphore(128);
    List<CompletableFuture<?>> all = new ArrayList<>();
    for (int c = 0; c < customers; c++) {
      int index = c;
      inFlight.acquire();
      all.add(app.conversation(MetaWebhooks.customer(c))
          .ask(Conversation.Get::new, Duration.ofSeconds(30))
          .toCompletableFuture()
          .whenComplete((summary, failure) -> {
            inFlight.release();
            if (failure != null) {
              failures.incrementAndGet();
            } else {
              stored[index] = summary.lastInboundSequence();
            }
          }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
    return new IngestCheck(stored, failures.get(), (System.nanoTime() - start) / 1e9);
  }

  long total() {
    long t = 0;
    for (long s : stored) {
      t += s;
    }
    return t;
  }

  /** Messages expected (per customer) but not stored. */
  long missing(int[] expected) {
    long m = 0;
    for (int c = 0; c < stored.length; c++) {
      m += Math.max(0, expected[c] - stored[c]);
    }
    return m;
  }

  /** Messages stored beyond those posted (per customer): doubles. */
  long beyond(int[] posted) {
    long m = 0;
    for (int c = 0; c < stored.length; c++) {
      m += Math.max(0, stored[c] - posted[c]);
    }
    return m;
  }

  /** The check of a wrk run, where every post handed to wrk was sent. */
  String print(int[] sent, long repeated) {
    long total = 0;
    for (int s : sent) {
      total += s;
    }
    return ("== INGEST CHECK (Conversation.Get of all %d customers, %.1f s): inbound messages sent %d, stored %d; "
        + "sent but missing %d; stored beyond sent %d; failed asks %d; posts repeated by wrk %d%n")
        .formatted(stored.length, seconds, total, total(), missing(sent), beyond(sent), failedAsks, repeated);
  }
}
