import { ApiClient, request } from './ApiClient.js';

const enc = encodeURIComponent;

/**
 * `/api/agents`: `get()` lists every user (any signed-in user); admins `create` one and
 * `deactivate`, `reactivate` or `resetPassword`. Create and reset answer a one-time password, shown once.
 */
class AgentsApi extends ApiClient {
  constructor() {
    super('agents');
  }

  deactivate(userId) {
    return request('POST', `${this.base}/${enc(userId)}/deactivate`);
  }

  reactivate(userId) {
    return request('POST', `${this.base}/${enc(userId)}/reactivate`);
  }

  resetPassword(userId) {
    return request('POST', `${this.base}/${enc(userId)}/reset-password`);
  }
}

export const agentsApi = new AgentsApi();
