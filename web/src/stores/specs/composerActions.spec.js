import { describe, it, expect, beforeEach, vi } from 'vitest';
import { setActivePinia, createPinia } from 'pinia';
import { useConversationsStore } from '../conversations.js';
import { useSessionStore } from '../session.js';

vi.mock('../../api/conversations.js', () => ({
  conversationsApi: { send: vi.fn() },
  agentsApi: { get: vi.fn() },
  phoneNumbersApi: { get: vi.fn() },
}));
vi.mock('../../api/media.js', () => ({ mediaApi: { upload: vi.fn() } }));

import { conversationsApi } from '../../api/conversations.js';
import { mediaApi } from '../../api/media.js';

const PN = '106540352242922';
const CK = '16505551234';
const KEY = `${PN}/${CK}`;
const inbound = { id: 'wamid.IN1', kind: 'inbound', at: '2025-05-01T09:00:00Z', content: { type: 'text', body: 'Hi' } };
const accepted = (id) => async (pnid, ck, message, clientMessageId) => ({ messageId: id, clientMessageId, status: 'queued' });

describe('conversations store: reply-to and reactions', () => {
  let store;

  beforeEach(() => {
    setActivePinia(createPinia());
    vi.clearAllMocks();
    useSessionStore().user = { id: 'agent-a', role: 'AGENT' };
    store = useConversationsStore();
    store.byKey[KEY] = { phoneNumberId: PN, customerKey: CK, key: KEY };
  });

  it('reacts by the wamid, shown at once and reconciled, without quoting the message being replied to', async () => {
    conversationsApi.send.mockImplementation(accepted('srv-r'));
    store.startReply(KEY, inbound);
    const reacting = store.react(KEY, inbound, '👍');
    const [pending] = store.histories[KEY].messages;
    expect(pending).toMatchObject({ pending: true, status: 'queued', content: { type: 'reaction', targetWamid: 'wamid.IN1', emoji: '👍' } });
    await reacting;
    expect(conversationsApi.send.mock.calls[0][2]).toEqual({ type: 'reaction', reaction: { message_id: 'wamid.IN1', emoji: '👍' } });
    expect(store.histories[KEY].messages[0]).toMatchObject({ id: 'srv-r', pending: false });
    expect(store.replyFor(KEY)).toEqual(inbound); // still quoting for the next text
  });

  it('quotes an outbound message by the wamid Meta gave it, and refuses one still queued', () => {
    expect(store.startReply(KEY, { id: 'm1', kind: 'outbound', status: 'queued' })).toBe(false);
    expect(store.replyFor(KEY)).toBeNull();
    expect(store.startReply(KEY, { id: 'm2', kind: 'outbound', wamid: 'wamid.OUT2' })).toBe(true);
    expect(store.replyFor({ phoneNumberId: PN, customerKey: CK }).wamid).toBe('wamid.OUT2');
  });

  it('marks an optimistic media send failed with the reason when the upload is refused', async () => {
    mediaApi.upload.mockRejectedValue(Object.assign(new Error('WhatsApp does not accept image/gif'), { code: 'unsupported_media_type' }));
    const file = new File(['x'], 'a.png', { type: 'image/png' });
    await expect(store.sendMedia(KEY, file, { kind: 'image', mimeType: 'image/png' })).rejects.toThrow();
    expect(conversationsApi.send).not.toHaveBeenCalled();
    expect(store.histories[KEY].messages[0]).toMatchObject({
      status: 'failed',
      content: { type: 'media', kind: 'IMAGE' },
      error: { title: 'WhatsApp does not accept image/gif' },
    });
  });

  it('sends an interactive message in Meta shape and shows it in the history model at once', async () => {
    conversationsApi.send.mockImplementation(accepted('srv-i'));
    const interactive = { type: 'button', body: { text: 'OK?' }, action: { buttons: [{ type: 'reply', reply: { id: 'button-1', title: 'Yes' } }] } };
    const sending = store.sendInteractive(KEY, interactive, { type: 'interactive_buttons', body: 'OK?', buttons: [{ id: 'button-1', title: 'Yes' }] });
    expect(store.histories[KEY].messages[0].content.type).toBe('interactive_buttons');
    expect(store.byKey[KEY].lastMessage.preview).toBe('OK?');
    await sending;
    expect(conversationsApi.send.mock.calls[0][2]).toEqual({ type: 'interactive', interactive });
  });
});
