package com.whatatalk.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * One ActorSystem and one webhook receiver per test class; each test starts its own simulator on
 * port 0 with fast status delays, so tests never share state.
 */
abstract class SimulatorTestBase {
  static final String TOKEN = "test-token";
  static final String SECRET = "test-app-secret";
  static final String VERIFY = "test-verify-token";
  static final String PN = "106540352242922";
  static final String WABA = "102290129340398";
  private static final AtomicInteger CUSTOMER = new AtomicInteger(1000);

  static ActorSystem<Void> system;
  static WebhookReceiver receiver;
  CloudApiSimulator sim;

  @BeforeAll
  static void startSystem() throws Exception {
    system = ActorSystem.create(Behaviors.empty(), "simulator-test",
        ConfigFactory.parseString("pekko.loglevel = WARNING").withFallback(ConfigFactory.load()));
    receiver = new WebhookReceiver(system, SECRET, VERIFY);
  }

  @AfterAll
  static void stopSystem() throws Exception {
    receiver.close();
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
  }

  @AfterEach
  void stopSimulator() {
    if (sim != null) {
      sim.close();
    }
  }

  /** Test settings: port 0, known secrets, webhooks to the receiver, quick status steps. */
  static SimulatorSettings settings(String extraConfig) {
    return SimulatorSettings.fromConfig(ConfigFactory.parseString(extraConfig + "\n"
        + "simulator { port = 0, access-token = \"" + TOKEN + "\", app-secret = \"" + SECRET
        + "\"\n webhooks { callback-url = \"" + receiver.url() + "\", verify-token = \""
        + VERIFY + "\", retry.initial-backoff = 20ms, retry.max-backoff = 200ms }\n"
        + " statuses { sent-delay = 10ms, delivered-delay = 20ms, read-delay = 20ms,"
        + " jitter = 0ms } }"));
  }

  CloudApiSimulator start(String extraConfig) {
    sim = CloudApiSimulator.start(settings(extraConfig), system);
    return sim;
  }

  CloudApiSimulator start(String extraConfig, Clock clock) {
    sim = CloudApiSimulator.start(settings(extraConfig), system, clock);
    return sim;
  }

  /** A fresh customer number per call, so tests never meet a pair limit by accident. */
  static String newCustomer() {
    return "1650555" + CUSTOMER.incrementAndGet();
  }

  String messagesUrl() {
    return sim.baseUrl() + "/v23.0/" + PN + "/messages";
  }

  TestHttp.Res send(JsonNode body) {
    return TestHttp.post(messagesUrl(), TOKEN, body);
  }

  static ObjectNode text(String to, String body) {
    ObjectNode n = Json.object().put("messaging_product", "whatsapp")
        .put("recipient_type", "individual").put("to", to).put("type", "text");
    n.putObject("text").put("body", body);
    return n;
  }

  static ObjectNode template(String to, String name, String language) {
    ObjectNode n = Json.object().put("messaging_product", "whatsapp").put("to", to)
        .put("type", "template");
    ObjectNode t = n.putObject("template").put("name", name);
    t.putObject("language").put("code", language);
    t.putArray("components");
    return n;
  }

  static String wamid(TestHttp.Res r) {
    return r.json().path("messages").path(0).path("id").asText();
  }

  static void assertMetaError(TestHttp.Res r, int code) {
    JsonNode e = r.json().path("error");
    org.junit.jupiter.api.Assertions.assertEquals(code, e.path("code").asInt(), r.text());
    org.junit.jupiter.api.Assertions.assertTrue(e.path("fbtrace_id").isTextual(), r.text());
    if (e.path("type").asText().equals("OAuthException")) {
      org.junit.jupiter.api.Assertions.assertTrue(
          e.path("message").asText().startsWith("(#" + code + ") "), r.text());
    }
  }

  static final Duration WAIT = Duration.ofSeconds(10);
}
