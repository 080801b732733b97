package com.whatatalk.http.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * Where the machine's CPU went during a phase, from /proc (Linux): this JVM (app, engine,
 * simulator and load generator together), the Cassandra child, every other process, idle. Shows
 * whether another build shared the box during a measurement.
 */
final class CpuMeter {
  record Sample(long nanos, long total, long idle, long self, long cassandra, long gcMillis) {}

  private final long cassandraPid;

  CpuMeter(long cassandraPid) {
    this.cassandraPid = cassandraPid;
  }

  Sample sample() {
    long gc = 0;
    for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
      gc += Math.max(0, b.getCollectionTime());
    }
    long total = 0;
    long idle = 0;
    try {
      String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      for (int i = 1; i < cpu.length; i++) {
        long v = Long.parseLong(cpu[i]);
        if (i <= 8) { // user nice system idle iowait irq softirq steal (guest is inside user)
          total += v;
        }
        if (i == 4 || i == 5) {
          idle += v;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: no CPU split
    }
    return new Sample(System.nanoTime(), total, idle, processTicks(ProcessHandle.current().pid()),
        processTicks(cassandraPid), gc);
  }

  /** "cores busy: this JVM 1.10, cassandra 0.62, others 0.20, idle 0.08 (of 2); GC 1.2 s". */
  static String describe(Sample a, Sample b) {
    long total = b.total() - a.total();
    if (total <= 0) {
      return "cpu: n/a";
    }
    int cores = Runtime.getRuntime().availableProcessors();
    double self = cores * (double) (b.self() - a.self()) / total;
    double cass = cores * (double) (b.cassandra() - a.cassandra()) / total;
    double idle = cores * (double) (b.idle() - a.idle()) / total;
    double others = Math.max(0, cores - idle - self - cass);
    return "cores busy: this JVM %.2f, cassandra %.2f, other processes %.2f, idle %.2f (of %d); GC pauses %.1f s"
        .formatted(self, cass, others, idle, cores, (b.gcMillis() - a.gcMillis()) / 1000.0);
  }

  private static long processTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "n/a";
    }
  }
}
