package com.whatatalk.load;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.javaapi.core.*;
import io.gatling.javaapi.http.*;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Campaign (first slice): a template sent through the API to {@code customers} customers spread
 * over business numbers each configured at its mps (in WhataTalk and in the Cloud API simulator),
 * then, from the simulator's counters, the rate each number achieved against its configuration,
 * the time until every message was accepted, and the 130429 answers seen. A last "delivery"
 * request is KO (the run fails) when the simulator has not accepted every message (130429s
 * retried) within {@code deliverTimeout}. A send refused with 429 (the number's outbound queue is
 * full) or 503 (overloaded) is tried again, after its Retry-After, as a bulk sender should; the
 * counts are printed.
 *
 * <pre>
 * mvn -pl load-tests gatling:test -Dgatling.simulationClass=com.whatatalk.load.Campaign \
 *   -Dtarget=http://127.0.0.1:8080 -Dsimulator=http://127.0.0.1:8089 -DadminEmail=... -DadminPassword=... \
 *   -Dcustomers=2000 -Drate=500 -Dnumbers=106540352242922:1000
 * </pre>
 *
 * Properties (defaults): target, simulator (http://127.0.0.1:8089), adminEmail, adminPassword,
 * customers (1000), rate: at most this many API sends per second (500), senders sending at once
 * (32), numbers as id:mps pairs
 * (106540352242922:1000; a second number needs a simulator that has it: SIMULATOR_EXTRA_PHONE_NUMBERS),
 * wabaId (102290129340398), template (hello_world), language (en_US), deliverTimeout s (600).
 * Messages are split over the numbers in proportion to their mps.
 */
public class Campaign extends Simulation {
  private static final String TARGET = System.getProperty("target", "http://127.0.0.1:8080");
  private static final String SIMULATOR = System.getProperty("simulator", "http://127.0.0.1:8089");
  private static final int CUSTOMERS = Integer.getInteger("customers", 1000);
  private static final int RATE = Integer.getInteger("rate", 500);
  private static final int SENDERS = Integer.getInteger("senders", 32);
  private static final String WABA_ID = System.getProperty("wabaId", "102290129340398");
  private static final String TEMPLATE = System.getProperty("template", "hello_world");
  private static final String LANGUAGE = System.getProperty("language", "en_US");
  private static final List<String[]> NUMBERS = Stream.of(System.getProperty("numbers", "106540352242922:1000").split(","))
      .map(n -> n.split(":")).toList();

  private final ApiClient api = new ApiClient(TARGET);
  private final AtomicLong next = new AtomicLong();
  private final AtomicLong throttled = new AtomicLong();
  private final AtomicLong busy = new AtomicLong();
  private final long base = 1_800_000_000_000L + (System.currentTimeMillis() / 1000 % 1_000_000) * 100_000L;
  private volatile long sendStart;

  private final Iterator<Map<String, Object>> recipients = Stream.generate(() -> {
    long i = next.getAndIncrement();
    return Map.<String, Object>of("index", i, "number", numberFor(i), "customer", Long.toString(base + i));
  }).iterator();

  private final HttpProtocolBuilder httpProtocol = http.baseUrl(TARGET).shareConnections().contentTypeHeader("application/json");

  // A bulk sender as a CRM customer would write one: SENDERS concurrent senders (so at most that
  // many connections and requests in flight), paced to RATE sends/s in all, each taking the next
  // recipient until none is left. A message is sent until it is accepted (202): after a 429
  // (the number's outbound queue is full) it waits the Retry-After, after a 503 (the engine is
  // overloaded) one second; the same clientMessageId makes a retry safe. Any other answer fails
  // the run.
  private final ScenarioBuilder campaign = scenario("Campaign")
      .asLongAs(session -> next.get() < CUSTOMERS).on(
          pace(Duration.ofMillis(Math.max(1, 1000L * SENDERS / RATE)))
          .feed(recipients)
          .doIf(session -> session.getLong("index") < CUSTOMERS).then(
              exec(session -> session.set("status", 0))
              .asLongAs(session -> session.getInt("status") != 202 && session.getInt("status") != -1, "attempt").on(
                  exec(http("send template")
                      .post("/api/conversations/#{number}/#{customer}/messages")
                      .header("Cookie", session -> api.cookie())
                      .body(StringBody("{\"type\":\"template\",\"template\":{\"name\":\"" + TEMPLATE
                          + "\",\"language\":{\"code\":\"" + LANGUAGE + "\"}},\"clientMessageId\":\"campaign-#{customer}\"}"))
                      .check(status().in(202, 429, 503).saveAs("status"),
                          header("Retry-After").withDefault("1").saveAs("retryAfter")))
                  .exec(session -> session.isFailed() ? session.set("status", -1) : session)
                  .doIf(session -> session.getInt("status") == 429 || session.getInt("status") == 503).then(
                      exec(session -> {
                        (session.getInt("status") == 429 ? throttled : busy).incrementAndGet();
                        return session;
                      })
                      .pause(session -> Duration.ofSeconds(Long.parseLong(session.getString("retryAfter"))))))));

  private final ScenarioBuilder delivery = scenario("Delivery").exec(Outcome.request("delivery", this::awaitDelivery));

  {
    setUp(campaign.injectOpen(atOnceUsers(SENDERS)).andThen(delivery.injectOpen(atOnceUsers(1))))
        .protocols(httpProtocol)
        .assertions(global().failedRequests().count().is(0L));
  }

  private static String numberFor(long i) {
    int total = NUMBERS.stream().mapToInt(n -> Integer.parseInt(n[1])).sum();
    long slot = Math.floorMod(i * 7919L, total);
    for (String[] n : NUMBERS) {
      slot -= Integer.parseInt(n[1]);
      if (slot < 0) {
        return n[0];
      }
    }
    return NUMBERS.get(0)[0];
  }

  @Override
  public void before() {
    try {
      api.login(System.getProperty("adminEmail", ""), System.getProperty("adminPassword", ""), System.getProperty("adminNewPassword"));
      for (String[] n : NUMBERS) {
        api.ensurePhoneNumber(n[0], WABA_ID);
        api.callOk("PUT", "/api/phone-numbers/" + n[0], Map.of("mps", Integer.parseInt(n[1])));
        api.callOk("POST", SIMULATOR + "/_sim/numbers/" + n[0] + "/mps", Map.of("mps", Integer.parseInt(n[1])));
      }
      api.callOk("POST", "/api/templates/sync", Map.of());
      api.callOk("POST", SIMULATOR + "/_sim/stats/reset", Map.of());
      sendStart = System.nanoTime();
    } catch (Exception e) {
      throw new IllegalStateException("campaign set-up failed: " + e.getMessage(), e);
    }
  }

  /** Recipients taken (senders may take one past the end each, and skip it). */
  private long asked() {
    return Math.min(next.get(), CUSTOMERS);
  }

  /** Waits until the simulator accepted every message (or the timeout), prints per number; true when all were. */
  private boolean awaitDelivery() {
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(Integer.getInteger("deliverTimeout", 600)).toNanos();
      JsonNode stats;
      long accepted;
      do {
        Thread.sleep(1000); // polling the simulator's counters, bounded by the deadline
        stats = ApiClient.JSON.readTree(api.call("GET", SIMULATOR + "/_sim/stats", null).body());
        accepted = 0;
        for (String[] n : NUMBERS) {
          accepted += stats.path("phone_numbers").path(n[0]).path("accepted").asLong();
        }
      } while (accepted < asked() && System.nanoTime() < deadline);
      double elapsed = (System.nanoTime() - sendStart) / 1e9;
      List<String> lines = new ArrayList<>();
      lines.add("campaign: %d messages asked, %d accepted by the simulator after %.1f s".formatted(asked(), accepted, elapsed));
      for (String[] n : NUMBERS) {
        JsonNode s = stats.path("phone_numbers").path(n[0]);
        lines.add("  number %s: configured %s mps, accepted %d, peak accepted per second %d (%.0f %% of configured)".formatted(
            n[0], n[1], s.path("accepted").asLong(), s.path("max_accepted_per_second").asLong(),
            100.0 * s.path("max_accepted_per_second").asLong() / Integer.parseInt(n[1])));
      }
      lines.add("  errors by code (130429 = throughput exceeded, retried by the app): " + stats.path("errors_by_code"));
      lines.add("  sends refused with 429 (outbound queue full) and retried after Retry-After: " + throttled.get());
      lines.add("  sends answered 503 (engine overloaded) and retried after 1 s: " + busy.get());
      lines.forEach(System.out::println);
      return accepted >= asked();
    } catch (Exception e) {
      System.out.println("campaign: delivery could not be checked: " + e);
      return false;
    }
  }
}
