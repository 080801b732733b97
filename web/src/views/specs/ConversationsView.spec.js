import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import { mount, flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import ConversationsView from '../ConversationsView.vue';
import { useConversationsStore } from '../../stores/conversations.js';
import { useSessionStore } from '../../stores/session.js';

vi.mock('vue-router', () => ({ useRouter: () => ({ push: vi.fn() }) }));
vi.mock('../../api/conversations.js', () => ({
  conversationsApi: {
    list: vi.fn(async () => ({ conversations: [], nextCursor: null })),
    markRead: vi.fn(async () => ({ unread: 0, readUpToSequence: 3 })),
  },
  agentsApi: { get: vi.fn(async () => ({ agents: [] })) },
  phoneNumbersApi: { get: vi.fn(async () => ({ phoneNumbers: [] })) },
}));

import { conversationsApi } from '../../api/conversations.js';

const KEY = 'p/k';
const START = Date.parse('2025-05-01T12:00:00Z');
// The panels around the chat window are not under test here; the composer is, with its clock.
const stubs = { ConversationList: true, ChatHeader: true, MessageList: true, ContactPanel: true };

function view(conversation) {
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().user = { id: 'agent-a', role: 'AGENT' };
  const store = useConversationsStore();
  store.byKey[KEY] = { phoneNumberId: 'p', customerKey: 'k', key: KEY, ...conversation };
  store.selectedKey = KEY;
  return { store, w: mount(ConversationsView, { attachTo: document.body, global: { plugins: [pinia], stubs } }) };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
  vi.setSystemTime(START);
  vi.clearAllMocks();
});

afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
});

describe('ConversationsView', () => {
  it('counts the window down and closes free text when the window closes, without any other change', async () => {
    const closesAt = new Date(START + 61 * 60000).toISOString(); // 1 h 1 min from now
    const { w } = view({ window: { open: true, closesAt } });
    await flushPromises();
    expect(w.get('.composer__window').text()).toBe('Window open: 1 h 1 min left');
    expect(w.get('textarea').element.disabled).toBe(false);

    vi.advanceTimersByTime(30 * 60000);
    await flushPromises();
    expect(w.get('.composer__window').text()).toBe('Window open: 31 min left');

    vi.advanceTimersByTime(31 * 60000 + 1000);
    await flushPromises();
    expect(w.find('.composer__window').exists()).toBe(false);
    expect(w.get('.composer__blocked').text()).toContain('24-hour window is closed');
    expect(w.get('textarea').element.disabled).toBe(true);
    expect(w.get('.composer__offer-button').text()).toBe('Send a template');
  });

  it('reads the open conversation when the tab comes back into view (messages came while hidden)', async () => {
    const { store } = view({ unread: 2, readUpToSequence: 1 });
    await flushPromises();
    const hidden = vi.spyOn(document, 'hidden', 'get').mockReturnValue(true);
    document.dispatchEvent(new Event('visibilitychange'));
    await flushPromises();
    expect(conversationsApi.markRead, 'not while hidden').not.toHaveBeenCalled();

    hidden.mockReturnValue(false);
    document.dispatchEvent(new Event('visibilitychange'));
    await flushPromises();
    expect(conversationsApi.markRead).toHaveBeenCalledWith('p', 'k');
    expect(store.selected.unread).toBe(0);
    hidden.mockRestore();
  });

  it('stops its clock and its tab watch when it goes away', async () => {
    const { w, store } = view({});
    await flushPromises();
    expect(vi.getTimerCount()).toBe(1);
    w.unmount();
    expect(vi.getTimerCount()).toBe(0);
    store.byKey[KEY].unread = 1;
    document.dispatchEvent(new Event('visibilitychange'));
    expect(conversationsApi.markRead).not.toHaveBeenCalled();
  });
});
