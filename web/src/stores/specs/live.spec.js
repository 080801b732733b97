import { describe, it, expect, beforeEach, vi } from 'vitest';
import { setActivePinia, createPinia } from 'pinia';
import { useLiveStore } from '../live.js';
import { useConversationsStore } from '../conversations.js';
import { useSessionStore } from '../session.js';

vi.mock('../../api/conversations.js', () => ({
  conversationsApi: {
    list: vi.fn(async () => ({ conversations: [], nextCursor: null })),
    detail: vi.fn(),
    messages: vi.fn(async () => ({ messages: [], nextCursor: null })),
    send: vi.fn(),
    markRead: vi.fn(async () => ({ unread: 0, readUpToSequence: 0 })),
  },
  agentsApi: { get: vi.fn(async () => ({ agents: [] })) },
  phoneNumbersApi: { get: vi.fn(async () => ({ phoneNumbers: [] })) },
}));

import { conversationsApi } from '../../api/conversations.js';

const PN = '106540352242922';
const CK = '16505551234';
const KEY = `${PN}/${CK}`;
let pos = 0;

const frame = (type, sequence, data) => ({ type, position: `n.${++pos}`, phoneNumberId: PN, customerKey: CK, sequence, data });
const outbound = (status) => ({ id: 'm1', kind: 'outbound', at: '2025-05-01T09:31:00Z', clientMessageId: 'c1', content: { type: 'text', body: 'Hi' }, status });
const statusOf = (conversations) => conversations.histories[KEY].messages.find((m) => m.id === 'm1').status;

