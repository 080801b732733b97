import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { h } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import MessageList from '../MessageList.vue';
import { useConversationsStore } from '../../stores/conversations.js';
import { useSessionStore } from '../../stores/session.js';

vi.mock('../../api/conversations.js', () => ({
  conversationsApi: { messages: vi.fn() },
  agentsApi: { get: vi.fn() },
  phoneNumbersApi: { get: vi.fn() },
}));

import { conversationsApi } from '../../api/conversations.js';

const AT = '2025-05-01T09:';
const inbound = (id, min, content, extra = {}) => ({ id, wamid: id, kind: 'inbound', at: `${AT}${min}:00Z`, content, ...extra });
const outbound = (id, min, content, extra = {}) => ({ id, kind: 'outbound', at: `${AT}${min}:00Z`, content, status: 'delivered', ...extra });
const text = (body) => ({ type: 'text', body });
const reaction = (targetWamid, emoji) => ({ type: 'reaction', targetWamid, emoji });

let store;
const OPEN_UNTIL = '2999-01-01T00:00:00Z';

beforeEach(() => {
  setActivePinia(createPinia());
  store = useConversationsStore();
  // An open window: Reply and React send free-form messages, which need one.
  store.byKey['pn1/351912345678'] = {
    key: 'pn1/351912345678', phoneNumberId: 'pn1', customerKey: '351912345678', name: 'Ana', window: { closesAt: OPEN_UNTIL },
  };
  store.selectedKey = 'pn1/351912345678';
});

afterEach(() => {
  document.body.innerHTML = '';
});

const list = (messages) =>
  mount(MessageList, { props: { messages, agentName: (id) => (id === 'agent-b' ? 'Bea' : 'someone') }, attachTo: document.body });

const badges = (w, wamid) => w.get(`[data-wamid="${wamid}"]`).findAll('.reaction').map((r) => [r.attributes('data-by'), r.text()]);

