package com.whatatalk.http.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.whatatalk.simulator.SimulatorSettings;
import com.whatatalk.simulator.webhooks.WebhookEnvelopes;
import com.whatatalk.simulator.webhooks.WebhookItem;
import com.whatatalk.simulator.webhooks.WebhookSigner;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * A customer's text as Meta posts it, built and signed with the simulator's own webhook classes,
 * for tests that must time the POST themselves (the simulator batches and posts on its own).
 */
public final class InboundWebhook {
  private static final ObjectMapper JSON = new ObjectMapper();

  private InboundWebhook() {}

  /** The signed POST of one text from {@code waId} to {@code number}, as wamid {@code wamid}. */
  public static HttpRequest text(
      URI webhookUrl,
      String appSecret,
      SimulatorSettings.PhoneNumber number,
      String waId,
      String wamid,
      String body) {
    ObjectNode message = JSON.createObjectNode();
    message.put("from", waId);
    message.put("id", wamid);
    message.put("timestamp", Long.toString(Instant.now().getEpochSecond()));
    message.put("type", "text");
    message.putObject("text").put("body", body);
    ObjectNode contact = JSON.createObjectNode();
    contact.putObject("profile").put("name", "Customer " + waId);
    contact.put("wa_id", waId);
    byte[] bytes =
        WebhookEnvelopes.envelope(List.of(WebhookItem.message(number, message, contact)))
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    return HttpRequest.newBuilder(webhookUrl)
        .header("Content-Type", "application/json")
        .header(WebhookSigner.HEADER, new WebhookSigner(appSecret).sign(bytes))
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
        .build();
  }
}
