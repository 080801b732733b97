package com.whatatalk.engine.inbox;

import java.util.List;

/**
 * A page of the inbox list, newest activity first. {@code nextCursor} is null at the end; with a
 * filter a page may hold fewer than asked (even none) while {@code nextCursor} is set: the scan
 * stopped at its bound (crm.engine.inbox.list-max-scan) and continues from there.
 */
public record ConversationPage(List<ConversationView> conversations, String nextCursor) {
  public ConversationPage {
    conversations = List.copyOf(conversations);
  }
}
