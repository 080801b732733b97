package com.whatatalk.simulator.limits;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts of every error the simulator produced, by Meta code, sync and by webhook alike. */
public final class ErrorCounters {
  private final Map<Integer, LongAdder> counts = new ConcurrentHashMap<>();

  public void record(int code) {
    counts.computeIfAbsent(code, k -> new LongAdder()).increment();
  }

  public long count(int code) {
    LongAdder a = counts.get(code);
    return a == null ? 0 : a.sum();
  }

  public Map<Integer, Long> snapshot() {
    Map<Integer, Long> m = new TreeMap<>();
    counts.forEach((k, v) -> m.put(k, v.sum()));
    return m;
  }

  public void reset() {
    counts.clear();
  }
}