describe('live store', () => {
  let live;
  let conversations;

  beforeEach(() => {
    setActivePinia(createPinia());
    useSessionStore().user = { id: 'agent-a', role: 'AGENT' };
    live = useLiveStore();
    conversations = useConversationsStore();
    conversations.histories[KEY] = { messages: [], nextCursor: null, loading: false, loaded: true, error: null };
  });

  describe('#sequence', () => {
    it('drops an event at or below the sequence already applied', () => {
      expect(live.handleFrame(frame('message.created', 5, { message: outbound('queued') }))).toBe('applied');
      expect(live.handleFrame(frame('message.status_changed', 7, { messageId: 'm1', status: 'delivered' }))).toBe('applied');
      expect(live.handleFrame(frame('message.status_changed', 6, { messageId: 'm1', status: 'sent' }))).toBe('dropped');
      expect(live.handleFrame(frame('message.status_changed', 7, { messageId: 'm1', status: 'read' }))).toBe('dropped');
      expect(statusOf(conversations)).toBe('delivered');
      expect(conversations.byKey[KEY].sequence).toBe(7);
    });

    it('applies the conversation.updated that follows a message at the same sequence (one batch), once', () => {
      expect(live.handleFrame(frame('message.created', 1, { message: { id: 'w1', kind: 'inbound', at: '2025-05-01T09:30:00Z', sequence: 1, content: { type: 'text', body: 'Hi' } } }))).toBe('applied');
      const update = { waId: CK, profileName: 'Maria', archived: false, lastInboundSequence: 1, readPositions: {} };
      expect(live.handleFrame(frame('conversation.updated', 1, update))).toBe('applied');
      expect(conversations.byKey[KEY].name).toBe('Maria');
      expect(conversations.byKey[KEY].waId).toBe(CK);
      expect(conversations.byKey[KEY].unread).toBe(1);
      expect(live.handleFrame(frame('conversation.updated', 1, { ...update, assigneeId: 'agent-b' }))).toBe('dropped');
      expect(conversations.byKey[KEY].assigneeId).toBeUndefined();
    });

    it('drops a replayed conversation.updated so an old assignee does not come back', () => {
      live.handleFrame(frame('conversation.updated', 9, { assigneeId: 'agent-b', archived: false, lastInboundSequence: 3, readPositions: { 'agent-a': 1 } }));
      expect(live.handleFrame(frame('conversation.updated', 8, { assigneeId: null, archived: false, lastInboundSequence: 2, readPositions: {} }))).toBe('dropped');
      expect(conversations.byKey[KEY].assigneeId).toBe('agent-b');
      expect(conversations.byKey[KEY].unread).toBe(2);
    });

    it('still remembers the position of a dropped frame for catch-up', () => {
      live.handleFrame(frame('conversation.updated', 9, { lastInboundSequence: 1, readPositions: {} }));
      const old = frame('conversation.updated', 2, { lastInboundSequence: 0, readPositions: {} });
      live.handleFrame(old);
      expect(live.position).toBe(old.position);
    });
  });

  describe('#ticks', () => {
    it('never lowers a tick, even for statuses with new sequences (a late delivered after read)', () => {
      live.handleFrame(frame('message.created', 1, { message: outbound('queued') }));
      live.handleFrame(frame('message.status_changed', 2, { messageId: 'm1', status: 'read' }));
      live.handleFrame(frame('message.status_changed', 3, { messageId: 'm1', status: 'delivered' }));
      live.handleFrame(frame('message.status_changed', 4, { messageId: 'm1', status: 'sent' }));
      expect(statusOf(conversations)).toBe('read');
    });

    it('ignores failed after delivered, and keeps Meta\'s reason when failed ends a sent message', () => {
      live.handleFrame(frame('message.created', 1, { message: outbound('sent') }));
      live.handleFrame(frame('message.status_changed', 2, { messageId: 'm1', status: 'failed', error: { code: 131026, title: 'Undeliverable' } }));
      expect(statusOf(conversations)).toBe('failed');
      expect(conversations.histories[KEY].messages[0].error.code).toBe(131026);
      live.handleFrame(frame('message.status_changed', 3, { messageId: 'm1', status: 'sent' }));
      expect(statusOf(conversations)).toBe('failed');
    });

    it('keeps a status that arrives before its message and applies it when the message comes', () => {
      live.handleFrame(frame('message.status_changed', 3, { messageId: 'm1', status: 'delivered' }));
      conversations.byKey[KEY].sequence = 1; // the message's own event came from a refetch
      conversations.histories[KEY].messages = [];
      live.handleFrame({ ...frame('message.created', 4, { message: outbound('queued') }) });
      expect(statusOf(conversations)).toBe('delivered');
    });

    it('a refetch with an older copy does not lower a tick', async () => {
      live.handleFrame(frame('message.created', 1, { message: outbound('queued') }));
      live.handleFrame(frame('message.status_changed', 2, { messageId: 'm1', status: 'read' }));
      conversations.byKey[KEY].phoneNumberId = PN;
      conversationsApi.messages.mockResolvedValueOnce({ messages: [outbound('delivered')], nextCursor: null });
      await conversations.fetchMessages(KEY);
      expect(statusOf(conversations)).toBe('read');
    });
  });

  describe('#optimistic send', () => {
    it('reconciles the optimistic message with the server copy by clientMessageId', async () => {
      conversations.byKey[KEY] = { phoneNumberId: PN, customerKey: CK, key: KEY };
      let resolve;
      conversationsApi.send.mockImplementationOnce(() => new Promise((r) => (resolve = r)));
      const sending = conversations.sendText(KEY, 'Hello');
      const [pending] = conversations.histories[KEY].messages;
      expect(pending.status).toBe('queued');
      expect(pending.pending).toBe(true);
      // The live copy arrives before the 202, already sent.
      live.handleFrame(frame('message.created', 5, { message: { ...outbound('sent'), id: 'srv-1', clientMessageId: pending.clientMessageId } }));
      resolve({ messageId: 'srv-1', clientMessageId: pending.clientMessageId, status: 'queued', duplicate: false });
      await sending;
      const messages = conversations.histories[KEY].messages;
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatchObject({ id: 'srv-1', status: 'sent', pending: false });
    });
  });

  describe('#frames', () => {
    it('refetches on resync and signs out on session_ended', () => {
      const refetch = vi.spyOn(conversations, 'refetch').mockResolvedValue();
      expect(live.handleFrame({ type: 'resync', position: 'n.99' })).toBe('resync');
      expect(refetch).toHaveBeenCalled();
      expect(live.position).toBe('n.99');
      live.handleFrame({ type: 'session_ended' });
      expect(useSessionStore().signedIn).toBe(false);
    });

    it('reconnects with since= the last position after the socket closes', async () => {
      vi.useFakeTimers();
      const sockets = [];
      class FakeSocket {
        constructor(url) { this.url = url; sockets.push(this); }
        close() { this.onclose?.(); }
      }
      live.connect({ WebSocket: FakeSocket, url: 'ws://test/api/live', random: () => 0.5 });
      sockets[0].onopen();
      sockets[0].onmessage({ data: JSON.stringify({ type: 'ready', position: 'k.10' }) });
      sockets[0].onclose();
      expect(live.status).toBe('closed');
      vi.advanceTimersByTime(1000);
      expect(sockets[1].url).toBe('ws://test/api/live?since=k.10');
      live.disconnect();
      vi.useRealTimers();
    });
  });
});
