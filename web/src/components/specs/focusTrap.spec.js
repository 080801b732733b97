import { describe, it, expect, beforeEach, vi } from 'vitest';
import { mount, flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import MessageComposer from '../MessageComposer.vue';
import { tabbables } from '../focusTrap.js';
import { useConversationsStore } from '../../stores/conversations.js';

vi.mock('../../api/conversations.js', () => ({ conversationsApi: {}, agentsApi: { get: vi.fn() }, phoneNumbersApi: { get: vi.fn() } }));
vi.mock('../../api/templates.js', () => ({ templatesApi: { approved: vi.fn(async () => ({ templates: [] })) } }));

const NOW = Date.parse('2025-05-01T12:00:00Z');
const KEY = 'pn1/351912345678';

function composer(window) {
  const c = { phoneNumberId: 'pn1', customerKey: '351912345678', key: KEY, window };
  useConversationsStore().byKey[KEY] = c;
  return mount(MessageComposer, { attachTo: document.body, props: { conversation: c, me: { id: 'a', role: 'ADMIN' }, now: NOW } });
}


const OPEN = { open: true, closesAt: '2025-05-02T09:30:00Z' };

/** Focuses a toolbar button and clicks it, as a keyboard user does with Enter. */
async function openWith(w, label) {
  const opener = w.get(`button[aria-label="${label}"]`);
  opener.element.focus();
  await opener.trigger('click');
  await flushPromises();
  return opener;
}

beforeEach(() => {
  setActivePinia(createPinia());
  document.body.innerHTML = '';
});

describe('modal panels of the composer', () => {
  it('the interactive builder takes the focus, keeps Tab inside, and gives it back on Escape', async () => {
    const w = composer(OPEN);
    const opener = await openWith(w, 'Interactive message');

    const dialog = w.get('[role="dialog"][aria-label="Interactive message"]');
    expect(dialog.attributes('aria-modal')).toBe('true');
    const inside = tabbables(dialog.element);
    expect(document.activeElement).toBe(inside[0]);

    inside[inside.length - 1].focus();
    const forward = new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true });
    inside[inside.length - 1].dispatchEvent(forward);
    expect(forward.defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(inside[0]);
    const back = new KeyboardEvent('keydown', { key: 'Tab', shiftKey: true, bubbles: true, cancelable: true });
    inside[0].dispatchEvent(back);
    expect(document.activeElement).toBe(inside[inside.length - 1]);

    await dialog.trigger('keydown', { key: 'Escape' });
    await flushPromises();
    expect(w.find('[role="dialog"]').exists()).toBe(false);
    expect(document.activeElement).toBe(opener.element);
  });

  it('the template picker starts at its search box and, closed, gives the focus back to the Templates button', async () => {
    const w = composer(OPEN);
    const opener = await openWith(w, 'Templates');
    expect(document.activeElement).toBe(w.get('#template-search').element);
    await w.get('button[aria-label="Close the templates"]').trigger('click');
    await flushPromises();
    expect(document.activeElement).toBe(opener.element);
  });

  it('when the window is closed, the picker opened from the offer gives the focus back to the offer', async () => {
    const w = composer({ open: false, closesAt: '2025-05-01T09:30:00Z' });
    await w.get('.composer__offer-button').trigger('click');
    await flushPromises();
    expect(document.activeElement).toBe(w.get('#template-search').element);
    await w.get('[role="dialog"]').trigger('keydown', { key: 'Escape' });
    await flushPromises();
    expect(document.activeElement).toBe(w.get('.composer__offer-button').element);
  });
});

describe('tabbables', () => {
  it('finds focusable elements in open shadow roots (the emoji picker), skipping disabled and tabindex -1', () => {
    const host = document.createElement('div');
    host.innerHTML = '<button>a</button><button disabled>b</button><span tabindex="-1">c</span><x-picker></x-picker><a href="#">d</a>';
    const shadow = host.querySelector('x-picker').attachShadow({ mode: 'open' });
    shadow.innerHTML = '<input aria-label="Search"><button>😀</button>';
    document.body.appendChild(host);
    expect(tabbables(host).map((el) => el.textContent || el.getAttribute('aria-label'))).toEqual(['a', 'Search', '😀', 'd']);
  });
});

describe('accessible names', () => {
  it('every button of the composer, with its panels open, has a name for screen readers', async () => {
    const w = composer(OPEN);
    await openWith(w, 'Interactive message');
    const unnamed = w.findAll('button').filter((b) => !(b.attributes('aria-label') || b.text().trim() || b.attributes('title')));
    expect(unnamed.map((b) => b.html())).toEqual([]);
  });
});
