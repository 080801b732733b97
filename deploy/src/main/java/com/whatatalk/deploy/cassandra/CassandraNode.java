package com.whatatalk.deploy.cassandra;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One real Cassandra 5 node, run as a child JVM from the {@code cassandra-all} jars of Maven
 * Central.
 *
 * <p>{@link #start} writes the node's {@code cassandra.yaml} and logback config under the node
 * directory, starts {@link CassandraNodeMain} with Cassandra's own Java 17 module flags, and
 * returns only once the node answers a CQL {@code OPTIONS} request. It fails fast, with one line,
 * when a port is taken, the disk is nearly full or the node dies while starting. The node is
 * stopped by {@link #close}, by this JVM's shutdown (Ctrl-C, SIGTERM), and, should this JVM be
 * killed outright, by the child itself, which watches its parent.
 */
public final class CassandraNode implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(CassandraNode.class.getName());
  private static final long MIN_FREE_DISK_BYTES = 1L << 30;

  /** Cassandra 5.0's jvm17-server.options: the JDK internals it needs opened. */
  private static final List<String> JAVA17_FLAGS =
      List.of(
          "-Djdk.attach.allowAttachSelf=true",
          "-Djava.security.manager=allow",
          "-Dio.netty.tryReflectionSetAccessible=true",
          "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
          "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
          "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
          "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
          "--add-exports", "java.base/java.lang.ref=ALL-UNNAMED",
          "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
          "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
          "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
          "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
          "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
          "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
          "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
          "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
          "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens", "java.base/java.io=ALL-UNNAMED",
          "--add-opens", "java.base/java.nio=ALL-UNNAMED",
          "--add-opens", "java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens", "java.base/java.util=ALL-UNNAMED",
          "--add-opens", "java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens", "java.base/java.lang=ALL-UNNAMED",
          "--add-opens", "java.base/java.math=ALL-UNNAMED",
          "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens", "java.base/java.net=ALL-UNNAMED");

  private final CassandraNodeSettings settings;
  private final Process process;
  private final Thread shutdownHook;

  private CassandraNode(CassandraNodeSettings settings, Process process) {
    this.settings = settings;
    this.process = process;
    this.shutdownHook = new Thread(this::stop, "cassandra-node-stop");
  }

  /** Starts the node and waits until CQL answers; throws {@link CassandraStartException} if not. */
  public static CassandraNode start(CassandraNodeSettings settings) {
    long started = System.nanoTime();
    checkPorts(settings);
    Path home = settings.directory().toAbsolutePath();
    NodeFiles files = NodeFiles.write(home, settings);
    checkDisk(home);

    List<String> command = command(settings, files);
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .directory(home.toFile())
              .redirectErrorStream(true)
              .redirectOutput(files.stdout().toFile())
              .start();
    } catch (IOException e) {
      throw new CassandraStartException("cannot start a JVM for Cassandra: " + e.getMessage(), e);
    }
    CassandraNode node = new CassandraNode(settings, process);
    Runtime.getRuntime().addShutdownHook(node.shutdownHook);
    try {
      node.awaitCql(files);
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
    LOG.log(
        Level.INFO,
        "Cassandra ready at {0}:{1,number,#} in {2} ms (pid {3,number,#}, data in {4})",
        settings.address(),
        settings.cqlPort(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
        process.pid(),
        home);
    return node;
  }

  public CassandraNodeSettings settings() {
    return settings;
  }

  public String host() {
    return settings.address();
  }

  public int cqlPort() {
    return settings.cqlPort();
  }

  /** {@code host:port}, as the Cassandra driver's contact points take it. */
  public String contactPoint() {
    return settings.address() + ":" + settings.cqlPort();
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops the node: drains it when the settings say graceful, else kills it at once. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook itself is running or about to
    }
    stop();
  }

  private void stop() {
    if (!process.isAlive()) {
      return;
    }
    if (settings.gracefulStop()) {
      process.destroy();
      try {
        if (process.waitFor(30, TimeUnit.SECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void checkPorts(CassandraNodeSettings s) {
    int[][] ports = {{s.cqlPort(), 0}, {s.storagePort(), 1}, {s.jmxPort(), 2}};
    String[] names = {"CQL", "storage", "JMX"};
    for (int[] port : ports) {
      if (FreePorts.isTaken(s.address(), port[0])) {
        throw new CassandraStartException(
            String.format(
                "Cassandra cannot start: %s port %d on %s is already in use"
                    + " (is another Cassandra or WhataTalk running?)",
                names[port[1]], port[0], s.address()));
      }
    }
  }

  private static void checkDisk(Path home) {
    try {
      long free = Files.getFileStore(home).getUsableSpace();
      if (free < MIN_FREE_DISK_BYTES) {
        throw new CassandraStartException(
            String.format(
                "Cassandra cannot start: only %d MiB free on the disk of %s (needs 1024 MiB)",
                free >> 20, home));
      }
    } catch (IOException e) {
      throw new CassandraStartException("Cassandra cannot start: cannot read free disk space of " + home, e);
    }
  }

  private static List<String> command(CassandraNodeSettings s, NodeFiles files) {
    List<String> command = new ArrayList<>();
    command.add(s.javaHome().resolve("bin").resolve("java").toString());
    command.add("-Xms" + s.heap());
    command.add("-Xmx" + s.heap());
    command.add("-XX:+UseG1GC");
    command.add("-Xss256k");
    command.addAll(JAVA17_FLAGS);
    command.add("-Dcassandra.config=" + files.yaml().toUri());
    command.add("-Dcassandra-foreground=yes");
    command.add("-Dcassandra.storagedir=" + files.home());
    command.add("-Dcassandra.logdir=" + files.logs());
    command.add("-Dcassandra.jmx.local.port=" + s.jmxPort());
    command.add("-Dcassandra.skip_wait_for_gossip_to_settle=0");
    command.add("-Dlogback.configurationFile=" + files.logback().toUri());
    command.add("-Djava.io.tmpdir=" + files.tmp());
    command.add("-Djna.tmpdir=" + files.tmp());
    command.add("-D" + CassandraNodeMain.PARENT_PID_PROPERTY + "=" + ProcessHandle.current().pid());
    command.add("-cp");
    command.add(classpath());
    command.add(CassandraNodeMain.class.getName());
    return command;
  }

  /** Cassandra's jars (written at build time) plus this launcher's own classes. */
  private static String classpath() {
    try (InputStream in = CassandraNode.class.getResourceAsStream("cassandra.classpath")) {
      if (in == null) {
        throw new CassandraStartException(
            "Cassandra cannot start: cassandra.classpath is missing; build the deploy module first");
      }
      String jars = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      String own =
          Path.of(CassandraNode.class.getProtectionDomain().getCodeSource().getLocation().toURI())
              .toString();
      return own + java.io.File.pathSeparator + jars;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private void awaitCql(NodeFiles files) {
    long deadline = System.nanoTime() + settings.startTimeout().toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new CassandraStartException(
            "Cassandra exited while starting (code " + process.exitValue() + "): "
                + files.firstError().orElse("see " + files.logs()));
      }
      if (answersCql()) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CassandraStartException("interrupted while waiting for Cassandra");
      }
    }
    throw new CassandraStartException(
        "Cassandra did not answer CQL on " + contactPoint() + " within "
            + settings.startTimeout().toSeconds() + " s; see " + files.logs());
  }

  /** Sends a native-protocol v4 OPTIONS frame and expects SUPPORTED back. */
  private boolean answersCql() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(settings.address(), settings.cqlPort()), 500);
      socket.setSoTimeout(2000);
      OutputStream out = socket.getOutputStream();
      out.write(new byte[] {0x04, 0x00, 0x00, 0x01, 0x05, 0x00, 0x00, 0x00, 0x00});
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      byte[] header = new byte[9];
      in.readFully(header);
      return (header[0] & 0xFF) == 0x84 && header[4] == 0x06;
    } catch (IOException notYet) {
      return false;
    }
  }

  /** Deletes a node directory (only ever a throw-away test node's). */
  public static void deleteDirectory(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not delete " + dir, e);
    }
  }
}
