package com.whatatalk.engine.contacts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A change to a contact; what is not set stays as it is.
 *
 * @param nameSet whether {@code name} is part of the change ({@code name} null then clears it)
 * @param tags the new tags, replacing the old ones; null: unchanged
 * @param attributes merged into the attributes (JSON merge patch): a null value removes that key;
 *     null: unchanged
 */
public record ContactPatch(
    boolean nameSet, String name, List<String> tags, Map<String, String> attributes) {

  public ContactPatch {
    tags = tags == null ? null : Collections.unmodifiableList(new java.util.ArrayList<>(tags));
    // Null values are meaningful (removal), so no Map.copyOf.
    attributes =
        attributes == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  public static ContactPatch rename(String name) {
    return new ContactPatch(true, name, null, null);
  }

  public boolean isEmpty() {
    return !nameSet && tags == null && attributes == null;
  }
}
