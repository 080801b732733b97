package com.whatatalk.deploy.cassandra;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where and how one embedded Cassandra node runs.
 *
 * @param directory node home: data, commit log, generated config and logs live under it
 * @param address loopback address the node listens on (any 127.x address for more nodes)
 * @param cqlPort native transport (CQL) port
 * @param storagePort inter-node port
 * @param jmxPort local JMX port
 * @param seeds comma-separated {@code host:storagePort} seeds; the node itself when alone
 * @param heap heap size for the child JVM, such as {@code 512m}
 * @param startTimeout how long to wait for CQL to answer before giving up
 * @param gracefulStop drain on stop (SIGTERM, about 5 s) rather than kill at once; tests kill
 * @param javaHome the JDK that runs the node; Cassandra 5.0 needs Java 11 or 17
 */
public record CassandraNodeSettings(
    Path directory,
    String address,
    int cqlPort,
    int storagePort,
    int jmxPort,
    String seeds,
    String heap,
    Duration startTimeout,
    boolean gracefulStop,
    Path javaHome) {

  public static final String CLUSTER_NAME = "whatatalk";

  /** A single node on fixed ports, data kept across runs (the local default run). */
  public static CassandraNodeSettings persistent(Path directory, int cqlPort) {
    return new CassandraNodeSettings(
        directory,
        "127.0.0.1",
        cqlPort,
        7000,
        7199,
        "127.0.0.1:7000",
        "512m",
        Duration.ofSeconds(90),
        true,
        defaultJavaHome());
  }

  /** A throw-away single node on free ports (tests). */
  public static CassandraNodeSettings ephemeral(Path directory) {
    int[] ports = FreePorts.take(3);
    return new CassandraNodeSettings(
        directory,
        "127.0.0.1",
        ports[0],
        ports[1],
        ports[2],
        "127.0.0.1:" + ports[1],
        "512m",
        Duration.ofSeconds(90),
        false,
        defaultJavaHome());
  }

  public CassandraNodeSettings withHeap(String newHeap) {
    return new CassandraNodeSettings(
        directory, address, cqlPort, storagePort, jmxPort, seeds, newHeap, startTimeout,
        gracefulStop, javaHome);
  }

  /** {@code WHATATALK_CASSANDRA_JAVA_HOME} if set, else the JDK running this launcher. */
  static Path defaultJavaHome() {
    String override = System.getenv("WHATATALK_CASSANDRA_JAVA_HOME");
    return Path.of(override != null && !override.isBlank() ? override : System.getProperty("java.home"));
  }
}
