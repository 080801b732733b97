package com.whatatalk.simulator.webhooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.whatatalk.simulator.SimulatorSettings.PhoneNumber;

/**
 * One thing to tell the CRM: an inbound message (with its contact), a system message (no
 * contact), a status, or an account-level error. Several items may share one POST.
 */
public record WebhookItem(PhoneNumber number, Kind kind, ObjectNode payload, ObjectNode contact) {

  /** Which array of {@code value} the payload goes in; kinds never share a {@code value}. */
  public enum Kind {
    MESSAGE,
    SYSTEM,
    STATUS,
    ERROR
  }

  public static WebhookItem message(PhoneNumber n, ObjectNode message, ObjectNode contact) {
    return new WebhookItem(n, contact == null ? Kind.SYSTEM : Kind.MESSAGE, message, contact);
  }

  public static WebhookItem status(PhoneNumber n, ObjectNode status) {
    return new WebhookItem(n, Kind.STATUS, status, null);
  }
}
