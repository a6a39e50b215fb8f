import type { BrokerSnapshot } from '../../collector/index.ts';
import type { BrokerJmx } from '../../model/index.ts';
import { label } from '../exposition.ts';
import { BROKER, family, reachable, type SnapshotFamily } from './types.ts';

// Brokers: what the metadata and log dirs say, and the JMX figures where JMX is configured.

export const brokerInfo = family(
  'kafka_broker_info',
  'Information about the Kafka broker.',
  ['cluster', 'id', 'address'],
  (view, out) => {
    for (const b of reachable(view)?.brokers ?? [])
      if (b.up)
        out.set(
          `${view.clusterLabel},${label('id', String(b.id))},${label('address', `${b.host}:${b.port}`)}`,
          1,
        );
  },
);

export const brokerUp = family(
  'kestrel_broker_up',
  '1 if the broker is listed in the metadata; 0 if seen before and missing now.',
  BROKER,
  (view, out) => {
    for (const b of reachable(view)?.brokers ?? [])
      out.set(`${view.clusterLabel},${label('broker', String(b.id))}`, b.up ? 1 : 0);
  },
);

/** A figure of each broker that is up. */
const perBroker = (
  name: string,
  help: string,
  value: (broker: BrokerSnapshot) => number | null | undefined,
): SnapshotFamily =>
  family(name, help, BROKER, (view, out) => {
    for (const b of reachable(view)?.brokers ?? [])
      if (b.up) out.setKnown(`${view.clusterLabel},${label('broker', String(b.id))}`, value(b));
  });

const jmx = (name: string, help: string, key: keyof BrokerJmx): SnapshotFamily =>
  perBroker(name, help, (b) => b.jmx?.[key]);

export const brokerLogDirBytes = perBroker(
  'kestrel_broker_log_dir_bytes',
  'Size of the partitions in the broker log dirs.',
  (b) => b.logDirBytes,
);
export const brokerPartitions = perBroker(
  'kestrel_broker_partitions',
  'Partition replicas hosted by the broker.',
  (b) => b.partitions,
);
export const brokerLeaders = perBroker(
  'kestrel_broker_leader_partitions',
  'Partitions the broker leads.',
  (b) => b.leaders,
);
export const brokerUnderReplicated = perBroker(
  'kestrel_broker_under_replicated_partitions',
  'Under-replicated partitions the broker leads.',
  (b) => b.underReplicated,
);
export const jmxBytesIn = jmx(
  'kestrel_broker_bytes_in_per_second',
  'Bytes in per second (JMX, one-minute rate).',
  'bytesInPerSec',
);
export const jmxBytesOut = jmx(
  'kestrel_broker_bytes_out_per_second',
  'Bytes out per second (JMX, one-minute rate).',
  'bytesOutPerSec',
);
export const jmxMessagesIn = jmx(
  'kestrel_broker_messages_in_per_second',
  'Messages in per second (JMX, one-minute rate).',
  'messagesInPerSec',
);
export const jmxRequestHandlerIdle = jmx(
  'kestrel_broker_request_handler_idle_ratio',
  'Average idle ratio of the request handler threads (JMX).',
  'requestHandlerIdleRatio',
);
export const jmxActiveController = jmx(
  'kestrel_broker_active_controllers',
  'ActiveControllerCount as the broker reports it (JMX).',
  'activeControllerCount',
);
export const jmxIsrShrinks = jmx(
  'kestrel_broker_isr_shrinks_per_second',
  'ISR shrinks per second (JMX).',
  'isrShrinksPerSec',
);
export const jmxIsrExpands = jmx(
  'kestrel_broker_isr_expands_per_second',
  'ISR expands per second (JMX).',
  'isrExpandsPerSec',
);
export const jmxUnderReplicated = jmx(
  'kestrel_broker_jmx_under_replicated_partitions',
  'UnderReplicatedPartitions as the broker reports it (JMX).',
  'underReplicatedPartitions',
);
