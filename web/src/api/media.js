import { request } from './ApiClient.js';

export const mediaApi = {
  /**
   * `POST /api/media`: the raw file as the body with its MIME type (no multipart); answers
   * `{ id, type, mimeType, size, filename }`, `id` being what a media send names.
   */
  upload: (file, { phoneNumberId, filename, mimeType } = {}) =>
    request('POST', '/api/media', {
      raw: mimeType && mimeType !== file.type ? new Blob([file], { type: mimeType }) : file,
      params: { phoneNumberId, filename },
    }),
};
