import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import ConversationList from '../ConversationList.vue';
import { useConversationsStore } from '../../stores/conversations.js';

vi.mock('../../api/conversations.js', () => ({
  conversationsApi: { list: vi.fn(async () => ({ conversations: [], nextCursor: null })) },
  agentsApi: { get: vi.fn() },
  phoneNumbersApi: { get: vi.fn() },
}));

const row = (n) => ({ key: `pn1/${n}`, phoneNumberId: 'pn1', customerKey: `${n}`, name: `Customer ${n}`, unread: 0 });

beforeEach(() => {
  setActivePinia(createPinia());
  const store = useConversationsStore();
  for (const n of [1, 2, 3]) store.byKey[`pn1/${n}`] = row(n);
  store.listKeys = ['pn1/1', 'pn1/2', 'pn1/3'];
});

afterEach(() => {
  document.body.innerHTML = '';
});

describe('ConversationList keyboard', () => {
  it('moves between conversations with the arrow keys, Home and End, and opens one with Enter', async () => {
    const w = mount(ConversationList, { attachTo: document.body });
    const items = w.findAll('.conversation-item');
    const list = w.get('ul');
    items[0].element.focus();

    await items[0].trigger('keydown', { key: 'ArrowDown' });
    expect(document.activeElement).toBe(items[1].element);
    await items[1].trigger('keydown', { key: 'ArrowDown' });
    await items[2].trigger('keydown', { key: 'ArrowDown' });
    expect(document.activeElement, 'stays on the last').toBe(items[2].element);
    await items[2].trigger('keydown', { key: 'Home' });
    expect(document.activeElement).toBe(items[0].element);
    await items[0].trigger('keydown', { key: 'ArrowUp' });
    expect(document.activeElement).toBe(items[0].element);
    await items[0].trigger('keydown', { key: 'End' });
    expect(document.activeElement).toBe(items[2].element);

    // a native button: Enter and Space click it
    await items[2].trigger('click');
    expect(w.emitted('select')).toEqual([[expect.objectContaining({ key: 'pn1/3' })]]);
    expect(list.attributes('aria-label')).toContain('arrow keys');
  });
});
