// Parallelism: group members against partitions, idle members and each member's share of the lag.
import { describe, expect, it } from 'vitest';
import { group, member } from '../../../../test/support/snapshot-fixtures.ts';
import type { GroupSnapshot } from '../../snapshot.ts';
import { parallelismOf } from './parallelism.ts';

describe('parallelism', () => {
  it('counts room to scale, idle members and each member share of the lag', () => {
    const g: GroupSnapshot = {
      ...group(
        'g',
        [0, 1, 2, 3].map((p) => ({ topic: 't', partition: p, committed: 0, end: p === 0 ? 30 : 10 })),
      ),
      members: [member('a', [0, 1]), member('b', [2, 3])],
    };
    const partitions = g.partitions.map((p) => ({ ...p, owner: p.partition < 2 ? 'a' : 'b' }));
    const figure = parallelismOf({ ...g, partitions });
    expect(figure).toMatchObject({ members: 2, partitions: 4, idleMembers: 0, room: 2 });
    expect(figure.shares.map((s) => [s.memberId, s.lag, s.share])).toEqual([
      ['a', 40, 40 / 60],
      ['b', 20, 20 / 60],
    ]);
    const crowded = parallelismOf({ ...g, members: [...g.members, member('c', []), member('d', [])] });
    expect(crowded).toMatchObject({ members: 4, idleMembers: 2, room: 0 });
    expect(parallelismOf({ ...g, members: [], lag: 0 }).shares).toEqual([]);
  });
});
