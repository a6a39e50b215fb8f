// The reassignment plan Kestrel proposes before anything moves: a pure function from a topic's
// current replicas, the brokers to use and the replication factor wanted, to new replica lists.
//
// What it aims for, in this order:
//   1. every partition gets `replicationFactor` distinct replicas, all on the chosen brokers;
//   2. replicas spread evenly over those brokers (counts differ by at most one where possible),
//      and over racks when every chosen broker has one;
//   3. the current leader (first replica) stays first wherever it is kept;
//   4. as little data as possible moves: a replica already on a chosen broker stays unless
//      balance or rack spread needs it elsewhere.

export interface PlanBroker {
  id: number;
  rack: string | null;
}

export interface PlanInput {
  partitions: readonly { partition: number; replicas: readonly number[] }[];
  /** The brokers the topic's replicas should live on. */
  brokers: readonly PlanBroker[];
  replicationFactor: number;
}

export interface PlannedPartition {
  partition: number;
  current: number[];
  proposed: number[];
  /** Replicas that must copy the partition's data. */
  adding: number[];
  removing: number[];
  /** Whether the first replica (the preferred leader) stays the same broker. */
  leaderKept: boolean;
}

export type Plan =
  | { ok: true; partitions: PlannedPartition[]; replicasMoved: number; rackAware: boolean }
  | { ok: false; reason: string };

