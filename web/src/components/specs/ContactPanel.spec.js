import { describe, it, expect, beforeEach, vi } from 'vitest';
import { mount, flushPromises } from '@vue/test-utils';
import ContactPanel from '../ContactPanel.vue';
import { normalizeTag } from '../../stores/helpers.js';

const base = () => ({
  phoneNumberId: 'p', customerKey: 'k', name: null, profileName: 'Maria', displayName: 'Maria',
  waId: '16505550401', tags: ['vip'], attributes: { city: 'Porto' }, notesCount: 1,
});
let contact;

vi.mock('../../api/contacts.js', () => ({
  contactsApi: {
    contact: vi.fn(async () => structuredClone(contact)),
    notes: vi.fn(async () => ({ notes: [{ noteId: 'n1', authorName: 'Ann', text: 'Calls after 6 pm', createdAt: '2025-05-01T09:00:00Z' }] })),
    update: vi.fn(async (pnid, ck, patch) => {
      if ('name' in patch) contact.name = patch.name;
      contact.displayName = contact.name || contact.profileName;
      if (patch.tags) contact.tags = patch.tags;
      for (const [k, v] of Object.entries(patch.attributes || {})) {
        if (v === null) delete contact.attributes[k];
        else contact.attributes[k] = v;
      }
      return structuredClone(contact);
    }),
    addNote: vi.fn(async (pnid, ck, text) => ({ noteId: 'n2', authorName: 'Ann', text, createdAt: '2025-05-02T09:00:00Z' })),
  },
}));

import { contactsApi } from '../../api/contacts.js';

async function panel() {
  const w = mount(ContactPanel, { props: { phoneNumberId: 'p', customerKey: 'k' } });
  await flushPromises();
  return w;
}

describe('ContactPanel', () => {
  beforeEach(() => {
    contact = base();
    vi.clearAllMocks();
  });

  it('shows name, phone, tags, attributes and notes', async () => {
    const w = await panel();
    expect(w.get('h2').text()).toBe('Maria');
    expect(w.text()).toContain('+16505550401');
    expect(w.get('.contact-panel__tag').text()).toContain('vip');
    expect(w.get('#attr-city').element.value).toBe('Porto');
    expect(w.text()).toContain('Calls after 6 pm');
  });

  it('adds a tag lower-cased and removes one, sending the whole list', async () => {
    const w = await panel();
    await w.get('#contact-new-tag').setValue('  Wholesale ');
    await w.get('#contact-new-tag').element.form.dispatchEvent(new Event('submit'));
    await flushPromises();
    expect(contactsApi.update).toHaveBeenLastCalledWith('p', 'k', { tags: ['vip', 'wholesale'] });
    await w.get('[aria-label="Remove tag vip"]').trigger('click');
    await flushPromises();
    expect(contactsApi.update).toHaveBeenLastCalledWith('p', 'k', { tags: ['wholesale'] });
    expect(w.findAll('.contact-panel__tag').map((t) => t.text().replace('×', '').trim())).toEqual(['wholesale']);
  });

  it('adds, edits and removes attributes (null removes)', async () => {
    const w = await panel();
    await w.get('#contact-new-key').setValue('customer_id');
    await w.get('#contact-new-value').setValue('C-1042');
    await w.get('#contact-new-key').element.form.dispatchEvent(new Event('submit'));
    await flushPromises();
    expect(contactsApi.update).toHaveBeenLastCalledWith('p', 'k', { attributes: { customer_id: 'C-1042' } });
    await w.get('#attr-city').setValue('Lisbon');
    await w.get('#attr-city').element.form.dispatchEvent(new Event('submit'));
    await flushPromises();
    expect(contactsApi.update).toHaveBeenLastCalledWith('p', 'k', { attributes: { city: 'Lisbon' } });
    await w.get('[aria-label="Remove attribute city"]').trigger('click');
    await flushPromises();
    expect(contactsApi.update).toHaveBeenLastCalledWith('p', 'k', { attributes: { city: null } });
    expect(w.find('#attr-city').exists()).toBe(false);
  });

  it('edits the name and tells the inbox; an empty name clears it', async () => {
    const w = await panel();
    await w.get('.contact-panel__link').trigger('click');
    await w.get('#contact-name').setValue('Maria Lopez');
    await w.get('#contact-name').element.form.dispatchEvent(new Event('submit'));
    await flushPromises();
    expect(w.get('h2').text()).toBe('Maria Lopez');
    expect(w.emitted('renamed')).toEqual([['Maria Lopez']]);
    await w.get('.contact-panel__link').trigger('click');
    await w.get('#contact-name').setValue('  ');
    await w.get('#contact-name').element.form.dispatchEvent(new Event('submit'));
    await flushPromises();
    expect(contactsApi.update).toHaveBeenLastCalledWith('p', 'k', { name: null });
  });

  it('adds a note on top', async () => {
    const w = await panel();
    await w.get('#contact-new-note').setValue('Wants a refund');
    await w.get('#contact-new-note').element.form.dispatchEvent(new Event('submit'));
    await flushPromises();
    expect(w.findAll('.contact-panel__note-text').map((n) => n.text())).toEqual(['Wants a refund', 'Calls after 6 pm']);
  });
});

describe('normalizeTag', () => {
  it('trims and lower-cases', () => {
    expect(normalizeTag('  VIP Client ')).toBe('vip client');
  });
});
