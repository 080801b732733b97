import { describe, it, expect } from 'vitest';
import { mount } from '@vue/test-utils';
import InteractiveView from '../InteractiveView.vue';

describe('InteractiveView', () => {
  it('shows reply buttons as the customer sees them: header, body, footer, one button each', () => {
    const w = mount(InteractiveView, {
      props: {
        content: {
          type: 'interactive_buttons',
          header: { text: 'Support' },
          body: 'Did this solve your problem?',
          footer: 'WhataTalk',
          buttons: [{ id: 'yes', title: 'Yes' }, { id: 'no', title: 'No' }],
        },
      },
    });
    expect(w.get('.card__header').text()).toBe('Support');
    expect(w.get('.card__body').text()).toBe('Did this solve your problem?');
    expect(w.get('.card__footer').text()).toBe('WhataTalk');
    expect(w.get('[aria-label="Reply buttons"]').findAll('li').map((b) => b.text())).toEqual(['Yes', 'No']);
  });

  it('shows a media header through the media preview', () => {
    const w = mount(InteractiveView, {
      props: { phoneNumberId: 'pn1', content: { type: 'interactive_buttons', header: { media: { kind: 'IMAGE', mediaId: 'm1' } }, body: 'Look', buttons: [] } },
    });
    expect(w.get('.media__thumb img').attributes('src')).toBe('/api/media/pn1/m1');
  });

  it('shows a list as its button, which opens the sections and their rows', async () => {
    const w = mount(InteractiveView, {
      props: {
        content: {
          type: 'interactive_list',
          headerText: 'Menu',
          body: 'Pick a slot',
          buttonLabel: 'See slots',
          sections: [
            { title: 'Morning', rows: [{ id: 'm9', title: '9:00', description: 'Front desk' }, { id: 'm10', title: '10:00' }] },
            { title: 'Afternoon', rows: [{ id: 'a2', title: '14:00' }] },
          ],
        },
      },
    });
    expect(w.get('.card__header').text()).toBe('Menu');
    expect(w.get('summary').text()).toContain('See slots');
    expect(w.findAll('.interactive__section h4').map((h) => h.text())).toEqual(['Morning', 'Afternoon']);
    expect(w.findAll('.interactive__row-title').map((r) => r.text())).toEqual(['9:00', '10:00', '14:00']);
    expect(w.get('.interactive__row-description').text()).toBe('Front desk');
  });
});
