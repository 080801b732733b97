package com.whatatalk.engine.conversation;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.whatatalk.engine.CborSerializable;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.pattern.StatusReply;

/**
 * Why the conversation refused a command. The entity answers a refusal with {@code
 * StatusReply.error(new ConversationException(code, message))} and persists nothing; {@code
 * askWithStatus} then fails with this exception, which the HTTP layer maps to {@code
 * {"error":{"code": code.wire(), "message": message()}}} (the message is meant for people, the code
 * for programs).
 *
 * <p>The exception crosses nodes inside the {@code StatusReply} (Jackson CBOR through the project's
 * marker interface; no stack trace is kept or sent). Its {@link #getMessage()} is also prefixed
 * with the wire code ({@code "window_closed: ..."}), so even a plain-text error keeps its code:
 * {@link #from(Throwable)} recovers it in both cases.
 */
@JsonAutoDetect(
    fieldVisibility = JsonAutoDetect.Visibility.NONE,
    getterVisibility = JsonAutoDetect.Visibility.NONE,
    isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonIgnoreProperties(ignoreUnknown = true)
public final class ConversationException extends RuntimeException implements CborSerializable {

  private static final long serialVersionUID = 1L;

  /** The machine-readable reasons; {@link #wire()} is what API clients see. */
  public enum Code {
    /** A non-template message outside the 24-hour customer service window. */
    WINDOW_CLOSED("window_closed"),
    /** The conversation is assigned to someone else and the actor is not an admin. */
    NOT_ASSIGNEE("not_assignee"),
    /** The command breaks one of Meta's limits or misses a required field. */
    VALIDATION_FAILED("validation_failed"),
    /** A message (by message id or wamid) this conversation does not know. */
    NOT_FOUND("not_found"),
    /** A fact contradicting one already recorded (a second, different send result). */
    CONFLICT("conflict");

    private final String wire;

    Code(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    public static Optional<Code> fromWire(String wire) {
      for (Code c : values()) {
        if (c.wire.equals(wire)) {
          return Optional.of(c);
        }
      }
      return Optional.empty();
    }
  }

  @JsonProperty("code")
  private final Code code;

  @JsonProperty("detail")
  private final String detail;

  @JsonCreator
  public ConversationException(
      @JsonProperty("code") Code code, @JsonProperty("detail") String detail) {
    // No stack trace: this is an answer, not a bug, and it is sent over the wire.
    super(Objects.requireNonNull(code, "code").wire() + ": " + detail, null, false, false);
    this.code = code;
    this.detail = detail;
  }

  public Code code() {
    return code;
  }

  /** The human-readable explanation, without the code prefix. */
  public String detail() {
    return detail;
  }

  /** A refusal as the {@link StatusReply} the entity sends. */
  public static <T> StatusReply<T> reply(Code code, String detail) {
    return StatusReply.error(new ConversationException(code, detail));
  }

  /**
   * The refusal inside a failed ask, if it is one: unwraps {@link CompletionException} and {@link
   * ExecutionException}, and also reads a {@link StatusReply.ErrorMessage} whose text starts with a
   * known wire code. Empty for timeouts and anything else (the HTTP layer's 5xx cases).
   */
  public static Optional<ConversationException> from(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof ConversationException ce) {
      return Optional.of(ce);
    }
    if (t instanceof StatusReply.ErrorMessage em && em.getMessage() != null) {
      String text = em.getMessage();
      int colon = text.indexOf(": ");
      if (colon > 0) {
        String detail = text.substring(colon + 2);
        return Code.fromWire(text.substring(0, colon))
            .map(c -> new ConversationException(c, detail));
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConversationException other
        && code == other.code
        && Objects.equals(detail, other.detail);
  }

  @Override
  public int hashCode() {
    return Objects.hash(code, detail);
  }
}
