package com.whatatalk.simulator.customers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.whatatalk.simulator.Json;
import java.time.Duration;

/**
 * The run-time switches of the customer side: status delays and probabilities, duplicates and
 * out-of-order delivery. Immutable; the simulator swaps the whole record when a control call
 * changes some of it.
 */
public record Switches(
    Duration sentDelay,
    Duration deliveredDelay,
    Duration readDelay,
    Duration jitter,
    double readProbability,
    boolean readReceipts,
    double skipDeliveredProbability,
    double duplicateProbability,
    boolean outOfOrder) {

  public static Switches fromConfig(Config c) {
    return new Switches(
        c.getDuration("sent-delay"),
        c.getDuration("delivered-delay"),
        c.getDuration("read-delay"),
        c.getDuration("jitter"),
        c.getDouble("read-probability"),
        c.getBoolean("read-receipts"),
        c.getDouble("skip-delivered-probability"),
        c.getDouble("duplicate-probability"),
        c.getBoolean("out-of-order"));
  }

  public Switches withReadReceipts(boolean on) {
    return new Switches(sentDelay, deliveredDelay, readDelay, jitter, readProbability, on,
        skipDeliveredProbability, duplicateProbability, outOfOrder);
  }

  public Switches withDuplicateProbability(double p) {
    return new Switches(sentDelay, deliveredDelay, readDelay, jitter, readProbability, readReceipts,
        skipDeliveredProbability, p, outOfOrder);
  }

  public Switches withOutOfOrder(boolean on) {
    return new Switches(sentDelay, deliveredDelay, readDelay, jitter, readProbability, readReceipts,
        skipDeliveredProbability, duplicateProbability, on);
  }

  public Switches withSkipDeliveredProbability(double p) {
    return new Switches(sentDelay, deliveredDelay, readDelay, jitter, readProbability, readReceipts,
        p, duplicateProbability, outOfOrder);
  }

  public Switches withDelays(Duration sent, Duration delivered, Duration read, Duration jitter) {
    return new Switches(sent, delivered, read, jitter, readProbability, readReceipts,
        skipDeliveredProbability, duplicateProbability, outOfOrder);
  }

  /** Applies the fields present in a control-API patch (snake_case keys, delays in ms). */
  public Switches patch(JsonNode p) {
    return new Switches(
        ms(p, "sent_delay_ms", sentDelay),
        ms(p, "delivered_delay_ms", deliveredDelay),
        ms(p, "read_delay_ms", readDelay),
        ms(p, "jitter_ms", jitter),
        p.path("read_probability").asDouble(readProbability),
        p.path("read_receipts").asBoolean(readReceipts),
        p.path("skip_delivered_probability").asDouble(skipDeliveredProbability),
        p.path("duplicate_probability").asDouble(duplicateProbability),
        p.path("out_of_order").asBoolean(outOfOrder));
  }

  public ObjectNode toJson() {
    ObjectNode n = Json.object();
    n.put("sent_delay_ms", sentDelay.toMillis());
    n.put("delivered_delay_ms", deliveredDelay.toMillis());
    n.put("read_delay_ms", readDelay.toMillis());
    n.put("jitter_ms", jitter.toMillis());
    n.put("read_probability", readProbability);
    n.put("read_receipts", readReceipts);
    n.put("skip_delivered_probability", skipDeliveredProbability);
    n.put("duplicate_probability", duplicateProbability);
    n.put("out_of_order", outOfOrder);
    return n;
  }

  private static Duration ms(JsonNode p, String key, Duration current) {
    return p.has(key) ? Duration.ofMillis(p.get(key).asLong()) : current;
  }
}
