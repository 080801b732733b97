import { describe, it, expect, beforeEach, vi } from 'vitest';
import { mount, flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import MessageComposer from '../MessageComposer.vue';
import { useConversationsStore } from '../../stores/conversations.js';

vi.mock('../../api/conversations.js', () => ({
  conversationsApi: { send: vi.fn(async (pnid, ck, message, clientMessageId) => ({ messageId: 'srv-1', clientMessageId, status: 'queued' })) },
  agentsApi: { get: vi.fn() },
  phoneNumbersApi: { get: vi.fn() },
}));
vi.mock('../../api/media.js', () => ({ mediaApi: { upload: vi.fn(async () => ({ id: 'meta-media-1' })) } }));
vi.mock('../../api/templates.js', () => ({ templatesApi: { approved: vi.fn() } }));

import { conversationsApi } from '../../api/conversations.js';
import { mediaApi } from '../../api/media.js';
import { templatesApi } from '../../api/templates.js';

const NOW = Date.parse('2025-05-01T12:00:00Z');
const me = { id: 'agent-a', role: 'AGENT' };
const open = { window: { open: true, closesAt: '2025-05-02T09:30:00Z' } };
const closed = { window: { open: false, closesAt: '2025-05-01T09:30:00Z' } };

const PN = '106540352242922';
const CK = '16505551234';
const KEY = `${PN}/${CK}`;
let pinia;

function composer(conversation, user = me) {
  const c = { phoneNumberId: PN, customerKey: CK, key: KEY, ...conversation };
  const store = useConversationsStore();
  store.byKey[KEY] = c;
  return mount(MessageComposer, {
    attachTo: document.body,
    props: { conversation: c, me: user, now: NOW, agentName: (id) => (id === 'agent-b' ? 'Bea' : id) },
    global: { plugins: [pinia], stubs: { EmojiPicker: { name: 'EmojiPicker', template: '<div class="emoji-stub" />', emits: ['pick', 'close'] } } },
  });
}

/** The body of the n-th send (Meta's shape, as the API receives it). */
const sent = (n = 0) => conversationsApi.send.mock.calls[n][2];

beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
  vi.clearAllMocks();
  document.body.innerHTML = '';
});

describe('MessageComposer', () => {
  it('sends on Enter and clears the text', async () => {
    const w = composer({ ...open });
    const box = w.get('textarea');
    await box.setValue('Hello');
    await box.trigger('keydown', { key: 'Enter' });
    expect(w.emitted('send')).toEqual([['Hello']]);
    expect(box.element.value).toBe('');
  });

  it('sends from the send icon, a submit button named Send (Add comment for an internal one)', async () => {
    const w = composer({ ...open });
    const send = w.get('button[aria-label="Send"]');
    expect(send.attributes('type')).toBe('submit');
    expect(send.attributes('title')).toBe('Send');
    expect(send.find('svg').exists()).toBe(true);
    expect(send.text()).toBe('');
    expect(send.element.disabled).toBe(true);
    await w.get('textarea').setValue('Hello');
    expect(send.element.disabled).toBe(false);
    await send.trigger('click');
    expect(w.emitted('send')).toEqual([['Hello']]);
    await w.get('.composer__mode--internal').trigger('click');
    expect(w.get('.composer__send').attributes('aria-label')).toBe('Add comment');
  });

  it('does not send on Shift+Enter (a new line) nor an empty text', async () => {
    const w = composer({ ...open });
    const box = w.get('textarea');
    await box.setValue('line one');
    await box.trigger('keydown', { key: 'Enter', shiftKey: true });
    await w.setProps({});
    await box.setValue('   ');
    await box.trigger('keydown', { key: 'Enter' });
    expect(w.emitted('send')).toBeUndefined();
  });

  it('shows the time left while the window is open', () => {
    const w = composer({ ...open });
    expect(w.text()).toContain('21 h 30 min left');
  });

  it('is disabled with the reason when the 24-hour window is closed', async () => {
    const w = composer({ ...closed });
    expect(w.get('textarea').attributes('disabled')).toBeDefined();
    expect(w.get('button[type="submit"]').attributes('disabled')).toBeDefined();
    expect(w.get('[role="status"]').text()).toContain('24-hour window is closed');
    await w.get('textarea').trigger('keydown', { key: 'Enter' });
    expect(w.emitted('send')).toBeUndefined();
  });

  it('says who may reply when the conversation is assigned to someone else', () => {
    const w = composer({ ...open, assigneeId: 'agent-b' });
    expect(w.get('textarea').attributes('disabled')).toBeDefined();
    expect(w.get('[role="status"]').text()).toBe('Assigned to Bea: only they or an admin may reply.');
  });

  it('lets the assignee and admins reply', () => {
    expect(composer({ ...open, assigneeId: 'agent-a' }).get('textarea').attributes('disabled')).toBeUndefined();
    const admin = composer({ ...open, assigneeId: 'agent-b' }, { id: 'boss', role: 'ADMIN' });
    expect(admin.get('textarea').attributes('disabled')).toBeUndefined();
  });

  it('writes an internal comment even when the window is closed and someone else is assigned', async () => {
    const w = composer({ ...closed, assigneeId: 'agent-b' });
    expect(w.get('textarea').element.disabled).toBe(true);
    await w.get('.composer__mode--internal').trigger('click');
    expect(w.classes()).toContain('composer--internal');
    expect(w.text()).toContain('Only agents see this comment');
    const box = w.get('textarea');
    expect(box.element.disabled).toBe(false);
    await box.setValue('VIP, be nice');
    await box.trigger('keydown', { key: 'Enter' });
    expect(w.emitted('comment')).toEqual([['VIP, be nice']]);
    expect(w.emitted('send')).toBeUndefined();
  });
});

