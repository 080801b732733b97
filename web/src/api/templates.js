import { ApiClient, request } from './ApiClient.js';

class TemplatesApi extends ApiClient {
  constructor() {
    super('templates');
  }

  /** The number's approved templates, with the placeholders of each component. */
  approved(phoneNumberId) {
    return this.get({ phoneNumberId, status: 'APPROVED' });
  }
}

export const templatesApi = new TemplatesApi();

// ---- The admin Templates screen: the whole library (every status) and the sync ----
export const adminTemplatesApi = {
  /** The synced library of a number's WABA; `status` (Meta's spelling) narrows it. */
  list: (phoneNumberId, status) => templatesApi.get({ phoneNumberId, status }),
  /** Admins: sync that number's WABA now, or every configured WABA without one. */
  sync: (phoneNumberId) => request('POST', `${templatesApi.base}/sync`, { params: { phoneNumberId } }),
};
