// Meta's limits for interactive messages (reply buttons and lists), the same as the server's
// OutboundValidation: shown as counters while the agent types, and every broken one named before
// the message may go. Lengths count Unicode code points, as the server does (an emoji is one).

export const LIMITS = Object.freeze({
  header: 60,
  footer: 60,
  buttonsBody: 1024,
  // The list page says 4096 (Meta's OpenAPI 1024); the server follows the page, so do we.
  listBody: 4096,
  buttons: 3,
  buttonTitle: 20,
  listButton: 20,
  sections: 10,
  rows: 10,
  sectionTitle: 24,
  rowTitle: 24,
  rowDescription: 72,
});

export const length = (text) => [...(text || '')].length;

export function emptyDraft() {
  return {
    type: 'button',
    header: '',
    body: '',
    footer: '',
    buttons: [{ title: '' }, { title: '' }],
    buttonLabel: '',
    sections: [{ title: '', rows: [{ title: '', description: '' }] }],
  };
}

export const bodyLimit = (draft) => (draft.type === 'list' ? LIMITS.listBody : LIMITS.buttonsBody);

/** Every broken rule, in the order of the form: `[{ field, message }]` (empty when it can go). */
export function interactiveProblems(draft) {
  const out = [];
  const over = (field, label, text, max) => {
    if (length(text) > max) out.push({ field, message: `${label} is ${length(text)} characters; at most ${max}.` });
  };
  const required = (field, label, text, max) => {
    if (!(text || '').trim()) out.push({ field, message: `${label} is required.` });
    else over(field, label, text, max);
  };
  over('header', 'The header', draft.header, LIMITS.header);
  required('body', 'The body', draft.body, bodyLimit(draft));
  over('footer', 'The footer', draft.footer, LIMITS.footer);
  if (draft.type === 'button') {
    const buttons = draft.buttons;
    if (buttons.length < 1 || buttons.length > LIMITS.buttons) {
      out.push({ field: 'buttons', message: `1 to ${LIMITS.buttons} buttons; ${buttons.length} now.` });
    }
    const seen = new Set();
    buttons.forEach((b, i) => {
      required(`buttons.${i}`, `Button ${i + 1}`, b.title, LIMITS.buttonTitle);
      const title = (b.title || '').trim();
      if (title && seen.has(title)) out.push({ field: `buttons.${i}`, message: `Button ${i + 1} repeats "${title}": titles must differ.` });
      seen.add(title);
    });
  } else {
    required('buttonLabel', 'The list button', draft.buttonLabel, LIMITS.listButton);
    const sections = draft.sections;
    if (sections.length < 1 || sections.length > LIMITS.sections) {
      out.push({ field: 'sections', message: `1 to ${LIMITS.sections} sections; ${sections.length} now.` });
    }
    let rows = 0;
    sections.forEach((s, i) => {
      // Meta requires a section title as soon as there is more than one section.
      if (sections.length > 1) required(`sections.${i}.title`, `Section ${i + 1}'s title`, s.title, LIMITS.sectionTitle);
      else over(`sections.${i}.title`, `Section ${i + 1}'s title`, s.title, LIMITS.sectionTitle);
      if (!s.rows.length) out.push({ field: `sections.${i}`, message: `Section ${i + 1} needs a row.` });
      s.rows.forEach((r, j) => {
        required(`sections.${i}.rows.${j}.title`, `Row ${j + 1} of section ${i + 1}`, r.title, LIMITS.rowTitle);
        over(`sections.${i}.rows.${j}.description`, `Row ${j + 1}'s description (section ${i + 1})`, r.description, LIMITS.rowDescription);
      });
      rows += s.rows.length;
    });
    if (rows > LIMITS.rows) out.push({ field: 'rows', message: `At most ${LIMITS.rows} rows in all; ${rows} now.` });
  }
  return out;
}

const trimmed = (text) => (text || '').trim();
const optional = (text) => (trimmed(text) ? trimmed(text) : undefined);

/** Meta's `interactive` object for the send (ids are generated: the tap comes back with them). */
export function toInteractive(draft) {
  const out = { type: draft.type, body: { text: trimmed(draft.body) } };
  if (optional(draft.header)) out.header = { type: 'text', text: trimmed(draft.header) };
  if (optional(draft.footer)) out.footer = { text: trimmed(draft.footer) };
  if (draft.type === 'button') {
    out.action = {
      buttons: draft.buttons.map((b, i) => ({ type: 'reply', reply: { id: `button-${i + 1}`, title: trimmed(b.title) } })),
    };
  } else {
    let n = 0;
    out.action = {
      button: trimmed(draft.buttonLabel),
      sections: draft.sections.map((s) => ({
        ...(optional(s.title) ? { title: trimmed(s.title) } : {}),
        rows: s.rows.map((r) => ({
          id: `row-${++n}`,
          title: trimmed(r.title),
          ...(optional(r.description) ? { description: trimmed(r.description) } : {}),
        })),
      })),
    };
  }
  return out;
}

/** The same message in WhataTalk's history model, for the optimistic copy. */
export function interactiveContent(interactive) {
  const common = { body: interactive.body.text, footer: interactive.footer?.text };
  if (interactive.type === 'button') {
    return {
      type: 'interactive_buttons',
      ...common,
      header: interactive.header ? { text: interactive.header.text } : undefined,
      buttons: interactive.action.buttons.map((b) => ({ id: b.reply.id, title: b.reply.title })),
    };
  }
  return {
    type: 'interactive_list',
    ...common,
    headerText: interactive.header?.text,
    buttonLabel: interactive.action.button,
    sections: interactive.action.sections,
  };
}
