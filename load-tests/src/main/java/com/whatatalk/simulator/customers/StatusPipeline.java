package com.whatatalk.simulator.customers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.whatatalk.simulator.Json;
import com.whatatalk.simulator.SimClock;
import com.whatatalk.simulator.SimulatorSettings.PhoneNumber;
import com.whatatalk.simulator.graph.GraphError;
import com.whatatalk.simulator.limits.ErrorCounters;
import com.whatatalk.simulator.webhooks.WebhookDispatcher;
import com.whatatalk.simulator.webhooks.WebhookItem;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * What happens to an accepted message on the customer's side (§8, §10.2): status webhooks
 * {@code sent → delivered → read} after the configured delays, with read receipts, skipped
 * 'delivered', duplicates and out-of-order arrival as switched; reactions only get 'sent'; a
 * message that cannot be delivered gets a single 'failed' status with the error.
 *
 * <p>Timestamps are truthful (sent ≤ delivered ≤ read) even when arrival order is not.
 * {@code pricing} rides on 'sent' and on exactly one of delivered/read (§4.6).
 */
public final class StatusPipeline {
  private final ActorSystem<?> system;
  private final SimClock clock;
  private final WebhookDispatcher webhooks;
  private final Supplier<Switches> switches;
  private final ErrorCounters errors;
  private final Random random;

  /** How a message is priced: {@code category} and whether a service window made it free. */
  public record Pricing(String category, boolean free) {}

  public StatusPipeline(ActorSystem<?> system, SimClock clock, WebhookDispatcher webhooks,
      Supplier<Switches> switches, ErrorCounters errors, Random random) {
    this.system = system;
    this.clock = clock;
    this.webhooks = webhooks;
    this.switches = switches;
    this.errors = errors;
    this.random = random;
  }

  /** Schedules the status webhooks of a message the customer will receive. */
  public void deliver(SentMessage m, PhoneNumber number, Customer customer, Pricing pricing,
      int apiVersion, String bizOpaque) {
    Switches s = switches.get();
    Duration toSent = s.sentDelay().plus(jitter(s));
    Duration toDelivered = toSent.plus(s.deliveredDelay()).plus(jitter(s));
    Duration toRead = toDelivered.plus(s.readDelay()).plus(jitter(s));
    Instant now = clock.now();
    String conversationId = UUID.randomUUID().toString().replace("-", "");
    ObjectNode sent = status(m, "sent", now.plus(toSent), bizOpaque);
    addPricing(sent, pricing, apiVersion, conversationId, true, now);
    emit(number, m, sent, toSent, s);
    if (m.type().equals("reaction")) {
      return; // Meta only ever sends 'sent' for reactions.
    }
    boolean receipts = customer.readReceipts() != null ? customer.readReceipts() : s.readReceipts();
    boolean read = receipts && random.nextDouble() < s.readProbability();
    boolean delivered = !read || random.nextDouble() >= s.skipDeliveredProbability();
    ObjectNode deliveredStatus = null;
    if (delivered) {
      deliveredStatus = status(m, "delivered", now.plus(toDelivered), bizOpaque);
      addPricing(deliveredStatus, pricing, apiVersion, conversationId, false, now);
    }
    ObjectNode readStatus = null;
    if (read) {
      readStatus = status(m, "read", now.plus(toRead), bizOpaque);
      if (!delivered) {
        addPricing(readStatus, pricing, apiVersion, conversationId, false, now);
      }
    }
    // Out of order: 'read' arrives when 'delivered' would have, and 'delivered' after it.
    boolean swap = s.outOfOrder() && delivered && read;
    if (deliveredStatus != null) {
      emit(number, m, deliveredStatus, swap ? toRead : toDelivered, s);
    }
    if (readStatus != null) {
      emit(number, m, readStatus, swap ? toDelivered : toRead, s);
    }
  }

  /** Schedules a 'failed' status carrying the error (e.g. 131047 outside the window). */
  public void fail(SentMessage m, PhoneNumber number, GraphError error, String bizOpaque) {
    Switches s = switches.get();
    Duration delay = s.sentDelay().plus(jitter(s));
    ObjectNode failed = status(m, "failed", clock.now().plus(delay), bizOpaque);
    failed.putArray("errors").add(error.toWebhookJson());
    errors.record(error.code());
    emit(number, m, failed, delay, s);
  }

  private ObjectNode status(SentMessage m, String status, Instant at, String bizOpaque) {
    ObjectNode n = Json.object();
    n.put("id", m.id());
    n.put("status", status);
    n.put("timestamp", Long.toString(at.getEpochSecond()));
    n.put("recipient_id", m.waId());
    if (bizOpaque != null) {
      n.put("biz_opaque_callback_data", bizOpaque);
    }
    return n;
  }

  private void addPricing(ObjectNode status, Pricing pricing, int apiVersion,
      String conversationId, boolean first, Instant now) {
    // Meta dropped 'conversation' from v24.0 on (§4.6); older versions carry it on each status.
    if (apiVersion < 24) {
      ObjectNode conv = status.putObject("conversation");
      conv.put("id", conversationId);
      if (first) {
        conv.put("expiration_timestamp",
            Long.toString(now.plus(Duration.ofHours(24)).getEpochSecond()));
      }
      conv.putObject("origin").put("type", pricing.category());
    }
    ObjectNode p = status.putObject("pricing");
    p.put("billable", !pricing.free());
    p.put("pricing_model", "PMP");
    p.put("type", pricing.free() ? "free_customer_service" : "regular");
    p.put("category", pricing.category());
  }

  private void emit(PhoneNumber number, SentMessage m, ObjectNode status, Duration delay,
      Switches s) {
    boolean duplicate = random.nextDouble() < s.duplicateProbability();
    String name = status.path("status").asText();
    Integer code = name.equals("failed") ? status.path("errors").path(0).path("code").asInt()
        : null;
    system.scheduler().scheduleOnce(delay, () -> {
      m.status(name, code);
      webhooks.offer(WebhookItem.status(number, status));
      if (duplicate) {
        webhooks.offer(WebhookItem.status(number, status.deepCopy()));
      }
    }, system.executionContext());
  }

  private Duration jitter(Switches s) {
    long max = s.jitter().toMillis();
    return max <= 0 ? Duration.ZERO : Duration.ofMillis((long) (random.nextDouble() * max));
  }
}
