import { ApiClient } from './ApiClient.js';

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
