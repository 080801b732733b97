package com.whatatalk.engine.inbox;

/** The inbox tabs: a conversation is in exactly one. */
public enum InboxState {
  ACTIVE("active"),
  ARCHIVED("archived");

  private final String column;

  InboxState(String column) {
    this.column = column;
  }

  /** The value stored in {@code inbox_by_activity.state}. */
  public String column() {
    return column;
  }

  public static InboxState of(boolean archived) {
    return archived ? ARCHIVED : ACTIVE;
  }
}
