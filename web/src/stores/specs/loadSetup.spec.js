import { describe, it, expect, beforeEach, vi } from 'vitest';
import { setActivePinia, createPinia } from 'pinia';
import { useConversationsStore } from '../conversations.js';
import { useSessionStore } from '../session.js';

vi.mock('../../api/conversations.js', () => ({
  conversationsApi: {},
  agentsApi: { get: vi.fn(async () => ({ agents: [{ id: 'agent-a', displayName: 'Ann' }] })) },
  // What GET /api/phone-numbers answers an agent: the id and display number only.
  phoneNumbersApi: {
    get: vi.fn(async () => ({
      phoneNumbers: [
        { phoneNumberId: '111', displayNumber: '+1 555 010 0001' },
        { phoneNumberId: '222', displayNumber: '+1 555 010 0002' },
      ],
    })),
  },
}));

describe('conversations store: loadSetup', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
  });

  it.each(['AGENT', 'ADMIN'])('gives the number switcher its numbers for an %s, the first one chosen', async (role) => {
    useSessionStore().user = { id: 'agent-a', role };
    const store = useConversationsStore();
    await store.loadSetup();
    expect(store.phoneNumbers.map((n) => n.displayNumber)).toEqual(['+1 555 010 0001', '+1 555 010 0002']);
    expect(store.phoneNumberId).toBe('111');
    expect(store.agentName('agent-a')).toBe('Ann');
  });
});
