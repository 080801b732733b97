import { describe, it, expect, beforeEach, vi } from 'vitest';
import { mount, flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import PhoneNumbersView from '../PhoneNumbersView.vue';
import { ApiError } from '../../../api/ApiClient.js';
import { useSessionStore } from '../../../stores/session.js';
import { useConversationsStore } from '../../../stores/conversations.js';

const TOKEN = 'EAAGsecret-token-123';
const configured = () => ({
  phoneNumberId: '106540352242922', displayNumber: '+1 555 010 0000', wabaId: '102290129340398',
  accessTokenSet: true, mps: 80, markAsRead: true, typingIndicator: false,
});
let numbers;

vi.mock('../../../api/phoneNumbers.js', () => ({
  phoneNumbersApi: {
    get: vi.fn(async () => ({ phoneNumbers: structuredClone(numbers) })),
    create: vi.fn(),
    update: vi.fn(),
  },
}));

import { phoneNumbersApi } from '../../../api/phoneNumbers.js';

/** What the API answers for a saved request: the token only as `accessTokenSet`. */
function answer(body, before = {}) {
  const { accessToken, ...rest } = body;
  return { ...before, ...rest, accessTokenSet: !!accessToken || !!before.accessTokenSet };
}

async function screen() {
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().user = { id: 'boss', role: 'ADMIN', email: 'boss@example.com' };
  const w = mount(PhoneNumbersView, { global: { plugins: [pinia] } });
  await flushPromises();
  return w;
}

const button = (w, text) => w.findAll('button').find((b) => b.text() === text);

describe('PhoneNumbersView', () => {
  beforeEach(() => {
    numbers = [configured(), { ...configured(), phoneNumberId: '2', displayNumber: '+44 20 7946 0000', accessTokenSet: false, mps: 1000 }];
    vi.clearAllMocks();
  });

  it('lists the numbers with whether a token is set, never a token', async () => {
    const w = await screen();
    const first = w.get('[data-number="106540352242922"]');
    expect(first.text()).toContain('+1 555 010 0000');
    expect(first.text()).toContain('102290129340398');
    expect(first.text()).toContain('set');
    expect(first.text()).toContain('80 msg/s');
    expect(w.get('[data-number="2"]').text()).toContain('not set');
    expect(w.get('[data-number="2"]').text()).toContain('1000 msg/s');
  });

  it('says when no number is configured, and when the list cannot be loaded', async () => {
    numbers = [];
    expect((await screen()).text()).toContain('No business number yet');
    phoneNumbersApi.get.mockRejectedValueOnce(new ApiError(503, 'unavailable', 'The database did not answer in time'));
    const w = await screen();
    expect(w.get('[role="alert"]').text()).toBe('The database did not answer in time');
    expect(w.find('table').exists()).toBe(false);
  });

  it('adds a number; the token field is a password field, cleared after saving, and never rendered', async () => {
    phoneNumbersApi.create.mockImplementationOnce(async (body) => answer(body));
    const w = await screen();
    await button(w, 'Add number').trigger('click');
    expect(w.get('#pn-access-token').attributes('type')).toBe('password');
    await w.get('#pn-phone-number-id').setValue('109');
    await w.get('#pn-display-number').setValue('+1 555 010 0009');
    await w.get('#pn-waba-id').setValue('555');
    await w.get('#pn-access-token').setValue(TOKEN);
    await w.get('#pn-mps').setValue('1000');
    await w.get('form').trigger('submit');
    await flushPromises();

    expect(phoneNumbersApi.create).toHaveBeenCalledWith({
      phoneNumberId: '109', displayNumber: '+1 555 010 0009', wabaId: '555', accessToken: TOKEN, mps: 1000,
      markAsRead: true, typingIndicator: true,
    });
    expect(w.find('form').exists()).toBe(false);
    expect(w.get('[data-number="109"]').text()).toContain('set');
    expect(w.html()).not.toContain(TOKEN);
    expect(useConversationsStore().phoneNumbers.map((n) => n.phoneNumberId)).toEqual(['106540352242922', '2', '109']);
  });

  it('edits only what changed and keeps the token unless a new one is typed', async () => {
    phoneNumbersApi.update.mockImplementationOnce(async (id, body) => answer(body, configured()));
    const w = await screen();
    await w.get('[data-number="106540352242922"] button').trigger('click');
    expect(w.get('#pn-phone-number-id').attributes('readonly')).toBeDefined();
    expect(w.get('#pn-access-token').element.value).toBe('');
    expect(w.get('label[for="pn-access-token"]').text()).toBe('Access token (set)');
    const [readReceipts, typing] = w.findAll('input[role="switch"]');
    expect(readReceipts.element.checked).toBe(true);
    await typing.setValue(true);
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(phoneNumbersApi.update).toHaveBeenCalledWith('106540352242922', { typingIndicator: true });
    expect(w.get('[data-number="106540352242922"]').text()).toContain('On');
  });

  it('shows the API validation messages next to their fields and clears the typed token', async () => {
    phoneNumbersApi.create.mockRejectedValueOnce(
      new ApiError(400, 'validation_failed', 'wabaId: is required', {
        wabaId: 'is required',
        accessToken: 'must be one word of at most 1024 characters',
      }),
    );
    const w = await screen();
    await button(w, 'Add number').trigger('click');
    await w.get('#pn-access-token').setValue('two words');
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(w.get('#pn-waba-id-error').text()).toBe('is required');
    expect(w.get('#pn-access-token-error').text()).toBe('must be one word of at most 1024 characters');
    expect(w.find('#pn-display-number-error').exists()).toBe(false);
    expect(w.get('#pn-access-token').element.value).toBe('');
  });

  it('puts a number configured already on the phone number id', async () => {
    phoneNumbersApi.create.mockRejectedValueOnce(new ApiError(409, 'conflict', 'Phone number 106540352242922 is configured already'));
    const w = await screen();
    await button(w, 'Add number').trigger('click');
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(w.get('#pn-phone-number-id-error').text()).toContain('configured already');
  });
});