describe('MessageList', () => {
  it('keeps customer messages left and ours right, with a day separator per day', () => {
    const w = list([
      inbound('w1', '00', text('Hi')),
      outbound('o1', '01', text('Hello'), { wamid: 'wo1' }),
      { ...inbound('w2', '00', text('Next day')), at: '2025-05-02T10:00:00Z' },
    ]);
    expect(w.findAll('.day-separator')).toHaveLength(2);
    expect(w.get('.bubble-row--customer .bubble--customer').text()).toContain('Hi');
    expect(w.get('.bubble-row--business .bubble--business').text()).toContain('Hello');
  });

  it('shows the quoted message (author and snippet) above a reply, and jumps to it', async () => {
    const w = list([
      inbound('w1', '00', text('Is my order on its way?')),
      outbound('o1', '01', text('Yes, tomorrow at 10.'), { wamid: 'wo1', contextWamid: 'w1', sentBy: { userId: 'agent-b' } }),
      inbound('w2', '02', text('Thanks'), { contextWamid: 'wo1' }),
      inbound('w3', '03', text('And this?'), { contextWamid: 'w-old' }),
    ]);
    const quotes = w.findAll('.quoted');
    expect(quotes[0].get('.quoted__author').text()).toBe('Ana');
    expect(quotes[0].get('.quoted__text').text()).toBe('Is my order on its way?');
    expect(quotes[1].get('.quoted__author').text()).toBe('Bea');
    expect(quotes[1].get('.quoted__text').text()).toBe('Yes, tomorrow at 10.');
    expect(quotes[2].classes()).toContain('quoted--missing');
    expect(quotes[2].text()).toBe('An earlier message (not loaded)');

    const target = w.get('[data-wamid="w1"]').element;
    target.scrollIntoView = vi.fn();
    await quotes[0].trigger('click');
    await w.vm.$nextTick();
    expect(target.scrollIntoView).toHaveBeenCalledWith({ block: 'center', behavior: 'smooth' });
    expect(w.get('[data-wamid="w1"]').classes()).toContain('bubble-row--highlighted');
    expect(document.activeElement).toBe(target);
  });

  it('shows reactions as badges on their target, not as bubbles: added, replaced, removed', async () => {
    const base = [inbound('w1', '00', text('Hi')), outbound('o1', '01', text('Hello'), { wamid: 'wo1' })];
    const w = list([...base, inbound('r1', '02', reaction('wo1', '👍'))]);
    expect(w.findAll('.bubble')).toHaveLength(2);
    expect(badges(w, 'wo1')).toEqual([['customer', '👍']]);
    expect(w.get('[data-wamid="wo1"] .reactions').attributes('aria-label')).toBe('Reactions: 👍 from Ana');

    await w.setProps({ messages: [...base, inbound('r1', '02', reaction('wo1', '👍')), inbound('r2', '03', reaction('wo1', '❤️')), outbound('o2', '04', reaction('w1', '🙏'), { wamid: 'wo2' })] });
    expect(badges(w, 'wo1')).toEqual([['customer', '❤️']]);
    expect(badges(w, 'w1')).toEqual([['business', '🙏']]);

    await w.setProps({ messages: [...base, inbound('r2', '03', reaction('wo1', '❤️')), inbound('r3', '05', reaction('wo1', '')), outbound('o2', '04', reaction('w1', '🙏'), { wamid: 'wo2' })] });
    expect(w.get('[data-wamid="wo1"]').find('.reactions').exists()).toBe(false);
    expect(badges(w, 'w1')).toEqual([['business', '🙏']]);
    expect(w.findAll('.bubble')).toHaveLength(2);
  });

  it('calls the store to reply to and react to a message', async () => {
    const startReply = vi.spyOn(store, 'startReply').mockReturnValue(true);
    const react = vi.spyOn(store, 'react').mockResolvedValue({ messageId: 'x' });
    const w = list([inbound('w1', '00', text('Hi'))]);
    const row = w.get('[data-wamid="w1"]');
    await row.get('.message-actions__trigger').trigger('click');
    await row.get('.message-actions__reply').trigger('click');
    expect(startReply).toHaveBeenCalledWith('pn1/351912345678', expect.objectContaining({ id: 'w1' }));
    await row.get('.message-actions__trigger').trigger('click');
    await row.get('[data-emoji="😂"]').trigger('click');
    expect(react).toHaveBeenCalledWith('pn1/351912345678', expect.objectContaining({ id: 'w1' }), '😂');
  });

  it('disables Reply and React with the reason while the 24-hour window is closed', async () => {
    const startReply = vi.spyOn(store, 'startReply');
    const react = vi.spyOn(store, 'react');
    store.byKey['pn1/351912345678'].window = { closesAt: '2025-05-01T09:30:00Z' };
    const w = list([inbound('w1', '00', text('Hi'))]);
    const row = w.get('[data-wamid="w1"]');
    await row.get('.message-actions__trigger').trigger('click');
    expect(row.get('.message-actions__blocked').text()).toBe('The 24-hour window is closed: only templates can be sent');
    expect(row.get('.message-actions__reply').element.disabled).toBe(true);
    expect(row.get('[data-emoji="😂"]').element.disabled).toBe(true);
    await row.get('.message-actions__reply').trigger('click');
    await row.get('[data-emoji="😂"]').trigger('click');
    expect(startReply).not.toHaveBeenCalled();
    expect(react).not.toHaveBeenCalled();
  });

  it('locks the actions when the window closes on the view\'s clock', async () => {
    store.byKey['pn1/351912345678'].window = { closesAt: '2025-05-01T09:30:00Z' };
    const w = mount(MessageList, { props: { messages: [inbound('w1', '00', text('Hi'))], now: Date.parse('2025-05-01T09:00:00Z') }, attachTo: document.body });
    await w.get('.message-actions__trigger').trigger('click');
    expect(w.find('.message-actions__blocked').exists()).toBe(false);
    await w.setProps({ now: Date.parse('2025-05-01T09:31:00Z') });
    expect(w.get('.message-actions__blocked').exists()).toBe(true);
    expect(w.get('.message-actions__reply').element.disabled).toBe(true);
  });

  it('Reply quotes the message in the composer through the store (no mock)', async () => {
    const w = list([inbound('w1', '00', text('Hi'))]);
    const row = w.get('[data-wamid="w1"]');
    await row.get('.message-actions__trigger').trigger('click');
    await row.get('.message-actions__reply').trigger('click');
    expect(store.replyFor('pn1/351912345678')).toMatchObject({ id: 'w1' });
  });

  it('removes our reaction when it is picked again, and says when a reaction was refused', async () => {
    const react = vi.spyOn(store, 'react').mockRejectedValue(new Error('The 24-hour window is closed'));
    const w = list([inbound('w1', '00', text('Hi')), outbound('o1', '01', reaction('w1', '❤️'), { wamid: 'wo1' })]);
    const row = w.get('[data-wamid="w1"]');
    await row.get('.message-actions__trigger').trigger('click');
    await row.get('[data-emoji="❤️"]').trigger('click');
    expect(react).toHaveBeenCalledWith('pn1/351912345678', expect.objectContaining({ id: 'w1' }), '');
    await vi.waitFor(() => expect(w.find('[role="alert"]').exists()).toBe(true));
    expect(w.get('[role="alert"]').text()).toBe('The reaction was not sent: The 24-hour window is closed');
  });

  it('offers no actions on comments, queued or failed messages', () => {
    const w = list([
      { id: 'c1', kind: 'comment', at: `${AT}00:00Z`, comment: 'VIP' },
      outbound('o1', '01', text('queued'), { status: 'queued' }),
      outbound('o2', '02', text('failed'), { status: 'failed', wamid: 'wo2' }),
    ]);
    expect(w.findAll('.message-actions')).toHaveLength(0);
  });
});

