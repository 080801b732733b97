package com.whatatalk.load;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.*;
import io.gatling.javaapi.http.*;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Webhook storm: Meta-shaped, signed webhooks ({@link StormTraffic}) at an open-model rate, ramped
 * up then held, against a running WhataTalk. Fails on any non-2xx answer and on latency above the
 * targets; afterwards (a last "verification" request, KO when it fails) {@link StormVerifier} checks through the API that every acknowledged message
 * is stored once and every posted status triple left its message at read (needs admin
 * credentials; without them only the HTTP side is checked).
 *
 * <pre>
 * mvn -pl load-tests gatling:test -Dgatling.simulationClass=com.whatatalk.load.WebhookStorm \
 *   -Dtarget=http://127.0.0.1:8080 -DappSecret=... -Drate=500 -Dramp=10 -Dduration=60 \
 *   -DadminEmail=admin@example.com -DadminPassword=...
 * </pre>
 *
 * Properties (defaults): target (http://127.0.0.1:8080), appSecret (required), rate POSTs/s (100),
 * ramp s (10), duration s of the plateau (30), numbers (106540352242922,106540352242923,106540352242924;
 * the first is the one outbound messages go through), wabaId (102290129340398), customers (2000),
 * duplicates (0.05), late (0.10), batched (0.05), statuses (0.25, share of items), outbound (20
 * messages sent through the API, then ticked by the storm), p50 ms (50), p99 ms (250), adminEmail,
 * adminPassword, adminNewPassword (only for a one-time password), verifyTimeout s (60), simulator
 * (http://127.0.0.1:8089: the Cloud API simulator, told that the outbound customers' windows are open).
 */
public class WebhookStorm extends Simulation {
  private static final String TARGET = System.getProperty("target", "http://127.0.0.1:8080");
  private static final String APP_SECRET = System.getProperty("appSecret", "");
  private static final int RATE = Integer.getInteger("rate", 100);
  private static final int RAMP = Integer.getInteger("ramp", 10);
  private static final int DURATION = Integer.getInteger("duration", 30);
  private static final List<String> NUMBERS =
      Arrays.asList(System.getProperty("numbers", "106540352242922,106540352242923,106540352242924").split(","));
  private static final String WABA_ID = System.getProperty("wabaId", "102290129340398");
  private static final int CUSTOMERS = Integer.getInteger("customers", 2000);
  private static final int OUTBOUND = Integer.getInteger("outbound", 20);
  private static final int P50 = Integer.getInteger("p50", 50);
  private static final int P99 = Integer.getInteger("p99", 250);
  private static final String ADMIN_EMAIL = System.getProperty("adminEmail", "");
  private static final String ADMIN_PASSWORD = System.getProperty("adminPassword", "");
  private static final String SIMULATOR = System.getProperty("simulator", "http://127.0.0.1:8089");

  private final StormTraffic traffic = new StormTraffic(NUMBERS, WABA_ID, CUSTOMERS, APP_SECRET,
      Double.parseDouble(System.getProperty("duplicates", "0.05")), Double.parseDouble(System.getProperty("late", "0.10")),
      Double.parseDouble(System.getProperty("batched", "0.05")), Double.parseDouble(System.getProperty("statuses", "0.25")));
  private final ApiClient api = new ApiClient(TARGET);
  private final List<StormVerifier.Outbound> outbound = new ArrayList<>();

  // https://docs.gatling.io/reference/script/core/session/feeders/
  private final Iterator<Map<String, Object>> webhooks = Stream.generate(() -> {
    StormTraffic.Post post = traffic.next();
    return Map.<String, Object>of("body", post.body(), "signature", post.signature(), "wamids", post.inboundWamids());
  }).iterator();

  // https://docs.gatling.io/reference/script/protocols/http/protocol/
  private final HttpProtocolBuilder httpProtocol =
      http.baseUrl(TARGET).shareConnections().contentTypeHeader("application/json").userAgentHeader("facebookexternalua");

  private final ChainBuilder postWebhook =
      feed(webhooks)
          .exec(http("webhook").post("/webhooks/whatsapp")
              .header("X-Hub-Signature-256", session -> session.getString("signature"))
              .body(StringBody(session -> session.getString("body")))
              .check(status().in(200, 201, 202, 204)))
          .exec(session -> {
            if (!session.isFailed()) {
              traffic.acknowledged(session.getList("wamids"));
            }
            return session;
          });

  private final ScenarioBuilder storm = scenario("Webhook storm").exec(postWebhook);

  /**
   * After the storm, one user sends what was held back and runs the verifier; its outcome is the
   * "verification" request (OK or KO), so a failed verification fails the run with the report.
   */
  private final ScenarioBuilder verification = scenario("Verification").exec(Outcome.request("verification", this::verify));

  {
    if (APP_SECRET.isBlank()) {
      throw new IllegalArgumentException("-DappSecret=<the app secret WhataTalk checks signatures with> is required");
    }
    // https://docs.gatling.io/reference/script/core/injection/#open-model
    setUp(storm.injectOpen(
                rampUsersPerSec(1).to(RATE).during(Duration.ofSeconds(Math.max(1, RAMP))),
                constantUsersPerSec(RATE).during(Duration.ofSeconds(DURATION)))
            .andThen(verification.injectOpen(atOnceUsers(1))))
        .protocols(httpProtocol)
        .assertions(
            global().failedRequests().count().is(0L),
            details("webhook").responseTime().percentile(50.0).lte(P50),
            details("webhook").responseTime().percentile(99.0).lte(P99));
  }

  /** With admin credentials: adds the numbers, and sends the outbound messages the storm will tick. */
  @Override
  public void before() {
    if (ADMIN_EMAIL.isBlank()) {
      System.out.println("storm: no -DadminEmail: no outbound statuses and no verification through the API");
      return;
    }
    try {
      api.login(ADMIN_EMAIL, ADMIN_PASSWORD, System.getProperty("adminNewPassword"));
      for (String number : NUMBERS) {
        api.ensurePhoneNumber(number, WABA_ID);
      }
      String number = NUMBERS.get(0);
      Map<String, String> sent = new LinkedHashMap<>(); // message id -> customer
      for (int c = 0; c < OUTBOUND; c++) {
        // The Cloud API simulator must see the customer's window open too, or it refuses with 131047.
        try {
          api.call("POST", SIMULATOR + "/_sim/customers/" + traffic.customer(c) + "/window",
              Map.of("phone_number_id", number, "action", "open"));
        } catch (java.io.IOException e) {
          System.out.println("storm: no simulator at " + SIMULATOR + " (" + e + "); against Meta, leave -Doutbound=0");
        }
        StormTraffic.Post opening = traffic.opening(number, c);
        if (api.webhook(opening.body(), opening.signature()) / 100 != 2) {
          throw new IllegalStateException("opening webhook refused (is -DappSecret right?)");
        }
        traffic.acknowledged(opening.inboundWamids());
      }
      for (int c = 0; c < OUTBOUND; c++) {
        sent.put(api.sendText(number, traffic.customer(c), "Thanks, we are on it (" + c + ")"), traffic.customer(c));
      }
      Map<String, String> wamids = awaitWamids(number, sent, Duration.ofSeconds(60));
      if (wamids.size() < sent.size()) {
        throw new IllegalStateException("only " + wamids.size() + " of " + sent.size()
            + " outbound messages were sent to the Cloud API within 60 s");
      }
      traffic.outbound(wamids.entrySet().stream().collect(
          LinkedHashMap::new, (m, e) -> m.put(e.getValue(), sent.get(e.getKey())), Map::putAll));
      wamids.forEach((messageId, wamid) -> outbound.add(new StormVerifier.Outbound(number, sent.get(messageId), messageId, wamid)));
      System.out.printf("storm: %d outbound messages sent and given a wamid, their statuses go into the storm%n", wamids.size());
    } catch (Exception e) {
      throw new IllegalStateException("storm set-up failed: " + e.getMessage(), e);
    }
  }

  /** Sends what was held back, then verifies through the API (with admin credentials); true when all is well. */
  private boolean verify() {
    try {
      for (StormTraffic.Post post : traffic.drainLate()) {
        if (api.webhook(post.body(), post.signature()) / 100 == 2) {
          traffic.acknowledged(post.inboundWamids());
        }
      }
      System.out.println("storm: " + traffic.stats());
      if (ADMIN_EMAIL.isBlank()) {
        return true;
      }
      StormVerifier.Result r = StormVerifier.verify(api, traffic, outbound,
          Duration.ofSeconds(Integer.getInteger("verifyTimeout", 60)));
      System.out.println(r.print());
      return r.ok();
    } catch (Exception e) {
      System.out.println("storm: verification could not run: " + e);
      return false;
    }
  }

  /** Message id to wamid, for the messages the app has sent to the Cloud API (or the simulator) in time. */
  private Map<String, String> awaitWamids(String number, Map<String, String> sent, Duration timeout) throws Exception {
    Map<String, String> wamids = new LinkedHashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (wamids.size() < sent.size() && System.nanoTime() < deadline) {
      for (Map.Entry<String, String> e : sent.entrySet()) {
        if (wamids.containsKey(e.getKey())) {
          continue;
        }
        api.history(number, e.getValue()).stream()
            .filter(m -> e.getKey().equals(m.path("id").asText()) && m.path("wamid").isTextual())
            .findFirst().ifPresent(m -> wamids.put(e.getKey(), m.path("wamid").asText()));
      }
      if (wamids.size() < sent.size()) {
        Thread.sleep(500); // polling the read model, bounded by the deadline
      }
    }
    return wamids;
  }
}
