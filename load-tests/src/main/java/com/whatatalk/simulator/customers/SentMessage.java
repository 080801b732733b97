package com.whatatalk.simulator.customers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.whatatalk.simulator.Json;
import java.time.Instant;

/** A message the CRM sent that the simulator accepted, with the last status it was given. */
public final class SentMessage {
  private final String id;
  private final String phoneNumberId;
  private final String waId;
  private final String type;
  private final JsonNode request;
  private final Instant acceptedAt;
  private volatile String status = "accepted";
  private volatile Integer errorCode;

  public SentMessage(String id, String phoneNumberId, String waId, String type, JsonNode request,
      Instant acceptedAt) {
    this.id = id;
    this.phoneNumberId = phoneNumberId;
    this.waId = waId;
    this.type = type;
    this.request = request;
    this.acceptedAt = acceptedAt;
  }

  public String id() {
    return id;
  }

  public String phoneNumberId() {
    return phoneNumberId;
  }

  public String waId() {
    return waId;
  }

  public String type() {
    return type;
  }

  public JsonNode request() {
    return request;
  }

  public String status() {
    return status;
  }

  /** Records a status; statuses only move forward (a late 'delivered' does not undo 'read'). */
  synchronized void status(String newStatus, Integer code) {
    if (rank(newStatus) >= rank(status)) {
      status = newStatus;
      errorCode = code;
    }
  }

  private static int rank(String s) {
    return switch (s) {
      case "sent" -> 1;
      case "delivered" -> 2;
      case "read" -> 3;
      case "failed" -> 4;
      default -> 0;
    };
  }

  public ObjectNode toJson() {
    ObjectNode n = Json.object();
    n.put("id", id);
    n.put("phone_number_id", phoneNumberId);
    n.put("to", waId);
    n.put("type", type);
    n.put("accepted_at", acceptedAt.toString());
    n.put("status", status);
    if (errorCode != null) {
      n.put("error_code", errorCode);
    }
    n.set("request", request);
    return n;
  }
}
