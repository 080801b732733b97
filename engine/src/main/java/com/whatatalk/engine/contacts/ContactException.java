package com.whatatalk.engine.contacts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Why a contact operation was refused; the HTTP edge maps {@link Kind} to a status. {@link
 * #fields()} names each invalid request field with its message.
 */
public final class ContactException extends RuntimeException {
  public enum Kind {
    /** 400 {@code validation_failed}, with {@link #fields()}. */
    VALIDATION,
    /** 404 {@code not_found}: no conversation and no saved contact under that key. */
    NOT_FOUND,
    /** 409 {@code conflict}: concurrent edits kept winning over this one. */
    CONFLICT
  }

  private final Kind kind;
  private final Map<String, String> fields;

  private ContactException(Kind kind, String message, Map<String, String> fields) {
    super(message, null, false, false);
    this.kind = kind;
    this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  public static ContactException validation(Map<String, String> fields) {
    return new ContactException(
        Kind.VALIDATION,
        fields.entrySet().stream()
            .map(e -> e.getKey() + ": " + e.getValue())
            .collect(Collectors.joining("; ")),
        fields);
  }

  public static ContactException notFound(String message) {
    return new ContactException(Kind.NOT_FOUND, message, Map.of());
  }

  public static ContactException conflict(String message) {
    return new ContactException(Kind.CONFLICT, message, Map.of());
  }

  public Kind kind() {
    return kind;
  }

  /** Field name to message; empty unless {@link Kind#VALIDATION}. */
  public Map<String, String> fields() {
    return fields;
  }
}
