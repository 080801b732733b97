import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import { mount, flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import ConversationList from '../../components/ConversationList.vue';
import { useConversationsStore } from '../conversations.js';
import { useSessionStore } from '../session.js';
import { LIST_FOLLOW_PAGES } from '../../constants.js';

vi.mock('../../api/conversations.js', () => ({
  conversationsApi: { list: vi.fn() },
  agentsApi: { get: vi.fn() },
  phoneNumbersApi: { get: vi.fn() },
}));

import { conversationsApi } from '../../api/conversations.js';

const row = (n) => ({ phoneNumberId: 'p', customerKey: `c${n}`, name: `Customer ${n}`, lastActivityAt: '2025-05-01T09:00:00Z' });
/** Pages as the API gives a filtered list: `sizes[i]` rows on page i, a cursor on all but the last. */
function pages(sizes) {
  let n = 0;
  conversationsApi.list.mockImplementation(async (params) => {
    const i = params.cursor ? Number(params.cursor) : 0;
    const conversations = Array.from({ length: sizes[i] }, () => row(n++));
    return { conversations, nextCursor: i + 1 < sizes.length ? String(i + 1) : null };
  });
}

let pinia;
beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().user = { id: 'agent-a', role: 'AGENT' };
  vi.clearAllMocks();
});
afterEach(() => {
  document.body.innerHTML = '';
});

describe('a list whose filtered pages come back short', () => {
  it('follows the cursor a few pages at once while the list is shorter than a page', async () => {
    pages([2, 0, 3, 1, 5]);
    const store = useConversationsStore();
    await store.setFilters({ assignee: 'mine' });
    expect(conversationsApi.list).toHaveBeenCalledTimes(1 + LIST_FOLLOW_PAGES);
    expect(store.list.map((c) => c.customerKey)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5']);
    expect(store.nextCursor, 'the rest is left to scrolling or the button').toBe('4');
    expect(conversationsApi.list.mock.calls.every(([params]) => params.assignee === 'mine')).toBe(true);
  });

  it('does not follow once a page fills the list', async () => {
    pages([30, 30]);
    const store = useConversationsStore();
    await store.fetchList();
    expect(conversationsApi.list).toHaveBeenCalledTimes(1);
    expect(store.list).toHaveLength(30);
  });

  it('offers a button that loads on when the list is too short to scroll', async () => {
    pages([1, 0, 0, 0, 2]);
    const store = useConversationsStore();
    const w = mount(ConversationList, { attachTo: document.body, global: { plugins: [pinia] } });
    await store.fetchList();
    await flushPromises();
    expect(store.list).toHaveLength(1);
    await w.get('.conversation-list__more').trigger('click');
    await flushPromises();
    expect(store.list).toHaveLength(3);
    expect(w.find('.conversation-list__more').exists(), 'no cursor left').toBe(false);
  });
});
