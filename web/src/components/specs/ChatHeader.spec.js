import { describe, it, expect } from 'vitest';
import { mount } from '@vue/test-utils';
import ChatHeader from '../ChatHeader.vue';
import { assignChoices } from '../../stores/helpers.js';

const me = { id: 'a', displayName: 'Ann', role: 'AGENT' };
const agents = [
  { id: 'c', displayName: 'Cid', active: true },
  { id: 'a', displayName: 'Ann', active: true },
  { id: 'b', displayName: 'Bea', active: true },
  { id: 'd', displayName: 'Dan', active: false },
];

describe('assignChoices', () => {
  it('lists unassigned, me, then the other active agents by name', () => {
    expect(assignChoices(agents, me, null).map((o) => o.value)).toEqual(['', 'a', 'b', 'c']);
  });

  it('keeps a deactivated current assignee', () => {
    expect(assignChoices(agents, me, 'd').map((o) => o.value)).toEqual(['', 'a', 'b', 'c', 'd']);
  });
});

describe('ChatHeader', () => {
  const conversation = { phoneNumberId: 'p', customerKey: 'k', waId: '16505550001', name: 'Zoe' };

  it('shows the name and phone and assigns to the chosen agent', async () => {
    const w = mount(ChatHeader, { props: { conversation, me, agents } });
    expect(w.text()).toContain('Zoe');
    expect(w.text()).toContain('+16505550001');
    await w.get('select').setValue('b');
    expect(w.emitted('assign')).toEqual([['b']]);
  });

  it('unassigns when "Unassigned" is picked', async () => {
    const w = mount(ChatHeader, { props: { conversation: { ...conversation, assigneeId: 'a' }, me, agents } });
    expect(w.get('select').element.value).toBe('a');
    await w.get('select').setValue('');
    expect(w.emitted('unassign')).toHaveLength(1);
  });

  it('archives an active conversation and unarchives an archived one', async () => {
    const active = mount(ChatHeader, { props: { conversation, me, agents } });
    await active.get('button').trigger('click');
    expect(active.emitted('archive')).toHaveLength(1);
    const archived = mount(ChatHeader, { props: { conversation: { ...conversation, archived: true }, me, agents } });
    expect(archived.get('button').text()).toBe('Unarchive');
    await archived.get('button').trigger('click');
    expect(archived.emitted('unarchive')).toHaveLength(1);
  });
});
