// A template message's text. The history keeps only the template's name, language and
// parameters, so the text comes from the number's template library (GET /api/templates/{number}/
// {name}/{language}, fetched once per template and page) with the parameters put in.
import { request } from '../../api/ApiClient.js';

const enc = encodeURIComponent;
const definitions = new Map();

/** The library's template (a promise, cached; null when it cannot be read). */
export function templateDefinition(phoneNumberId, name, language) {
  const key = `${phoneNumberId} ${name} ${language}`;
  if (!definitions.has(key)) {
    definitions.set(
      key,
      request('GET', `/api/templates/${enc(phoneNumberId)}/${enc(name)}/${enc(language)}`).catch(() => {
        definitions.delete(key); // a later render may try again
        return null;
      }),
    );
  }
  return definitions.get(key);
}

const same = (a, b) => (a || '').toUpperCase() === (b || '').toUpperCase();

/** What a parameter shows in the text (Meta shows the fallback of currency and date_time). */
export function parameterText(p) {
  if (!p) return '';
  return p.text ?? p.fallbackValue ?? p.payload ?? p.locationName ?? p.filename ?? '';
}

function fill(text, placeholders, parameters) {
  if (!text) return '';
  return text.replace(/\{\{\s*([^}\s]+)\s*\}\}/g, (whole, ph) => {
    const named = parameters.find((p) => p.name && p.name === ph);
    if (named) return parameterText(named);
    const position = (placeholders || []).indexOf(ph);
    const index = position >= 0 ? position : Number(ph) - 1;
    const p = Number.isInteger(index) ? parameters[index] : null;
    return p ? parameterText(p) : whole;
  });
}

/**
 * The template as sent: `{ header, headerMedia, body, footer, buttons }` from the library's
 * `definition` (null when unknown: then only what the message carries, the parameters).
 */
export function renderTemplate(definition, content) {
  const sent = content.components || [];
  const params = (type) => sent.find((c) => same(c.type, type))?.parameters || [];
  const headerMedia = params('HEADER').find((p) => p.type === 'media') || null;
  if (!definition) {
    return {
      header: '',
      headerMedia,
      body: params('BODY').map(parameterText).filter(Boolean).join(' · '),
      footer: '',
      buttons: [],
    };
  }
  const part = (type) => (definition.components || []).find((c) => same(c.type, type));
  const header = part('HEADER');
  const body = part('BODY');
  return {
    header: header && (!header.format || same(header.format, 'TEXT')) ? fill(header.text, header.placeholders, params('HEADER')) : '',
    headerMedia,
    body: body ? fill(body.text, body.placeholders, params('BODY')) : '',
    footer: part('FOOTER')?.text || '',
    buttons: (part('BUTTONS')?.buttons || []).map((b) => b.text).filter(Boolean),
  };
}
