import { render, screen, waitFor } from '@testing-library/svelte';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { diagnoseCluster } from '../../../../server/collector/index.ts';
import { broker, group, topic } from '../../../../test/support/snapshot-fixtures.ts';
import { i18n } from '../i18n.svelte.ts';
import { type LoopbackApi, startLoopbackApi } from '../testing/loopback-api.ts';
import LeaderBalance from './LeaderBalance.svelte';
import WhyLagging from './WhyLagging.svelte';

let server: LoopbackApi;
beforeAll(async () => {
  server = await startLoopbackApi();
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  server.received.length = 0;
  i18n.locale = 'en';
});

// The server's own derivation: a stopped group that lost messages on a short-retention topic.
function diagnosis() {
  const t = topic('logs', [1000, 1000], {
    configs: { retentionMs: 60_000, retentionBytes: null, cleanupPolicy: 'delete', minInsyncReplicas: 1 },
  });
  const partitions = t.partitions.map((p) => ({ ...p, startOffset: p.partition === 0 ? 500 : 0 }));
  const g = {
    ...group('stopped', [
      { topic: 'logs', partition: 0, committed: 200, end: 1000, timeLagSeconds: 900 },
      { topic: 'logs', partition: 1, committed: 1000, end: 1000, timeLagSeconds: 0 },
    ]),
    state: 'Empty' as const,
  };
  return diagnoseCluster({
    topics: [{ ...t, partitions }],
    groups: [g],
    brokers: [broker(1), broker(2)],
    offsetsAt: Date.now(),
    lagWindows: new Map(),
    churn: new Map(),
  });
}

describe('WhyLagging', () => {
  it('shows the findings in order with their suggestion and the lost count, in English and Chinese', async () => {
    const d = diagnosis();
    server.answer(200, d.groups[0]);
    render(WhyLagging, { props: { cluster: 'prod eu', group: 'stopped' } });
    await waitFor(() => expect(screen.getByTestId('findings')).toBeTruthy());
    expect(server.received[0]?.url).toBe('/api/v1/clusters/prod%20eu/groups/stopped/diagnosis');
    const items = [...screen.getByTestId('findings').querySelectorAll('li')];
    expect(items.map((li) => li.dataset.kind)).toEqual(['dataLost', 'retentionRisk', 'noMembers', 'lagSkew']);
    expect(items[0]?.textContent).toContain('300 messages of logs (partitions 0) were deleted by retention');
    expect(items[0]?.textContent).toContain('What to do:');
    expect(screen.getByRole('alert').textContent).toBe('300 messages lost');
    i18n.locale = 'zh-CN';
    await waitFor(() => expect(screen.getByRole('heading', { name: '为什么积压？' })).toBeTruthy());
    expect(screen.getByTestId('findings').textContent).toContain('消息过期失效');
  });
});

describe('LeaderBalance', () => {
  it('lists leaders per broker and says when partitions are off their preferred leader', async () => {
    server.answer(200, {
      brokers: [
        { broker: 1, leaders: 4, preferred: 2, preferredNotLed: 0, fairShare: 2, imbalancePercent: 0 },
        { broker: 3, leaders: 0, preferred: 2, preferredNotLed: 2, fairShare: 2, imbalancePercent: 100 },
      ],
      notPreferred: 2,
      ledPartitions: 4,
    });
    render(LeaderBalance, { props: { cluster: 'prod' } });
    await waitFor(() =>
      expect(screen.getByTestId('leader-balance').querySelector('[role=table]')).toBeTruthy(),
    );
    expect(screen.getByTestId('leader-balance').textContent).toContain(
      '2 partition(s) not led by their preferred replica',
    );
    const row = screen.getByTestId('leader-balance').querySelector('[role=row][data-broker="3"]')!;
    expect(row.classList.contains('imbalanced')).toBe(true);
    expect(row.textContent).toContain('100%');
  });
});
