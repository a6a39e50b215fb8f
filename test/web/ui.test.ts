// The dashboard in a real Chromium, against the real Kestrel process watching a real 3-node
// Kafka. Every figure the UI shows is checked against Kafka's own CLI tools. One cluster, one
// Kestrel and one browser serve every suite (test/web/ui/), in this order: later suites read
// what earlier ones left (alerts that fired, a topic deleted), and the last one kills a broker.
import { afterAll, beforeAll, describe } from 'vitest';
import { createTopics, withAdmin } from '../../local-kafka/client.ts';
import { startCluster } from '../../local-kafka/harness.ts';
import { startReceiver } from '../alerts/receiver.ts';
import { produceAt } from '../collector/support.ts';
import { kafkaMetadataQuorum, parseQuorumLeaderId } from '../kafka/tools.ts';
import { eventually, startKestrel } from '../support/kestrel-process.ts';
import { openBrowser } from './support/browser.ts';
import { ensureWebBuilt } from './support/bundle.ts';
import { api, CLUSTER, closedPort, MARKUP_GROUP, TOKEN, type UiFixture } from './support/ui-fixture.ts';
import { alertPages } from './ui/alerts.ts';
import { brokerFailure } from './ui/broker-failure.ts';
import { brokerPages } from './ui/brokers.ts';
import { groupPages } from './ui/groups.ts';
import { languagesAndThemes } from './ui/languages.ts';
import { messageBrowser } from './ui/messages.ts';
import { operatorDialogs } from './ui/operator-dialogs.ts';
import { overviewPage } from './ui/overview.ts';
import { topicPages } from './ui/topics.ts';

describe('web UI against a real 3-node Kafka', () => {
  const f = {} as UiFixture;

  beforeAll(async () => {
    await ensureWebBuilt();
    f.kafka = await startCluster({ brokers: 3 });
    // Not kafkajs's waitForLeaders: it gives up when a broker has not heard of the topic yet.
    await createTopics(f.kafka, [
      { topic: 'orders', numPartitions: 3, replicationFactor: 3 },
      { topic: 'payments', numPartitions: 2, replicationFactor: 3 },
      { topic: 'doomed', numPartitions: 1, replicationFactor: 3 },
    ]);
    await produceAt(f.kafka, 'orders', 300);
    await produceAt(f.kafka, 'payments', 20);
    await withAdmin(f.kafka, async (admin) => {
      await admin.setOffsets({
        groupId: 'lagging',
        topic: 'orders',
        partitions: [0, 1, 2].map((partition) => ({ partition, offset: '10' })),
      });
      await admin.setOffsets({
        groupId: MARKUP_GROUP,
        topic: 'payments',
        partitions: [{ partition: 0, offset: '1' }],
      });
    });
    f.receiver = await startReceiver();
    f.kestrelStartedAt = Date.now();
    f.kestrel = await startKestrel({
      config: {
        adminToken: TOKEN,
        browse: { enabled: true },
        // No externalUrl on purpose: links in notifications must still be usable.
        alerts: {
          rules: [
            { name: 'IsrShrink', kind: 'isrShrink', for: 0 },
            { name: 'BrokerDown', kind: 'brokerDown', for: 0 },
            // `lagging` has no members and does not move: STOP, so ERR after 10 polls.
            { name: 'LaggingStatus', kind: 'lagStatus', group: 'lagging', statuses: ['WARN', 'ERR'], for: 0 },
          ],
          receivers: [{ name: 'hook', channels: [{ type: 'webhook', url: f.receiver.url }] }],
          route: { receiver: 'hook', groupWait: '1s', groupInterval: '5s' },
        },
        clusters: [
          { name: CLUSTER, brokers: f.kafka.bootstrap, pollInterval: '1s' },
          {
            name: 'down',
            brokers: [`127.0.0.1:${await closedPort()}`],
            pollInterval: '1s',
            requestTimeout: '2s',
          },
        ],
      },
    });
    await eventually(
      async () => {
        const group = await api(f, `/clusters/${CLUSTER}/groups/lagging`);
        return group.status === 200 && group.body.lag !== null ? true : undefined;
      },
      60_000,
      'Kestrel to see the lagging group',
    );
    f.leader = parseQuorumLeaderId(await kafkaMetadataQuorum(f.kafka, ['describe', '--status']));
    f.ui = await openBrowser();
  });

  afterAll(async () => {
    await f.ui?.close();
    await f.kestrel?.stop();
    await f.receiver?.close();
    await f.kafka?.stop();
  });

  overviewPage(f);
  brokerPages(f);
  topicPages(f);
  groupPages(f);
  messageBrowser(f);
  alertPages(f);
  languagesAndThemes(f);
  operatorDialogs(f);
  brokerFailure(f);
});
