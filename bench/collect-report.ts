// What bench/collect.ts reports of its cycles: the record of each, the figures over the measured
// ones, and the last snapshot in brief.
import type { ClusterSnapshot } from '../server/collector/index.ts';
import type { CpuShare } from './collect-cpu.ts';
import { type CallTiming, medianByKey } from './collect-timing.ts';
import { percentile, round, summary } from './stats.ts';

export interface CycleRecord {
  cycle: number;
  wallMs: number;
  /** readCycle: from its start to its last response (snapshot.durationMs). */
  readMs: number;
  /** buildSnapshot and the rest of cycle() after the last response. */
  buildMs: number;
  /** This process's CPU time during the cycle (all threads). */
  cpuMs: number;
  /** Share of the cycle the event loop was busy. */
  eventLoopBusy: number;
  requests: number;
  requestsByApi: Record<string, { count: number; totalMs: number; maxMs: number }>;
  calls: Record<string, CallTiming>;
  writeMs: number;
  errors: number;
  /** CPU use on the whole machine during the cycle. */
  machineCpu: CpuShare | undefined;
  between?: { produceMs: number; commitMs: number };
}

/** Medians and spreads over the measured cycles. */
export function cycleFigures(measured: readonly CycleRecord[], measuredPhaseCpu: CpuShare | undefined) {
  const apiCounts = measured.map((c) =>
    Object.fromEntries(Object.entries(c.requestsByApi).map(([api, e]) => [api, e.count])),
  );
  const apiMs = measured.map((c) =>
    Object.fromEntries(Object.entries(c.requestsByApi).map(([api, e]) => [api, round(e.totalMs)])),
  );
  return {
    cycleWallMs: summary(measured.map((c) => c.wallMs)),
    readMs: summary(measured.map((c) => c.readMs)),
    buildMs: summary(measured.map((c) => c.buildMs)),
    cpuMsPerCycle: summary(measured.map((c) => c.cpuMs)),
    eventLoopBusyMedian: percentile(
      measured.map((c) => c.eventLoopBusy),
      50,
    ),
    machineCpuDuringCycles: {
      note: 'medians over measured cycles; ms of CPU time per cycle on a machine with cpus cores',
      busyPct: percentile(
        measured.map((c) => c.machineCpu?.machineBusyPct ?? 0),
        50,
      ),
      brokerMs: percentile(
        measured.map((c) => c.machineCpu?.ms.broker ?? 0),
        50,
      ),
      benchMs: percentile(
        measured.map((c) => c.machineCpu?.ms.bench ?? 0),
        50,
      ),
      othersMs: percentile(
        measured.map((c) => c.machineCpu?.othersMs ?? 0),
        50,
      ),
      wholeMeasuredPhase: measuredPhaseCpu,
    },
    requestsPerCycle: {
      median: percentile(
        measured.map((c) => c.requests),
        50,
      ),
      byApiMedian: medianByKey(apiCounts),
      byApiMsMedian: medianByKey(apiMs),
    },
    callMsMedian: medianByKey(
      measured.map((c) => Object.fromEntries(Object.entries(c.calls).map(([k, v]) => [k, v.ms]))),
    ),
    callStartMsMedian: medianByKey(
      measured.map((c) => Object.fromEntries(Object.entries(c.calls).map(([k, v]) => [k, v.startMs]))),
    ),
    recordTimestampsAskedMedian: percentile(
      measured.map((c) => c.calls.recordTimestamps?.items ?? 0),
      50,
    ),
  };
}

/** One cycle's row of perCycle: the main figures, and with `detail` every call and request. */
export function perCycleRow(c: CycleRecord, detail: boolean) {
  const [slowest, timing] = Object.entries(c.calls).sort(([, a], [, b]) => b.ms - a.ms)[0] ?? [];
  const compact = {
    cycle: c.cycle,
    wallMs: c.wallMs,
    readMs: c.readMs,
    buildMs: c.buildMs,
    writeMs: c.writeMs,
    requests: c.requests,
    errors: c.errors,
    cpuMs: c.cpuMs,
    brokerCpuMs: c.machineCpu?.ms.broker,
    othersCpuMs: c.machineCpu?.othersMs,
    slowestCall: slowest && timing ? `${slowest} ${timing.ms} ms` : undefined,
  };
  if (!detail) return compact;
  return {
    ...compact,
    eventLoopBusy: c.eventLoopBusy,
    requestsByApi: Object.fromEntries(Object.entries(c.requestsByApi).map(([api, e]) => [api, e.count])),
    requestMsByApi: Object.fromEntries(
      Object.entries(c.requestsByApi).map(([api, e]) => [api, round(e.totalMs)]),
    ),
    calls: c.calls,
    machineCpu: c.machineCpu,
  };
}

/** The last snapshot in brief: what was collected, by count. */
export function describeSnapshot(snapshot: ClusterSnapshot) {
  const userTopics = snapshot.topics.filter((t) => !t.internal);
  const groupPartitions = snapshot.groups.flatMap((g) => g.partitions);
  const count = <T extends string>(items: readonly T[]) => {
    const counts: Record<string, number> = {};
    for (const item of items) counts[item] = (counts[item] ?? 0) + 1;
    return counts;
  };
  return {
    reachable: snapshot.reachable,
    brokers: snapshot.brokers.length,
    topics: userTopics.length,
    internalTopics: snapshot.topics.length - userTopics.length,
    partitions: userTopics.reduce((sum, t) => sum + t.partitions.length, 0),
    partitionsWithEndOffset: userTopics.reduce(
      (sum, t) => sum + t.partitions.filter((p) => p.endOffset !== null).length,
      0,
    ),
    partitionsWithSize: userTopics.reduce(
      (sum, t) => sum + t.partitions.filter((p) => p.sizeBytes !== null).length,
      0,
    ),
    groups: snapshot.groups.length,
    groupPartitions: groupPartitions.length,
    groupPartitionsWithLag: groupPartitions.filter((p) => (p.lag ?? 0) > 0).length,
    timeLagSources: count(groupPartitions.map((p) => String(p.timeLagSource))),
    groupStates: count(snapshot.groups.map((g) => g.state)),
    groupStatuses: count(snapshot.groups.map((g) => String(g.status))),
    totalLag: snapshot.groups.reduce((sum, g) => sum + (g.lag ?? 0), 0),
    errors: snapshot.errors.length,
    firstErrors: snapshot.errors.slice(0, 5),
    // Group 0 is stalled (never commits after setup), group 1 commits every round.
    sampleGroups: snapshot.groups.slice(0, 2).map((g) => ({
      id: g.id,
      status: g.status,
      lag: g.lag,
      timeLagSeconds: g.timeLagSeconds,
      partitions: g.partitions.map((p) => ({
        partition: p.partition,
        committed: p.committedOffset,
        end: p.endOffset,
        timeLagSeconds: p.timeLagSeconds === null ? null : round(p.timeLagSeconds),
        source: p.timeLagSource,
      })),
    })),
  };
}
