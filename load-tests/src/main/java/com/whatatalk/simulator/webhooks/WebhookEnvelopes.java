package com.whatatalk.simulator.webhooks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.whatatalk.simulator.Json;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds Meta's webhook envelope (§4.4): {@code object}, one {@code entry} per WABA, one
 * {@code change} (field "messages") per phone number and kind, whose {@code value} holds
 * {@code messaging_product}, {@code metadata} and one of contacts+messages, messages (system),
 * statuses or errors.
 */
public final class WebhookEnvelopes {
  private WebhookEnvelopes() {}

  public static ObjectNode envelope(List<WebhookItem> items) {
    // entry per WABA, then change per (number, kind), in arrival order.
    Map<String, Map<String, List<WebhookItem>>> byWaba = new LinkedHashMap<>();
    for (WebhookItem item : items) {
      byWaba.computeIfAbsent(item.number().wabaId(), k -> new LinkedHashMap<>())
          .computeIfAbsent(item.number().id() + "/" + item.kind(), k -> new java.util.ArrayList<>())
          .add(item);
    }
    ObjectNode root = Json.object();
    root.put("object", "whatsapp_business_account");
    ArrayNode entries = root.putArray("entry");
    byWaba.forEach((waba, changes) -> {
      ObjectNode entry = entries.addObject();
      entry.put("id", waba);
      ArrayNode changeArray = entry.putArray("changes");
      changes.values().forEach(group -> {
        ObjectNode change = changeArray.addObject();
        change.set("value", value(group));
        change.put("field", "messages");
      });
    });
    return root;
  }

  private static ObjectNode value(List<WebhookItem> group) {
    WebhookItem first = group.get(0);
    ObjectNode value = Json.object();
    value.put("messaging_product", "whatsapp");
    ObjectNode metadata = value.putObject("metadata");
    metadata.put("display_phone_number", first.number().displayPhoneNumber());
    metadata.put("phone_number_id", first.number().id());
    switch (first.kind()) {
      case MESSAGE -> {
        ArrayNode contacts = value.putArray("contacts");
        Set<String> seen = new HashSet<>();
        for (WebhookItem i : group) {
          if (seen.add(i.contact().toString())) {
            contacts.add(i.contact());
          }
        }
        ArrayNode messages = value.putArray("messages");
        group.forEach(i -> messages.add(i.payload()));
      }
      case SYSTEM -> {
        ArrayNode messages = value.putArray("messages");
        group.forEach(i -> messages.add(i.payload()));
      }
      case STATUS -> {
        ArrayNode statuses = value.putArray("statuses");
        group.forEach(i -> statuses.add(i.payload()));
      }
      case ERROR -> {
        ArrayNode errors = value.putArray("errors");
        group.forEach(i -> errors.add(i.payload()));
      }
    }
    return value;
  }
}
