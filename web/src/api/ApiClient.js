// The thin HTTP layer: every call goes through request(), which sends the session cookie
// (same origin), JSON in and out, and turns the API's one error shape
// ({"error": {"code", "message", "fields"}}) into an ApiError.

export class ApiError extends Error {
  constructor(status, code, message, fields = null, retryAfter = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.retryAfter = retryAfter;
  }
}

function query(params) {
  const entries = Object.entries(params || {}).filter(
    ([, v]) => v !== undefined && v !== null && v !== '' && v !== false,
  );
  return entries.length ? `?${new URLSearchParams(entries).toString()}` : '';
}

/** `raw`: a File or Blob sent as the body with its own type (uploads); `body`: JSON. */
export async function request(method, path, { body, raw, params, signal } = {}) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' }, signal };
  if (raw !== undefined) {
    init.headers['Content-Type'] = raw.type || 'application/octet-stream';
    init.body = raw;
  } else if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(`${path}${query(params)}`, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'The server cannot be reached');
  }
  if (response.status === 204) return null;
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    const error = json?.error || {};
    throw new ApiError(
      response.status,
      error.code || 'http_' + response.status,
      error.message || response.statusText || 'Request failed',
      error.fields || null,
      response.headers.get('Retry-After'),
    );
  }
  return json;
}

/** One REST resource: its base path and the uniform verbs (Chatwoot's ApiClient). */
export class ApiClient {
  constructor(resource) {
    this.base = `/api/${resource}`;
  }

  get(params, signal) {
    return request('GET', this.base, { params, signal });
  }

  show(id, params) {
    return request('GET', `${this.base}/${id}`, { params });
  }

  create(body) {
    return request('POST', this.base, { body });
  }
}
