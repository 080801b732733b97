import { defineStore } from 'pinia';
import { ref, reactive, computed } from 'vue';
import { conversationsApi, agentsApi, phoneNumbersApi } from '../api/conversations.js';
import { mediaApi } from '../api/media.js';
import { historyComponents } from '../components/composer/templates.js';
import { useSessionStore } from './session.js';
import { ASSIGNEE_FILTER, CONVERSATION_TAB, LIST_FOLLOW_PAGES, MESSAGE_STATUS, PAGE_SIZE, QUOTE_SEARCH_PAGES } from '../constants.js';
import {
  applyStatus,
  conversationKey,
  isStale,
  isStaleUpdate,
  previewOf,
  unreadFor,
  upsertMessage,
} from './helpers.js';

/**
 * The inbox: the conversation list of the chosen tab and filters, the open conversation's
 * history, and the live events that change both. Every conversation remembers the `sequence` of
 * the last event applied to it; an event at or below it is dropped (catch-up replays, reordering),
 * and message statuses only ever move up (helpers.js).
 */
export const useConversationsStore = defineStore('conversations', () => {
  const session = useSessionStore();

  // Filters of the list
  const phoneNumbers = ref([]);
  const phoneNumberId = ref(null); // null: the only configured number
  const tab = ref(CONVERSATION_TAB.ACTIVE);
  const assignee = ref(ASSIGNEE_FILTER.ANY);
  const search = ref('');

  // Data
  const byKey = reactive({}); // key -> conversation (list row, detail, live fields, `sequence`)
  const listKeys = ref([]); // the list, newest activity first
  const nextCursor = ref(null);
  const loadingList = ref(false);
  const listError = ref(null);
  const selectedKey = ref(null);
  const histories = reactive({}); // key -> { messages (oldest first), nextCursor, loading, error }
  const pendingStatuses = {}; // messageId -> status change that arrived before its message
  const agents = ref([]);

  const list = computed(() => listKeys.value.map((k) => byKey[k]).filter(Boolean));
  const selected = computed(() => (selectedKey.value ? byKey[selectedKey.value] : null));
  const selectedHistory = computed(() => (selectedKey.value ? histories[selectedKey.value] : null));
  const agentName = (id) => agents.value.find((a) => a.id === id)?.displayName || 'another agent';

  let listRequest = null;

  function upsertConversation(row) {
    const key = conversationKey(row.phoneNumberId, row.customerKey);
    byKey[key] = { ...(byKey[key] || {}), ...row, key };
    return key;
  }

  /** A list row merged into what live events may already have moved further. */
  function mergeRow(row) {
    const key = conversationKey(row.phoneNumberId, row.customerKey);
    const current = byKey[key];
    if (current && current.sequence != null) {
      // Live (or the detail) already has a numbered state: the row only brings what it lacks.
      const newer = !current.lastActivityAt || new Date(row.lastActivityAt) >= new Date(current.lastActivityAt);
      byKey[key] = {
        ...row,
        ...current,
        name: row.name ?? current.name,
        lastMessage: newer ? row.lastMessage : current.lastMessage,
        lastActivityAt: newer ? row.lastActivityAt : current.lastActivityAt,
      };
      return key;
    }
    return upsertConversation(row);
  }

  async function loadSetup() {
    try {
      agents.value = (await agentsApi.get()).agents || [];
    } catch {
      agents.value = [];
    }
    // Agents too: they get each number's id and display number, enough for the switcher.
    try {
      phoneNumbers.value = (await phoneNumbersApi.get()).phoneNumbers || [];
      if (phoneNumbers.value.length > 1 && !phoneNumberId.value) {
        phoneNumberId.value = phoneNumbers.value[0].phoneNumberId;
      }
    } catch {
      phoneNumbers.value = [];
    }
  }

  /**
   * The first page of the list (reset) or the next one. The API filters (assignee, search) while
   * reading, so a page may come back short, even empty, with a cursor: a few more pages follow at
   * once while the list is shorter than a page, or it could stay too short to scroll for more.
   */
  async function fetchList({ more = false, follow = 0 } = {}) {
    if (more && (!nextCursor.value || loadingList.value)) return;
    if (listRequest) listRequest.abort();
    const controller = new AbortController();
    listRequest = controller;
    loadingList.value = true;
    listError.value = null;
    try {
      const page = await conversationsApi.list(
        {
          phoneNumberId: phoneNumberId.value,
          state: tab.value,
          assignee: assignee.value === ASSIGNEE_FILTER.ANY ? undefined : assignee.value,
          q: search.value.trim() || undefined,
          cursor: more ? nextCursor.value : undefined,
          limit: PAGE_SIZE,
        },
        controller.signal,
      );
      let keys = (page.conversations || []).map(mergeRow);
      if (!more && !search.value.trim()) keys = reconcileWithLive(keys);
      listKeys.value = more ? [...new Set([...listKeys.value, ...keys])] : keys;
      nextCursor.value = page.nextCursor || null;
    } catch (e) {
      if (e.name === 'AbortError') return;
      listError.value = e;
      if (!more) listKeys.value = [];
      return;
    } finally {
      if (listRequest === controller) {
        listRequest = null;
        loadingList.value = false;
      }
    }
    if (nextCursor.value && listKeys.value.length < PAGE_SIZE && follow < LIST_FOLLOW_PAGES) {
      await fetchList({ more: true, follow: follow + 1 });
    }
  }

  /**
   * The list comes from the read side, which can lag a change live already showed (archived a
   * moment ago, still listed as active): a conversation live has numbered follows its live state,
   * leaving a tab it no longer matches and joining the first page of one it now matches.
   */
  function reconcileWithLive(keys) {
    const live = (k) => byKey[k] && byKey[k].sequence != null;
    const kept = keys.filter((k) => !live(k) || matchesView(byKey[k]));
    const joining = Object.keys(byKey).filter(
      (k) => live(k) && !kept.includes(k) && byKey[k].lastActivityAt && matchesView(byKey[k]),
    );
    if (!joining.length) return kept;
    const at = (k) => new Date(byKey[k].lastActivityAt || 0).getTime();
    return [...kept, ...joining].sort((a, b) => at(b) - at(a));
  }

  function setFilters(changes) {
    if ('phoneNumberId' in changes) phoneNumberId.value = changes.phoneNumberId;
    if ('tab' in changes) tab.value = changes.tab;
    if ('assignee' in changes) assignee.value = changes.assignee;
    if ('search' in changes) search.value = changes.search;
    nextCursor.value = null;
    return fetchList();
  }

  async function fetchDetail(key) {
    const c = byKey[key];
    if (!c) return;
    const detail = await conversationsApi.detail(c.phoneNumberId, c.customerKey);
    const current = byKey[key];
    if (current.sequence == null || (detail.sequence ?? -1) >= current.sequence) {
      byKey[key] = { ...current, ...detail, key };
    }
  }

  // key -> the page fetch under way, so that a second caller can wait for it (not reactive)
  const fetching = new Map();

  function fetchMessages(key, options = {}) {
    if (fetching.has(key)) return fetching.get(key);
    const done = fetchPage(key, options).finally(() => fetching.delete(key));
    fetching.set(key, done);
    return done;
  }

  async function fetchPage(key, { older = false }) {
    const c = byKey[key];
    // Read back through the reactive map: the object assigned is the raw one, and changes made
    // to it would not reach the screen (the history stayed on "Loading…").
    if (!histories[key]) histories[key] = { messages: [], nextCursor: null, loading: false, loaded: false, error: null };
    const history = histories[key];
    if (older && !history.nextCursor) return;
    history.loading = true;
    history.error = null;
    try {
      const page = await conversationsApi.messages(c.phoneNumberId, c.customerKey, {
        cursor: older ? history.nextCursor : undefined,
        limit: PAGE_SIZE,
      });
      let messages = history.messages;
      for (const m of page.messages || []) messages = upsertMessage(messages, m);
      history.messages = messages;
      if (older || !history.loaded) history.nextCursor = page.nextCursor || null;
      history.loaded = true;
    } catch (e) {
      history.error = e;
    } finally {
      history.loading = false;
    }
  }

  /**
   * Loads older pages of the history, at most `maxPages`, until a message WhatsApp knows as
   * `wamid` is in it (a quote of a message not loaded yet). Answers `'found'`, `'absent'` (the
   * history has no more pages, or the bound was reached: `more` says which) or `'failed'`.
   */
  async function loadOlderUntil(key, wamid, maxPages = QUOTE_SEARCH_PAGES) {
    const has = () => (histories[key]?.messages || []).some((m) => m.kind !== 'comment' && wamidOf(m) === wamid);
    for (let page = 0; ; page++) {
      const history = histories[key];
      if (has()) return { result: 'found' };
      if (history?.error) return { result: 'failed', error: history.error };
      if (page >= maxPages || !history?.nextCursor) return { result: 'absent', more: !!history?.nextCursor };
      await fetchMessages(key, { older: true });
    }
  }

  async function select(phoneNumber, customerKey) {
    const key = conversationKey(phoneNumber, customerKey);
    if (!byKey[key]) byKey[key] = { phoneNumberId: phoneNumber, customerKey, key };
    selectedKey.value = key;
    await Promise.allSettled([fetchDetail(key), fetchMessages(key)]);
    markRead(key);
  }

  /** Moves this agent's read position to the newest customer message (best effort). */
  async function markRead(key) {
    const c = byKey[key];
    if (!c || !c.unread) return;
    try {
      const state = await conversationsApi.markRead(c.phoneNumberId, c.customerKey);
      const now = byKey[key];
      if ((state.readUpToSequence ?? 0) >= (now.readUpToSequence ?? 0)) {
        now.readUpToSequence = state.readUpToSequence;
        now.unread = state.unread;
      }
    } catch {
      // The badge stays; the next read or refetch corrects it.
    }
  }

  /** Text; replies to the message being quoted, if any (the composer's reply banner). */
  function sendText(key, text) {
    return sendOptimistic(key, { type: 'text', body: text }, () => ({ type: 'text', text: { body: text } }));
  }

  // Composer: reply-to, reactions and the other message types. Each send appears at once
  // (queued, with a fresh clientMessageId) and is reconciled with the server's copy, whichever
  // comes first: the 202 answer or the live message.created.

  const replies = reactive({}); // key -> the message being replied to (quoted)
  const keyOf = (id) => (typeof id === 'string' ? id : conversationKey(id.phoneNumberId, id.customerKey));
  /** WhatsApp's id of a message: what Meta's `context.message_id` and reactions name. */
  const wamidOf = (m) => m.wamid || (m.kind === 'inbound' ? m.id : null);

  /**
   * Quote `message` in the next send of the conversation (`conversationId`: its key, or
   * `{ phoneNumberId, customerKey }`). False for a message WhatsApp has no id for yet (queued).
   */
  function startReply(conversationId, message) {
    if (!wamidOf(message)) return false;
    replies[keyOf(conversationId)] = message;
    return true;
  }

  function cancelReply(conversationId) {
    delete replies[keyOf(conversationId)];
  }

  const replyFor = (conversationId) => (conversationId ? replies[keyOf(conversationId)] || null : null);

  /**
   * The optimistic send behind every type: `content` is the message in the history's model,
   * `build(clientMessageId)` gives Meta's send body (it may upload first). The quoted message,
   * if any, goes as `context.message_id` and the banner closes at once.
   */
  async function sendOptimistic(key, content, build, { quote = true } = {}) {
    const c = byKey[key];
    const clientMessageId = crypto.randomUUID();
    const quoted = quote ? replies[key] : null;
    if (quoted) delete replies[key];
    if (!histories[key]) histories[key] = { messages: [], nextCursor: null, loading: false, loaded: true, error: null };
    const history = histories[key];
    const optimistic = {
      id: `pending-${clientMessageId}`,
      kind: 'outbound',
      at: new Date().toISOString(),
      clientMessageId,
      content,
      ...(quoted ? { contextWamid: wamidOf(quoted) } : {}),
      sentBy: session.user ? { userId: session.user.id, role: session.user.role.toLowerCase() } : undefined,
      status: MESSAGE_STATUS.QUEUED,
      pending: true,
    };
    history.messages = upsertMessage(history.messages, optimistic);
    touchList(key, optimistic);
    try {
      const post = (message) => {
        if (quoted) message.context = { message_id: wamidOf(quoted) };
        return conversationsApi.send(c.phoneNumberId, c.customerKey, message, clientMessageId);
      };
      // Posted in this same tick unless the body needs an upload first.
      const built = build(clientMessageId);
      const accepted = await (typeof built.then === 'function' ? built.then(post) : post(built));
      history.messages = upsertMessage(history.messages, {
        id: accepted.messageId,
        clientMessageId,
        status: accepted.status,
      });
      flushPendingStatus(key, accepted.messageId);
      return accepted;
    } catch (e) {
      history.messages = upsertMessage(history.messages, {
        id: optimistic.id,
        clientMessageId,
        status: MESSAGE_STATUS.FAILED,
        error: { title: e.message, details: e.code },
      });
      throw e;
    }
  }

  /**
   * A file checked by the composer (`kind`: image, video, audio or document): shown at once,
   * uploaded (POST /api/media), then sent by the id Meta gave it; a document keeps its name.
   */
  function sendMedia(key, file, { kind, mimeType, caption } = {}) {
    const c = byKey[key];
    const text = (caption || '').trim() || undefined;
    const filename = kind === 'document' ? file.name : undefined;
    const content = { type: 'media', kind: kind.toUpperCase(), caption: text, filename, mimeType };
    return sendOptimistic(key, content, async () => {
      const uploaded = await mediaApi.upload(file, { phoneNumberId: c.phoneNumberId, filename: file.name, mimeType });
      return { type: kind, [kind]: { id: uploaded.id, ...(text ? { caption: text } : {}), ...(filename ? { filename } : {}) } };
    });
  }

  /** An approved template with its components (Meta's shape); `languageCode` as the library has it. */
  function sendTemplate(key, { name, languageCode, components }) {
    const content = { type: 'template', name, languageCode, components: historyComponents(components) };
    return sendOptimistic(key, content, () => ({
      type: 'template',
      template: { name, language: { code: languageCode }, ...(components.length ? { components } : {}) },
    }));
  }

  /** Reply buttons or a list: Meta's `interactive` object, and its history model for the screen. */
  function sendInteractive(key, interactive, content) {
    return sendOptimistic(key, content, () => ({ type: 'interactive', interactive }));
  }

  /** Reacts to `message` with `emoji` (an empty one removes the reaction); never quotes. */
  function react(conversationId, message, emoji) {
    const key = keyOf(conversationId);
    const wamid = wamidOf(message);
    if (!wamid) return Promise.reject(new Error('This message has no WhatsApp id yet; react once it is sent.'));
    return sendOptimistic(
      key,
      { type: 'reaction', targetWamid: wamid, emoji },
      () => ({ type: 'reaction', reaction: { message_id: wamid, emoji } }),
      { quote: false },
    );
  }

  /**
   * Assign (`{ agentId }`), unassign, archive or unarchive. The answer (the entity's state) is
   * applied at once; the live `conversation.updated` that follows carries the same state.
   */
  async function change(key, action, body) {
    const c = byKey[key];
    const state = await conversationsApi.change(c.phoneNumberId, c.customerKey, action, body);
    const now = byKey[key];
    Object.assign(now, {
      assigneeId: state.assigneeId ?? undefined,
      archived: !!state.archived,
      window: state.window ?? now.window,
      unread: state.unread ?? now.unread,
      readUpToSequence: state.readUpToSequence ?? now.readUpToSequence,
    });
    if (listKeys.value.includes(key) && !search.value.trim() && !matchesView(now)) {
      listKeys.value = listKeys.value.filter((k) => k !== key);
    }
    return state;
  }

  /** An internal comment: shown when the live `comment.created` arrives (or on refetch). */
  async function addComment(key, text) {
    const c = byKey[key];
    const created = await conversationsApi.addComment(c.phoneNumberId, c.customerKey, text);
    const history = histories[key];
    if (history && created?.commentId) {
      history.messages = upsertMessage(history.messages, {
        id: created.commentId,
        kind: 'comment',
        at: new Date().toISOString(),
        comment: text,
        sentBy: session.user ? { userId: session.user.id } : undefined,
      });
    }
    return created;
  }

  /** A conversation's newest activity: its preview and its place at the top of the list. */
  function touchList(key, message) {
    const c = byKey[key];
    if (!c) return;
    if (c.lastActivityAt && new Date(message.at) < new Date(c.lastActivityAt)) return;
    c.lastActivityAt = message.at;
    c.lastMessage = {
      id: message.id,
      direction: message.kind === 'inbound' ? 'inbound' : 'outbound',
      preview: previewOf(message),
      outboundStatus: message.kind === 'outbound' ? message.status : undefined,
    };
    if (listKeys.value.includes(key) || matchesView(c)) {
      listKeys.value = [key, ...listKeys.value.filter((k) => k !== key)];
    }
  }

  /** Whether a conversation belongs in the list as currently filtered (for live arrivals). */
  function matchesView(c) {
    if (search.value.trim()) return false; // a search result is not widened by live events
    if (phoneNumberId.value && c.phoneNumberId !== phoneNumberId.value) return false;
    if (!!c.archived !== (tab.value === CONVERSATION_TAB.ARCHIVED)) return false;
    if (assignee.value === ASSIGNEE_FILTER.MINE && c.assigneeId !== session.user?.id) return false;
    if (assignee.value === ASSIGNEE_FILTER.UNASSIGNED && c.assigneeId) return false;
    return true;
  }

  function flushPendingStatus(key, messageId) {
    const change = pendingStatuses[messageId];
    const history = histories[key];
    if (!change || !history) return;
    const next = applyStatus(history.messages, change);
    if (next) {
      history.messages = next;
      delete pendingStatuses[messageId];
    }
  }

  // Live events. Each returns false when the event was dropped as stale.

  function accept(event) {
    const key = conversationKey(event.phoneNumberId, event.customerKey);
    if (!byKey[key]) byKey[key] = { phoneNumberId: event.phoneNumberId, customerKey: event.customerKey, key };
    const c = byKey[key];
    if (event.type === 'conversation.updated') {
      if (isStaleUpdate(c.sequence, c.updateSequence, event.sequence)) return null;
      if (event.sequence != null) c.updateSequence = event.sequence;
    } else if (isStale(c.sequence, event.sequence)) {
      return null;
    }
    if (event.sequence != null) c.sequence = Math.max(c.sequence ?? event.sequence, event.sequence);
    return key;
  }

  function onMessageCreated(event) {
    const key = accept(event);
    if (!key) return false;
    const message = event.data.message;
    // Kept even before the conversation is opened: the read side may not have it yet when it is.
    if (!histories[key]) histories[key] = { messages: [], nextCursor: null, loading: false, loaded: false, error: null };
    const history = histories[key];
    if (history) {
      history.messages = upsertMessage(history.messages, message);
      flushPendingStatus(key, message.id);
    }
    touchList(key, message);
    if (message.kind === 'inbound' && key === selectedKey.value && typeof document !== 'undefined' && !document.hidden) {
      byKey[key].unread = (byKey[key].unread || 0) + 1;
      markRead(key);
    }
    return true;
  }

  function onStatusChanged(event) {
    const key = accept(event);
    if (!key) return false;
    const change = event.data;
    const history = histories[key];
    const next = history ? applyStatus(history.messages, change) : null;
    if (next) history.messages = next;
    else pendingStatuses[change.messageId] = change;
    const c = byKey[key];
    if (c.lastMessage && c.lastMessage.id === change.messageId) {
      c.lastMessage = {
        ...c.lastMessage,
        outboundStatus: applyStatus([{ id: change.messageId, status: c.lastMessage.outboundStatus }], change)[0].status,
      };
    }
    return true;
  }

  function onCommentCreated(event) {
    const key = accept(event);
    if (!key) return false;
    const history = histories[key];
    if (history) history.messages = upsertMessage(history.messages, event.data.comment);
    return true;
  }

  function onConversationUpdated(event) {
    const key = accept(event);
    if (!key) return false;
    const d = event.data;
    const c = byKey[key];
    const me = session.user?.id;
    Object.assign(c, {
      waId: d.waId ?? c.waId,
      userId: d.userId ?? c.userId,
      name: c.name ?? d.profileName ?? undefined,
      assigneeId: d.assigneeId ?? undefined,
      archived: !!d.archived,
      window: { open: !!d.windowClosesAt && new Date(d.windowClosesAt) > new Date(), closesAt: d.windowClosesAt ?? null },
      lastInboundSequence: d.lastInboundSequence,
      readUpToSequence: (d.readPositions && d.readPositions[me]) || 0,
      unread: unreadFor(d, me),
    });
    const inList = listKeys.value.includes(key);
    if (inList && !search.value.trim() && !matchesView(c)) {
      listKeys.value = listKeys.value.filter((k) => k !== key);
    } else if (!inList && matchesView(c) && c.lastActivityAt) {
      listKeys.value = [key, ...listKeys.value];
    }
    return true;
  }

  function onContactUpdated(event) {
    const d = event.data;
    const id = d.conversationId || event;
    const key = conversationKey(id.phoneNumberId, id.customerKey);
    const c = byKey[key];
    if (!c) return false;
    // No sequence: the newest edit wins.
    if (c.contactUpdatedAt && d.updatedAt && new Date(d.updatedAt) < new Date(c.contactUpdatedAt)) return false;
    c.contactUpdatedAt = d.updatedAt;
    c.name = d.displayName ?? d.name ?? d.profileName ?? c.name;
    c.contact = d; // the contact panel follows it (tags, attributes, new notes)
    return true;
  }

  /** After a resync (events were missed): refetch what is on screen, merging, never lowering. */
  async function refetch() {
    await fetchList();
    if (selectedKey.value) {
      await Promise.allSettled([fetchDetail(selectedKey.value), fetchMessages(selectedKey.value)]);
    }
  }

  return {
    phoneNumbers, phoneNumberId, tab, assignee, search,
    byKey, listKeys, list, nextCursor, loadingList, listError,
    selectedKey, selected, histories, selectedHistory, agents, agentName,
    loadSetup, fetchList, setFilters, fetchDetail, fetchMessages, loadOlderUntil, select, markRead, sendText, change, addComment, refetch,
    startReply, cancelReply, replyFor, sendMedia, sendTemplate, sendInteractive, react,
    onMessageCreated, onStatusChanged, onCommentCreated, onConversationUpdated, onContactUpdated,
  };
});
