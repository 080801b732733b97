package com.whatatalk.engine;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.projection.cassandra.javadsl.CassandraProjection;
import org.apache.pekko.stream.connectors.cassandra.CassandraSessionSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * Creates WhataTalk's schema on start when {@code whatatalk.cassandra.schema-autocreate} is on
 * (the local run and tests): the production scripts of {@code deploy/cassandra}, with the
 * configured keyspace and a simple replication factor, then the projection offset tables. Done
 * before anything reads or writes, one statement at a time (each waits for schema agreement):
 * the plugins' own lazy creation raced the first recovery and opened the journal's circuit
 * breaker.
 */
public final class CassandraSchema {
  /** The scripts in the order they must run; each names the keyspace {@code whatatalk}. */
  private static final List<String> SCRIPTS =
      List.of(
          "create_tables.cql",
          "create_read_models.cql",
          "create_media_tables.cql",
          "create_auth_tables.cql",
          "create_contact_tables.cql",
          "create_template_tables.cql");

  private CassandraSchema() {}

  public static CompletionStage<Done> create(ActorSystem<?> system) {
    CompletionStage<Done> done = CompletableFuture.completedFuture(Done.getInstance());
    for (String script : SCRIPTS) {
      done = done.thenCompose(ok -> createScript(system, script, false));
    }
    return done.thenCompose(ok -> CassandraProjection.createTablesIfNotExists(system));
  }

  /**
   * Runs one script of {@code deploy/cassandra} in the journal's keyspace, one statement at a
   * time; with {@code withKeyspace}, first creates that keyspace (for scripts that do not).
   */
  public static CompletionStage<Done> createScript(
      ActorSystem<?> system, String script, boolean withKeyspace) {
    Config config = system.settings().config();
    String keyspace = config.getString("pekko.persistence.cassandra.journal.keyspace");
    int replicationFactor = config.getInt("pekko.persistence.cassandra.journal.replication-factor");
    CassandraSession session =
        CassandraSessionRegistry.get(system)
            .sessionFor(CassandraSessionSettings.create("pekko.persistence.cassandra"));
    List<String> statements = new java.util.ArrayList<>();
    if (withKeyspace) {
      statements.add(createKeyspace(keyspace, replicationFactor));
    }
    statements.addAll(statements(script, keyspace, replicationFactor));
    CompletionStage<Done> done = CompletableFuture.completedFuture(Done.getInstance());
    for (String statement : statements) {
      done = done.thenCompose(ok -> session.executeDDL(statement));
    }
    return done;
  }

  private static String createKeyspace(String keyspace, int replicationFactor) {
    return "CREATE KEYSPACE IF NOT EXISTS " + keyspace
        + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': "
        + replicationFactor + "}";
  }

  static List<String> statements(String script, String keyspace, int replicationFactor) {
    String cql =
        read(script).lines().filter(l -> !l.strip().startsWith("--")).collect(Collectors.joining("\n"));
    return Arrays.stream(cql.split(";"))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .map(s -> s.replace("whatatalk.", keyspace + "."))
        .map(s -> s.startsWith("CREATE KEYSPACE") ? createKeyspace(keyspace, replicationFactor) : s)
        .toList();
  }

  private static String read(String script) {
    String path = "/com/whatatalk/deploy/cassandra/cql/" + script;
    try (InputStream in = CassandraSchema.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing schema script " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
