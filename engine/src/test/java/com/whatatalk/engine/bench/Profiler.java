package com.whatatalk.engine.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * Optional JFR recordings of one stretch of the benchmark: this JVM through the JFR API, the
 * Cassandra child JVM through {@code jcmd} (the same JDK runs it). Both with the {@code profile}
 * settings (method sampling every 10-20 ms, allocation and lock events).
 */
final class Profiler implements AutoCloseable {
  private final Recording recording;
  private final Path engineFile;
  private final Path cassandraFile;
  private final long cassandraPid;
  private final String name;

  private Profiler(Recording recording, Path engineFile, Path cassandraFile, long pid, String name) {
    this.recording = recording;
    this.engineFile = engineFile;
    this.cassandraFile = cassandraFile;
    this.cassandraPid = pid;
    this.name = name;
  }

  /** A recording, or a no-op when {@code dir} is null. */
  static AutoCloseable start(Path dir, String label, long cassandraPid) {
    if (dir == null) {
      return () -> {};
    }
    try {
      Files.createDirectories(dir);
      Recording r = new Recording(Configuration.getConfiguration("profile"));
      r.setName("bench-" + label);
      r.start();
      Path cassandraFile = dir.resolve("cassandra-" + label + ".jfr");
      String name = "bench-" + label;
      jcmd(cassandraPid, "JFR.start", "name=" + name, "settings=profile",
          "filename=" + cassandraFile);
      return new Profiler(r, dir.resolve("engine-" + label + ".jfr"), cassandraFile, cassandraPid, name);
    } catch (Exception e) {
      System.out.println("  (JFR not started: " + e + ")");
      return () -> {};
    }
  }

  @Override
  public void close() {
    try {
      recording.stop();
      recording.dump(engineFile);
      recording.close();
      jcmd(cassandraPid, "JFR.stop", "name=" + name);
      System.out.println("  JFR written: " + engineFile + " and " + cassandraFile);
    } catch (Exception e) {
      System.out.println("  (JFR not written: " + e + ")");
    }
  }

  private static void jcmd(long pid, String... args) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    List<String> command = new java.util.ArrayList<>(List.of(jcmd.toString(), String.valueOf(pid)));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("jcmd " + String.join(" ", args) + " failed: " + out.strip());
    }
  }
}
