// A topic's configs as Kafka names them and a person reads them. Pure.
import type { TopicDetail } from './api/types.ts';
import { formatBytes, formatDuration, UNKNOWN } from './format.ts';

type Configs = TopicDetail['configs'];

export interface ConfigLine {
  /** Kafka's own name, as in kafka-configs.sh and the broker docs. */
  name: string;
  /** The value a reader understands (7d, 1.00 GiB, unlimited). */
  text: string;
  /** The raw value, for a tooltip. */
  raw: string;
}

const KAFKA_NAMES: Record<keyof Configs, string> = {
  cleanupPolicy: 'cleanup.policy',
  retentionMs: 'retention.ms',
  retentionBytes: 'retention.bytes',
  minInsyncReplicas: 'min.insync.replicas',
};

/** Kafka: -1 means no limit for both retentions. */
const unlimitedOr = (value: number, format: (v: number) => string, unlimited: string) =>
  value < 0 ? unlimited : format(value);

export function configLines(configs: Configs, unlimited = 'unlimited'): ConfigLine[] {
  const text = (key: keyof Configs): string => {
    const value = configs[key];
    if (value === null) return UNKNOWN;
    if (key === 'retentionMs')
      return unlimitedOr(value as number, (ms) => formatDuration(ms / 1000), unlimited);
    if (key === 'retentionBytes') return unlimitedOr(value as number, formatBytes, unlimited);
    return String(value);
  };
  return (Object.keys(KAFKA_NAMES) as (keyof Configs)[]).map((key) => ({
    name: KAFKA_NAMES[key],
    text: text(key),
    raw: configs[key] === null ? UNKNOWN : String(configs[key]),
  }));
}
