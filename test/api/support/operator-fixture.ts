// What the suites of the operator-actions test (test/api/operator-actions.test.ts, suites in
// test/api/operator-actions/) share: the cluster and service they act on, Kestrel's API as the
// operator calls it, and Kafka's own tools as the truth of what changed.
import { expect } from 'vitest';
import type { KafkaCluster } from '../../../local-kafka/harness.ts';
import type { BackgroundConsumer } from '../../kafka/clients.ts';
import {
  kafkaConfigs,
  kafkaConsumerGroups,
  parseConfigsDescribe,
  parseConsumerGroupDescribe,
} from '../../kafka/tools.ts';
import { getJson, type KestrelProcess } from '../../support/kestrel-process.ts';

export const TOKEN = 'operator-actions-token-7f3a9c2e41b8';

/** Filled by operator-actions.test.ts before the first test; the suites read it inside theirs. */
export interface OperatorFixture {
  kafka: KafkaCluster;
  kestrel: KestrelProcess;
  /** A consumer a test keeps running in a group; stopped after the last test if still alive. */
  live?: BackgroundConsumer;
}

interface Answer {
  status: number;
  body: Record<string, unknown> & { error?: string; message?: string };
}

export interface PlanRow {
  topic: string;
  partition: number;
  currentOffset: number | null;
  newOffset: number;
  logEnd: number;
  lagAfter: number;
}

export interface Preview {
  plan: PlanRow[];
  confirmation: string;
}

/** Kestrel's API of cluster `local`, with the admin token unless told another (null: none). */
export async function call(
  f: OperatorFixture,
  method: string,
  path: string,
  body?: unknown,
  token: string | null = TOKEN,
): Promise<Answer> {
  const headers: Record<string, string> = { 'user-agent': 'kestrel-operator-test' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${f.kestrel.url}/api/v1/clusters/local${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

export async function preview(f: OperatorFixture, group: string, request: object): Promise<Preview> {
  const answer = await call(f, 'POST', `/groups/${group}/offsets/reset/preview`, request);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as unknown as Preview;
}

/** Executes the reset `shown` previewed, or that plan with `changes` made to it. */
export const execute = (
  f: OperatorFixture,
  group: string,
  request: object,
  shown: Preview,
  changes: Partial<Preview> = {},
) =>
  call(f, 'POST', `/groups/${group}/offsets/reset`, {
    ...request,
    plan: (changes.plan ?? shown.plan).map(({ topic, partition, currentOffset, newOffset }) => ({
      topic,
      partition,
      currentOffset,
      newOffset,
    })),
    confirmation: changes.confirmation ?? shown.confirmation,
  });

/** What kafka-consumer-groups --describe says the group committed: "topic-partition" → offset and lag. */
export async function described(f: OperatorFixture, group: string) {
  const rows = parseConsumerGroupDescribe(
    await kafkaConsumerGroups(f.kafka, ['--describe', '--group', group]),
  );
  return new Map(rows.map((r) => [`${r.topic}-${r.partition}`, { offset: r.currentOffset, lag: r.lag }]));
}

/** What a plan says the group will have committed, keyed as `described` is. */
export const fromPlan = (plan: PlanRow[]) =>
  new Map(plan.map((r) => [`${r.topic}-${r.partition}`, { offset: r.newOffset, lag: r.lagAfter }]));

/** The newest `count` rows of the audit log. */
export async function audit(f: OperatorFixture, count: number): Promise<Record<string, unknown>[]> {
  const { body } = await getJson(`${f.kestrel.url}/api/v1/audit?limit=${count}`);
  return body.items as Record<string, unknown>[];
}

/** A topic's dynamic configs, as kafka-configs --describe shows them. */
export const topicConfigs = async (f: OperatorFixture, topic: string) =>
  parseConfigsDescribe(
    await kafkaConfigs(f.kafka, ['--describe', '--entity-type', 'topics', '--entity-name', topic]),
  );
