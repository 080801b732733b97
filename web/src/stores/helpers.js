// Pure functions behind the stores: each takes plain data and returns the answer, so the rules
// that keep a live inbox correct (no stale update, no tick backwards, optimistic sends matched to
// the server's copy) are tested without a store or a socket.
import { STATUS_RANK, MESSAGE_STATUS } from '../constants.js';

export const conversationKey = (phoneNumberId, customerKey) => `${phoneNumberId}/${customerKey}`;

/** The status to show when `next` arrives for a message showing `current` (highest wins). */
export function higherStatus(current, next) {
  if (!next || !(next in STATUS_RANK)) return current;
  if (!current || !(current in STATUS_RANK)) return next;
  return STATUS_RANK[next] > STATUS_RANK[current] ? next : current;
}

/**
 * Whether a live event is stale for a conversation whose data reflects `knownSequence`: the API
 * numbers every conversation event, and an event at or below what was applied is old news (a
 * catch-up replay, or a reordering). Events without a sequence (contact.updated) are never stale.
 */
export function isStale(knownSequence, eventSequence) {
  return eventSequence != null && knownSequence != null && eventSequence <= knownSequence;
}

/**
 * The same for `conversation.updated`, which the API sends once per persisted batch with the
 * batch's last sequence, right after that event's own one (a customer message: message.created
 * at n, then conversation.updated at n). So it is stale only below what was applied, or at or
 * below the last conversation.updated applied (`knownUpdateSequence`).
 */
export function isStaleUpdate(knownSequence, knownUpdateSequence, eventSequence) {
  if (eventSequence == null) return false;
  if (knownSequence != null && eventSequence < knownSequence) return true;
  return knownUpdateSequence != null && eventSequence <= knownUpdateSequence;
}

/** Merges a new copy of a message into the one shown; the status never moves backwards. */
export function mergeMessage(shown, incoming) {
  if (!shown) return { ...incoming };
  const status = higherStatus(shown.status, incoming.status);
  const fromIncoming = status === incoming.status;
  return {
    ...shown,
    ...incoming,
    pending: false,
    status,
    statusAt: fromIncoming ? incoming.statusAt ?? shown.statusAt : shown.statusAt,
    error: status === MESSAGE_STATUS.FAILED ? incoming.error ?? shown.error : undefined,
  };
}

function byTime(a, b) {
  return new Date(a.at).getTime() - new Date(b.at).getTime();
}

/**
 * Adds or merges a message in a history (oldest first). A server copy with a clientMessageId
 * replaces the optimistic message that carried it; otherwise messages are matched by id.
 */
export function upsertMessage(messages, message) {
  let index = messages.findIndex((m) => m.id === message.id);
  if (index < 0 && message.clientMessageId) {
    index = messages.findIndex((m) => m.clientMessageId === message.clientMessageId);
  }
  const next = messages.slice();
  if (index >= 0) {
    next[index] = mergeMessage(next[index], message);
    return next;
  }
  next.push({ ...message });
  next.sort(byTime);
  return next;
}

/**
 * Applies a status change to the history; returns the new list, or null when the message is not
 * there (yet: the caller keeps the change until the message arrives).
 */
export function applyStatus(messages, change) {
  const index = messages.findIndex(
    (m) => m.id === change.messageId || (change.wamid && m.wamid === change.wamid),
  );
  if (index < 0) return null;
  const next = messages.slice();
  next[index] = mergeMessage(next[index], {
    id: next[index].id,
    status: change.status,
    statusAt: change.statusAt,
    error: change.error,
    ...(change.wamid ? { wamid: change.wamid } : {}),
  });
  return next;
}

/** This agent's unread count from a conversation.updated event. */
export function unreadFor(update, userId) {
  const read = (update.readPositions && update.readPositions[userId]) || 0;
  return Math.max(0, (update.lastInboundSequence || 0) - read);
}

export function windowOpen(conversation, now = Date.now()) {
  const closesAt = conversation?.window?.closesAt;
  if (!closesAt) return false;
  return new Date(closesAt).getTime() > now;
}

export const WINDOW_CLOSED_ACTIONS = 'The 24-hour window is closed: only templates can be sent';

/**
 * Why a message's Reply and React cannot be used, or null: both send a free-form message, which
 * Meta refuses outside the window (the same rule as the composer's, windowOpen).
 */
