import { describe, it, expect, beforeEach, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { routes, guard } from '../index.js';

let me;
vi.mock('../../api/auth.js', () => ({
  authApi: { me: vi.fn(async () => ({ user: me })) },
}));

// The real route table (paths, names, meta) with stub screens: the guard decides before any
// screen loads, and loading the real ones would only slow the test down.
const stub = { template: '<div />' };
const stubbed = (list) =>
  list.map((r) => ({ ...r, ...(r.component ? { component: stub } : {}), ...(r.children ? { children: stubbed(r.children) } : {}) }));

function router() {
  const r = createRouter({ history: createMemoryHistory(), routes: stubbed(routes) });
  r.beforeEach(guard);
  return r;
}

describe('router guard', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
  });

  it.each(['/agents', '/phone-numbers', '/templates'])('sends an agent from %s back to the conversations', async (path) => {
    me = { id: 'a', role: 'AGENT', mustChangePassword: false };
    const r = router();
    await r.push(path);
    expect(r.currentRoute.value.name).toBe('conversations');
  });

  it.each(['agents', 'phone-numbers', 'templates'])('lets an admin open %s', async (name) => {
    me = { id: 'b', role: 'ADMIN', mustChangePassword: false };
    const r = router();
    await r.push({ name });
    expect(r.currentRoute.value.name).toBe(name);
  });

  it('sends someone signed out to the login, remembering where they were going', async () => {
    me = null;
    const r = router();
    await r.push('/agents');
    expect(r.currentRoute.value.name).toBe('login');
    expect(r.currentRoute.value.query.next).toBe('/agents');
  });
});
