package com.whatatalk.deploy.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CassandraNodeTest {

  @Test
  void startsARealNodeThatAnswersCqlAndStopsWithoutLeavingAProcess(@TempDir Path dir) {
    CassandraNode node = CassandraNode.start(CassandraNodeSettings.ephemeral(dir));
    long pid = node.pid();
    assertTrue(node.isAlive());
    assertTrue(FreePorts.isTaken(node.host(), node.cqlPort()), "CQL port should be bound");

    node.close();

    assertFalse(node.isAlive());
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
  }

  @Test
  void refusesAPortAlreadyTakenWithOneLineWithinSeconds(@TempDir Path dir) throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CassandraNodeSettings base = CassandraNodeSettings.ephemeral(dir);
      CassandraNodeSettings settings =
          new CassandraNodeSettings(
              dir, "127.0.0.1", taken.getLocalPort(), base.storagePort(), base.jmxPort(),
              base.seeds(), base.heap(), base.startTimeout(), false, base.javaHome());

      CassandraStartException e =
          assertTimeoutPreemptively(
              Duration.ofSeconds(5),
              () -> assertThrows(CassandraStartException.class, () -> CassandraNode.start(settings)));

      assertEquals(
          "Cassandra cannot start: CQL port " + taken.getLocalPort()
              + " on 127.0.0.1 is already in use (is another Cassandra or WhataTalk running?)",
          e.getMessage());
    }
  }

  @Test
  void aNodeThatDiesWhileStartingIsReportedAtOnce(@TempDir Path dir) {
    // A heap far too small for Cassandra: the child JVM exits during boot.
    CassandraNodeSettings settings = CassandraNodeSettings.ephemeral(dir).withHeap("4m");

    CassandraStartException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(30),
            () -> assertThrows(CassandraStartException.class, () -> CassandraNode.start(settings)));

    assertTrue(e.getMessage().startsWith("Cassandra exited while starting"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }
}
