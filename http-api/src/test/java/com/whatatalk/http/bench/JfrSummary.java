package com.whatatalk.http.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the time went, from a JFR recording's {@code jdk.ExecutionSample} events: the hottest
 * methods on top of the stack, the same grouped by package, the threads (numbers in their names
 * folded) and the application methods most often anywhere on the stack; plus the classes most
 * allocated ({@code jdk.ObjectAllocationSample} weight).
 */
final class JfrSummary {
  private JfrSummary() {}

  static String summarize(Path file, int top) {
    Map<String, Long> methods = new HashMap<>();
    Map<String, Long> packages = new HashMap<>();
    Map<String, Long> threads = new HashMap<>();
    Map<String, Long> inclusive = new HashMap<>();
    Map<String, Long> allocations = new HashMap<>();
    long samples = 0;
    long allocated = 0;
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        RecordedEvent e = recording.readEvent();
        String type = e.getEventType().getName();
        if (type.equals("jdk.ExecutionSample")) {
          RecordedStackTrace st = e.getStackTrace();
          if (st == null || st.getFrames().isEmpty()) {
            continue;
          }
          samples++;
          RecordedThread thread = e.getThread("sampledThread");
          String name = thread == null ? "?" : String.valueOf(thread.getJavaName());
          threads.merge(name.replaceAll("\\d+", "N"), 1L, Long::sum);
          RecordedMethod m = st.getFrames().get(0).getMethod();
          methods.merge(name(m), 1L, Long::sum);
          packages.merge(pkg(m), 1L, Long::sum);
          Set<String> seen = new HashSet<>();
          for (RecordedFrame f : st.getFrames()) {
            String n = name(f.getMethod());
            if (n.startsWith("com.whatatalk.") && seen.add(n)) {
              inclusive.merge(n, 1L, Long::sum);
            }
          }
        } else if (type.equals("jdk.ObjectAllocationSample")) {
          long w = e.getLong("weight");
          allocated += w;
          allocations.merge(e.getClass("objectClass").getName(), w, Long::sum);
        }
      }
    } catch (IOException e) {
      return "   (could not read " + file + ": " + e + ")\n";
    }
    StringBuilder s = new StringBuilder();
    s.append("   ").append(samples).append(" execution samples in ").append(file).append('\n');
    s.append(table("top methods (self, top of stack)", methods, samples, top));
    s.append(table("top packages (self)", packages, samples, top));
    s.append(table("threads", threads, samples, top));
    s.append(table("com.whatatalk methods anywhere on the stack (inclusive)", inclusive, samples, top));
    s.append(table("allocation by class (sampled weight, share of " + allocated / (1 << 20) + " MiB)",
        allocations, allocated, 8));
    return s.toString();
  }

  private static String table(String title, Map<String, Long> counts, long total, int top) {
    List<Map.Entry<String, Long>> rows =
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top).toList();
    return "   " + title + ":\n" + rows.stream()
        .map(r -> String.format("     %5.1f %%  %s", total == 0 ? 0.0 : 100.0 * r.getValue() / total, r.getKey()))
        .collect(Collectors.joining("\n")) + "\n";
  }

  private static String name(RecordedMethod m) {
    return m.getType().getName() + "." + m.getName();
  }

  private static String pkg(RecordedMethod m) {
    String type = m.getType().getName();
    String[] parts = type.split("\\.");
    int keep = Math.min(parts.length - 1, type.startsWith("org.apache.") || type.startsWith("com.datastax.") ? 4 : 3);
    return keep <= 0 ? type : String.join(".", java.util.Arrays.copyOf(parts, keep));
  }
}
