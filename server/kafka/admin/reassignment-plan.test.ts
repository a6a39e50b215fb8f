import { describe, expect, it } from 'vitest';
import { changedPartitions, type PlanBroker, planReassignment } from './reassignment-plan.ts';

const brokers = (...ids: number[]): PlanBroker[] => ids.map((id) => ({ id, rack: null }));
const parts = (...lists: number[][]) => lists.map((replicas, partition) => ({ partition, replicas }));

function ok(plan: ReturnType<typeof planReassignment>) {
  if (!plan.ok) throw new Error(plan.reason);
  return plan;
}

function counts(lists: number[][]): Map<number, number> {
  const m = new Map<number, number>();
  for (const l of lists) for (const id of l) m.set(id, (m.get(id) ?? 0) + 1);
  return m;
}

describe('planReassignment', () => {
  it('raises the replication factor 1 → 3, keeping each leader first and spreading evenly', () => {
    const plan = ok(
      planReassignment({ partitions: parts([1], [2], [3]), brokers: brokers(1, 2, 3), replicationFactor: 3 }),
    );
    expect(plan.partitions.map((p) => p.proposed[0])).toEqual([1, 2, 3]);
    for (const p of plan.partitions) expect([...p.proposed].sort()).toEqual([1, 2, 3]);
    expect(plan.replicasMoved).toBe(6);
    expect(plan.partitions.every((p) => p.leaderKept && p.removing.length === 0)).toBe(true);
  });

  it('lowers it 3 → 1 by keeping only the leaders', () => {
    const plan = ok(
      planReassignment({
        partitions: parts([1, 2, 3], [2, 3, 1], [3, 1, 2]),
        brokers: brokers(1, 2, 3),
        replicationFactor: 1,
      }),
    );
    expect(plan.partitions.map((p) => p.proposed)).toEqual([[1], [2], [3]]);
    expect(plan.replicasMoved).toBe(0);
  });

  it('moves the fewest replicas onto a new broker: 4 partitions × RF 3 on 3 brokers → 3 each on 4', () => {
    const current = parts([1, 2, 3], [2, 3, 1], [3, 1, 2], [1, 3, 2]);
    const plan = ok(
      planReassignment({ partitions: current, brokers: brokers(1, 2, 3, 4), replicationFactor: 3 }),
    );
    const proposed = plan.partitions.map((p) => p.proposed);
    expect([...counts(proposed).values()]).toEqual([3, 3, 3, 3]);
    expect(plan.replicasMoved).toBe(3); // 12 replicas, 3 of them belong on broker 4
    expect(plan.partitions.every((p) => p.leaderKept)).toBe(true);
    expect(plan.partitions.flatMap((p) => p.adding)).toEqual([4, 4, 4]);
  });

  it('moves everything off a broker that is not chosen, keeping leaders that can stay', () => {
    const plan = ok(
      planReassignment({
        partitions: parts([3, 1], [1, 3], [2, 3]),
        brokers: brokers(1, 2),
        replicationFactor: 2,
      }),
    );
    for (const p of plan.partitions) expect(p.proposed).not.toContain(3);
    expect(plan.partitions[1]!.proposed[0]).toBe(1);
    expect(plan.partitions[2]!.proposed[0]).toBe(2);
    // Partition 0 lost its leader: the kept replica (1) leads, with 2 added.
    expect(plan.partitions[0]!.proposed).toEqual([1, 2]);
  });

  it('spreads each partition over both racks and keeps the leaders', () => {
    const racked: PlanBroker[] = [
      { id: 1, rack: 'a' },
      { id: 2, rack: 'a' },
      { id: 3, rack: 'b' },
      { id: 4, rack: 'b' },
    ];
    const plan = ok(
      planReassignment({
        partitions: parts([1, 2], [2, 1], [1, 2], [2, 1]),
        brokers: racked,
        replicationFactor: 2,
      }),
    );
    expect(plan.rackAware).toBe(true);
    for (const p of plan.partitions) {
      expect(new Set(p.proposed.map((id) => racked.find((b) => b.id === id)!.rack)).size).toBe(2);
      expect(p.leaderKept).toBe(true);
    }
    expect([...counts(plan.partitions.map((p) => p.proposed)).values()]).toEqual([2, 2, 2, 2]);
  });

  it('spreads single replicas that all sit on one broker, moving as few leaders as balance needs', () => {
    const plan = ok(
      planReassignment({
        partitions: parts([1], [1], [1], [1]),
        brokers: brokers(1, 2),
        replicationFactor: 1,
      }),
    );
    expect([...counts(plan.partitions.map((p) => p.proposed)).values()].sort()).toEqual([2, 2]);
    expect(plan.replicasMoved).toBe(2);
  });

  it('changes nothing when the topic already fits', () => {
    const current = parts([1, 2], [2, 3], [3, 1]);
    const plan = ok(
      planReassignment({ partitions: current, brokers: brokers(1, 2, 3), replicationFactor: 2 }),
    );
    expect(plan.replicasMoved).toBe(0);
    expect(changedPartitions(plan.partitions)).toEqual([]);
  });

  it('refuses what cannot be planned', () => {
    expect(
      planReassignment({ partitions: parts([1]), brokers: brokers(1, 2), replicationFactor: 3 }),
    ).toEqual({
      ok: false,
      reason: 'a replication factor of 3 needs at least 3 brokers; 2 chosen',
    });
    expect(planReassignment({ partitions: parts([1]), brokers: [], replicationFactor: 1 }).ok).toBe(false);
    expect(
      planReassignment({ partitions: parts([1]), brokers: brokers(1, 1), replicationFactor: 1 }).ok,
    ).toBe(false);
    expect(planReassignment({ partitions: parts([1]), brokers: brokers(1), replicationFactor: 0 }).ok).toBe(
      false,
    );
  });

  it('always yields valid, balanced plans over many random topics', () => {
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    for (let run = 0; run < 300; run++) {
      const clusterSize = 1 + random(6);
      const currentRf = 1 + random(clusterSize);
      const current = Array.from({ length: 1 + random(12) }, (_, partition) => {
        const start = random(clusterSize);
        return {
          partition,
          replicas: Array.from({ length: currentRf }, (_, i) => 1 + ((start + i) % clusterSize)),
        };
      });
      const chosen = Array.from({ length: 6 }, (_, i) => i + 1).filter(() => random(3) > 0);
      if (chosen.length === 0) continue;
      const rf = 1 + random(chosen.length);
      const plan = ok(
        planReassignment({ partitions: current, brokers: brokers(...chosen), replicationFactor: rf }),
      );
      for (const p of plan.partitions) {
        expect(new Set(p.proposed).size).toBe(rf);
        for (const id of p.proposed) expect(chosen).toContain(id);
        if (chosen.includes(p.current[0]!) && p.leaderKept === false) {
          // A leader only moves when its broker is over its share.
          expect(
            counts(plan.partitions.map((q) => q.current)).get(p.current[0]!),
            JSON.stringify({ current, chosen, rf, p }),
          ).toBeGreaterThan(Math.floor((current.length * rf) / chosen.length));
        }
      }
      const load = chosen.map((id) => counts(plan.partitions.map((p) => p.proposed)).get(id) ?? 0);
      expect(
        Math.max(...load) - Math.min(...load),
        JSON.stringify({ current, chosen, rf, load }),
      ).toBeLessThanOrEqual(1);
    }
  });
});
