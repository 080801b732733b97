import { describe, it, expect, beforeEach } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import TheSidebar from '../TheSidebar.vue';
import { useSessionStore } from '../../stores/session.js';

const stub = { template: '<div />' };
const router = () =>
  createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', redirect: '/conversations' },
      ...['login', 'conversations', 'agents', 'phone-numbers', 'templates'].map((name) => ({ path: `/${name}`, name, component: stub })),
    ],
  });

function sidebar(role) {
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().user = { id: 'u', role, email: 'u@example.com', displayName: 'U' };
  return mount(TheSidebar, { global: { plugins: [pinia, router()] } });
}

const entries = (w) => w.findAll('[data-nav]').map((l) => l.text());

describe('TheSidebar', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('shows agents only the conversations', () => {
    expect(entries(sidebar('AGENT'))).toEqual(['Conversations']);
  });

  it('shows admins the admin screens too, each link named for screen readers', () => {
    const w = sidebar('ADMIN');
    expect(entries(w)).toEqual(['Conversations', 'Agents', 'Phone numbers', 'Templates']);
    expect(w.get('[data-nav="phone-numbers"]').attributes('href')).toBe('/phone-numbers');
    expect(w.get('[data-nav="phone-numbers"] svg').attributes('aria-hidden')).toBe('true');
  });
});
