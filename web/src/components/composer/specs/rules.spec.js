import { describe, it, expect } from 'vitest';
import { checkAttachment, formatSize } from '../attachments.js';
import { emptyDraft, interactiveProblems, toInteractive } from '../interactive.js';
import { historyComponents, missingField, renderTemplate, templateComponents, templateFields } from '../templates.js';

const file = (name, type, size) => ({ name, type, size });
const MB = 1024 * 1024;

describe('attachments', () => {
  it('takes each kind up to its limit and no further', () => {
    expect(checkAttachment(file('a.jpg', 'image/jpeg', 5 * MB))).toEqual({ kind: 'image', mimeType: 'image/jpeg' });
    expect(checkAttachment(file('a.jpg', 'image/jpeg', 5 * MB + 1)).error).toContain('up to 5 MB');
    expect(checkAttachment(file('v.mp4', 'video/mp4', 16 * MB)).kind).toBe('video');
    expect(checkAttachment(file('v.3gp', 'video/3gpp', 16 * MB + 1)).error).toContain('videos up to 16 MB');
    expect(checkAttachment(file('n.ogg', 'audio/ogg; codecs=opus', MB)).kind).toBe('audio');
    expect(checkAttachment(file('d.pdf', 'application/pdf', 100 * MB)).kind).toBe('document');
    expect(checkAttachment(file('d.pdf', 'application/pdf', 100 * MB + 1)).error).toContain('documents up to 100 MB');
  });

  it('names the type by extension when the browser gives none, and refuses what WhatsApp does not take', () => {
    expect(checkAttachment(file('report.docx', '', 1000)).kind).toBe('document');
    expect(checkAttachment(file('clip.mov', 'video/quicktime', 1000)).error).toContain('does not accept video/quicktime');
    expect(checkAttachment(file('x.bin', '', 1000)).error).toContain('does not accept this type of file');
  });

  it('formats sizes for people', () => {
    expect(formatSize(5 * MB)).toBe('5 MB');
    expect(formatSize(1536)).toBe('1.5 KB');
  });
});

describe('interactive limits', () => {
  const draft = (changes) => ({ ...emptyDraft(), body: 'Body', buttons: [{ title: 'Yes' }], ...changes });

  it('accepts a valid message and names each broken rule', () => {
    expect(interactiveProblems(draft())).toEqual([]);
    const fields = (d) => interactiveProblems(d).map((p) => p.field);
    expect(fields(draft({ body: '' }))).toEqual(['body']);
    expect(fields(draft({ body: 'x'.repeat(1025) }))).toEqual(['body']);
    expect(fields(draft({ header: 'x'.repeat(61), footer: 'y'.repeat(61) }))).toEqual(['header', 'footer']);
    expect(fields(draft({ buttons: [{ title: 'a' }, { title: 'b' }, { title: 'c' }, { title: 'd' }] }))).toEqual(['buttons']);
    expect(fields(draft({ buttons: [{ title: 'Same' }, { title: 'Same' }] }))).toEqual(['buttons.1']);
  });

  it('counts an emoji as one character, as Meta and the server do', () => {
    expect(interactiveProblems(draft({ buttons: [{ title: '👍'.repeat(20) }] }))).toEqual([]);
  });

  it('holds lists to Meta limits: 4096 body, section titles once there are two, 10 rows in all', () => {
    const list = (changes) => draft({ type: 'list', buttonLabel: 'Choose', sections: [{ title: '', rows: [{ title: 'A', description: '' }] }], ...changes });
    expect(interactiveProblems(list({ body: 'x'.repeat(4096) }))).toEqual([]);
    const fields = (d) => interactiveProblems(d).map((p) => p.field);
    expect(fields(list({ sections: [{ title: '', rows: [{ title: 'A' }] }, { title: 'Two', rows: [{ title: 'B' }] }] }))).toEqual(['sections.0.title']);
    const eleven = Array.from({ length: 11 }, (_, i) => ({ title: `Row ${i}` }));
    expect(fields(list({ sections: [{ title: '', rows: eleven }] }))).toEqual(['rows']);
    expect(fields(list({ sections: [{ title: '', rows: [{ title: 'x'.repeat(25), description: 'y'.repeat(73) }] }] })))
      .toEqual(['sections.0.rows.0.title', 'sections.0.rows.0.description']);
  });

  it('builds the list in Meta shape with generated row ids', () => {
    const d = draft({ type: 'list', header: 'Slots', buttonLabel: 'Choose', sections: [{ title: 'Tue', rows: [{ title: 'Morning', description: '9-12' }] }, { title: 'Wed', rows: [{ title: 'Noon', description: '' }] }] });
    expect(toInteractive(d)).toEqual({
      type: 'list',
      header: { type: 'text', text: 'Slots' },
      body: { text: 'Body' },
      action: {
        button: 'Choose',
        sections: [
          { title: 'Tue', rows: [{ id: 'row-1', title: 'Morning', description: '9-12' }] },
          { title: 'Wed', rows: [{ id: 'row-2', title: 'Noon' }] },
        ],
      },
    });
  });
});

