package com.whatatalk.engine.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Latencies of one client, by command type, in nanoseconds. A client records from whichever
 * thread completes its ask, but only ever one ask at a time, and the chain ask → reply → callback
 * orders those writes; {@link #merge} is called after the run's latch, so no locking is needed.
 */
final class Samples {
  private final Map<String, long[]> values = new LinkedHashMap<>();
  private final Map<String, Integer> counts = new LinkedHashMap<>();
  private final Map<String, Integer> errors = new LinkedHashMap<>();
  private String firstError;

  /**
   * Runs the callbacks on the thread that completes the future. Pekko's asks return Scala's
   * {@code CompletableFuture}, which runs even the non-async callbacks ({@code whenComplete},
   * {@code thenCompose}...) in {@code ForkJoinPool.commonPool()}; with 2 cores its parallelism
   * is 1, and the JDK then starts <em>a new thread per callback</em>. The benchmark would mostly
   * measure thread creation. An explicit executor avoids that, and the returned future is a plain
   * {@code CompletableFuture}, whose later callbacks run directly.
   */
  static final Executor DIRECT = Runnable::run;

  /** Runs {@code call} and records its latency (or its failure) under {@code type}. */
  <T> CompletionStage<T> timed(String type, Supplier<CompletionStage<T>> call) {
    long start = System.nanoTime();
    return call.get()
        .whenCompleteAsync(
            (reply, failure) -> {
              if (failure == null) {
                record(type, System.nanoTime() - start);
              } else {
                error(type, failure);
              }
            },
            DIRECT);
  }

  void record(String type, long nanos) {
    int n = counts.getOrDefault(type, 0);
    long[] v = values.get(type);
    if (v == null) {
      v = new long[1024];
      values.put(type, v);
    } else if (n == v.length) {
      v = Arrays.copyOf(v, n * 2);
      values.put(type, v);
    }
    v[n] = nanos;
    counts.put(type, n + 1);
  }

  void error(String type, Throwable failure) {
    errors.merge(type, 1, Integer::sum);
    if (firstError == null) {
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null
          ? failure.getCause()
          : failure;
      firstError = type + ": " + cause;
    }
  }

  /** One row per type plus {@code all}; {@code elapsedNanos} is the run's wall time. */
  static Result merge(List<Samples> clients, long elapsedNanos) {
    Map<String, long[]> merged = new LinkedHashMap<>();
    Map<String, Integer> errors = new LinkedHashMap<>();
    String firstError = null;
    long[] all = new long[0];
    for (Samples s : clients) {
      for (Map.Entry<String, long[]> e : s.values.entrySet()) {
        long[] mine = Arrays.copyOf(e.getValue(), s.counts.get(e.getKey()));
        merged.merge(e.getKey(), mine, Samples::concat);
        all = concat(all, mine);
      }
      s.errors.forEach((k, v) -> errors.merge(k, v, Integer::sum));
      if (firstError == null) {
        firstError = s.firstError;
      }
    }
    Map<String, Stats> byType = new LinkedHashMap<>();
    merged.forEach((k, v) -> byType.put(k, Stats.of(v, errors.getOrDefault(k, 0))));
    int allErrors = errors.values().stream().mapToInt(Integer::intValue).sum();
    return new Result(elapsedNanos, Stats.of(all, allErrors), byType, firstError);
  }

  private static long[] concat(long[] a, long[] b) {
    long[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  /** Count and latency percentiles (milliseconds) of successful asks. */
  record Stats(int count, int errors, double p50, double p95, double p99, double max, double mean) {
    static Stats of(long[] nanos, int errors) {
      if (nanos.length == 0) {
        return new Stats(0, errors, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
      }
      long[] v = nanos.clone();
      Arrays.sort(v);
      double sum = 0;
      for (long x : v) {
        sum += x;
      }
      return new Stats(
          v.length, errors, ms(pct(v, 0.50)), ms(pct(v, 0.95)), ms(pct(v, 0.99)),
          ms(v[v.length - 1]), ms(sum / v.length));
    }

    /** Nearest-rank percentile. */
    private static double pct(long[] sorted, double p) {
      int rank = (int) Math.ceil(p * sorted.length);
      return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double ms(double nanos) {
      return nanos / 1e6;
    }
  }

  /** A run: wall time, all commands together and by type, the first failure seen. */
  record Result(long elapsedNanos, Stats all, Map<String, Stats> byType, String firstError) {
    double seconds() {
      return elapsedNanos / 1e9;
    }

    double perSecond() {
      return all.count() / seconds();
    }
  }
}