export function planReassignment(input: PlanInput): Plan {
  const { brokers, replicationFactor: rf } = input;
  const ids = brokers.map((b) => b.id);
  if (ids.length === 0) return { ok: false, reason: 'choose at least one broker' };
  if (new Set(ids).size !== ids.length) return { ok: false, reason: 'a broker is chosen twice' };
  if (!Number.isInteger(rf) || rf < 1)
    return { ok: false, reason: 'the replication factor must be at least 1' };
  if (rf > ids.length)
    return {
      ok: false,
      reason: `a replication factor of ${rf} needs at least ${rf} brokers; ${ids.length} chosen`,
    };

  const rackOf = new Map(brokers.map((b) => [b.id, b.rack]));
  const racks = new Set(brokers.map((b) => b.rack));
  // Racks count only when every chosen broker has one, as Kafka's own rack-aware placement.
  const rackAware = brokers.every((b) => b.rack !== null) && racks.size > 1;
  const chosen = new Set(ids);
  const sorted = [...input.partitions].sort((a, b) => a.partition - b.partition);

  // 1. Keep what already sits on a chosen broker, in its current order (the leader first).
  const plan = sorted.map((p) => [...new Set(p.replicas)].filter((id) => chosen.has(id)));
  const count = new Map(ids.map((id) => [id, 0]));
  for (const replicas of plan) for (const id of replicas) count.set(id, count.get(id)! + 1);
  const drop = (replicas: number[], index: number) => {
    count.set(replicas[index]!, count.get(replicas[index]!)! - 1);
    replicas.splice(index, 1);
  };
  const rackDuplicate = (replicas: readonly number[], index: number) =>
    rackAware && replicas.slice(0, index).some((id) => rackOf.get(id) === rackOf.get(replicas[index]!));

  // 2. Rack spread: a second replica in a rack goes while the partition could use another rack.
  if (rackAware) {
    const wantedRacks = Math.min(rf, racks.size);
    for (const replicas of plan) {
      for (let i = replicas.length - 1; i > 0; i--) {
        const distinct = new Set(replicas.map((id) => rackOf.get(id))).size;
        if (distinct >= Math.min(wantedRacks, replicas.length)) break;
        if (rackDuplicate(replicas, i)) drop(replicas, i);
      }
    }
  }

  // 3. Down to the replication factor: never the leader; rack duplicates, then the busiest broker.
  for (const replicas of plan) {
    while (replicas.length > rf) {
      let victim = 1;
      for (let i = 2; i < replicas.length; i++) {
        const better =
          Number(rackDuplicate(replicas, i)) - Number(rackDuplicate(replicas, victim)) ||
          count.get(replicas[i]!)! - count.get(replicas[victim]!)!;
        if (better >= 0) victim = i;
      }
      drop(replicas, victim);
    }
  }

  // 4. Even spread: each broker's share of the replicas, the odd ones to the brokers that hold
  // the most already (fewer moves); a broker over its share gives followers first, leaders last.
  const total = plan.length * rf;
  const base = Math.floor(total / ids.length);
  const quota = new Map(ids.map((id) => [id, base]));
  const roomy = [...ids].sort((a, b) => count.get(b)! - count.get(a)! || a - b).slice(0, total % ids.length);
  for (const id of roomy) quota.set(id, base + 1);
  const hasRoom = (id: number) => count.get(id)! < quota.get(id)!;
  for (const id of ids) {
    while (count.get(id)! > quota.get(id)!) {
      // Take the replica from a partition that a broker with room can then join, keeping
      // leaders where possible, from the partitions that have lost the least so far.
      const candidates = plan
        .map((replicas, p) => ({ replicas, p, index: replicas.indexOf(id) }))
        .filter((c) => c.index >= 0);
      const fillable = (c: { replicas: number[] }) =>
        ids.some((other) => other !== id && !c.replicas.includes(other) && hasRoom(other));
      candidates.sort(
        (a, b) =>
          Number(a.index === 0) - Number(b.index === 0) ||
          Number(fillable(b)) - Number(fillable(a)) ||
          b.replicas.length - a.replicas.length ||
          b.p - a.p,
      );
      const pick = candidates[0]!;
      drop(pick.replicas, pick.index);
    }
  }

  // 5. Fill: the partitions short of replicas take brokers with room under their share, on a rack
  // the partition does not use yet, least loaded first. The most cornered partition (fewest
  // brokers with room that it does not have yet) goes first, the shortest on a tie, so that
  // partitions at the end are not left with only full brokers.
  const roomFor = (replicas: readonly number[]) =>
    ids.filter((id) => !replicas.includes(id) && hasRoom(id)).length;
  for (;;) {
    let next = -1;
    for (let p = 0; p < plan.length; p++) {
      if (plan[p]!.length >= rf) continue;
      if (
        next < 0 ||
        roomFor(plan[p]!) - roomFor(plan[next]!) < 0 ||
        (roomFor(plan[p]!) === roomFor(plan[next]!) && plan[p]!.length < plan[next]!.length)
      )
        next = p;
    }
    if (next < 0) break;
    const replicas = plan[next]!;
    const usedRacks = new Set(replicas.map((id) => rackOf.get(id)));
    const candidates = ids.filter((id) => !replicas.includes(id));
    candidates.sort(
      (a, b) =>
        Number(hasRoom(b)) - Number(hasRoom(a)) ||
        (rackAware ? Number(usedRacks.has(rackOf.get(a))) - Number(usedRacks.has(rackOf.get(b))) : 0) ||
        count.get(a)! - quota.get(a)! - (count.get(b)! - quota.get(b)!) ||
        a - b,
    );
    const pick = candidates[0]!;
    replicas.push(pick);
    count.set(pick, count.get(pick)! + 1);
  }

  // 5b. The greedy fill can corner the last partitions into brokers already over their share;
  // swap such a replica for a broker with room, preferring one that was just added (no extra
  // copy), not a leader, and a rack the partition does not use yet.
  for (;;) {
    const over = ids.find((id) => count.get(id)! > quota.get(id)!);
    const unders = ids.filter((id) => hasRoom(id));
    if (over === undefined || unders.length === 0) break;
    const options = plan.flatMap((replicas, p) => {
      const index = replicas.indexOf(over);
      if (index < 0) return [];
      return unders
        .filter((under) => !replicas.includes(under))
        .map((under) => ({ replicas, p, index, under }));
    });
    if (options.length === 0) break;
    const rackClash = (c: { replicas: number[]; under: number }) =>
      rackAware && c.replicas.some((id) => id !== over && rackOf.get(id) === rackOf.get(c.under));
    options.sort(
      (a, b) =>
        Number(a.index === 0) - Number(b.index === 0) ||
        Number(sorted[a.p]!.replicas.includes(over)) - Number(sorted[b.p]!.replicas.includes(over)) ||
        Number(rackClash(a)) - Number(rackClash(b)),
    );
    const swap = options[0]!;
    if (swap.index === 0 && sorted[swap.p]!.replicas[0] === over && chainSwap(over, unders)) continue;
    swap.replicas[swap.index] = swap.under;
    count.set(over, count.get(over)! - 1);
    count.set(swap.under, count.get(swap.under)! + 1);
  }

  /**
   * Before moving a leader for balance: two follower swaps through a third broker X (A: over→X,
   * B: X→under) shift one replica from `over` to `under` and leave every leader in place.
   */
  function chainSwap(over: number, unders: readonly number[]): boolean {
    for (const under of unders) {
      for (const a of plan) {
        const ia = a.indexOf(over);
        if (ia <= 0) continue;
        for (const x of ids) {
          if (x === under || a.includes(x)) continue;
          const b = plan.find((r) => r !== a && r.indexOf(x) > 0 && !r.includes(under));
          if (b === undefined) continue;
          a[ia] = x;
          b[b.indexOf(x)] = under;
          count.set(over, count.get(over)! - 1);
          count.set(under, count.get(under)! + 1);
          return true;
        }
      }
    }
    return false;
  }

  // 6. A partition whose leader could not stay gets the replica that leads the fewest so far.
  const leads = new Map(ids.map((id) => [id, 0]));
  sorted.forEach((p, i) => {
    if (plan[i]![0] === p.replicas[0]) leads.set(p.replicas[0]!, leads.get(p.replicas[0]!)! + 1);
  });
  sorted.forEach((p, i) => {
    const replicas = plan[i]!;
    if (replicas[0] === p.replicas[0]) return;
    const fewest = [...replicas].sort((a, b) => leads.get(a)! - leads.get(b)!)[0]!;
    replicas.splice(replicas.indexOf(fewest), 1);
    replicas.unshift(fewest);
    leads.set(fewest, leads.get(fewest)! + 1);
  });

  const partitions = sorted.map((p, i): PlannedPartition => {
    const current = [...p.replicas];
    const proposed = plan[i]!;
    return {
      partition: p.partition,
      current,
      proposed,
      adding: proposed.filter((id) => !current.includes(id)),
      removing: current.filter((id) => !proposed.includes(id)),
      leaderKept: proposed[0] === current[0],
    };
  });
  return {
    ok: true,
    partitions,
    replicasMoved: partitions.reduce((sum, p) => sum + p.adding.length, 0),
    rackAware,
  };
}

/** Partitions whose replica list (order included: the first is the preferred leader) changes. */
export function changedPartitions(partitions: readonly PlannedPartition[]): PlannedPartition[] {
  return partitions.filter(
    (p) => p.proposed.length !== p.current.length || p.proposed.some((id, i) => id !== p.current[i]),
  );
}
