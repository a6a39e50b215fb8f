// End to end on a real 3-node KRaft cluster and the real Kestrel process, with the default
// poll interval: a killed broker → an ISR-shrink notification naming it; Kestrel restarted
// while it fires → no duplicate; the broker back → the resolved notification.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopics, withAdmin } from '../kafka/client.ts';
import { type KafkaCluster, startCluster } from '../kafka/harness.ts';
import { eventually, getJson, type KestrelProcess, startKestrel } from '../support/kestrel-process.ts';
import { type Receiver, startReceiver, waitFor } from './receiver.ts';

const TOPIC = 'payments';

describe('ISR-shrink alert on a real 3-node cluster', () => {
  let kafka: KafkaCluster;
  let hook: Receiver;
  let kestrel: KestrelProcess | undefined;
  let config: Record<string, unknown>;
  let victim: number;

  beforeAll(async () => {
    [kafka, hook] = await Promise.all([startCluster({ brokers: 3 }), startReceiver()]);
    await createTopics(kafka, [
      {
        topic: TOPIC,
        numPartitions: 3,
        replicationFactor: 3,
        configEntries: [{ name: 'min.insync.replicas', value: '2' }],
      },
    ]);
    // Kill a broker that is not the controller, so the cluster keeps answering at once.
    const controller = await withAdmin(kafka, async (admin) => (await admin.describeCluster()).controller);
    victim = kafka.brokers.map((b) => b.id).find((id) => id !== controller)!;
    // The built-in rules (IsrShrink has `for: 0`) and the default poll interval (15 s) and
    // groupWait; a short groupInterval so the resolution is not held back for 5 minutes.
    config = {
      logLevel: 'info',
      clusters: [{ name: 'e2e', brokers: kafka.bootstrap }],
      alerts: {
        externalUrl: 'http://kestrel.example:8048',
        receivers: [{ name: 'oncall', channels: [{ type: 'webhook', url: hook.url }] }],
        route: { groupInterval: '10s' },
      },
    };
    kestrel = await startKestrel({ config });
    await waitReady(kestrel);
  });
  afterAll(async () => {
    await kestrel?.stop();
    await Promise.all([kafka?.stop(), hook?.close()]);
  });

  it('notifies the shrink within the figure, naming the broker; a restart does not repeat it; recovery resolves it', async () => {
    expect(hook.requests).toEqual([]); // a healthy cluster raises nothing

    const killedAt = Date.now();
    await kafka.killBroker(victim);
    const [firing] = await waitFor(
      () => nonEmpty(hook.matching('IsrShrink', 'firing')),
      90_000,
      'the IsrShrink notification',
    );
    const seconds = (firing!.at - killedAt) / 1000;
    // The figure: killBroker → notification, default poll interval, `for: 0`.
    console.log(
      JSON.stringify({ figure: 'killBroker→ISR-shrink notification', seconds, pollInterval: '15s', for: 0 }),
    );
    // Every partition shrinks in the same metadata update; should a poll straddle it, the rest
    // follows as an update after groupInterval.
    const allShrunk = await waitFor(
      () => {
        const last = hook.matching('IsrShrink', 'firing').at(-1)!;
        const shrunk = last.body.alerts.filter((a) => a.labels.alertname === 'IsrShrink');
        return shrunk.length === 3 ? shrunk : undefined;
      },
      30_000,
      'all three partitions in the notification',
    );
    expect(allShrunk.map((a) => a.labels.partition).sort()).toEqual(['0', '1', '2']);
    for (const alert of allShrunk) {
      expect(alert.labels).toMatchObject({ cluster: 'e2e', topic: TOPIC, severity: 'warning' });
      expect(alert.annotations.summary).toContain(`broker ${victim} out of sync`);
      expect(alert.annotations.description).toMatch(
        new RegExp(`broker\\(s\\) ${victim} dropped out of the ISR`),
      );
    }
    expect(seconds).toBeLessThan(60);
    const firingNotifications = hook.matching('IsrShrink', 'firing').length;

    // Restart Kestrel on the same data while the alert fires: no second firing notification.
    await kestrel!.stop();
    const before = hook.requests.length;
    kestrel = await startKestrel({ config, dataDir: kestrel!.dataDir });
    await waitReady(kestrel);
    await new Promise((r) => setTimeout(r, 35_000)); // two more poll cycles and groupWait
    expect(hook.requests.slice(before)).toEqual([]);
    // The restarted process knows the alerts it took over.
    const metrics = await (await fetch(`${kestrel.url}/metrics`)).text();
    expect(metrics).toContain(
      'kestrel_alerts_firing{cluster="e2e",alertname="IsrShrink",severity="warning"} 3',
    );

    await kafka.startBroker(victim);
    // Partitions rejoin as the follower catches up, maybe across two polls: every one is resolved.
    await waitFor(
      () => {
        const partitions = new Set(
          hook
            .matching('IsrShrink', 'resolved')
            .flatMap((r) => r.body.alerts)
            .filter((a) => a.labels.alertname === 'IsrShrink' && a.status === 'resolved')
            .map((a) => a.labels.partition),
        );
        return partitions.size === 3 ? partitions : undefined;
      },
      90_000,
      'resolved notifications for the three partitions',
    );
    expect(hook.matching('IsrShrink', 'resolved').at(-1)!.body.status).toBe('resolved');
    expect(hook.matching('IsrShrink', 'firing')).toHaveLength(firingNotifications);
  });
});

function nonEmpty<T>(items: T[]): T[] | undefined {
  return items.length > 0 ? items : undefined;
}

async function waitReady(kestrel: KestrelProcess): Promise<void> {
  await eventually(
    async () => ((await getJson(`${kestrel.url}/readyz`)).status === 200 ? true : undefined),
    60_000,
    `Kestrel ready (${kestrel.output().slice(-500)})`,
  );
}