export function messageActionBlock(conversation, now = Date.now()) {
  return windowOpen(conversation, now) ? null : WINDOW_CLOSED_ACTIONS;
}

/** "5 h 12 min" left in the 24-hour window. */
export function timeLeft(closesAt, now = Date.now()) {
  const ms = new Date(closesAt).getTime() - now;
  if (ms <= 0) return '0 min';
  const minutes = Math.floor(ms / 60000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h} h ${m} min` : `${m} min`;
}

/**
 * Why free text cannot be sent in this conversation, or null when it can: the entity's rules
 * (window_closed, not_assignee) checked before sending rather than after a failure.
 */
export function composerBlock(conversation, me, agentName = (id) => id, now = Date.now()) {
  const notAllowed = assigneeBlock(conversation, me, agentName);
  if (notAllowed) return notAllowed;
  if (!windowOpen(conversation, now)) {
    return conversation?.window?.closesAt
      ? 'The 24-hour window is closed: only a template can be sent until the customer writes again.'
      : 'The customer has not written yet: only a template can start this conversation.';
  }
  return null;
}

/** Whether the conversation is assigned to someone else and `me` is not an admin (not_assignee). */
export function assignedToOther(conversation, me) {
  const assignee = conversation?.assigneeId;
  return !!assignee && !!me && assignee !== me.id && me.role !== 'ADMIN';
}

/** Why this agent may send nothing at all here (not the assignee), or null; templates included. */
export function assigneeBlock(conversation, me, agentName = (id) => id) {
  if (!conversation || !me) return 'Select a conversation.';
  if (assignedToOther(conversation, me)) {
    return `Assigned to ${agentName(conversation.assigneeId)}: only they or an admin may reply.`;
  }
  return null;
}

/** Local calendar day of an instant, as a stable key. */
export function dayKey(at) {
  const d = new Date(at);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

export function dayLabel(at, now = new Date()) {
  const d = new Date(at);
  if (dayKey(d) === dayKey(now)) return 'Today';
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (dayKey(d) === dayKey(yesterday)) return 'Yesterday';
  return d.toLocaleDateString(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
}

/** Time in the list: the hour today, else the date. */
export function shortTime(at, now = new Date()) {
  if (!at) return '';
  const d = new Date(at);
  if (dayKey(d) === dayKey(now)) return d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

/** A one-line preview of a message's content. */
export function previewOf(message) {
  if (!message) return '';
  if (message.kind === 'comment') return `Comment: ${message.comment ?? ''}`;
  const c = message.content || {};
  switch (c.type) {
    case 'text':
      return c.body ?? '';
    case 'media':
      return c.caption || c.filename || `[${(c.kind || 'media').toLowerCase()}]`;
    case 'template':
      return `[template ${c.name}]`;
    case 'reaction':
      return `Reacted ${c.emoji ?? ''}`;
    case 'button_reply':
    case 'list_reply':
      return c.title ?? '';
    case 'button':
      return c.text ?? '';
    case 'location':
      return c.name || '[location]';
    default:
      return c.body || `[${c.type || 'message'}]`;
  }
}

export const ASSIGN_CHOICE = Object.freeze({ NONE: '' });

/**
 * The assignee picker's options: unassigned, "Me" first, then the other active agents by name;
 * the current assignee stays listed even when deactivated (so the picker shows who it is).
 */
export function assignChoices(agents, me, assigneeId) {
  const out = [{ value: ASSIGN_CHOICE.NONE, label: 'Unassigned' }];
  if (me) out.push({ value: me.id, label: `Me (${me.displayName || me.email})` });
  const others = (agents || [])
    .filter((a) => a.id !== me?.id && (a.active !== false || a.id === assigneeId))
    .sort((a, b) => (a.displayName || a.email || '').localeCompare(b.displayName || b.email || ''));
  for (const a of others) out.push({ value: a.id, label: a.displayName || a.email });
  if (assigneeId && !out.some((o) => o.value === assigneeId)) out.push({ value: assigneeId, label: 'Another agent' });
  return out;
}

/** A tag as the API keeps it (ContactRules): trimmed and lower-cased, up to 50 characters. */
export function normalizeTag(text) {
  return (text || '').trim().toLowerCase().slice(0, 50);
}