/** A file of `size` bytes without allocating it. */
function fakeFile(name, type, size) {
  const file = new File(['x'], name, { type });
  Object.defineProperty(file, 'size', { value: size });
  return file;
}

async function choose(w, file) {
  const input = w.get('[data-testid="attachment-input"]');
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true });
  await input.trigger('change');
}

const ORDER_UPDATE = {
  name: 'order_update',
  language: 'en_US',
  category: 'UTILITY',
  status: 'APPROVED',
  sendable: true,
  parameterFormat: 'POSITIONAL',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', placeholders: ['1'] },
    { type: 'BODY', text: 'Hi {{1}}, your order ships on {{2}}.', placeholders: ['1', '2'] },
    { type: 'FOOTER', text: 'Reply STOP to opt out' },
  ],
};
const HELLO = {
  name: 'hello_world', language: 'en_US', category: 'UTILITY', status: 'APPROVED', sendable: true,
  parameterFormat: 'POSITIONAL', components: [{ type: 'BODY', text: 'Hello World', placeholders: [] }],
};

describe('MessageComposer: emoji', () => {
  it('inserts the picked emoji at the caret and keeps the caret after it', async () => {
    const w = composer({ ...open });
    const box = w.get('textarea');
    await box.setValue('Hello world');
    box.element.setSelectionRange(5, 5);
    await w.get('button[aria-label="Emoji"]').trigger('click');
    w.findComponent({ name: 'EmojiPicker' }).vm.$emit('pick', '😀');
    await flushPromises();
    expect(box.element.value).toBe('Hello😀 world');
    expect(box.element.selectionStart).toBe(5 + '😀'.length);
  });

  it('keeps the focus in the picker after a pick by keyboard, so that several can be picked', async () => {
    const w = composer({ ...open });
    const box = w.get('textarea');
    await w.get('button[aria-label="Emoji"]').trigger('click');
    const picker = w.get('.emoji-stub').element;
    picker.tabIndex = 0;
    picker.focus();
    w.findComponent({ name: 'EmojiPicker' }).vm.$emit('pick', '👍', { keyboard: true });
    await flushPromises();
    w.findComponent({ name: 'EmojiPicker' }).vm.$emit('pick', '🙏', { keyboard: true });
    await flushPromises();
    expect(box.element.value).toBe('👍🙏');
    expect(document.activeElement).toBe(picker);
  });
});

describe('MessageComposer: attachments', () => {
  it('refuses an image over 5 MB before uploading, saying why', async () => {
    const w = composer({ ...open });
    await choose(w, fakeFile('beach.png', 'image/png', 6 * 1024 * 1024));
    expect(w.get('[role="alert"]').text()).toBe('beach.png is 6 MB: WhatsApp accepts images up to 5 MB.');
    expect(w.find('[aria-label="Attachment"]').exists()).toBe(false);
    await w.get('form').trigger('submit');
    expect(mediaApi.upload).not.toHaveBeenCalled();
  });

  it('refuses a type WhatsApp does not take', async () => {
    const w = composer({ ...open });
    await choose(w, fakeFile('sticker.webp', 'image/webp', 2000));
    expect(w.get('[role="alert"]').text()).toContain('WhatsApp does not accept image/webp');
  });

  it('uploads an accepted document, then sends it by id with its filename and the caption', async () => {
    const w = composer({ ...open });
    const pdf = fakeFile('invoice-4521.pdf', 'application/pdf', 48213);
    await choose(w, pdf);
    expect(w.get('[aria-label="Attachment"]').text()).toContain('invoice-4521.pdf');
    await w.get('textarea').setValue('Your invoice');
    await w.get('textarea').trigger('keydown', { key: 'Enter' });
    // At once, before the upload answered: the optimistic message.
    const [pending] = useConversationsStore().histories[KEY].messages;
    expect(pending.content).toMatchObject({ type: 'media', kind: 'DOCUMENT', filename: 'invoice-4521.pdf', caption: 'Your invoice' });
    await flushPromises();
    expect(mediaApi.upload).toHaveBeenCalledWith(pdf, { phoneNumberId: PN, filename: 'invoice-4521.pdf', mimeType: 'application/pdf' });
    expect(sent()).toEqual({ type: 'document', document: { id: 'meta-media-1', caption: 'Your invoice', filename: 'invoice-4521.pdf' } });
    expect(useConversationsStore().histories[KEY].messages[0]).toMatchObject({ id: 'srv-1', status: 'queued' });
    expect(w.emitted('send')).toBeUndefined();
  });
});

