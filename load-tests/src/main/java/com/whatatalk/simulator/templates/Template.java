package com.whatatalk.simulator.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.whatatalk.simulator.Json;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A message template as the management API lists it (§9.1). {@code components} is Meta's JSON
 * (HEADER/BODY/FOOTER/BUTTONS); the send-time checks read their placeholders from it.
 */
public record Template(
    String id,
    String name,
    String language,
    String status,
    String category,
    String parameterFormat,
    ArrayNode components) {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_]+)\\s*}}");

  public boolean named() {
    return "NAMED".equals(parameterFormat);
  }

  public Optional<JsonNode> component(String type) {
    for (JsonNode c : components) {
      if (type.equalsIgnoreCase(c.path("type").asText())) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** Distinct placeholders of a component's text, in order of first appearance. */
  public static Set<String> placeholders(String text) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  public ArrayNode buttons() {
    return component("BUTTONS")
        .map(c -> (ArrayNode) c.path("buttons"))
        .orElseGet(Json::array);
  }

  /** Pricing category of a send with this template ("marketing", "utility", ...). */
  public String pricingCategory() {
    return category.toLowerCase(Locale.ROOT);
  }

  public ObjectNode toJson() {
    ObjectNode n = Json.object();
    n.put("name", name);
    n.put("parameter_format", parameterFormat);
    n.set("components", components.deepCopy());
    n.put("language", language);
    n.put("status", status);
    n.put("category", category);
    n.put("id", id);
    return n;
  }
}
