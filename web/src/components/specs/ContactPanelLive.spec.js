import { describe, it, expect, beforeEach, vi } from 'vitest';
import { mount, flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import ContactPanel from '../ContactPanel.vue';
import { useConversationsStore } from '../../stores/conversations.js';

vi.mock('../../api/contacts.js', () => ({ contactsApi: { contact: vi.fn(), notes: vi.fn(), update: vi.fn(), addNote: vi.fn() } }));
vi.mock('../../api/conversations.js', () => ({ conversationsApi: {}, agentsApi: {}, phoneNumbersApi: {} }));

import { contactsApi } from '../../api/contacts.js';

const note = (n) => ({ noteId: `n${n}`, authorName: 'Ann', text: `Note ${n}`, createdAt: `2025-05-01T09:${String(n).padStart(2, '0')}:00Z` });
const contact = () => ({
  phoneNumberId: 'p', customerKey: 'k', name: null, profileName: 'Maria', displayName: 'Maria', waId: '16505550401',
  tags: ['vip'], attributes: { city: 'Porto', plan: 'basic' }, notesCount: 3, updatedAt: '2025-05-01T10:00:00Z',
});
/** contact.updated as the live socket sends it: another agent's edit, later than what is shown. */
const edit = (fields) => ({ conversationId: { phoneNumberId: 'p', customerKey: 'k' }, ...contact(), updatedAt: '2025-05-01T11:00:00Z', updatedBy: 'agent-b', ...fields });

const panel = (live = null) => mount(ContactPanel, { props: { phoneNumberId: 'p', customerKey: 'k', live } });
const texts = (w, selector) => w.findAll(selector).map((x) => x.text());
const tags = (w) => w.findAll('.contact-panel__tag').map((x) => x.text().replace('×', '').trim());

beforeEach(() => {
  vi.clearAllMocks();
  contactsApi.contact.mockImplementation(async () => contact());
  // newest first, two per page here
  contactsApi.notes.mockImplementation(async (pnid, ck, { cursor }) =>
    cursor ? { notes: [note(1)], nextCursor: null } : { notes: [note(3), note(2)], nextCursor: 'c1' });
});

describe('ContactPanel, live and paged', () => {
  it("follows another agent's edit: name, tags and attributes; an attribute being typed keeps the text", async () => {
    const w = panel();
    await flushPromises();
    await w.get('#attr-plan').setValue('gold'); // this agent is changing it
    await w.setProps({ live: edit({ displayName: 'Maria Souza', name: 'Maria Souza', tags: ['vip', 'wholesale'], attributes: { city: 'Lisbon', plan: 'basic', vat: 'PT1' } }) });
    expect(w.get('h2').text()).toBe('Maria Souza');
    expect(tags(w)).toEqual(['vip', 'wholesale']);
    expect(w.get('#attr-city').element.value).toBe('Lisbon');
    expect(w.get('#attr-vat').element.value).toBe('PT1');
    expect(w.get('#attr-plan').element.value, 'what this agent typed stays').toBe('gold');
    expect(contactsApi.notes, 'no new note').toHaveBeenCalledTimes(1);
  });

  it('ignores an edit older than what is shown (its own, answered first, or a late event)', async () => {
    const w = panel();
    await flushPromises();
    await w.setProps({ live: edit({ tags: ['old'], updatedAt: '2025-05-01T10:00:00Z' }) });
    expect(tags(w)).toEqual(['vip']);
  });

  it("reads a note another agent added (notesCount grew) and puts it first", async () => {
    const w = panel();
    await flushPromises();
    contactsApi.notes.mockImplementationOnce(async () => ({ notes: [note(4), note(3)], nextCursor: 'c0' }));
    await w.setProps({ live: edit({ notesCount: 4 }) });
    await flushPromises();
    expect(texts(w, '.contact-panel__note-text')).toEqual(['Note 4', 'Note 3', 'Note 2']);
  });

  it('applies an edit the read did not show yet when the panel opens', async () => {
    const w = panel(edit({ tags: ['vip', 'late'] }));
    await flushPromises();
    expect(tags(w)).toEqual(['vip', 'late']);
  });

  it('shows older notes page by page', async () => {
    const w = panel();
    await flushPromises();
    expect(texts(w, '.contact-panel__note-text')).toEqual(['Note 3', 'Note 2']);
    await w.get('.contact-panel__more').trigger('click');
    await flushPromises();
    expect(contactsApi.notes).toHaveBeenLastCalledWith('p', 'k', { limit: 20, cursor: 'c1' });
    expect(texts(w, '.contact-panel__note-text')).toEqual(['Note 3', 'Note 2', 'Note 1']);
    expect(w.find('.contact-panel__more').exists(), 'no older page').toBe(false);
  });
});

describe('the store keeps the latest contact.updated for the panel', () => {
  it('on the conversation, newest edit only', () => {
    setActivePinia(createPinia());
    const store = useConversationsStore();
    store.byKey['p/k'] = { phoneNumberId: 'p', customerKey: 'k', key: 'p/k' };
    const later = edit({ tags: ['b'] });
    expect(store.onContactUpdated({ type: 'contact.updated', data: later })).toBe(true);
    expect(store.onContactUpdated({ type: 'contact.updated', data: edit({ tags: ['a'], updatedAt: '2025-05-01T10:30:00Z' }) })).toBe(false);
    expect(store.byKey['p/k'].contact).toEqual(later);
  });
});
