package com.whatatalk.engine.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What the machine is, how busy it is, and how much heap is live. Linux /proc, best effort. */
final class Machine {
  private Machine() {}

  static String describe() {
    Runtime rt = Runtime.getRuntime();
    return String.format(
        Locale.ROOT,
        "%s; %d cores visible to the JVM; %s RAM; Java %s (%s %s); max heap %d MiB; GC %s; %s",
        cpuModel(),
        rt.availableProcessors(),
        memTotal(),
        Runtime.version(),
        System.getProperty("java.vm.vendor"),
        System.getProperty("java.vm.name"),
        rt.maxMemory() >> 20,
        String.join("+",
            ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList()),
        System.getProperty("os.name") + " " + System.getProperty("os.version"));
  }

  /** The command line: Maven's arguments when run by exec:java, else the JVM's own. */
  static String command() {
    String cmd = System.getProperty("sun.java.command", "");
    String launcher = "org.codehaus.plexus.classworlds.launcher.Launcher";
    if (cmd.startsWith(launcher)) {
      return "mvn" + cmd.substring(launcher.length());
    }
    return "java " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments())
        + " " + cmd;
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).strip();
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return System.getProperty("os.arch");
  }

  private static String memTotal() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          long kb = Long.parseLong(line.replaceAll("\\D", ""));
          return (kb >> 20) + " GiB";
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return "?";
  }

  /**
   * Live heap after several full collections: the least of three readings, each after five
   * {@code System.gc()} calls (G1 collects fully on System.gc unless told otherwise).
   */
  static long heapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long least = Long.MAX_VALUE;
    for (int reading = 0; reading < 3; reading++) {
      for (int i = 0; i < 5; i++) {
        System.gc();
        BenchCluster.sleep(100);
      }
      least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
    }
    return least;
  }

  /** CPU ticks (USER_HZ) of this JVM, of the Cassandra JVM and of the whole machine. */
  record Cpu(long self, long cassandra, long busy, long total) {
    static Cpu sample(long cassandraPid) {
      long busy = 0;
      long total = 0;
      try {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        // cpu user nice system idle iowait irq softirq steal ...
        for (int i = 1; i < Math.min(f.length, 9); i++) {
          long v = Long.parseLong(f[i]);
          total += v;
          if (i != 4 && i != 5) {
            busy += v;
          }
        }
      } catch (IOException | RuntimeException e) {
        return new Cpu(0, 0, 0, 0);
      }
      return new Cpu(ticks("self"), ticks(String.valueOf(cassandraPid)), busy, total);
    }

    private static long ticks(String pid) {
      try {
        String stat = Files.readString(Path.of("/proc", pid, "stat"));
        // after the ")" that ends the command name: state is field 3, utime 14, stime 15
        List<String> f = List.of(stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+"));
        return Long.parseLong(f.get(11)) + Long.parseLong(f.get(12));
      } catch (IOException | RuntimeException e) {
        return 0;
      }
    }

    /**
     * Cores used between {@code before} and this sample: this JVM / Cassandra / everything else
     * on the machine (other builds), of the {@code cores} the machine has.
     */
    String coresSince(Cpu before, int cores) {
      long all = total - before.total;
      if (all <= 0) {
        return "n/a";
      }
      double perCore = (double) all / cores;
      double mine = (self - before.self) / perCore;
      double cass = (cassandra - before.cassandra) / perCore;
      double other = Math.max(0, (busy - before.busy) / perCore - mine - cass);
      return String.format(Locale.ROOT, "%.2f/%.2f/%.2f", mine, cass, other);
    }
  }

  static int machineCores() {
    try {
      return (int)
          Files.readAllLines(Path.of("/proc/stat")).stream()
              .filter(l -> l.matches("^cpu\\d+ .*"))
              .count();
    } catch (IOException e) {
      return Runtime.getRuntime().availableProcessors();
    }
  }
}
