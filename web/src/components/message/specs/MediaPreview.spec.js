import { describe, it, expect, vi, afterEach } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import MediaPreview from '../MediaPreview.vue';

const preview = (media, extra = {}) => mount(MediaPreview, { props: { media, phoneNumberId: 'pn1', ...extra }, attachTo: document.body });

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('MediaPreview', () => {
  it('shows an image thumbnail from the media route and opens it full size, Escape closing it', async () => {
    const w = preview({ kind: 'IMAGE', mediaId: 'm1', caption: 'Your invoice' });
    const thumb = w.get('.media__thumb img');
    expect(thumb.attributes('src')).toBe('/api/media/pn1/m1');
    expect(thumb.attributes('alt')).toBe('Your invoice');
    expect(w.get('figcaption').text()).toBe('Your invoice');
    await w.get('.media__thumb').trigger('click');
    const viewer = w.get('[role="dialog"]');
    expect(viewer.get('img').attributes('src')).toBe('/api/media/pn1/m1');
    expect(document.activeElement.textContent.trim()).toBe('Close');
    await viewer.trigger('keydown', { key: 'Tab' });
    expect(document.activeElement.textContent.trim()).toBe('Open original');
    await viewer.trigger('keydown', { key: 'Tab', shiftKey: true });
    expect(document.activeElement.textContent.trim()).toBe('Close');
    await viewer.trigger('keydown', { key: 'Escape' });
    expect(w.find('[role="dialog"]').exists()).toBe(false);
  });

  it('plays a video and an audio with controls', () => {
    const video = preview({ kind: 'VIDEO', mediaId: 'v1' }).get('video');
    expect(video.attributes('src')).toBe('/api/media/pn1/v1');
    expect(video.attributes()).toHaveProperty('controls');
    const audio = preview({ kind: 'AUDIO', mediaId: 'a1' }).get('audio');
    expect(audio.attributes('src')).toBe('/api/media/pn1/a1');
    expect(audio.attributes()).toHaveProperty('controls');
  });

  it('shows a sticker as a small image', () => {
    const img = preview({ kind: 'STICKER', mediaId: 's1', mimeType: 'image/webp' }).get('img.media__sticker');
    expect(img.attributes('src')).toBe('/api/media/pn1/s1');
    expect(img.attributes('alt')).toBe('Sticker');
  });

  it('shows a document with its name, its size (from a HEAD request) and a download link', async () => {
    const fetch = vi.fn(async () => new Response(null, { status: 200, headers: { 'Content-Length': '48213' } }));
    vi.stubGlobal('fetch', fetch);
    const w = preview({ kind: 'DOCUMENT', mediaId: 'd1', filename: 'invoice-4521.pdf', caption: 'April' });
    await flushPromises();
    expect(fetch).toHaveBeenCalledWith('/api/media/pn1/d1', expect.objectContaining({ method: 'HEAD' }));
    expect(w.get('.media__filename').text()).toBe('invoice-4521.pdf');
    expect(w.get('.media__size').text()).toBe('47 KB');
    const link = w.get('a.media__download');
    expect(link.attributes('href')).toBe('/api/media/pn1/d1');
    expect(link.attributes('download')).toBe('invoice-4521.pdf');
    expect(link.attributes('aria-label')).toBe('Download invoice-4521.pdf');
    expect(w.get('figcaption').text()).toBe('April');
  });

  it('says when a file cannot be shown (not fetched yet) or is still being sent, never blank', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(null, { status: 404 })));
    const w = preview({ kind: 'IMAGE', mediaId: 'm1' });
    await w.get('img').trigger('error');
    expect(w.get('.media__missing').text()).toContain('Photo not available yet');
    await w.get('.media__retry').trigger('click');
    expect(w.get('.media__thumb img').attributes('src')).toBe('/api/media/pn1/m1?attempt=1');
    expect(preview({ kind: 'VIDEO' }).get('.media__missing').text()).toContain('Video not available');
    expect(preview({ kind: 'DOCUMENT', filename: 'a.pdf' }, { pending: true }).get('.media__missing').text()).toBe('Sending document a.pdf…');
  });
});
