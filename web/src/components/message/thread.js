// Pure rules of the chat thread: which messages are bubbles, which are reactions folded onto
// another message, how a quoted message is found and summed up, where a media file is read.
// Plain data in, plain data out, so they are tested without mounting anything.
import { MESSAGE_STATUS } from '../../constants.js';
import { previewOf } from '../../stores/helpers.js';

/** The six quick reactions WhatsApp offers first. */
export const QUICK_REACTIONS = Object.freeze(['👍', '❤️', '😂', '😮', '😢', '🙏']);

export const REACTOR = Object.freeze({ CUSTOMER: 'customer', BUSINESS: 'business' });

export function isReaction(message) {
  return message.kind !== 'comment' && message.content?.type === 'reaction';
}

/** WhatsApp's id of a message: what quotes and reactions point at (none while queued). */
export function wamidOf(message) {
  if (message.wamid) return message.wamid;
  return message.kind === 'inbound' ? message.id : null;
}

/**
 * Reactions per target wamid, as badges: `{ [wamid]: [{ emoji, by, at, pending }] }`. Meta keeps
 * one reaction per sender and message, so the newest reaction of the customer and the newest of
 * the business number (whoever of its agents sent it) each replace the one before, and an empty
 * emoji removes it. A reaction we sent that failed never reached the customer: it is ignored.
 * `messages` are oldest first (the store keeps them so).
 */
export function reactionsByTarget(messages) {
  const latest = new Map();
  for (const m of messages) {
    if (!isReaction(m) || m.status === MESSAGE_STATUS.FAILED) continue;
    const target = m.content.targetWamid;
    if (!target) continue;
    const by = m.kind === 'inbound' ? REACTOR.CUSTOMER : REACTOR.BUSINESS;
    const key = `${by} ${target}`;
    const shown = latest.get(key);
    if (!shown || new Date(m.at) >= new Date(shown.at)) latest.set(key, m);
  }
  const out = {};
  for (const m of latest.values()) {
    if (!m.content.emoji) continue;
    const target = m.content.targetWamid;
    (out[target] ||= []).push({
      emoji: m.content.emoji,
      by: m.kind === 'inbound' ? REACTOR.CUSTOMER : REACTOR.BUSINESS,
      at: m.at,
      pending: !!m.pending || m.status === MESSAGE_STATUS.QUEUED,
    });
  }
  for (const list of Object.values(out)) list.sort((a, b) => new Date(a.at) - new Date(b.at));
  return out;
}

/** The messages shown as bubbles (reactions become badges), and every message by its wamid. */
export function threadOf(messages) {
  const bubbles = [];
  const byWamid = {};
  for (const m of messages) {
    const wamid = m.kind === 'comment' ? null : wamidOf(m);
    if (wamid) byWamid[wamid] = m;
    if (!isReaction(m)) bubbles.push(m);
  }
  return { bubbles, byWamid, reactions: reactionsByTarget(messages) };
}

const MEDIA_LABELS = { IMAGE: 'Photo', VIDEO: 'Video', AUDIO: 'Audio', DOCUMENT: 'Document', STICKER: 'Sticker' };

export function mediaLabel(kind) {
  return MEDIA_LABELS[(kind || '').toUpperCase()] || 'File';
}

/** A short line about a message, for a quote: text first, else what kind of message it is. */
export function snippetOf(message) {
  const c = message?.content || {};
  switch (c.type) {
    case 'media':
      return [mediaLabel(c.kind), c.caption || c.filename].filter(Boolean).join(': ');
    case 'interactive_buttons':
    case 'interactive_list':
      return c.body || 'Interactive message';
    case 'template':
      return `Template ${c.name}`;
    case 'contacts':
      return 'Contact card';
    case 'unsupported':
      return 'Unsupported message';
    default:
      return previewOf(message) || `[${c.type || 'message'}]`;
  }
}

/**
 * Where the browser reads a message's file: a public link we sent as is, else the app's media
 * route for the number's media id (the session cookie authenticates it). Meta's own download
 * link of an inbound file needs the access token, so it is never used.
 */
export function mediaUrl(phoneNumberId, media) {
  if (!media) return null;
  const outboundLink = media.link && !media.mediaId ? media.link : null;
  if (outboundLink) return outboundLink;
  if (!media.mediaId || !phoneNumberId) return null;
  return `/api/media/${encodeURIComponent(phoneNumberId)}/${encodeURIComponent(media.mediaId)}`;
}

/** "48 KB", "1.2 MB". */
export function formatBytes(bytes) {
  if (bytes == null || Number.isNaN(bytes)) return '';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 10 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** Whether an agent can reply to or react to a message: it must be known to WhatsApp. */
export function canAct(message) {
  return (
    message.kind !== 'comment' &&
    !isReaction(message) &&
    message.status !== MESSAGE_STATUS.FAILED &&
    message.content?.type !== 'system' &&
    !!wamidOf(message)
  );
}