describe('MessageComposer: templates', () => {
  it('offers the template picker when the window is closed; fills the parameters with a live preview and sends', async () => {
    templatesApi.approved.mockResolvedValue({ templates: [HELLO, ORDER_UPDATE] });
    const w = composer({ ...closed });
    expect(w.get('textarea').element.disabled).toBe(true);
    await w.get('.composer__offer-button').trigger('click');
    await flushPromises();
    expect(templatesApi.approved).toHaveBeenCalledWith(PN);
    await w.get('#template-search').setValue('ships');
    const items = w.findAll('.templates__item');
    expect(items.map((i) => i.find('.templates__name').text())).toEqual(['order_update']);
    await items[0].trigger('click');

    const preview = () => w.get('[aria-label="Preview"]').text();
    expect(preview()).toContain('Hi {{1}}, your order ships on {{2}}.');
    const send = w.get('.templates__send');
    expect(send.attributes('disabled')).toBeDefined();
    expect(w.get('.templates__reason').text()).toBe('Fill in Header {{1}}.');

    await w.get('input[id="template-header.1"]').setValue('#4521');
    await w.get('input[id="template-body.1"]').setValue('Maria');
    expect(preview()).toContain('Order #4521');
    expect(preview()).toContain('Hi Maria, your order ships on {{2}}.');
    expect(w.get('.templates__reason').text()).toBe('Fill in Body {{2}}.');
    await w.get('input[id="template-body.2"]').setValue('Friday');
    expect(preview()).toContain('Hi Maria, your order ships on Friday.');
    expect(preview()).toContain('Reply STOP to opt out');
    expect(send.attributes('disabled')).toBeUndefined();

    await send.trigger('click');
    await flushPromises();
    expect(sent()).toEqual({
      type: 'template',
      template: {
        name: 'order_update',
        language: { code: 'en_US' },
        components: [
          { type: 'header', parameters: [{ type: 'text', text: '#4521' }] },
          { type: 'body', parameters: [{ type: 'text', text: 'Maria' }, { type: 'text', text: 'Friday' }] },
        ],
      },
    });
    expect(useConversationsStore().histories[KEY].messages[0].content).toMatchObject({ type: 'template', name: 'order_update' });
    expect(w.find('[aria-label="Templates"][role="dialog"]').exists()).toBe(false);
  });

  it('offers no template to an agent the conversation is not assigned to', () => {
    const w = composer({ ...closed, assigneeId: 'agent-b' });
    expect(w.find('.composer__offer-button').exists()).toBe(false);
    expect(w.get('button[aria-label="Templates"]').attributes('disabled')).toBeDefined();
  });
});

