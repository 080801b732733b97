import { ApiClient, request } from './ApiClient.js';

const enc = encodeURIComponent;

class ConversationsApi extends ApiClient {
  constructor() {
    super('conversations');
  }

  /** One page of a tab; params: phoneNumberId, state, assignee, q, cursor, limit. */
  list(params, signal) {
    return this.get(params, signal);
  }

  detail(pnid, ck) {
    return request('GET', `${this.base}/${enc(pnid)}/${enc(ck)}`);
  }

  messages(pnid, ck, params) {
    return request('GET', `${this.base}/${enc(pnid)}/${enc(ck)}/messages`, { params });
  }

  /** Any message in Meta's send shape (`{ type, [type]: {...}, context }`), with its clientMessageId. */
  send(pnid, ck, message, clientMessageId) {
    return request('POST', `${this.base}/${enc(pnid)}/${enc(ck)}/messages`, {
      body: { clientMessageId, ...message },
    });
  }

  /** `action`: assign ({agentId}), unassign, archive or unarchive; answers the ConversationState. */
  change(pnid, ck, action, body) {
    return request('POST', `${this.base}/${enc(pnid)}/${enc(ck)}/${action}`, { body: body ?? {} });
  }

  addComment(pnid, ck, text) {
    return request('POST', `${this.base}/${enc(pnid)}/${enc(ck)}/comments`, { body: { text } });
  }

  markRead(pnid, ck, upToSequence) {
    return request('POST', `${this.base}/${enc(pnid)}/${enc(ck)}/read`, {
      body: upToSequence == null ? {} : { upToSequence },
    });
  }
}

export const conversationsApi = new ConversationsApi();

// The inbox store reads these two from here (specs mock this module); one client each.
export { agentsApi } from './agents.js';
export { phoneNumbersApi } from './phoneNumbers.js';
