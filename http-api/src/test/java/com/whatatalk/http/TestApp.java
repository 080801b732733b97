package com.whatatalk.http;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.deploy.cassandra.FreePorts;
import com.whatatalk.engine.CassandraTestConfig;
import com.whatatalk.engine.conversation.Conversation;
import com.whatatalk.simulator.CloudApiSimulator;
import com.whatatalk.simulator.SimulatorSettings;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * WhataTalk as it runs, for end-to-end tests: the real app (HTTP, engine, Cassandra journal in
 * the test node) wired to the Cloud API simulator on loopback, as the default run wires them.
 */
public final class TestApp implements AutoCloseable {
  public static final String PHONE_NUMBER_ID = "106540352242922";
  public static final String APP_SECRET = "test-app-secret";
  public static final String VERIFY_TOKEN = "test-verify-token";
  public static final String ADMIN_EMAIL = "admin@test.example";
  public static final String ADMIN_PASSWORD = "test admin password";

  public final WhataTalkApp app;
  final int port;

  private TestApp(WhataTalkApp app, int port) {
    this.app = app;
    this.port = port;
  }

  /** One ActorSystem hosts every simulator of the test JVM (closing a simulator unbinds it). */
  private static final class SimulatorSystem {
    static final ActorSystem<Void> INSTANCE =
        ActorSystem.create(
            Behaviors.empty(),
            "simulator",
            ConfigFactory.parseString("pekko.loglevel = WARNING"));
  }

  /** A simulator posting its webhooks to {@code appPort}; {@code settings} adjusts its defaults. */
  public static CloudApiSimulator simulator(int appPort, SimulatorSettings settings) {
    return CloudApiSimulator.start(
        settings.withPort(0).withWebhookUrl("http://127.0.0.1:" + appPort + "/webhooks/whatsapp"),
        SimulatorSystem.INSTANCE);
  }

  public static SimulatorSettings simulatorDefaults() {
    SimulatorSettings d = SimulatorSettings.defaults();
    return new SimulatorSettings(
        d.host(), d.port(), d.accessToken(), APP_SECRET, d.randomSeed(), d.phoneNumbers(),
        d.pairCapacity(), d.pairRefillPeriod(), d.serviceWindow(), d.sentLogSize(), d.switches(),
        d.includeBsuid(), d.omitWaId(), d.mediaUrlTtl(), d.mediaTtl(), d.mediaMaxStoreBytes(),
        d.templatesPageSize(),
        new SimulatorSettings.Webhooks(
            d.webhooks().callbackUrl(), VERIFY_TOKEN, d.webhooks().maxBatch(), d.webhooks().linger(),
            d.webhooks().queueSize(), d.webhooks().parallelism(), d.webhooks().initialBackoff(),
            d.webhooks().maxBackoff(), d.webhooks().maxAttempts(), d.webhooks().requestTimeout()),
        d.scripted());
  }

  /** Starts the app on {@code port}, journaling into {@code keyspace}, calling the simulator. */
  public static TestApp start(
      CassandraNode cassandra, String keyspace, int port, CloudApiSimulator simulator, Map<String, Object> overrides) {
    Config config =
        ConfigFactory.parseMap(overrides)
            .withFallback(
                ConfigFactory.parseMap(
                    Map.ofEntries(
                        Map.entry("whatatalk.http.port", port),
                        Map.entry("whatatalk.cassandra.contact-points", cassandra.contactPoint()),
                        Map.entry("whatatalk.cassandra.keyspace", keyspace),
                        Map.entry("whatatalk.cluster.seed-nodes", ""),
                        Map.entry("crm.engine.cloud-api.base-url", simulator.baseUrl()),
                        Map.entry("crm.engine.cloud-api.default-access-token", simulator.settings().accessToken()),
                        Map.entry("crm.engine.cloud-api.app-secret", APP_SECRET),
                        Map.entry("crm.engine.cloud-api.verify-token", VERIFY_TOKEN),
                        Map.entry("crm.engine.auth.first-admin.email", ADMIN_EMAIL),
                        Map.entry("crm.engine.auth.first-admin.password", ADMIN_PASSWORD),
                        Map.entry("pekko.persistence.cassandra.journal.tables-autocreate", false),
                        Map.entry("pekko.persistence.cassandra.journal.keyspace-autocreate", false),
                        Map.entry("pekko.persistence.cassandra.snapshot.tables-autocreate", false),
                        Map.entry("pekko.persistence.cassandra.snapshot.keyspace-autocreate", false))))
            .withFallback(CassandraTestConfig.create(cassandra, keyspace));
    WhataTalkApp app = WhataTalkApp.start(AppConfig.resolve(config.resolve())).toCompletableFuture().join();
    return new TestApp(app, port);
  }

  public static int freePort() {
    return FreePorts.take(1)[0];
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  public EntityRef<Conversation.Command> conversation(String customerWaId) {
    return ClusterSharding.get(app.system())
        .entityRefFor(Conversation.ENTITY_KEY, Conversation.entityId(PHONE_NUMBER_ID, customerWaId));
  }

  public Conversation.Summary summary(String customerWaId) {
    return conversation(customerWaId)
        .ask(Conversation.Get::new, Duration.ofSeconds(15))
        .toCompletableFuture()
        .join();
  }

  /**
   * Stops what a test class started in its {@code @BeforeAll}: the app first (it calls the
   * simulator), then the simulator, even when the app fails to stop; either may be null when the
   * start failed part-way.
   */
  public static void close(TestApp app, CloudApiSimulator simulator) {
    try (CloudApiSimulator started = simulator; TestApp running = app) {
      // try-with-resources closes in reverse order and skips nulls
    }
  }

  @Override
  public void close() {
    app.system().terminate();
    app.system().getWhenTerminated().toCompletableFuture().join();
  }
}
