import { ApiClient, request } from './ApiClient.js';

const enc = encodeURIComponent;

/**
 * `/api/phone-numbers`: `get()` lists (admins get every field, agents the id and display number);
 * admins `create` and `update` (the fields sent; the others are kept). The access token is
 * write-only: answers only say `accessTokenSet`.
 */
class PhoneNumbersApi extends ApiClient {
  constructor() {
    super('phone-numbers');
  }

  update(phoneNumberId, changes) {
    return request('PUT', `${this.base}/${enc(phoneNumberId)}`, { body: changes });
  }
}

export const phoneNumbersApi = new PhoneNumbersApi();
