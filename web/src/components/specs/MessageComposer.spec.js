import { describe, it, expect } from 'vitest';
import { mount } from '@vue/test-utils';
import MessageComposer from '../MessageComposer.vue';

const NOW = Date.parse('2025-05-01T12:00:00Z');
const me = { id: 'agent-a', role: 'AGENT' };
const open = { window: { open: true, closesAt: '2025-05-02T09:30:00Z' } };
const closed = { window: { open: false, closesAt: '2025-05-01T09:30:00Z' } };

function composer(conversation, user = me) {
  return mount(MessageComposer, {
    props: { conversation, me: user, now: NOW, agentName: (id) => (id === 'agent-b' ? 'Bea' : id) },
  });
}

describe('MessageComposer', () => {
  it('sends on Enter and clears the text', async () => {
    const w = composer({ ...open });
    const box = w.get('textarea');
    await box.setValue('Hello');
    await box.trigger('keydown', { key: 'Enter' });
    expect(w.emitted('send')).toEqual([['Hello']]);
    expect(box.element.value).toBe('');
  });

  it('does not send on Shift+Enter (a new line) nor an empty text', async () => {
    const w = composer({ ...open });
    const box = w.get('textarea');
    await box.setValue('line one');
    await box.trigger('keydown', { key: 'Enter', shiftKey: true });
    await w.setProps({});
    await box.setValue('   ');
    await box.trigger('keydown', { key: 'Enter' });
    expect(w.emitted('send')).toBeUndefined();
  });

  it('shows the time left while the window is open', () => {
    const w = composer({ ...open });
    expect(w.text()).toContain('21 h 30 min left');
  });

  it('is disabled with the reason when the 24-hour window is closed', async () => {
    const w = composer({ ...closed });
    expect(w.get('textarea').attributes('disabled')).toBeDefined();
    expect(w.get('button[type="submit"]').attributes('disabled')).toBeDefined();
    expect(w.get('[role="status"]').text()).toContain('24-hour window is closed');
    await w.get('textarea').trigger('keydown', { key: 'Enter' });
    expect(w.emitted('send')).toBeUndefined();
  });

  it('says who may reply when the conversation is assigned to someone else', () => {
    const w = composer({ ...open, assigneeId: 'agent-b' });
    expect(w.get('textarea').attributes('disabled')).toBeDefined();
    expect(w.get('[role="status"]').text()).toBe('Assigned to Bea: only they or an admin may reply.');
  });

  it('lets the assignee and admins reply', () => {
    expect(composer({ ...open, assigneeId: 'agent-a' }).get('textarea').attributes('disabled')).toBeUndefined();
    const admin = composer({ ...open, assigneeId: 'agent-b' }, { id: 'boss', role: 'ADMIN' });
    expect(admin.get('textarea').attributes('disabled')).toBeUndefined();
  });

  it('writes an internal comment even when the window is closed and someone else is assigned', async () => {
    const w = composer({ ...closed, assigneeId: 'agent-b' });
    expect(w.get('textarea').element.disabled).toBe(true);
    await w.get('.composer__mode--internal').trigger('click');
    expect(w.classes()).toContain('composer--internal');
    expect(w.text()).toContain('Only agents see this comment');
    const box = w.get('textarea');
    expect(box.element.disabled).toBe(false);
    await box.setValue('VIP, be nice');
    await box.trigger('keydown', { key: 'Enter' });
    expect(w.emitted('comment')).toEqual([['VIP, be nice']]);
    expect(w.emitted('send')).toBeUndefined();
  });
});
