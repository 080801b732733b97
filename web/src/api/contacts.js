import { ApiClient, request } from './ApiClient.js';

const enc = encodeURIComponent;

/** `/api/contacts/{phoneNumberId}/{customerKey}`: the contact, its edits (PATCH) and its notes. */
class ContactsApi extends ApiClient {
  constructor() {
    super('contacts');
  }

  contact(pnid, ck) {
    return request('GET', `${this.base}/${enc(pnid)}/${enc(ck)}`);
  }

  /** `name` (null clears), `tags` (replaces), `attributes` (merged; a null value removes). */
  update(pnid, ck, patch) {
    return request('PATCH', `${this.base}/${enc(pnid)}/${enc(ck)}`, { body: patch });
  }

  notes(pnid, ck, params) {
    return request('GET', `${this.base}/${enc(pnid)}/${enc(ck)}/notes`, { params });
  }

  addNote(pnid, ck, text) {
    return request('POST', `${this.base}/${enc(pnid)}/${enc(ck)}/notes`, { body: { text } });
  }
}

export const contactsApi = new ContactsApi();
