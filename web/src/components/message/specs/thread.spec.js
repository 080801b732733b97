import { describe, it, expect } from 'vitest';
import { canAct, formatBytes, mediaUrl, reactionsByTarget, snippetOf, threadOf } from '../thread.js';

const inbound = (id, at, content) => ({ id, wamid: id, kind: 'inbound', at, content });
const outbound = (id, at, content, extra = {}) => ({ id, kind: 'outbound', at, content, status: 'sent', ...extra });
const reaction = (targetWamid, emoji) => ({ type: 'reaction', targetWamid, emoji });

describe('thread rules', () => {
  it('folds reactions onto their target: one per side, the newest replaces, an empty emoji removes', () => {
    const messages = [
      inbound('w1', '2025-05-01T09:00:00Z', { type: 'text', body: 'Hi' }),
      inbound('r1', '2025-05-01T09:01:00Z', reaction('w1', '👍')),
      outbound('o1', '2025-05-01T09:02:00Z', reaction('w1', '❤️'), { wamid: 'wo1' }),
      inbound('r2', '2025-05-01T09:03:00Z', reaction('w1', '😂')),
      outbound('o2', '2025-05-01T09:04:00Z', reaction('w1', ''), { wamid: 'wo2' }),
    ];
    expect(reactionsByTarget(messages)).toEqual({
      w1: [{ emoji: '😂', by: 'customer', at: '2025-05-01T09:03:00Z', pending: false }],
    });
    const { bubbles } = threadOf(messages);
    expect(bubbles.map((m) => m.id)).toEqual(['w1']);
  });

  it('ignores a reaction we sent that failed, and marks a queued one pending', () => {
    const messages = [
      outbound('o1', '2025-05-01T09:02:00Z', reaction('w1', '❤️'), { wamid: 'wo1' }),
      outbound('o2', '2025-05-01T09:03:00Z', reaction('w1', '🙏'), { status: 'failed' }),
      inbound('r1', '2025-05-01T09:04:00Z', reaction('w2', '👍')),
      outbound('o3', '2025-05-01T09:05:00Z', reaction('w2', '😮'), { status: 'queued', pending: true }),
    ];
    const r = reactionsByTarget(messages);
    expect(r.w1).toEqual([{ emoji: '❤️', by: 'business', at: '2025-05-01T09:02:00Z', pending: false }]);
    expect(r.w2.map((x) => [x.emoji, x.by, x.pending])).toEqual([['👍', 'customer', false], ['😮', 'business', true]]);
  });

  it('indexes messages by wamid (inbound id, outbound once Meta named it), never comments', () => {
    const { byWamid } = threadOf([
      inbound('w1', '2025-05-01T09:00:00Z', { type: 'text', body: 'Hi' }),
      outbound('o1', '2025-05-01T09:01:00Z', { type: 'text', body: 'Hello' }, { wamid: 'wo1' }),
      outbound('o2', '2025-05-01T09:02:00Z', { type: 'text', body: 'queued' }, { status: 'queued' }),
      { id: 'c1', kind: 'comment', at: '2025-05-01T09:03:00Z', comment: 'note' },
    ]);
    expect(Object.keys(byWamid).sort()).toEqual(['w1', 'wo1']);
  });

  it('reads our files through the media route and a link we sent as is, never Meta\'s inbound link', () => {
    expect(mediaUrl('p 1', { mediaId: 'm/1', link: 'https://lookaside.fbsbx.com/x' })).toBe('/api/media/p%201/m%2F1');
    expect(mediaUrl('p1', { link: 'https://example.com/a.jpg' })).toBe('https://example.com/a.jpg');
    expect(mediaUrl('p1', {})).toBeNull();
    expect(mediaUrl(null, { mediaId: 'm1' })).toBeNull();
  });

  it('sums up a message for a quote and formats sizes', () => {
    expect(snippetOf({ content: { type: 'media', kind: 'IMAGE', caption: 'Invoice' } })).toBe('Photo: Invoice');
    expect(snippetOf({ content: { type: 'media', kind: 'DOCUMENT', filename: 'a.pdf' } })).toBe('Document: a.pdf');
    expect(snippetOf({ content: { type: 'interactive_buttons', body: 'Solved?' } })).toBe('Solved?');
    expect(snippetOf({ content: { type: 'text', body: 'Hi' } })).toBe('Hi');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(48213)).toBe('47 KB');
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5 MB');
  });

  it('allows reply and react only on messages WhatsApp knows', () => {
    expect(canAct(inbound('w1', 'x', { type: 'text', body: 'Hi' }))).toBe(true);
    expect(canAct(outbound('o1', 'x', { type: 'text' }, { wamid: 'wo1' }))).toBe(true);
    expect(canAct(outbound('o1', 'x', { type: 'text' }, { status: 'queued' }))).toBe(false);
    expect(canAct(outbound('o1', 'x', { type: 'text' }, { wamid: 'wo1', status: 'failed' }))).toBe(false);
    expect(canAct({ id: 'c1', kind: 'comment', at: 'x', comment: 'n' })).toBe(false);
  });
});
