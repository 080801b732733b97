import { LIVE_EVENT } from '../constants.js';

/**
 * The one table from live event names to store actions (Chatwoot's ActionCableConnector): each
 * handler only calls a store action.
 */
export function liveHandlers(conversations) {
  return {
    [LIVE_EVENT.MESSAGE_CREATED]: conversations.onMessageCreated,
    [LIVE_EVENT.MESSAGE_STATUS_CHANGED]: conversations.onStatusChanged,
    [LIVE_EVENT.COMMENT_CREATED]: conversations.onCommentCreated,
    [LIVE_EVENT.CONVERSATION_UPDATED]: conversations.onConversationUpdated,
    [LIVE_EVENT.CONTACT_UPDATED]: conversations.onContactUpdated,
  };
}
