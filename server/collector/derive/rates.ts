import { sumKnown } from '../../shared/known.ts';
import type { BrokerSnapshot, TopicSnapshot } from '../snapshot.ts';

/** Where a cluster's message rate came from: the brokers' JMX, or end offsets between two polls. */
export type MessageRateSource = 'jmx' | 'offsets';

export interface MessageRate {
  /** Messages appended per second; null when neither source can tell yet. */
  perSecond: number | null;
  source: MessageRateSource | null;
}

/**
 * Messages in per second across the cluster. JMX is optional, so it is used only when every
 * broker that is up reports MessagesInPerSec (a partial sum would under-count); otherwise the
 * rate comes from the end-offset history the collector always has: the sum of the topics'
 * produce rates. Internal topics (`__consumer_offsets`...) are left out of that sum, so the rate
 * is that of the topics the topic list shows.
 */
export function clusterMessageRate(
  brokers: readonly Pick<BrokerSnapshot, 'up' | 'jmx'>[],
  topics: readonly Pick<TopicSnapshot, 'internal' | 'produceRate'>[],
): MessageRate {
  const up = brokers.filter((b) => b.up);
  const jmx = up.map((b) => b.jmx?.messagesInPerSec ?? null);
  if (up.length > 0 && jmx.every((rate) => rate !== null)) return { perSecond: sumKnown(jmx), source: 'jmx' };
  const fromOffsets = sumKnown(topics.filter((t) => !t.internal).map((t) => t.produceRate));
  return fromOffsets === null
    ? { perSecond: null, source: null }
    : { perSecond: fromOffsets, source: 'offsets' };
}
