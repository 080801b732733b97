import { describe, it, expect } from 'vitest';
import { mount } from '@vue/test-utils';
import MessageStatus from '../MessageStatus.vue';

describe('MessageStatus', () => {
  it.each([
    ['queued', 'Queued', 1, 0],
    ['sent', 'Sent', 0, 1],
    ['delivered', 'Delivered', 0, 3],
    ['read', 'Read', 0, 3],
  ])('shows %s as its tick', (status, label, circles, checks) => {
    const w = mount(MessageStatus, { props: { status } });
    const el = w.get('[role="img"]');
    expect(el.attributes('aria-label')).toBe(label);
    expect(el.classes()).toContain(`message-status--${status}`);
    expect(w.findAll('circle')).toHaveLength(circles);
    expect(w.findAll('path.check')).toHaveLength(checks);
  });

  it('shows one gray check for sent and two for delivered, blue only for read', () => {
    const delivered = mount(MessageStatus, { props: { status: 'delivered' } });
    const read = mount(MessageStatus, { props: { status: 'read' } });
    expect(delivered.get('svg').attributes('viewBox')).toBe(read.get('svg').attributes('viewBox'));
    expect(delivered.classes()).not.toContain('message-status--read');
    expect(read.classes()).toContain('message-status--read');
  });

  it('shows failed as a red exclamation with Meta\'s reason on hover and focus', () => {
    const w = mount(MessageStatus, {
      props: { status: 'failed', error: { code: 131047, title: 'Re-engagement message', details: 'More than 24 hours' } },
    });
    const el = w.get('[role="button"]');
    expect(el.classes()).toContain('message-status--failed');
    expect(el.attributes('title')).toBe('Failed: (131047) Re-engagement message: More than 24 hours');
    expect(el.attributes('aria-label')).toBe(el.attributes('title'));
    expect(el.attributes('tabindex')).toBe('0');
  });

  it('shows the reason on a tap (no hover on touch screens) or Enter, and hides it again', async () => {
    const w = mount(MessageStatus, { props: { status: 'failed', error: { code: 131026, title: 'Message undeliverable' } } });
    const el = w.get('[role="button"]');
    expect(w.find('.message-status__reason').exists()).toBe(false);
    await el.trigger('click');
    expect(el.attributes('aria-expanded')).toBe('true');
    expect(w.get('.message-status__reason').text()).toBe('(131026) Message undeliverable');
    await el.trigger('click');
    expect(w.find('.message-status__reason').exists()).toBe(false);
    await el.trigger('keydown', { key: 'Enter' });
    expect(w.get('.message-status__reason').text()).toBe('(131026) Message undeliverable');
    await el.trigger('keydown', { key: 'Escape' });
    expect(w.find('.message-status__reason').exists()).toBe(false);
  });

  it('does not toggle anything on a tick that did not fail', async () => {
    const w = mount(MessageStatus, { props: { status: 'read' } });
    await w.get('[role="img"]').trigger('click');
    expect(w.find('.message-status__reason').exists()).toBe(false);
    expect(w.get('[role="img"]').attributes('aria-expanded')).toBeUndefined();
  });

  it('rejects an unknown status', () => {
    expect(MessageStatus.props.status.validator('pending')).toBe(false);
    expect(MessageStatus.props.status.validator('read')).toBe(true);
  });
});
