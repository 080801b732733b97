package com.whatatalk.http.bench;

import java.util.Arrays;
import java.util.List;

/** Latencies in nanoseconds, one instance per thread, merged and sorted for percentiles. */
final class Latencies {
  private long[] values = new long[4096];
  private int size;
  private boolean sorted;

  void add(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = nanos;
    sorted = false;
  }

  int count() {
    return size;
  }

  static Latencies merge(List<Latencies> parts) {
    Latencies all = new Latencies();
    int total = parts.stream().mapToInt(p -> p.size).sum();
    all.values = new long[Math.max(total, 1)];
    for (Latencies p : parts) {
      System.arraycopy(p.values, 0, all.values, all.size, p.size);
      all.size += p.size;
    }
    return all;
  }

  /** The value at quantile {@code q} (0..1), nearest rank; 0 when empty. */
  long quantile(double q) {
    if (size == 0) {
      return 0;
    }
    if (!sorted) {
      Arrays.sort(values, 0, size);
      sorted = true;
    }
    int rank = (int) Math.ceil(q * size) - 1;
    return values[Math.max(0, Math.min(size - 1, rank))];
  }

  /** "p50 x ms, p95 y ms, p99 z ms, max w ms". */
  String describe() {
    if (size == 0) {
      return "n/a";
    }
    return "p50 %s  p95 %s  p99 %s  max %s ms"
        .formatted(ms(quantile(0.50)), ms(quantile(0.95)), ms(quantile(0.99)), ms(quantile(1.0)));
  }

  static String ms(long nanos) {
    double ms = nanos / 1e6;
    return ms >= 100 ? String.format("%.0f", ms) : String.format("%.1f", ms);
  }
}
