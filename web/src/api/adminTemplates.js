import { request } from './ApiClient.js';

// The Templates screen's calls. The composer's picker (web/src/api/templates.js, when present)
// reads the same library; these are the admin screen's: every status, and the sync.
export const adminTemplatesApi = {
  /** The synced library of a number's WABA; `status` (Meta's spelling) narrows it. */
  list: (phoneNumberId, status) => request('GET', '/api/templates', { params: { phoneNumberId, status } }),
  /** Admins: sync that number's WABA now, or every configured WABA without one. */
  sync: (phoneNumberId) => request('POST', '/api/templates/sync', { params: { phoneNumberId } }),
};
