import { describe, it, expect, beforeEach, vi } from 'vitest';
import { mount, flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import AgentsView from '../AgentsView.vue';
import { ApiError } from '../../../api/ApiClient.js';
import { useSessionStore } from '../../../stores/session.js';
import { useConversationsStore } from '../../../stores/conversations.js';

const user = (id, extra = {}) => ({
  id, email: `${id}@example.com`, displayName: id[0].toUpperCase() + id.slice(1), role: 'AGENT', active: true,
  mustChangePassword: false, ...extra,
});
let users;

vi.mock('../../../api/agents.js', () => ({
  agentsApi: {
    get: vi.fn(async () => ({ agents: structuredClone(users) })),
    create: vi.fn(),
    deactivate: vi.fn(async (id) => ({ user: { ...users.find((u) => u.id === id), active: false } })),
    reactivate: vi.fn(async (id) => ({ user: { ...users.find((u) => u.id === id), active: true } })),
    resetPassword: vi.fn(async (id) => ({ user: users.find((u) => u.id === id), oneTimePassword: 'reset-otp-9876543210' })),
  },
}));

import { agentsApi } from '../../../api/agents.js';

async function screen() {
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().user = user('boss', { role: 'ADMIN' });
  const w = mount(AgentsView, { global: { plugins: [pinia] }, attachTo: document.body });
  await flushPromises();
  return w;
}

const row = (w, email) => w.get(`[data-agent="${email}"]`);

describe('AgentsView', () => {
  beforeEach(() => {
    users = [user('boss', { role: 'ADMIN' }), user('ann'), user('old', { active: false })];
    vi.clearAllMocks();
  });

  it('lists every user with name, email, role and whether active', async () => {
    const w = await screen();
    expect(w.findAll('tbody tr')).toHaveLength(3);
    expect(row(w, 'ann@example.com').text()).toContain('Ann');
    expect(row(w, 'ann@example.com').text()).toContain('Agent');
    expect(row(w, 'ann@example.com').text()).toContain('Active');
    expect(row(w, 'boss@example.com').text()).toContain('Admin');
    expect(row(w, 'old@example.com').text()).toContain('Deactivated');
    // An admin cannot deactivate themselves (the API refuses it): no button on their row.
    expect(row(w, 'boss@example.com').text()).not.toContain('Deactivate');
    expect(useConversationsStore().agents).toHaveLength(3);
  });

  it('creates an agent and shows the one-time password once, with a copy button and a warning', async () => {
    const created = user('bea', { mustChangePassword: true });
    agentsApi.create.mockResolvedValueOnce({ user: created, oneTimePassword: 'Xy7-one-time-Pw42' });
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const w = await screen();

    await w.get('#agent-display-name').setValue('Bea');
    await w.get('#agent-email').setValue(' bea@example.com ');
    await w.get('form').trigger('submit');
    await flushPromises();

    expect(agentsApi.create).toHaveBeenCalledWith({ email: 'bea@example.com', displayName: 'Bea', role: 'AGENT' });
    const shown = w.get('.one-time-password');
    expect(shown.get('input').element.value).toBe('Xy7-one-time-Pw42');
    expect(shown.text()).toContain('will not be shown again');
    expect(row(w, 'bea@example.com').text()).toContain('one-time password not yet replaced');
    expect(w.get('#agent-email').element.value).toBe('');

    await shown.findAll('button').find((b) => b.text() === 'Copy').trigger('click');
    await flushPromises();
    expect(writeText).toHaveBeenCalledWith('Xy7-one-time-Pw42');
    expect(shown.text()).toContain('Copied');

    await shown.findAll('button').find((b) => b.text() === 'I have copied it').trigger('click');
    expect(w.find('.one-time-password').exists()).toBe(false);
    expect(w.html()).not.toContain('Xy7-one-time-Pw42');
  });

  it('shows the API validation messages next to their fields', async () => {
    agentsApi.create.mockRejectedValueOnce(
      new ApiError(400, 'validation_failed', 'email: must be an email address', {
        email: 'must be an email address',
        displayName: 'is required',
      }),
    );
    const w = await screen();
    await w.get('#agent-email').setValue('not-an-email');
    await w.get('form').trigger('submit');
    await flushPromises();

    expect(w.get('#agent-email-error').text()).toBe('must be an email address');
    expect(w.get('#agent-email').attributes('aria-invalid')).toBe('true');
    expect(w.get('#agent-email').attributes('aria-describedby')).toBe('agent-email-error');
    expect(w.get('#agent-display-name-error').text()).toBe('is required');
    expect(w.find('#agent-role-error').exists()).toBe(false);
    expect(w.find('.one-time-password').exists()).toBe(false);
  });

  it('puts a taken email on the email field', async () => {
    agentsApi.create.mockRejectedValueOnce(new ApiError(409, 'conflict', 'That email is taken'));
    const w = await screen();
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(w.get('#agent-email-error').text()).toBe('That email is taken');
  });

  it('deactivates after a confirmation, then offers only reactivation', async () => {
    const w = await screen();
    await row(w, 'ann@example.com').findAll('button').find((b) => b.text() === 'Deactivate').trigger('click');
    expect(agentsApi.deactivate).not.toHaveBeenCalled();
    expect(row(w, 'ann@example.com').text()).toContain('Their sessions end at once');
    await row(w, 'ann@example.com').get('.admin-button--danger').trigger('click');
    await flushPromises();
    expect(agentsApi.deactivate).toHaveBeenCalledWith('ann');
    expect(row(w, 'ann@example.com').text()).toContain('Deactivated');
    expect(row(w, 'ann@example.com').findAll('button').map((b) => b.text())).toEqual(['Reactivate']);
  });

  it('reactivates a deactivated user at once, who is then offered the active actions', async () => {
    const w = await screen();
    expect(row(w, 'old@example.com').text()).not.toContain('Cannot be reactivated');
    await row(w, 'old@example.com').findAll('button').find((b) => b.text() === 'Reactivate').trigger('click');
    await flushPromises();
    expect(agentsApi.reactivate).toHaveBeenCalledWith('old');
    expect(row(w, 'old@example.com').text()).toContain('Active');
    expect(row(w, 'old@example.com').findAll('button').map((b) => b.text())).toEqual(['Reset password', 'Deactivate']);
    expect(useConversationsStore().agents.find((a) => a.id === 'old').active).toBe(true);
  });

  it('shows a refused reactivation on its row', async () => {
    agentsApi.reactivate.mockRejectedValueOnce(new ApiError(404, 'not_found', 'No user old'));
    const w = await screen();
    await row(w, 'old@example.com').findAll('button').find((b) => b.text() === 'Reactivate').trigger('click');
    await flushPromises();
    expect(row(w, 'old@example.com').get('[role="alert"]').text()).toBe('No user old');
    expect(row(w, 'old@example.com').text()).toContain('Deactivated');
  });

  it('resets a password and shows the new one-time password', async () => {
    const w = await screen();
    await row(w, 'ann@example.com').findAll('button').find((b) => b.text() === 'Reset password').trigger('click');
    await row(w, 'ann@example.com').get('.admin-button--danger').trigger('click');
    await flushPromises();
    expect(agentsApi.resetPassword).toHaveBeenCalledWith('ann');
    expect(w.get('.one-time-password input').element.value).toBe('reset-otp-9876543210');
  });

  it('shows a refused action on its row', async () => {
    agentsApi.deactivate.mockRejectedValueOnce(new ApiError(409, 'conflict', 'Changed concurrently'));
    const w = await screen();
    await row(w, 'ann@example.com').findAll('button').find((b) => b.text() === 'Deactivate').trigger('click');
    await row(w, 'ann@example.com').get('.admin-button--danger').trigger('click');
    await flushPromises();
    expect(row(w, 'ann@example.com').get('[role="alert"]').text()).toBe('Changed concurrently');
  });
});
