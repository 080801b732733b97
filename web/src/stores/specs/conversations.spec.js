import { describe, it, expect, beforeEach, vi } from 'vitest';
import { computed } from 'vue';
import { setActivePinia, createPinia } from 'pinia';
import { useConversationsStore } from '../conversations.js';
import { useSessionStore } from '../session.js';

vi.mock('../../api/conversations.js', () => ({
  conversationsApi: {
    list: vi.fn(async () => ({ conversations: [], nextCursor: null })),
    detail: vi.fn(async () => ({ phoneNumberId: 'p', customerKey: 'k', sequence: 1, unread: 0 })),
    messages: vi.fn(async () => ({ messages: [{ id: 'w1', kind: 'inbound', at: '2025-05-01T09:30:00Z', sequence: 1, content: { type: 'text', body: 'Hi' } }], nextCursor: null })),
    change: vi.fn(async (pnid, ck, action) => ({ phoneNumberId: pnid, customerKey: ck, archived: action === 'archive', assigneeId: action === 'assign' ? 'agent-b' : null })),
    addComment: vi.fn(async () => ({ commentId: 'c1' })),
    markRead: vi.fn(async () => ({ unread: 0, readUpToSequence: 1 })),
  },
  agentsApi: { get: vi.fn(async () => ({ agents: [] })) },
  phoneNumbersApi: { get: vi.fn(async () => ({ phoneNumbers: [] })) },
}));

describe('conversations store', () => {
  let store;

  beforeEach(() => {
    setActivePinia(createPinia());
    useSessionStore().user = { id: 'agent-a', role: 'AGENT' };
    store = useConversationsStore();
  });

  it('shows a first opened history once loaded (the screen sees the change, not only the data)', async () => {
    const shown = computed(() => (store.selectedHistory ? `${store.selectedHistory.loading}:${store.selectedHistory.messages.length}` : 'none'));
    const opening = store.select('p', 'k');
    expect(shown.value).toBe('true:0');
    await opening;
    expect(shown.value).toBe('false:1');
  });

  it('applies an assignment or an archive from the answer and drops the row from a tab it left', async () => {
    await store.select('p', 'k');
    store.listKeys = ['p/k'];
    await store.change('p/k', 'assign', { agentId: 'agent-b' });
    expect(store.selected.assigneeId).toBe('agent-b');
    expect(store.listKeys).toEqual(['p/k']);
    await store.change('p/k', 'archive');
    expect(store.selected.archived).toBe(true);
    expect(store.listKeys).toEqual([]);
  });

  it('shows an added comment at once', async () => {
    await store.select('p', 'k');
    await store.addComment('p/k', 'VIP');
    expect(store.selectedHistory.messages.map((m) => m.kind)).toEqual(['inbound', 'comment']);
  });

  it('lists what live knows moved to a tab before the read side caught up (archived a moment ago)', async () => {
    const { conversationsApi } = await import('../../api/conversations.js');
    await store.select('p', 'k');
    store.byKey['p/k'].lastActivityAt = '2025-05-01T09:30:00Z';
    await store.change('p/k', 'archive');
    // The read side still lists it as active and has no archived row yet.
    conversationsApi.list.mockImplementation(async ({ state }) => ({
      conversations: state === 'active' ? [{ phoneNumberId: 'p', customerKey: 'k', lastActivityAt: '2025-05-01T09:30:00Z' }] : [],
      nextCursor: null,
    }));
    await store.setFilters({ tab: 'archived' });
    expect(store.listKeys).toEqual(['p/k']);
    await store.setFilters({ tab: 'active' });
    expect(store.listKeys).toEqual([]);
  });
});
