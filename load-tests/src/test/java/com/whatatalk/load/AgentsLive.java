package com.whatatalk.load;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.javaapi.core.*;
import io.gatling.javaapi.http.*;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Agents live (first slice): {@code agents} virtual agents log in and hold {@code /api/live}
 * WebSockets while customers write in (signed webhooks at {@code rate}/s, each text carrying its
 * send time) and agents now and then reply to a conversation they saw an event of. Event to socket
 * latency: the time from just before a webhook's POST to the frame of its {@code message.created}
 * on each socket, printed as percentiles afterwards. A last "sockets" request is KO (the run
 * fails) when a socket did not get exactly one frame per acknowledged customer message (one
 * missed, for instance dropped for a {@code resync}, or doubled) or when p95 is above {@code p95}.
 *
 * <pre>
 * mvn -pl load-tests gatling:test -Dgatling.simulationClass=com.whatatalk.load.AgentsLive \
 *   -Dtarget=http://127.0.0.1:8080 -DappSecret=... -DagentEmail=... -DagentPassword=... \
 *   -Dagents=200 -Drate=20 -Dduration=60
 * </pre>
 *
 * Properties (defaults): target, appSecret, agentEmail and agentPassword (logged in once before
 * the run; every virtual agent's socket shares that session, as logins are throttled per client
 * address: 200 distinct agent users are still to do), agents
 * (200), rate of customer messages per second (20), duration s (60), phoneNumberId
 * (106540352242922), customers (500), replyEvery s (20), p95 ms (200).
 */
public class AgentsLive extends Simulation {
  private static final String TARGET = System.getProperty("target", "http://127.0.0.1:8080");
  private static final String APP_SECRET = System.getProperty("appSecret", "");
  private static final int AGENTS = Integer.getInteger("agents", 200);
  private static final int RATE = Integer.getInteger("rate", 20);
  private static final int DURATION = Integer.getInteger("duration", 60);
  private static final String NUMBER = System.getProperty("phoneNumberId", "106540352242922");
  private static final int CUSTOMERS = Integer.getInteger("customers", 500);
  private static final int REPLY_EVERY = Integer.getInteger("replyEvery", 20);
  private static final int P95 = Integer.getInteger("p95", 200);
  private static final String MARK = "live-probe-sent-at-";

  private static final List<Long> LATENCIES = Collections.synchronizedList(new ArrayList<>());
  /** Customer messages' frames each socket received, one entry per socket when it closes. */
  private static final List<Integer> FRAMES_PER_SOCKET = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong messages = new AtomicLong();
  private final AtomicLong acknowledged = new AtomicLong();
  private final long base = 1_700_000_000_000L + (System.currentTimeMillis() / 1000 % 1_000_000) * 100_000L;

