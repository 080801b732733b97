package com.whatatalk.engine.contacts;

import com.whatatalk.engine.conversation.Conversation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The limits of a contact, checked before anything is stored, with one message per invalid field
 * ({@code name}, {@code tags[2]}, {@code attributes.plan}...). Tags are trimmed and lower-cased
 * (so "VIP" and "vip " are one tag); names and notes are trimmed.
 */
public final class ContactRules {
  private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N} _.:/&+-]+");
  private static final Pattern ATTRIBUTE_KEY = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Pattern CONTROL = Pattern.compile("\\p{Cc}");

  private final ContactSettings settings;

  public ContactRules(ContactSettings settings) {
    this.settings = settings;
  }

  /** The patch with its name trimmed and its tags normalised; a ContactException when invalid. */
  public ContactPatch validate(ContactPatch patch) {
    Map<String, String> errors = new LinkedHashMap<>();
    String name = patch.name();
    if (patch.nameSet() && name != null) {
      name = name.strip();
      if (name.isEmpty()) {
        errors.put("name", "must not be blank (null clears the saved name)");
      } else if (length(name) > Conversation.CONTACT_NAME_MAX) {
        errors.put("name", "at most " + Conversation.CONTACT_NAME_MAX + " characters");
      } else if (CONTROL.matcher(name).find()) {
        errors.put("name", "must not contain control characters");
      }
    }
    List<String> tags = null;
    if (patch.tags() != null) {
      Set<String> normalised = new TreeSet<>();
      for (int i = 0; i < patch.tags().size(); i++) {
        String tag = patch.tags().get(i);
        String field = "tags[" + i + "]";
        if (tag == null || tag.isBlank()) {
          errors.put(field, "must not be blank");
          continue;
        }
        String t = tag.strip().toLowerCase(Locale.ROOT);
        if (length(t) > settings.tagMaxLength()) {
          errors.put(field, "at most " + settings.tagMaxLength() + " characters");
        } else if (!TAG.matcher(t).matches()) {
          errors.put(field, "only letters, digits, spaces and - _ . : / & +");
        } else {
          normalised.add(t);
        }
      }
      if (normalised.size() > settings.maxTags()) {
        errors.put("tags", "at most " + settings.maxTags() + " tags, was " + normalised.size());
      }
      tags = List.copyOf(normalised);
    }
    if (patch.attributes() != null) {
      patch
          .attributes()
          .forEach(
              (key, value) -> {
                String field = "attributes." + key;
                if (key.isEmpty()
                    || length(key) > settings.attributeKeyMaxLength()
                    || !ATTRIBUTE_KEY.matcher(key).matches()) {
                  errors.put(
                      field,
                      "keys are 1 to "
                          + settings.attributeKeyMaxLength()
                          + " letters, digits and - _ .");
                } else if (value != null && length(value) > settings.attributeValueMaxLength()) {
                  errors.put(field, "at most " + settings.attributeValueMaxLength() + " characters");
                }
              });
    }
    if (!errors.isEmpty()) {
      throw ContactException.validation(errors);
    }
    return new ContactPatch(patch.nameSet(), name, tags, patch.attributes());
  }

  /** {@code current} merged with the attribute patch (null values remove), within the limit. */
  public Map<String, String> mergeAttributes(
      Map<String, String> current, Map<String, String> patch) {
    if (patch == null) {
      return current;
    }
    Map<String, String> merged = new LinkedHashMap<>(current);
    patch.forEach(
        (key, value) -> {
          if (value == null) {
            merged.remove(key);
          } else {
            merged.put(key, value);
          }
        });
    if (merged.size() > settings.maxAttributes()) {
      throw ContactException.validation(
          Map.of(
              "attributes",
              "at most " + settings.maxAttributes() + " attributes, would be " + merged.size()));
    }
    return merged;
  }

  /** A note's text, trimmed; a ContactException when blank or too long. */
  public String noteText(String text) {
    if (text == null || text.isBlank()) {
      throw ContactException.validation(Map.of("text", "required"));
    }
    String t = text.strip();
    if (length(t) > settings.noteMaxLength()) {
      throw ContactException.validation(
          Map.of("text", "at most " + settings.noteMaxLength() + " characters, was " + length(t)));
    }
    return t;
  }

  private static int length(String s) {
    return s.codePointCount(0, s.length());
  }
}
