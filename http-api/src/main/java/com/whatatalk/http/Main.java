package com.whatatalk.http;

import com.typesafe.config.Config;
import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.deploy.cassandra.CassandraStartException;
import com.whatatalk.deploy.cassandra.FreePorts;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts WhataTalk: the embedded Cassandra when configured, then the node. A start that cannot
 * succeed (a port taken, Cassandra failing, a wiring step failing) ends with one line on stderr and
 * exit code 1.
 */
public final class Main {
  static {
    // With 2 cores the JDK's common pool has parallelism 1, and CompletableFuture then starts a
    // new thread for every async stage (Pekko's ask and the Cassandra session use them): measured
    // as 4 % of the CPU in thread creation alone during webhook ingest. Set before anything can
    // touch the pool; an explicit -D setting wins.
    String parallelism = "java.util.concurrent.ForkJoinPool.common.parallelism";
    if (System.getProperty(parallelism) == null && Runtime.getRuntime().availableProcessors() < 4) {
      System.setProperty(parallelism, "4");
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    Config config = AppConfig.load();
    HttpSettings http = HttpSettings.create(config);
    if (FreePorts.isTaken(http.interfaceName(), http.port())) {
      fail(
          "WhataTalk cannot start: HTTP port " + http.port() + " on " + http.interfaceName()
              + " is already in use (set WHATATALK_HTTP_PORT to use another)");
    }
    Optional<CassandraNode> cassandra = Optional.empty();
    try {
      cassandra = EmbeddedCassandra.startIfConfigured(config);
      WhataTalkApp app = WhataTalkApp.start(config).toCompletableFuture().join();
      Optional<CassandraNode> node = cassandra;
      app.system().getWhenTerminated().thenRun(() -> node.ifPresent(CassandraNode::close));
      LOG.info("WhataTalk is up at {}", app.url());
      System.out.println("WhataTalk is running at " + app.url() + " (Ctrl-C stops it)");
    } catch (CassandraStartException e) {
      fail(e.getMessage());
    } catch (RuntimeException e) {
      // Anything else that fails the start (a wiring step, a bad setting) must end the process too:
      // the actor system's threads would otherwise keep a half-started node alive.
      cassandra.ifPresent(CassandraNode::close);
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      LOG.error("WhataTalk cannot start", cause);
      fail("WhataTalk cannot start: " + cause.getMessage());
    }
  }

  private static void fail(String line) {
    System.err.println(line);
    System.exit(1);
  }
}
