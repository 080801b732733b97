package com.whatatalk.engine.contacts;

import java.time.Instant;

/** A note about a contact: internal, never sent. {@code noteId} is a time-based UUID. */
public record ContactNote(
    String noteId, String authorId, String authorName, String text, Instant createdAt) {}
