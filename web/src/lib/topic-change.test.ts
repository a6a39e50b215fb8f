import { describe, expect, it } from 'vitest';
import { changeFor, changeShown, topicChanges } from './topic-change.svelte.ts';

describe('topic changes', () => {
  it('a created topic is shown once the snapshot has it, a deleted one once it has not', () => {
    expect(changeShown('created', true)).toBe(true);
    expect(changeShown('created', false)).toBe(false);
    expect(changeShown('deleted', false)).toBe(true);
    expect(changeShown('deleted', true)).toBe(false);
  });
  it('belongs to its cluster, and to its topic on a topic page', () => {
    topicChanges.current = { cluster: 'prod', topic: 'orders', kind: 'deleted', phase: 'waiting' };
    expect(changeFor('prod')?.topic).toBe('orders');
    expect(changeFor('prod', 'orders')?.kind).toBe('deleted');
    expect(changeFor('prod', 'payments')).toBeNull();
    expect(changeFor('staging')).toBeNull();
    topicChanges.current = null;
  });
});
