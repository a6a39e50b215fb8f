import { describe, expect, it } from 'vitest';
import { nameFilter } from './read.ts';

describe('nameFilter', () => {
  it('keeps everything by default', () =>
    expect(nameFilter({ allow: [], ignore: [] })('anything')).toBe(true));
  it('keeps only allowed names, minus ignored ones', () => {
    const keep = nameFilter({ allow: ['^team-a-', '^shared$'], ignore: ['-tmp$'] });
    expect(['team-a-orders', 'shared', 'team-b-orders', 'team-a-x-tmp', 'shared2'].filter(keep)).toEqual([
      'team-a-orders',
      'shared',
    ]);
  });
  it('drops ignored names', () =>
    expect(['__consumer_offsets', 'orders'].filter(nameFilter({ allow: [], ignore: ['^__'] }))).toEqual([
      'orders',
    ]));
});
