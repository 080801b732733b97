import { describe, it, expect, afterEach } from 'vitest';
import { mount } from '@vue/test-utils';
import MessageActions from '../MessageActions.vue';
import { QUICK_REACTIONS } from '../thread.js';

afterEach(() => {
  document.body.innerHTML = '';
});

// The picker's custom element needs a real browser (IndexedDB); its own behaviour is the composer's.
const EmojiPicker = { name: 'EmojiPicker', template: '<div class="emoji-stub" role="dialog"><button>x</button></div>', emits: ['pick', 'close'] };
const actions = (props = {}) =>
  mount(MessageActions, { props: { label: 'the message from Ana: Hi', ...props }, attachTo: document.body, global: { stubs: { EmojiPicker } } });

describe('MessageActions', () => {
  it('opens from a labelled button, focusing the first reaction, and offers the six quick reactions and Reply', async () => {
    const w = actions();
    const trigger = w.get('.message-actions__trigger');
    expect(trigger.attributes('aria-label')).toBe('Actions for the message from Ana: Hi');
    expect(trigger.attributes('aria-expanded')).toBe('false');
    await trigger.trigger('click');
    expect(trigger.attributes('aria-expanded')).toBe('true');
    expect(w.findAll('[data-emoji]').map((b) => b.text())).toEqual([...QUICK_REACTIONS]);
    expect(w.find('button[aria-label="More reactions"]').exists()).toBe(true);
    expect(document.activeElement.getAttribute('aria-label')).toBe('React with 👍');
    expect(w.get('.message-actions__reply').text()).toBe('Reply');
  });

  it('emits reply and react, closing and giving focus back', async () => {
    const w = actions();
    await w.get('.message-actions__trigger').trigger('click');
    await w.get('.message-actions__reply').trigger('click');
    expect(w.emitted('reply')).toHaveLength(1);
    expect(w.find('.message-actions__menu').exists()).toBe(false);
    expect(document.activeElement).toBe(w.get('.message-actions__trigger').element);
    await w.get('.message-actions__trigger').trigger('click');
    await w.get('[data-emoji="🙏"]').trigger('click');
    expect(w.emitted('react')).toEqual([['🙏']]);
  });

  it('closes on Escape', async () => {
    const w = actions();
    await w.get('.message-actions__trigger').trigger('click');
    await w.get('.message-actions__menu').trigger('keydown', { key: 'Escape' });
    expect(w.find('.message-actions__menu').exists()).toBe(false);
  });

  it('marks our current reaction, which picking again removes', async () => {
    const w = actions({ current: '❤️' });
    await w.get('.message-actions__trigger').trigger('click');
    const heart = w.get('[data-emoji="❤️"]');
    expect(heart.attributes('aria-pressed')).toBe('true');
    expect(heart.attributes('aria-label')).toBe('Remove your ❤️ reaction');
  });

  it('reacts with any emoji from "+" (the composer\'s picker), closing and giving focus back', async () => {
    const w = actions();
    await w.get('.message-actions__trigger').trigger('click');
    await w.get('button[aria-label="More reactions"]').trigger('click');
    const picker = w.findComponent({ name: 'EmojiPicker' });
    expect(picker.exists()).toBe(true);
    picker.vm.$emit('pick', '🦄', { keyboard: false });
    await w.vm.$nextTick();
    expect(w.emitted('react')).toEqual([['🦄']]);
    expect(w.findComponent({ name: 'EmojiPicker' }).exists()).toBe(false);
    expect(document.activeElement).toBe(w.get('.message-actions__trigger').element);
  });

  it('closes the picker on its Escape, giving focus back to the button', async () => {
    const w = actions();
    await w.get('.message-actions__trigger').trigger('click');
    await w.get('button[aria-label="More reactions"]').trigger('click');
    w.findComponent({ name: 'EmojiPicker' }).vm.$emit('close');
    await w.vm.$nextTick();
    expect(w.findComponent({ name: 'EmojiPicker' }).exists()).toBe(false);
    expect(w.find('.message-actions__menu').exists()).toBe(false);
    expect(w.emitted('react')).toBeUndefined();
    expect(document.activeElement).toBe(w.get('.message-actions__trigger').element);
  });

  it('when blocked, shows why and disables Reply and every reaction, focusing the reason', async () => {
    const reason = 'The 24-hour window is closed: only templates can be sent';
    const w = actions({ blocked: reason });
    await w.get('.message-actions__trigger').trigger('click');
    const note = w.get('.message-actions__blocked');
    expect(note.text()).toBe(reason);
    expect(document.activeElement).toBe(note.element);
    const buttons = w.findAll('.message-actions__menu button');
    expect(buttons.length).toBe(QUICK_REACTIONS.length + 2);
    for (const b of buttons) {
      expect(b.element.disabled).toBe(true);
      expect(b.attributes('aria-describedby')).toBe(note.attributes('id'));
    }
    await w.get('.message-actions__reply').trigger('click');
    await w.get('[data-emoji="👍"]').trigger('click');
    await w.get('button[aria-label="More reactions"]').trigger('click');
    expect(w.emitted('reply')).toBeUndefined();
    expect(w.emitted('react')).toBeUndefined();
    expect(w.findComponent({ name: 'EmojiPicker' }).exists()).toBe(false);
  });
});
