package com.whatatalk.engine.inbox;

/**
 * The list filters of the inbox API: by assignee and unread-only (for the asking agent).
 *
 * @param agentId the assignee for {@link Assignee#AGENT}, else null
 */
public record ConversationFilter(Assignee assignee, String agentId, boolean unreadOnly) {

  public enum Assignee {
    ANY,
    /** Assigned to the asking agent ({@code forAgent}). */
    MINE,
    UNASSIGNED,
    /** Assigned to {@code agentId}. */
    AGENT
  }

  public ConversationFilter {
    if (assignee == null) {
      throw new IllegalArgumentException("assignee filter is required");
    }
    if (assignee == Assignee.AGENT && (agentId == null || agentId.isBlank())) {
      throw new IllegalArgumentException("an agent id is required to filter by agent");
    }
    if (assignee != Assignee.AGENT) {
      agentId = null;
    }
  }

  public static ConversationFilter all() {
    return new ConversationFilter(Assignee.ANY, null, false);
  }

  public static ConversationFilter mine() {
    return new ConversationFilter(Assignee.MINE, null, false);
  }

  public static ConversationFilter unassigned() {
    return new ConversationFilter(Assignee.UNASSIGNED, null, false);
  }

  public static ConversationFilter assignedTo(String agentId) {
    return new ConversationFilter(Assignee.AGENT, agentId, false);
  }

  public ConversationFilter withUnreadOnly() {
    return new ConversationFilter(assignee, agentId, true);
  }

  /** No filter: every row of the list matches. */
  public boolean isAll() {
    return assignee == Assignee.ANY && !unreadOnly;
  }

  public boolean matches(ConversationSummary s, String forAgent) {
    boolean assigneeOk =
        switch (assignee) {
          case ANY -> true;
          case MINE -> forAgent != null && forAgent.equals(s.assigneeId());
          case UNASSIGNED -> s.assigneeId() == null;
          case AGENT -> agentId.equals(s.assigneeId());
        };
    return assigneeOk && (!unreadOnly || s.unreadFor(forAgent) > 0);
  }
}
