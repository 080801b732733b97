// A template as GET /api/templates gives it (Meta's components, with the placeholders the server
// parsed out of each text) turned into the fields an agent fills, the message the customer will
// see, and the components of the send (Meta's shape).

const MEDIA_FORMATS = { IMAGE: 'image', VIDEO: 'video', DOCUMENT: 'document' };

const component = (template, type) => (template.components || []).find((c) => c.type === type);

/**
 * The fields to fill, in the order of the message: `{ id, component, placeholder, label, media,
 * index }` (`media` is the header's kind when the header is an image, video or document).
 */
export function templateFields(template) {
  const fields = [];
  const header = component(template, 'HEADER');
  if (header && MEDIA_FORMATS[header.format]) {
    const media = MEDIA_FORMATS[header.format];
    fields.push({ id: 'header.media', component: 'header', media, label: `Header ${media} link (https)` });
  } else if (header) {
    for (const p of header.placeholders || []) {
      fields.push({ id: `header.${p}`, component: 'header', placeholder: p, label: `Header {{${p}}}` });
    }
  }
  for (const p of component(template, 'BODY')?.placeholders || []) {
    fields.push({ id: `body.${p}`, component: 'body', placeholder: p, label: `Body {{${p}}}` });
  }
  for (const b of component(template, 'BUTTONS')?.buttons || []) {
    for (const p of b.placeholders || []) {
      fields.push({ id: `button.${b.index}.${p}`, component: 'button', index: b.index, placeholder: p, label: `Button "${b.text}" link {{${p}}}` });
    }
  }
  return fields;
}

/** Why this template cannot be sent from here, or null. */
export function templateUnsupported(template) {
  if (!template.sendable && template.status !== 'APPROVED') return `${template.name} is ${template.status}: only approved templates can be sent.`;
  const header = component(template, 'HEADER');
  if (header && header.format === 'LOCATION') return 'Templates with a location header cannot be sent from the inbox yet.';
  return null;
}

/** The first field still empty, as a reason to show while sending is disabled; null when all are filled. */
export function missingField(template, values) {
  const empty = templateFields(template).find((f) => !(values[f.id] || '').trim());
  if (empty) return `Fill in ${empty.label}.`;
  const media = values['header.media'];
  if (media && !/^https:\/\/\S+$/.test(media.trim())) return 'The header link must be an https address.';
  return null;
}

const fill = (text, prefix, values) =>
  (text || '').replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, p) => (values[`${prefix}.${p}`] || '').trim() || whole);

/** The message as the customer will see it; an empty field keeps its `{{placeholder}}`. */
export function renderTemplate(template, values) {
  const header = component(template, 'HEADER');
  return {
    header: header ? (MEDIA_FORMATS[header.format] ? `[${MEDIA_FORMATS[header.format]}]` : fill(header.text, 'header', values)) : '',
    body: fill(component(template, 'BODY')?.text, 'body', values),
    footer: component(template, 'FOOTER')?.text || '',
    buttons: (component(template, 'BUTTONS')?.buttons || []).map((b) => b.text),
  };
}

/** Meta's `template.components` for the send: one parameter per placeholder, named for NAMED templates. */
export function templateComponents(template, values) {
  const named = template.parameterFormat === 'NAMED';
  const text = (f) => ({
    type: 'text',
    text: values[f.id].trim(),
    ...(named && f.component !== 'button' ? { parameter_name: f.placeholder } : {}),
  });
  const fields = templateFields(template);
  const out = [];
  const header = fields.filter((f) => f.component === 'header');
  if (header.length) {
    const media = header[0].media;
    out.push({
      type: 'header',
      parameters: media ? [{ type: media, [media]: { link: values['header.media'].trim() } }] : header.map(text),
    });
  }
  const body = fields.filter((f) => f.component === 'body');
  if (body.length) out.push({ type: 'body', parameters: body.map(text) });
  const buttons = new Map();
  for (const f of fields.filter((x) => x.component === 'button')) {
    if (!buttons.has(f.index)) buttons.set(f.index, []);
    buttons.get(f.index).push(text(f));
  }
  for (const [index, parameters] of buttons) {
    out.push({ type: 'button', sub_type: 'url', index: String(index), parameters });
  }
  return out;
}

/** Matches a search: the name, the category or the body's text, case-insensitively. */
export function templateMatches(template, query) {
  const q = (query || '').trim().toLowerCase();
  if (!q) return true;
  return [template.name, template.category, template.language, component(template, 'BODY')?.text]
    .some((s) => (s || '').toLowerCase().includes(q));
}

/**
 * The same components in the history's model (`BODY`, parameters `{ type, name, text }`), so the
 * optimistic message renders like the server's copy that replaces it.
 */
export function historyComponents(components) {
  return components.map((c) => ({
    type: c.type.toUpperCase(),
    ...(c.sub_type ? { subType: c.sub_type.toUpperCase(), index: Number(c.index) } : {}),
    parameters: c.parameters.map((p) =>
      p.type === 'text'
        ? { type: 'text', name: p.parameter_name, text: p.text }
        : { type: 'media', kind: p.type.toUpperCase(), link: p[p.type].link },
    ),
  }));
}
