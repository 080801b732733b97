// What WhatsApp accepts as an attachment (the Cloud API's media types and sizes, as the server's
// MediaRules keeps them): checked in the browser before anything is uploaded, so an agent learns
// at once why a file cannot go instead of after a long upload. Sizes are MiB, as the server's.

const MB = 1024 * 1024;

export const MEDIA_KINDS = Object.freeze({
  image: { label: 'images', maxBytes: 5 * MB, types: ['image/jpeg', 'image/png'] },
  video: { label: 'videos', maxBytes: 16 * MB, types: ['video/mp4', 'video/3gpp'] },
  audio: { label: 'audio', maxBytes: 16 * MB, types: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'] },
  document: {
    label: 'documents',
    maxBytes: 100 * MB,
    types: [
      'text/plain',
      'application/pdf',
      'application/msword',
      'application/vnd.ms-excel',
      'application/vnd.ms-powerpoint',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
  },
});

// Browsers leave `type` empty for some files (often Office documents): the extension decides then.
const BY_EXTENSION = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png',
  mp4: 'video/mp4', '3gp': 'video/3gpp',
  aac: 'audio/aac', amr: 'audio/amr', mp3: 'audio/mpeg', m4a: 'audio/mp4', ogg: 'audio/ogg', opus: 'audio/ogg',
  txt: 'text/plain', pdf: 'application/pdf', doc: 'application/msword', xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/** The file chooser's `accept`: every type and extension above. */
export const ACCEPT = [
  ...Object.values(MEDIA_KINDS).flatMap((k) => k.types),
  ...Object.keys(BY_EXTENSION).map((e) => `.${e}`),
].join(',');

/** `5242880` → `5 MB`, `1536` → `1.5 KB`. */
export function formatSize(bytes) {
  if (bytes >= MB) return `${+(bytes / MB).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/** The MIME type to upload a file as: its own, else the one its extension names. */
export function mimeOf(file) {
  const own = (file.type || '').split(';')[0].trim().toLowerCase();
  if (own) return own;
  const ext = (file.name || '').split('.').pop().toLowerCase();
  return BY_EXTENSION[ext] || '';
}

/**
 * Whether WhatsApp accepts a file: `{ kind, mimeType }` (kind as Meta's send type: image, video,
 * audio, document), or `{ error }` saying why not and what would go.
 */
export function checkAttachment(file) {
  const mimeType = mimeOf(file);
  const entry = Object.entries(MEDIA_KINDS).find(([, k]) => k.types.includes(mimeType));
  if (!entry) {
    return {
      error: `${file.name}: WhatsApp does not accept ${mimeType || 'this type of file'}. `
        + 'Send JPEG or PNG images, MP4 or 3GPP videos, AAC, AMR, MP3, M4A or OGG audio, PDF, Office or text documents.',
    };
  }
  const [kind, rule] = entry;
  if (file.size > rule.maxBytes) {
    return { error: `${file.name} is ${formatSize(file.size)}: WhatsApp accepts ${rule.label} up to ${formatSize(rule.maxBytes)}.` };
  }
  if (file.size === 0) return { error: `${file.name} is empty.` };
  return { kind, mimeType };
}

/** Audio goes without a caption (Meta's audio object has none). */
export const takesCaption = (kind) => kind !== 'audio';
