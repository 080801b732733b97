// Message statuses as the API spells them, and their order. The engine's chain is
// queued < sent < failed < delivered < read and a message shows the highest status seen: a late
// "delivered" never replaces "read", "failed" ends a queued or sent message, and only proof of
// arrival (delivered, read) can follow a failure. The client applies the same rule, so live
// events and refetches can never move a tick backwards.
export const MESSAGE_STATUS = Object.freeze({
  QUEUED: 'queued',
  SENT: 'sent',
  FAILED: 'failed',
  DELIVERED: 'delivered',
  READ: 'read',
});

export const STATUS_RANK = Object.freeze({
  queued: 0,
  sent: 1,
  failed: 2,
  delivered: 3,
  read: 4,
});

export const LIVE_EVENT = Object.freeze({
  MESSAGE_CREATED: 'message.created',
  MESSAGE_STATUS_CHANGED: 'message.status_changed',
  COMMENT_CREATED: 'comment.created',
  CONVERSATION_UPDATED: 'conversation.updated',
  CONTACT_UPDATED: 'contact.updated',
});

export const CONVERSATION_TAB = Object.freeze({ ACTIVE: 'active', ARCHIVED: 'archived' });

export const ASSIGNEE_FILTER = Object.freeze({ ANY: 'any', MINE: 'mine', UNASSIGNED: 'unassigned' });

export const PAGE_SIZE = 30;
/** How many more list pages follow at once when a filtered page comes back short. */
export const LIST_FOLLOW_PAGES = 3;
/** How many older pages a click on a quote not loaded fetches, at most, looking for it. */
export const QUOTE_SEARCH_PAGES = 5;