describe('MessageComposer: interactive builder', () => {
  it('counts Meta limits as the agent types and disables sending with the reason while over', async () => {
    const w = composer({ ...open });
    await w.get('button[aria-label="Interactive message"]').trigger('click');
    const builder = w.get('[role="dialog"][aria-label="Interactive message"]');
    const field = (label) => builder.findAll('.limited').find((f) => f.get('label').text() === label);
    await field('Body').get('textarea').setValue('Did this solve your problem?');
    await field('Button 1').get('input').setValue('Yes, thank you so much'); // 22 characters
    await field('Button 2').get('input').setValue('No');
    expect(field('Button 1').get('.limited__count').text()).toBe('22/20');
    expect(field('Button 1').classes()).toContain('limited--over');
    const send = builder.get('.builder__send');
    expect(send.attributes('disabled')).toBeDefined();
    expect(builder.get('[role="status"]').text()).toBe('Button 1 is 22 characters; at most 20.');

    await field('Button 1').get('input').setValue('Yes');
    expect(field('Button 1').get('.limited__count').text()).toBe('3/20');
    expect(builder.find('[role="status"]').exists()).toBe(false);
    await send.trigger('click');
    await flushPromises();
    expect(sent()).toEqual({
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Did this solve your problem?' },
        action: { buttons: [{ type: 'reply', reply: { id: 'button-1', title: 'Yes' } }, { type: 'reply', reply: { id: 'button-2', title: 'No' } }] },
      },
    });
  });

  it('holds a list to 10 rows and 24-character row titles', async () => {
    const w = composer({ ...open });
    await w.get('button[aria-label="Interactive message"]').trigger('click');
    const builder = () => w.get('[role="dialog"][aria-label="Interactive message"]');
    await builder().get('[role="radio"]:nth-child(2)').trigger('click');
    const field = (label) => builder().findAll('.limited').find((f) => f.get('label').text() === label);
    await field('Body').get('textarea').setValue('Pick a slot');
    await field('List button').get('input').setValue('Slots');
    await field('Row 1 title').get('input').setValue('Tuesday morning, 9 to 12'); // 24: fine
    expect(builder().find('[role="status"]').exists()).toBe(false);
    await field('Row 1 title').get('input').setValue('Tuesday morning, 9 to 12!');
    expect(builder().get('[role="status"]').text()).toBe('Row 1 of section 1 is 25 characters; at most 24.');
    await field('Row 1 title').get('input').setValue('Tuesday');
    const addRow = builder().findAll('.builder__add').find((b) => b.text() === 'Add a row');
    for (let i = 0; i < 9; i++) await addRow.trigger('click');
    expect(addRow.attributes('disabled')).toBeDefined();
    expect(builder().text()).toContain('Rows: 10/10 in all');
  });
});

describe('MessageComposer: reply to a message', () => {
  const quoted = { id: 'wamid.Q1', kind: 'inbound', at: '2025-05-01T09:00:00Z', content: { type: 'text', body: 'Is my order on its way?' } };

  it('shows the quoted message with a cancel button', async () => {
    const w = composer({ ...open });
    const store = useConversationsStore();
    expect(store.startReply(KEY, quoted)).toBe(true);
    await flushPromises();
    const banner = w.get('[role="group"][aria-label="Replying to the customer"]');
    expect(banner.text()).toContain('Is my order on its way?');
    await banner.get('button[aria-label="Cancel reply"]').trigger('click');
    expect(w.find('.reply-banner').exists()).toBe(false);
    expect(store.replyFor(KEY)).toBeNull();
  });

  it('moves the focus to the text box when a reply starts, back from internal mode', async () => {
    const w = composer({ ...open });
    const store = useConversationsStore();
    await w.findAll('[role="radio"]').find((b) => b.text() === 'Internal comment').trigger('click');
    const elsewhere = w.get('button[aria-label="Emoji"]').element;
    elsewhere.focus();
    store.startReply(KEY, quoted);
    await flushPromises();
    expect(document.activeElement).toBe(w.get('textarea').element);
    expect(w.findAll('[role="radio"]').find((b) => b.text() === 'Reply').attributes('aria-checked')).toBe('true');
    expect(w.find('.reply-banner').exists()).toBe(true);

    // quoting another message while typing elsewhere brings the focus back again
    elsewhere.focus();
    store.startReply(KEY, { ...quoted, id: 'wamid.Q2' });
    await flushPromises();
    expect(document.activeElement).toBe(w.get('textarea').element);
  });

  it('leaves the focus alone when a conversation with a kept quote is opened', async () => {
    const store = useConversationsStore();
    store.startReply('other/key', quoted);
    const w = composer({ ...open });
    const elsewhere = w.get('button[aria-label="Emoji"]').element;
    elsewhere.focus();
    await w.setProps({ conversation: { phoneNumberId: 'other', customerKey: 'key', key: 'other/key', ...open } });
    await flushPromises();
    expect(w.find('.reply-banner').exists()).toBe(true);
    expect(document.activeElement).toBe(elsewhere);
  });

  it('sends the quoted message as context.message_id and closes the banner', async () => {
    const w = composer({ ...open });
    const store = useConversationsStore();
    store.startReply({ phoneNumberId: PN, customerKey: CK }, quoted);
    await flushPromises();
    await w.get('textarea').setValue('Yes, it left today');
    await w.get('textarea').trigger('keydown', { key: 'Enter' });
    // The view sends the text through the store, as ConversationsView does.
    await store.sendText(KEY, w.emitted('send')[0][0]);
    expect(sent()).toEqual({ type: 'text', text: { body: 'Yes, it left today' }, context: { message_id: 'wamid.Q1' } });
    expect(store.histories[KEY].messages[0].contextWamid).toBe('wamid.Q1');
    await flushPromises();
    expect(w.find('.reply-banner').exists()).toBe(false);
  });
});
