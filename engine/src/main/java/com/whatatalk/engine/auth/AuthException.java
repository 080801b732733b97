package com.whatatalk.engine.auth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Why a user or phone-number operation was refused; the HTTP edge maps {@link Kind} to a status
 * and an error code. {@link #fields()} names each invalid request field with its message.
 */
public final class AuthException extends RuntimeException {
  public enum Kind {
    /** 400 {@code validation_failed}, with {@link #fields()}. */
    VALIDATION,
    /** 403 {@code forbidden}: the caller's role does not allow it. */
    FORBIDDEN,
    /** 404 {@code not_found}. */
    NOT_FOUND,
    /** 409 {@code conflict}: a duplicate email or phone number id, or deactivating oneself. */
    CONFLICT,
    /** 503 {@code unavailable}: every password-hashing thread and queue slot is taken. */
    BUSY
  }

  private final Kind kind;
  private final Map<String, String> fields;

  public AuthException(Kind kind, String message) {
    this(kind, message, Map.of());
  }

  private AuthException(Kind kind, String message, Map<String, String> fields) {
    super(message, null, false, false);
    this.kind = kind;
    this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** A validation failure naming each field (in the given map's order in the message). */
  public static AuthException validation(Map<String, String> fields) {
    String message =
        fields.entrySet().stream()
            .map(e -> e.getKey() + ": " + e.getValue())
            .collect(Collectors.joining("; "));
    return new AuthException(Kind.VALIDATION, message, fields);
  }

  public Kind kind() {
    return kind;
  }

  /** Field name to message; empty unless {@link Kind#VALIDATION}. */
  public Map<String, String> fields() {
    return fields;
  }
}
