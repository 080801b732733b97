package com.whatatalk.engine.inbox;

/** A conversation as one agent sees it: the summary and that agent's unread count. */
public record ConversationView(ConversationSummary summary, long unread) {
  static ConversationView of(ConversationSummary summary, String forAgent) {
    return new ConversationView(summary, summary.unreadFor(forAgent));
  }
}
