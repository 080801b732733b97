import { describe, it, expect, beforeEach, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import MessageListItem from '../MessageListItem.vue';
import { useConversationsStore } from '../../stores/conversations.js';
import { useSessionStore } from '../../stores/session.js';

vi.mock('../../api/conversations.js', () => ({ conversationsApi: {}, agentsApi: {}, phoneNumbersApi: {} }));

const inbound = { id: 'wamid.1', kind: 'inbound', at: '2025-05-01T09:00:00Z', content: { type: 'text', body: 'Hi' } };

function item(user, assigneeId) {
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().user = user;
  const store = useConversationsStore();
  store.byKey['p/k'] = { phoneNumberId: 'p', customerKey: 'k', key: 'p/k', assigneeId };
  store.selectedKey = 'p/k';
  return mount(MessageListItem, { props: { message: inbound }, global: { plugins: [pinia] } });
}

describe('a message of a conversation assigned to someone else', () => {
  let agent;
  beforeEach(() => {
    agent = { id: 'agent-a', role: 'AGENT' };
  });

  it('offers no reply or reaction to another agent (refused after the click otherwise)', () => {
    expect(item(agent, 'agent-b').find('.message-actions').exists()).toBe(false);
  });

  it('offers them to the assignee, an admin, and anyone when unassigned', () => {
    expect(item(agent, 'agent-a').find('.message-actions').exists()).toBe(true);
    expect(item({ id: 'admin-1', role: 'ADMIN' }, 'agent-b').find('.message-actions').exists()).toBe(true);
    expect(item(agent, undefined).find('.message-actions').exists()).toBe(true);
  });
});