  private final Iterator<Map<String, Object>> inbound = Stream.generate(() -> {
    long n = messages.getAndIncrement();
    String wa = Long.toString(base + n % CUSTOMERS);
    long ts = System.currentTimeMillis();
    String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{\"value\":"
        + "{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550783881\",\"phone_number_id\":\""
        + NUMBER + "\"},\"contacts\":[{\"profile\":{\"name\":\"Live customer\"},\"wa_id\":\"" + wa + "\"}],\"messages\":[{\"from\":\""
        + wa + "\",\"id\":\"wamid.live." + base + "." + n + "\",\"timestamp\":\"" + ts / 1000 + "\",\"type\":\"text\",\"text\":{\"body\":\""
        + MARK + ts + "\"}}]},\"field\":\"messages\"}]}]}";
    return Map.<String, Object>of("body", body, "signature", StormTraffic.signature(APP_SECRET, body));
  }).iterator();

  private final HttpProtocolBuilder httpProtocol = http.baseUrl(TARGET).contentTypeHeader("application/json")
      .wsBaseUrl(TARGET.replaceFirst("^http", "ws"))
      // Frames no check waits for are kept for processUnmatchedMessages (none are by default).
      .wsUnmatchedInboundMessageBufferSize(10_000);
  private final ApiClient api = new ApiClient(TARGET);

  private final ScenarioBuilder customers = scenario("Customers write in")
      .feed(inbound)
      .exec(http("webhook").post("/webhooks/whatsapp")
          .header("X-Hub-Signature-256", session -> session.getString("signature"))
          .body(StringBody(session -> session.getString("body")))
          .check(status().is(200)))
      .exec(session -> {
        if (!session.isFailed()) {
          acknowledged.incrementAndGet();
        }
        return session;
      });

  private final ScenarioBuilder agents = scenario("Agents live")
      .exec(ws("live", "live").connect("/api/live").header("Cookie", session -> api.cookie())
          .await(10).on(ws.checkTextMessage("ready").check(jsonPath("$.type").in("ready", "resync"))))
      .during(Duration.ofSeconds(DURATION)).on(
          pause(Duration.ofSeconds(1))
              .exec(ws.processUnmatchedMessages("live", (frames, session) -> {
                String customer = null;
                int received = session.contains("frames") ? session.getInt("frames") : 0;
                for (var frame : frames) {
                  if (!(frame instanceof io.gatling.http.action.ws.WsInboundMessage.Text text)) {
                    continue;
                  }
                  JsonNode event = parse(text.message());
                  String body = event.path("data").path("message").path("content").path("body").asText("");
                  if ("message.created".equals(event.path("type").asText()) && body.startsWith(MARK)) {
                    LATENCIES.add(frame.timestamp() - Long.parseLong(body.substring(MARK.length())));
                    customer = event.path("customerKey").asText();
                    received++;
                  }
                }
                Session counted = session.set("frames", received);
                return customer == null ? counted : counted.set("lastCustomer", customer);
              }))
              .doIf(session -> session.contains("lastCustomer") && Math.random() < 1.0 / REPLY_EVERY).then(
                  exec(http("reply").post("/api/conversations/" + NUMBER + "/#{lastCustomer}/messages")
                      .header("Cookie", session -> api.cookie())
                      .body(StringBody("{\"type\":\"text\",\"text\":{\"body\":\"On it!\"}}"))
                      .check(status().is(202)))))
      .exec(session -> {
        FRAMES_PER_SOCKET.add(session.contains("frames") ? session.getInt("frames") : 0);
        return session;
      })
      .exec(ws("close", "live").close());

  /** Last: frames per socket and latency, as a "sockets" request that is KO when either misses its target. */
  private final ScenarioBuilder report = scenario("Report").exec(Outcome.request("sockets", this::report));

  {
    if (APP_SECRET.isBlank()) {
      throw new IllegalArgumentException("-DappSecret=<the app secret WhataTalk checks signatures with> is required");
    }
    int rampSeconds = Math.max(1, AGENTS / 20);
    setUp(
        agents.injectOpen(rampUsers(AGENTS).during(Duration.ofSeconds(rampSeconds)))
            .andThen(report.injectOpen(atOnceUsers(1))),
        customers.injectOpen(nothingFor(Duration.ofSeconds(rampSeconds + 5)),
            constantUsersPerSec(RATE).during(Duration.ofSeconds(Math.max(1, DURATION - rampSeconds - 10)))))
        .protocols(httpProtocol)
        .assertions(global().failedRequests().count().is(0L));
  }

  private static JsonNode parse(String frame) {
    try {
      return ApiClient.JSON.readTree(frame);
    } catch (Exception e) {
      return ApiClient.JSON.createObjectNode();
    }
  }

  /** Logs in once: every virtual agent's socket uses this session (logins are throttled per address). */
  @Override
  public void before() {
    try {
      api.login(System.getProperty("agentEmail", ""), System.getProperty("agentPassword", ""), null);
    } catch (Exception e) {
      throw new IllegalStateException("agents live: login failed: " + e.getMessage(), e);
    }
  }

  private boolean report() {
    List<Integer> off = FRAMES_PER_SOCKET.stream().filter(n -> n != acknowledged.get()).toList();
    System.out.printf("agents live: %d sockets closed, %d with other than the %d frames expected %s%n",
        FRAMES_PER_SOCKET.size(), off.size(), acknowledged.get(), off.subList(0, Math.min(5, off.size())));
    List<Long> sorted = new ArrayList<>(LATENCIES);
    sorted.sort(null);
    if (sorted.isEmpty()) {
      System.out.println("agents live: no message.created frame reached a socket");
      return false;
    }
    long p50 = sorted.get(sorted.size() / 2);
    long p95 = sorted.get((int) Math.min(sorted.size() - 1, sorted.size() * 0.95));
    long p99 = sorted.get((int) Math.min(sorted.size() - 1, sorted.size() * 0.99));
    System.out.printf("agents live: %d customer messages posted, %d frames received over %d sockets; event to socket "
        + "p50 %d ms, p95 %d ms, p99 %d ms, max %d ms (target p95 <= %d ms)%n",
        messages.get(), sorted.size(), AGENTS, p50, p95, p99, sorted.get(sorted.size() - 1), P95);
    return off.isEmpty() && FRAMES_PER_SOCKET.size() == AGENTS && p95 <= P95;
  }
}