describe('MessageList: a quote whose message is not loaded', () => {
  const KEY = 'pn1/351912345678';
  let scrolled;

  /** The thread of the store's history, as ConversationsView shows it (older pages come in). */
  function thread(messages, nextCursor) {
    store.histories[KEY] = { messages, nextCursor, loading: false, loaded: true, error: null };
    return mount(() => h(MessageList, { messages: store.histories[KEY].messages, hasOlder: !!store.histories[KEY].nextCursor }), {
      attachTo: document.body,
    });
  }
  const older = (n, extra = []) => ({
    messages: [inbound(`old-${n}`, String(10 + n).padStart(2, '0'), text(`older ${n}`)), ...extra],
    nextCursor: `c${n + 1}`,
  });
  const missingQuote = (w) => w.get('[data-wamid="w9"] .quoted');

  beforeEach(() => {
    vi.mocked(conversationsApi.messages).mockReset();
    scrolled = vi.fn();
    Element.prototype.scrollIntoView = scrolled;
  });

  afterEach(() => {
    delete Element.prototype.scrollIntoView;
  });

  it('loads older pages until the quoted message is there, then scrolls to it and focuses it', async () => {
    vi.mocked(conversationsApi.messages)
      .mockResolvedValueOnce(older(1))
      .mockResolvedValueOnce(older(2, [inbound('w-old', '05', text('The first question'))]));
    const w = thread([inbound('w9', '50', text('Any news?'), { contextWamid: 'w-old' })], 'c1');
    expect(missingQuote(w).classes()).toContain('quoted--missing');

    await missingQuote(w).trigger('click');
    await flushPromises();

    expect(conversationsApi.messages.mock.calls.map((c) => c[2].cursor)).toEqual(['c1', 'c2']);
    const target = w.get('[data-wamid="w-old"]');
    expect(scrolled.mock.contexts[0]).toBe(target.element);
    expect(document.activeElement).toBe(target.element);
    expect(target.classes()).toContain('bubble-row--highlighted');
    expect(missingQuote(w).text()).toContain('The first question');
    expect(w.get('[role="status"]').text()).toBe('');
  });

  it('stops after a few pages and says the message is not in the loaded history', async () => {
    let n = 0;
    vi.mocked(conversationsApi.messages).mockImplementation(async () => older(++n));
    const w = thread([inbound('w9', '50', text('Any news?'), { contextWamid: 'w-old' })], 'c1');

    await missingQuote(w).trigger('click');
    expect(missingQuote(w).attributes('aria-busy')).toBe('true');
    await flushPromises();

    expect(conversationsApi.messages).toHaveBeenCalledTimes(5);
    expect(w.get('[role="status"]').text()).toBe(
      'The quoted message is not in the loaded history (5 older pages searched). Scroll up to load more.',
    );
    expect(missingQuote(w).attributes('aria-busy')).toBeUndefined();
    expect(scrolled).not.toHaveBeenCalled();
  });

  it('says so at once when the history has nothing older', async () => {
    vi.mocked(conversationsApi.messages).mockResolvedValueOnce({ messages: [inbound('old-1', '10', text('older'))], nextCursor: null });
    const w = thread([inbound('w9', '50', text('Any news?'), { contextWamid: 'w-old' })], 'c1');
    await missingQuote(w).trigger('click');
    await flushPromises();
    expect(conversationsApi.messages).toHaveBeenCalledTimes(1);
    expect(w.get('[role="status"]').text()).toBe('The quoted message is not in the loaded history: this conversation has nothing older.');

    await missingQuote(w).trigger('click');
    await flushPromises();
    expect(conversationsApi.messages).toHaveBeenCalledTimes(1);
  });
});

describe('MessageList: new messages read out politely', () => {
  const announcer = (w) => w.get('.message-list__announcer');

  it('announces a message added at the end, not the history, older pages or what this agent sent', async () => {
    useSessionStore().user = { id: 'agent-a', role: 'AGENT' };
    const first = [inbound('w2', '02', text('Hello'))];
    const w = list(first);
    expect(announcer(w).attributes('aria-live')).toBe('polite');
    expect(w.get('ol').attributes('aria-live')).toBeUndefined();
    expect(announcer(w).text()).toBe('');

    await w.setProps({ messages: [inbound('w1', '01', text('Older')), ...first] });
    expect(announcer(w).text()).toBe('');

    const withNew = [inbound('w1', '01', text('Older')), ...first, inbound('w3', '03', text('Is it shipped?'))];
    await w.setProps({ messages: withNew });
    expect(announcer(w).text()).toBe('New message from Ana: Is it shipped?');

    await w.setProps({ messages: [...withNew, outbound('o1', '04', text('Yes'), { wamid: 'wo1', sentBy: { userId: 'agent-a' } })] });
    expect(announcer(w).text()).toBe('New message from Ana: Is it shipped?');

    await w.setProps({ messages: [...withNew, { id: 'c1', kind: 'comment', at: `${AT}05:00Z`, comment: 'VIP', sentBy: { userId: 'agent-b' } }] });
    expect(announcer(w).text()).toBe('Internal comment from Bea: VIP');
  });
});
