package com.whatatalk.engine.outbound;

import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Time that moves only when the test says so; delays complete in order as it passes them. */
final class FakeDelays implements Delays {
  private record Due(long at, long order, CompletableFuture<Void> future) {}

  private final PriorityQueue<Due> due =
      new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.order, b.order));
  private long now = 1_000_000_000L;
  private long order;

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  @Override
  public synchronized CompletionStage<Void> after(Duration delay) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    due.add(new Due(now + delay.toNanos(), order++, f));
    return f;
  }

  /** Moves time forward to each due delay in turn (they may schedule more) until {@code by}. */
  void advance(Duration by) {
    long until;
    synchronized (this) {
      until = now + by.toNanos();
    }
    while (true) {
      Due next;
      synchronized (this) {
        next = due.peek();
        if (next == null || next.at > until) {
          now = until;
          return;
        }
        due.poll();
        now = next.at;
      }
      next.future.complete(null);
    }
  }
}
