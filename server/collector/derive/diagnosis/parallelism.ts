import type { GroupSnapshot } from '../../snapshot.ts';
import type { ParallelismFigure } from './types.ts';

/**
 * Members vs partitions: in a consumer group a partition is read by one member at most, so
 * members beyond the partition count sit idle and fewer members than partitions leave room
 * to scale out ("consumers = partitions").
 */
export function parallelismOf(
  group: Pick<GroupSnapshot, 'members' | 'partitions' | 'lag'>,
): ParallelismFigure {
  const lagByOwner = new Map<string, number>();
  for (const p of group.partitions)
    if (p.owner !== null && p.lag !== null) lagByOwner.set(p.owner, (lagByOwner.get(p.owner) ?? 0) + p.lag);
  const total = group.lag;
  const shares = group.members.map((m) => {
    const lag = lagByOwner.get(m.memberId) ?? 0;
    return {
      memberId: m.memberId,
      clientId: m.clientId,
      partitions: m.assignment.reduce((n, a) => n + a.partitions.length, 0),
      lag,
      share: total ? lag / total : null,
    };
  });
  const members = group.members.length;
  const partitions = group.partitions.length;
  return {
    members,
    partitions,
    idleMembers: shares.filter((s) => s.partitions === 0).length,
    room: Math.max(0, partitions - members),
    shares: shares.sort((a, b) => b.lag - a.lag),
  };
}
