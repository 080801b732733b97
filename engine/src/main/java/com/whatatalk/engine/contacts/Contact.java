package com.whatatalk.engine.contacts;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * What agents saved about a customer, as stored in {@code contacts}: the name (null: none saved,
 * WhatsApp's profile name shows), tags (lower-case) and custom attributes. {@code version} grows
 * by one with each change (the compare-and-set of concurrent edits).
 */
public record Contact(
    String name,
    Set<String> tags,
    Map<String, String> attributes,
    long version,
    Instant updatedAt,
    String updatedBy) {

  public Contact {
    tags = tags == null ? Set.of() : Set.copyOf(tags);
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  static final Contact NONE = new Contact(null, Set.of(), Map.of(), 0, null, null);
}
