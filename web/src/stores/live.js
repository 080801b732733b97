import { defineStore } from 'pinia';
import { ref } from 'vue';
import { useConversationsStore } from './conversations.js';
import { useSessionStore } from './session.js';
import { liveHandlers } from './liveConnector.js';

const MIN_DELAY = 1000;
const MAX_DELAY = 30000;

function defaultUrl() {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}/api/live`;
}

/**
 * The live socket (GET /api/live): connects, remembers the `position` of the last frame
 * processed, reconnects with backoff and catches up with `?since=`; a `resync` frame (missed
 * events the server cannot replay) refetches what is on screen; `session_ended` signs out.
 */
export const useLiveStore = defineStore('live', () => {
  const status = ref('closed'); // closed | connecting | open
  const position = ref(null);
  const resyncs = ref(0);

  let socket = null;
  let timer = null;
  let attempts = 0;
  let wanted = false;
  let options = { WebSocket: globalThis.WebSocket, url: null, random: Math.random };

  function connect(overrides = {}) {
    options = { ...options, ...overrides };
    wanted = true;
    open();
  }

  function open() {
    clearTimeout(timer);
    if (!wanted) return;
    const base = options.url || defaultUrl();
    const url = position.value ? `${base}?since=${encodeURIComponent(position.value)}` : base;
    status.value = 'connecting';
    const ws = new options.WebSocket(url);
    socket = ws;
    ws.onmessage = (message) => {
      let frame;
      try {
        frame = JSON.parse(message.data);
      } catch {
        return;
      }
      handleFrame(frame);
    };
    ws.onopen = () => {
      if (socket !== ws) return;
      status.value = 'open';
      attempts = 0;
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      status.value = 'closed';
      scheduleReconnect();
    };
    ws.onerror = () => {};
  }

  function scheduleReconnect() {
    if (!wanted) return;
    const delay = Math.min(MAX_DELAY, MIN_DELAY * 2 ** attempts) * (0.8 + 0.4 * options.random());
    attempts += 1;
    timer = setTimeout(open, delay);
  }

  function disconnect() {
    wanted = false;
    clearTimeout(timer);
    if (socket) {
      const ws = socket;
      socket = null;
      ws.close();
    }
    status.value = 'closed';
  }

  /** One frame from the server; returns what the store did with it (for tests). */
  function handleFrame(frame) {
    const conversations = useConversationsStore();
    switch (frame.type) {
      case 'ready':
        position.value = frame.position ?? position.value;
        return 'ready';
      case 'resync':
        position.value = frame.position ?? position.value;
        resyncs.value += 1;
        conversations.refetch();
        return 'resync';
      case 'session_ended':
        disconnect();
        useSessionStore().ended();
        return 'session_ended';
      default: {
        const handler = liveHandlers(conversations)[frame.type];
        const applied = handler ? handler(frame) !== false : false;
        if (frame.position) position.value = frame.position;
        return applied ? 'applied' : 'dropped';
      }
    }
  }

  return { status, position, resyncs, connect, disconnect, handleFrame };
});
