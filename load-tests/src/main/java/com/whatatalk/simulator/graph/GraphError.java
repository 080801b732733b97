package com.whatatalk.simulator.graph;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.whatatalk.simulator.Json;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A Graph API error as Meta returns it (§2.3): {@code message = "(#code) title"}, {@code type},
 * {@code code}, optional {@code error_subcode}, {@code error_data.details} and {@code fbtrace_id}.
 * The HTTP status follows Meta's older error table; clients must branch on {@code code}.
 */
public record GraphError(
    int httpStatus, String type, int code, Integer subcode, String title, String details) {

  private static final SecureRandom RANDOM = new SecureRandom();

  public ObjectNode toJson() {
    ObjectNode body = Json.object();
    ObjectNode error = body.putObject("error");
    // Graph object errors (100/33) carry the full sentence as message, not "(#code) title".
    error.put("message", type.equals(ErrorCodes.GRAPH_METHOD) ? title : "(#" + code + ") " + title);
    error.put("type", type);
    error.put("code", code);
    if (subcode != null) {
      error.put("error_subcode", subcode);
    }
    if (details != null) {
      ObjectNode data = error.putObject("error_data");
      data.put("messaging_product", "whatsapp");
      data.put("details", details);
    }
    error.put("fbtrace_id", fbtraceId());
    return body;
  }

  /** The same error as it appears in a status or inbound webhook's {@code errors[]}. */
  public ObjectNode toWebhookJson() {
    ObjectNode e = Json.object();
    e.put("code", code);
    e.put("title", title);
    e.put("message", title);
    e.putObject("error_data").put("details", details);
    e.put("href", "/documentation/business-messaging/whatsapp/support/error-codes");
    return e;
  }

  private static String fbtraceId() {
    byte[] b = new byte[18];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b).substring(0, 23);
  }
}
