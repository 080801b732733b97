package com.whatatalk.engine.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntFunction;

/**
 * A closed-loop load generator: {@code clients} independent loops, each running its script once,
 * waiting for the answer, and running it again, until the time is up or the script has no more
 * work. So exactly {@code clients} scripts are in flight; no threads are blocked (the loops
 * continue in the ask callbacks).
 */
final class ClosedLoop {
  private ClosedLoop() {}

  /** One client's work. */
  interface Script {
    /** One unit of work (one or more asks), or null when this client has nothing left to do. */
    CompletionStage<?> runOnce(Samples samples);
  }

  static Samples.Result run(int clients, double seconds, IntFunction<Script> scriptForClient)
      throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + (long) (seconds * 1e9);
    CountDownLatch done = new CountDownLatch(clients);
    List<Samples> samples = new ArrayList<>(clients);
    List<Script> scripts = new ArrayList<>(clients);
    for (int c = 0; c < clients; c++) {
      samples.add(new Samples());
      scripts.add(scriptForClient.apply(c));
    }
    for (int c = 0; c < clients; c++) {
      next(scripts.get(c), samples.get(c), deadline, done);
    }
    done.await();
    return Samples.merge(samples, System.nanoTime() - start);
  }

  /** Until the deadline or the end of the work; a failed unit is recorded and the loop goes on. */
  private static void next(Script script, Samples samples, long deadline, CountDownLatch done) {
    if (System.nanoTime() - deadline >= 0) {
      done.countDown();
      return;
    }
    CompletionStage<?> unit;
    try {
      unit = script.runOnce(samples);
    } catch (RuntimeException e) {
      samples.error("script", e);
      done.countDown();
      return;
    }
    if (unit == null) {
      done.countDown();
      return;
    }
    unit.whenCompleteAsync(
        (ignored, failure) -> next(script, samples, deadline, done), Samples.DIRECT);
  }
}
