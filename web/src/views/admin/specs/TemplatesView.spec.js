import { describe, it, expect, beforeEach, vi } from 'vitest';
import { mount, flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import TemplatesView from '../TemplatesView.vue';
import { ApiError } from '../../../api/ApiClient.js';
import { useSessionStore } from '../../../stores/session.js';

const template = (name, status, extra = {}) => ({
  id: `${name}-en_US`, name, language: 'en_US', category: 'UTILITY', status, sendable: status === 'APPROVED',
  components: [{ type: 'BODY', text: 'Hi {{1}}, order {{2}} ships today.', placeholders: ['1', '2'] }], ...extra,
});
let library;

vi.mock('../../../api/phoneNumbers.js', () => ({
  phoneNumbersApi: {
    get: vi.fn(async () => ({
      phoneNumbers: [
        { phoneNumberId: '111', displayNumber: '+1 555 010 0001' },
        { phoneNumberId: '222', displayNumber: '+1 555 010 0002' },
      ],
    })),
  },
}));
vi.mock('../../../api/templates.js', () => ({
  adminTemplatesApi: {
    list: vi.fn(async (phoneNumberId, status) => ({
      phoneNumberId, wabaId: 'w1', templates: library.filter((t) => !status || t.status === status),
    })),
    sync: vi.fn(async () => ({ synced: [{ wabaId: 'w1', templates: 3, removed: 1, syncedAt: '2025-05-01T09:00:00Z' }] })),
  },
}));

import { adminTemplatesApi } from '../../../api/templates.js';

async function screen() {
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().user = { id: 'boss', role: 'ADMIN', email: 'boss@example.com' };
  const w = mount(TemplatesView, { global: { plugins: [pinia] } });
  await flushPromises();
  return w;
}

const names = (w) => w.findAll('.template-card__name').map((n) => n.text());

describe('TemplatesView', () => {
  beforeEach(() => {
    library = [
      template('order_update', 'APPROVED', {
        components: [
          { type: 'HEADER', format: 'IMAGE', text: null, placeholders: [] },
          { type: 'BODY', text: 'Hi {{name}}, order {{order_id}} ships today.', placeholders: ['name', 'order_id'] },
          { type: 'FOOTER', text: 'Reply STOP to opt out' },
          { type: 'BUTTONS', buttons: [{ index: 0, type: 'URL', text: 'Track', url: 'https://example.com/t/{{1}}', placeholders: ['1'] }] },
        ],
      }),
      template('spring_sale', 'REJECTED', { category: 'MARKETING' }),
      template('welcome', 'PENDING'),
    ];
    vi.clearAllMocks();
  });

  it('shows the first number\'s library: name, language, category, status badge and a preview with placeholders', async () => {
    const w = await screen();
    expect(adminTemplatesApi.list).toHaveBeenCalledWith('111', undefined);
    expect(names(w)).toEqual(['order_update', 'spring_sale', 'welcome']);
    const card = w.get('[data-template="order_update/en_US"]');
    expect(card.get('.badge').text()).toBe('APPROVED');
    expect(card.get('.badge').classes()).toContain('badge--good');
    expect(card.text()).toContain('en_US · UTILITY');
    expect(card.findAll('.template-placeholder').map((m) => m.text())).toEqual(['{{name}}', '{{order_id}}']);
    expect(card.text()).toContain('image header');
    expect(card.text()).toContain('Reply STOP to opt out');
    expect(card.get('.template-preview__button').text()).toContain('Track');
    const rejected = w.get('[data-template="spring_sale/en_US"]');
    expect(rejected.get('.badge').classes()).toContain('badge--bad');
    expect(rejected.text()).toContain('cannot be sent until approved');
  });

  it('filters by status on the server and searches by name, language or category as you type', async () => {
    const w = await screen();
    await w.findAll('select')[1].setValue('PENDING');
    await flushPromises();
    expect(adminTemplatesApi.list).toHaveBeenLastCalledWith('111', 'PENDING');
    expect(names(w)).toEqual(['welcome']);

    await w.findAll('select')[1].setValue('');
    await flushPromises();
    await w.get('input[type="search"]').setValue('marketing');
    expect(names(w)).toEqual(['spring_sale']);
    await w.get('input[type="search"]').setValue('nothing like it');
    expect(w.text()).toContain('No template matches.');
  });

  it('switches number', async () => {
    const w = await screen();
    await w.findAll('select')[0].setValue('222');
    await flushPromises();
    expect(adminTemplatesApi.list).toHaveBeenLastCalledWith('222', undefined);
  });

  it('syncs now and shows the result, then reloads the library', async () => {
    const w = await screen();
    library.push(template('new_one', 'APPROVED'));
    await w.findAll('button').find((b) => b.text() === 'Sync now').trigger('click');
    await flushPromises();
    expect(adminTemplatesApi.sync).toHaveBeenCalledWith('111');
    expect(w.get('[role="status"]').text()).toBe('WABA w1: 3 templates synced, 1 removed');
    expect(names(w)).toContain('new_one');
  });

  it('shows a refused sync', async () => {
    adminTemplatesApi.sync.mockRejectedValueOnce(new ApiError(502, 'cloud_api_error', 'The Cloud API refused the template list'));
    const w = await screen();
    await w.findAll('button').find((b) => b.text() === 'Sync now').trigger('click');
    await flushPromises();
    expect(w.get('[role="alert"]').text()).toBe('Sync failed: The Cloud API refused the template list');
  });
});