describe('templates', () => {
  const named = {
    name: 'reservation_confirmation',
    language: 'en_US',
    parameterFormat: 'NAMED',
    components: [
      { type: 'HEADER', format: 'IMAGE' },
      { type: 'BODY', text: '{{first_name}}, see you on {{date}}.', placeholders: ['first_name', 'date'] },
      { type: 'BUTTONS', buttons: [{ index: 0, type: 'URL', text: 'Manage', url: 'https://x.example/{{1}}', placeholders: ['1'] }, { index: 1, type: 'QUICK_REPLY', text: 'Cancel' }] },
    ],
  };

  it('asks for the header media link, the named body parameters and the URL button suffix', () => {
    expect(templateFields(named).map((f) => f.id)).toEqual(['header.media', 'body.first_name', 'body.date', 'button.0.1']);
    expect(missingField(named, {})).toBe('Fill in Header image link (https).');
    expect(missingField(named, { 'header.media': 'http://x', 'body.first_name': 'a', 'body.date': 'b', 'button.0.1': 'c' }))
      .toBe('The header link must be an https address.');
  });

  it('renders the preview and the components Meta expects (parameter_name for a named template)', () => {
    const values = { 'header.media': 'https://x.example/p.jpg', 'body.first_name': 'Ana', 'body.date': 'May 3', 'button.0.1': 'R42' };
    expect(renderTemplate(named, values)).toEqual({ header: '[image]', body: 'Ana, see you on May 3.', footer: '', buttons: ['Manage', 'Cancel'] });
    expect(templateComponents(named, values)).toEqual([
      { type: 'header', parameters: [{ type: 'image', image: { link: 'https://x.example/p.jpg' } }] },
      { type: 'body', parameters: [{ type: 'text', text: 'Ana', parameter_name: 'first_name' }, { type: 'text', text: 'May 3', parameter_name: 'date' }] },
      { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'R42' }] },
    ]);
  });
});

describe('historyComponents', () => {
  it('puts a send\'s components in the history model', () => {
    expect(historyComponents([
      { type: 'body', parameters: [{ type: 'text', text: 'Ana', parameter_name: 'first_name' }] },
      { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'R42' }] },
      { type: 'header', parameters: [{ type: 'image', image: { link: 'https://x.example/p.jpg' } }] },
    ])).toEqual([
      { type: 'BODY', parameters: [{ type: 'text', name: 'first_name', text: 'Ana' }] },
      { type: 'BUTTON', subType: 'URL', index: 0, parameters: [{ type: 'text', name: undefined, text: 'R42' }] },
      { type: 'HEADER', parameters: [{ type: 'media', kind: 'IMAGE', link: 'https://x.example/p.jpg' }] },
    ]);
  });
});
