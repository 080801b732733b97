import { describe, it, expect, vi, afterEach } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import MessageContent from '../MessageContent.vue';

const show = (content, phoneNumberId = 'pn1') => mount(MessageContent, { props: { content, phoneNumberId } });

afterEach(() => vi.unstubAllGlobals());

describe('MessageContent', () => {
  it('shows the customer\'s button and list replies as choices', () => {
    const button = show({ type: 'button_reply', id: 'yes', title: 'Yes' });
    expect(button.get('.content__label').text()).toBe('Tapped a button');
    expect(button.get('.content__choice').text()).toContain('Yes');
    const list = show({ type: 'list_reply', id: 'm9', title: '9:00', description: 'Front desk' });
    expect(list.get('.content__label').text()).toBe('Chose from the list');
    expect(list.text()).toContain('9:00');
    expect(list.text()).toContain('Front desk');
    const template = show({ type: 'button', payload: 'TRACK', text: 'Track my order' });
    expect(template.get('.content__label').text()).toBe('Tapped a template button');
    expect(template.text()).toContain('Track my order');
  });

  it('shows a location with a map link and contact cards readably', () => {
    const location = show({ type: 'location', latitude: 38.72, longitude: -9.14, name: 'Shop', address: 'Rua A 1' });
    expect(location.text()).toContain('Shop');
    expect(location.text()).toContain('Rua A 1');
    expect(location.get('a').attributes('href')).toContain('mlat=38.72&mlon=-9.14');
    const contacts = show({
      type: 'contacts',
      contacts: [{ name: { formattedName: 'Ana Lima' }, phones: [{ phone: '+351 912 345 678', type: 'CELL' }], emails: [{ email: 'ana@example.com' }], org: { company: 'ACME' } }],
    });
    expect(contacts.get('.contact-card').text()).toContain('Ana Lima');
    expect(contacts.text()).toContain('+351 912 345 678 (cell)');
    expect(contacts.text()).toContain('ana@example.com');
    expect(contacts.text()).toContain('ACME');
  });

  it('names an unsupported message and a type it does not know, never blank', () => {
    expect(show({ type: 'unsupported', originalType: 'poll', errorTitle: 'Message type unknown' }).text()).toContain('Unsupported message (poll): Message type unknown');
    expect(show({ type: 'order' }).text()).toContain('A message of type “order” this inbox cannot show yet');
    expect(show(null).text()).toContain('cannot show yet');
    expect(show({ type: 'system', systemType: 'user_changed_number', body: 'Ana changed their number' }).text()).toBe('Ana changed their number');
  });

  it('shows a template with its library text and a Template label', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({
      name: 'order_update',
      components: [{ type: 'BODY', text: 'Your order {{1}} is on its way.', placeholders: ['1'] }],
    }), { status: 200, headers: { 'Content-Type': 'application/json' } }));
    vi.stubGlobal('fetch', fetch);
    const w = show({ type: 'template', name: 'order_update', languageCode: 'en_US', components: [{ type: 'BODY', parameters: [{ type: 'text', text: '#4521' }] }] });
    expect(w.get('.template__label').text()).toBe('Template · order_update (en_US)');
    await flushPromises();
    expect(fetch.mock.calls[0][0]).toBe('/api/templates/pn1/order_update/en_US');
    expect(w.get('.card__body').text()).toBe('Your order #4521 is on its way.');
  });

  it('shows a template\'s parameters when the library cannot be read', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('{"error":{"code":"not_found","message":"no"}}', { status: 404 })));
    const w = show({ type: 'template', name: 'gone', languageCode: 'pt_BR', components: [{ type: 'BODY', parameters: [{ type: 'text', text: 'Ana' }] }] });
    await flushPromises();
    expect(w.get('.template__label').text()).toContain('gone');
    expect(w.get('.card__body').text()).toBe('Ana');
  });
});
