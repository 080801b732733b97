package com.whatatalk.deploy.cassandra;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one node in the foreground until Ctrl-C or SIGTERM (for the local cluster scripts and for
 * running Cassandra on its own).
 *
 * <p>Arguments: {@code <node directory> [address] [cql port] [storage port] [jmx port] [seeds]}.
 */
public final class CassandraLauncher {
  private CassandraLauncher() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length < 1) {
      System.err.println(
          "usage: CassandraLauncher <node directory> [address] [cql port] [storage port] [jmx port] [seeds]");
      System.exit(2);
    }
    CassandraNodeSettings defaults = CassandraNodeSettings.persistent(Path.of(args[0]), 9042);
    String address = arg(args, 1, defaults.address());
    int storagePort = Integer.parseInt(arg(args, 3, String.valueOf(defaults.storagePort())));
    CassandraNodeSettings settings =
        new CassandraNodeSettings(
            defaults.directory(),
            address,
            Integer.parseInt(arg(args, 2, String.valueOf(defaults.cqlPort()))),
            storagePort,
            Integer.parseInt(arg(args, 4, String.valueOf(defaults.jmxPort()))),
            arg(args, 5, address + ":" + storagePort),
            System.getenv().getOrDefault("WHATATALK_CASSANDRA_HEAP", defaults.heap()),
            defaults.startTimeout(),
            true,
            defaults.javaHome());
    try {
      CassandraNode node = CassandraNode.start(settings);
      System.out.println("Cassandra is up at " + node.contactPoint() + " (pid " + node.pid() + ")");
    } catch (CassandraStartException e) {
      System.err.println(e.getMessage());
      System.exit(1);
    }
    new CountDownLatch(1).await(); // the shutdown hook stops the node on Ctrl-C / SIGTERM
  }

  private static String arg(String[] args, int index, String fallback) {
    return args.length > index ? args[index] : fallback;
  }
}
