import { describe, it, expect } from 'vitest';
import { renderTemplate } from '../template.js';

const definition = {
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', placeholders: ['1'] },
    { type: 'BODY', text: 'Hi {{1}}, your order {{2}} ships on {{3}}.', placeholders: ['1', '2', '3'] },
    { type: 'FOOTER', text: 'Reply STOP to opt out' },
    { type: 'BUTTONS', buttons: [{ index: 0, type: 'QUICK_REPLY', text: 'Track' }] },
  ],
};

describe('template text', () => {
  it('puts the parameters into the library\'s text', () => {
    const shown = renderTemplate(definition, {
      name: 'order_update',
      components: [
        { type: 'HEADER', parameters: [{ type: 'text', text: '#4521' }] },
        { type: 'BODY', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: '#4521' }, { type: 'date_time', fallbackValue: 'May 2' }] },
      ],
    });
    expect(shown).toEqual({ header: 'Order #4521', headerMedia: null, body: 'Hi Ana, your order #4521 ships on May 2.', footer: 'Reply STOP to opt out', buttons: ['Track'] });
  });

  it('fills named parameters by name and leaves a missing one visible', () => {
    const shown = renderTemplate(
      { components: [{ type: 'BODY', text: 'Hi {{first_name}}, code {{code}}', placeholders: ['first_name', 'code'] }] },
      { components: [{ type: 'body', parameters: [{ type: 'text', name: 'first_name', text: 'Ana' }] }] },
    );
    expect(shown.body).toBe('Hi Ana, code {{code}}');
  });

  it('without the library, shows the parameters it was sent with', () => {
    const shown = renderTemplate(null, { components: [{ type: 'BODY', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: '#4521' }] }] });
    expect(shown.body).toBe('Ana · #4521');
  });
});
