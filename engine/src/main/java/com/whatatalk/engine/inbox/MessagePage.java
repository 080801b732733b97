package com.whatatalk.engine.inbox;

import java.util.List;

/** A page of history, newest first; {@code nextCursor} is null at the beginning of history. */
public record MessagePage(List<HistoryEntry> messages, String nextCursor) {
  public MessagePage {
    messages = List.copyOf(messages);
  }
}
